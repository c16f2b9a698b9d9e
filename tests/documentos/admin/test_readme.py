"""The README documents what an administrator configures: every model variable and setting."""

from pathlib import Path

from documentos.variaveis import DESCRICOES

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def test_readme_lista_todas_as_variaveis_de_modelo():
    for nome, descricao in DESCRICOES.items():
        assert f"| `@{nome}@` | {descricao} |" in README


def test_readme_lista_variaveis_de_ambiente_dos_documentos():
    for variavel in (
        "SEI_UPLOAD_MAX_BYTES",
        "SEI_UPLOAD_EXTENSOES",
        "SEI_EXPORTACAO_HORAS",
        "SEI_S3_BUCKET",
        "SEI_S3_ENDPOINT_URL",
        "SEI_S3_REGIAO",
        "SEI_S3_ACCESS_KEY",
        "SEI_S3_SECRET_KEY",
    ):
        assert f"| `{variavel}` |" in README
    assert "verificar_arquivos" in README
