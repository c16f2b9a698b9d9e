"""The README lists the signing variables and commands an administrator needs."""

from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COMPOSE = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text(encoding="utf-8")

VARIAVEIS = (
    "SEI_CHAVES_DIR",
    "SEI_CHAVES_SENHA",
    "SEI_CRC_CHAVES",
    "SEI_URL_PUBLICA",
    "SEI_ASSINATURA_FUNDAMENTO",
    "SEI_ASSINATURA_FUNDAMENTO_QUALIFICADA",
    "SEI_ICP_RAIZES",
    "SEI_ICP_PREPARACAO_MINUTOS",
    "SEI_TSA_URL",
    "SEI_TSA_USUARIO",
    "SEI_TSA_SENHA",
    "SEI_TSA_TEMPO_LIMITE",
    "SEI_REDIS_URL",
)


def test_readme_e_compose_trazem_as_variaveis_das_assinaturas():
    for variavel in VARIAVEIS:
        assert f"| `{variavel}` |" in README
        assert f"    {variavel}: " in COMPOSE
    assert "criar_certificado_orgao" in README and "criar_assinante" in README
    assert "sei-assinador --pfx" in README
