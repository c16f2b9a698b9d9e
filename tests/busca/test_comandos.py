"""``manage.py reindexar`` and ``manage.py verificar_indice``, as an operator runs them."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command

from busca import backends, selectors
from busca.entradas import Entrada, construir
from busca.management.commands.reindexar import POSICAO
from sei.models import PendenciaIndice


@pytest.fixture
def whoosh(settings, tmp_path):
    settings.SEI_BUSCA_BACKEND = "whoosh"
    settings.SEI_BUSCA_WHOOSH_DIR = str(tmp_path)
    backend = backends.obter()
    backend.limpar()
    return backend


@pytest.fixture
def docs(atores, processo, criar_documento):
    feitos = [
        criar_documento(atores["A"], processo, conteudo=f"<p>Diária de viagem {n}</p>") for n in range(3)
    ]
    PendenciaIndice.objects.all().delete()  # as if the indexer never ran (index lost, restored...)
    return feitos


def _achados(ator) -> set[int]:
    return {i.numero_sei for i in selectors.pesquisar(ator=ator, texto="diárias").itens}


def test_reindexar_reconstroi_tudo(whoosh, docs, atores, capsys):
    assert _achados(atores["A"]) == set()
    call_command("reindexar", "--do-zero", "--lote", "2")
    assert _achados(atores["A"]) == {d.numero_sei for d in docs}
    assert "reconstruído: 4 itens" in capsys.readouterr().out  # the process and its 3 documents
    assert cache.get(POSICAO) is None


def test_reindexar_retoma_de_onde_parou(whoosh, docs, atores, capsys):
    primeiro, *resto = docs
    cache.set(POSICAO, ["d", primeiro.pk], timeout=None)  # interrupted after the first document
    call_command("reindexar", "--continuar", "--lote", "1")
    assert "reconstruído: 2 itens" in capsys.readouterr().out
    assert _achados(atores["A"]) == {d.numero_sei for d in resto}


def test_verificar_indice_acha_e_corrige_divergencias(
    whoosh, docs, atores, capsys, django_capture_on_commit_callbacks
):
    call_command("reindexar")
    call_command("verificar_indice")
    assert "conforme o banco" in capsys.readouterr().out

    faltando, desatualizado = docs[0], docs[1]
    whoosh.indexar([], [f"d:{faltando.pk}"])
    (entrada,), _ = construir([f"d:{desatualizado.pk}"])
    whoosh.indexar([entrada.__class__(**{**entrada.__dict__, "texto": "texto antigo"})], [])
    sobra = entrada.__class__(**{**entrada.__dict__, "chave": "d:999999", "documento_id": 999999})
    whoosh.indexar([sobra], [])
    with pytest.raises(SystemExit) as fim:
        call_command("verificar_indice")
    assert fim.value.code == 1
    erros = capsys.readouterr().err
    assert f"d:{faltando.pk}" in erros and f"d:{desatualizado.pk}" in erros and "d:999999" in erros

    with django_capture_on_commit_callbacks(execute=True):  # the indexer runs in process here
        call_command("verificar_indice", "--corrigir")
    call_command("verificar_indice")
    assert "conforme o banco" in capsys.readouterr().out
    assert _achados(atores["A"]) == {d.numero_sei for d in docs}


def test_impressao_de_uma_entrada_nao_muda_entre_versoes():
    """``verificar_indice`` compares each entry's digest with the one stored in the index: if the
    way it is computed changed without a schema version bump, an operator upgrading would see
    every entry as divergent and the whole index rewritten. Pinned to the digest of a fixed entry."""
    entrada = Entrada(
        chave="d:7", tipo="documento", natureza="interno", processo_id=3, nup="00001.000003/2026-11",
        documento_id=7, numero_sei=1000007, tipo_processo_id=2, tipo_documento_id=5,
        unidade_geradora_id=4, data=datetime(2026, 11, 29, 10, 30, tzinfo=UTC), titulo="Ofício 12/2026",
        texto="Licitações e contratos — nº 8.666", interessados="Maria da Silva, Empresa X",
        leitores=("o:1", "u:4"), unidades=(4, 9),
    )  # fmt: skip
    assert entrada.impressao == "869b6e6c7a90caf4b30a6dd1f81db309"
