"""A full disk: a 256 KB tmpfs as the media folder; a 1 MB upload fails and leaves nothing."""

import os
import subprocess

import pytest
from django.core.files.storage import FileSystemStorage

from documentos.arquivos import ArmazenamentoIndisponivel, abrir_verificado, gravar

from . import amostras
from .conftest import arquivos_em

pytestmark = pytest.mark.integracao


@pytest.fixture
def tmpfs_pequeno(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("montar um tmpfs exige root (o CI roda como root)")
    pasta = tmp_path / "media"
    pasta.mkdir()
    resultado = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(pasta)], capture_output=True, text=True
    )
    if resultado.returncode != 0:
        pytest.skip(f"não foi possível montar um tmpfs: {resultado.stderr.strip()}")
    try:
        yield pasta
    finally:
        subprocess.run(["umount", str(pasta)], check=False)


def test_disco_cheio_503_sem_arquivo_parcial(tmpfs_pequeno, verificado):
    storage = FileSystemStorage(location=tmpfs_pequeno)
    conteudo = amostras.pdf()
    pequeno = gravar(verificado(conteudo), storage=storage)  # the disk works...
    grande = verificado(("linha do relatório\n" * 60_000).encode(), "relatorio.txt")  # ~1.2 MB
    assert grande.tamanho > 1024 * 1024

    with pytest.raises(ArmazenamentoIndisponivel) as erro:
        gravar(grande, storage=storage)  # ...until it is full

    assert erro.value.status == 503
    assert arquivos_em(tmpfs_pequeno) == [pequeno.nome_storage]
    # what was stored before is intact
    assert abrir_verificado(pequeno.nome_storage, pequeno.sha256, storage=storage).read() == conteudo
