"""Storing verified files: generated names, nothing partial left when the storage fails."""

import hashlib
import re

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction

from documentos.arquivos import (
    ArmazenamentoIndisponivel,
    apagar,
    apagar_se_falhar,
    gravar,
)

from . import amostras
from .conftest import arquivos_em


def test_grava_sob_nome_gerado_nunca_o_do_cliente(storage, verificado):
    conteudo = amostras.pdf()
    gravado = gravar(verificado(conteudo, "../../Ofício do João.pdf"), storage=storage)
    assert re.fullmatch(r"documentos/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", gravado.nome_storage)
    assert gravado.nome_storage.split("/")[1] == gravado.nome_storage.split("/")[3][:2]
    assert "Jo" not in gravado.nome_storage
    assert gravado.sha256 == hashlib.sha256(conteudo).hexdigest()
    assert gravado.tamanho == len(conteudo)
    assert gravado.mime == "application/pdf"
    with storage.open(gravado.nome_storage, "rb") as f:
        assert f.read() == conteudo
    assert arquivos_em(storage.location) == [gravado.nome_storage]


def test_mesmo_nome_do_cliente_gera_arquivos_distintos(storage, verificado):
    a = gravar(verificado(b"primeiro\n", "notas.txt"), storage=storage)
    b = gravar(verificado(b"segundo\n", "notas.txt"), storage=storage, prefixo="outros")
    assert a.nome_storage != b.nome_storage
    assert b.nome_storage.startswith("outros/")
    with storage.open(a.nome_storage) as f:
        assert f.read() == b"primeiro\n"


class _FalhaNoMeio(FileSystemStorage):
    """Writes part of the file, then fails like a full disk."""

    def __init__(self, *args, erro=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.erro = erro or OSError(28, "No space left on device")

    def _save(self, name, content):
        caminho = self.path(name)
        import os

        os.makedirs(os.path.dirname(caminho), exist_ok=True)
        with open(caminho, "wb") as f:
            f.write(content.read(100))
        raise self.erro


def test_falha_do_disco_no_meio_nao_deixa_arquivo_parcial(tmp_path, verificado):
    storage = _FalhaNoMeio(location=tmp_path / "media")
    with pytest.raises(ArmazenamentoIndisponivel) as erro:
        gravar(verificado(amostras.pdf()), storage=storage)
    assert erro.value.status == 503
    assert erro.value.code == "armazenamento_indisponivel"
    assert "Tente novamente" in erro.value.mensagem
    assert arquivos_em(tmp_path / "media") == []


def test_erro_inesperado_tambem_apaga_o_parcial_mas_nao_vira_503(tmp_path, verificado):
    storage = _FalhaNoMeio(location=tmp_path / "media", erro=RuntimeError("bug"))
    with pytest.raises(RuntimeError):
        gravar(verificado(amostras.pdf()), storage=storage)
    assert arquivos_em(tmp_path / "media") == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_transacao_revertida_apaga_o_arquivo(storage, verificado):
    from processos.models import Andamento

    gravado = gravar(verificado(amostras.pdf()), storage=storage)
    antes = Andamento.objects.count()
    with pytest.raises(RuntimeError):
        with apagar_se_falhar(gravado.nome_storage, storage=storage):
            with transaction.atomic(durable=True):
                Andamento.objects.filter(pk=-1).update(descricao="x")
                raise RuntimeError("regra de negócio falhou depois da gravação")
    assert Andamento.objects.count() == antes
    assert arquivos_em(storage.location) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_transacao_confirmada_mantem_o_arquivo(storage, verificado):
    gravado = gravar(verificado(amostras.pdf()), storage=storage)
    with apagar_se_falhar(gravado.nome_storage, storage=storage), transaction.atomic(durable=True):
        pass
    assert arquivos_em(storage.location) == [gravado.nome_storage]


def test_apagar_nunca_levanta(tmp_path):
    class Quebrado(FileSystemStorage):
        def delete(self, name):
            raise OSError("read-only file system")

    assert apagar("documentos/aa/bb/x.pdf", storage=Quebrado(location=tmp_path)) is False
    assert apagar("documentos/aa/bb/inexistente.pdf", storage=FileSystemStorage(location=tmp_path)) is True
