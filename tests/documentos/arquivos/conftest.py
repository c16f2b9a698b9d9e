import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos.arquivos import EXTENSOES_PADRAO, verificar_upload


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "media")


@pytest.fixture
def verificado():
    """Verify ``conteudo`` sent as ``nome``; closed at the end of the test."""
    abertos = []

    def _verificar(conteudo: bytes, nome: str = "oficio.pdf", **kwargs):
        kwargs.setdefault("tamanho_maximo", 100 * 1024 * 1024)
        kwargs.setdefault("extensoes_permitidas", EXTENSOES_PADRAO)
        v = verificar_upload(SimpleUploadedFile("upload", conteudo), nome, **kwargs)
        abertos.append(v)
        return v

    yield _verificar
    for v in abertos:
        v.fechar()


def arquivos_em(pasta) -> list[str]:
    """Every regular file under ``pasta`` (relative paths)."""
    from pathlib import Path

    pasta = Path(pasta)
    if not pasta.exists():
        return []
    return sorted(str(p.relative_to(pasta)) for p in pasta.rglob("*") if p.is_file())
