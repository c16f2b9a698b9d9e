"""Search through Redis and the real worker of the ``busca`` queue: a document saved is found
seconds later, and a worker killed in the middle of indexing loses nothing once restarted."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from busca import selectors
from busca.backends.postgres import PostgresBackend
from documentos.models import Documento, NumeroSEI
from sei import indexacao
from sei.models import PendenciaIndice
from tests.factories import tipo_documento

from .conftest import esperar

pytestmark = [pytest.mark.integracao, pytest.mark.busca, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _indexador_livre():
    cache.delete(indexacao.SINAL)  # a flag left by another test would hold the first wake-up


def _numeros(ator, texto) -> set[int]:
    return {i.numero_sei for i in selectors.pesquisar(ator=ator, texto=texto, quantidade=50).itens}


def test_documento_salvo_e_achado_pelo_worker(worker_celery, atores, processo, criar_documento):
    ator = atores["A"]
    doc = criar_documento(ator, processo, conteudo="<p>Requisição de tonéis para o almoxarifado</p>")
    # Published on commit to the busca queue; the worker writes it to the shared index.
    esperar(lambda: _numeros(ator, "tonel") == {doc.numero_sei}, limite=30)
    assert PendenciaIndice.objects.count() == 0


def _externos(ator, processo, quantidade: int) -> list[Documento]:
    """Many uploaded documents at once (their text already extracted), as a bulk import would
    leave them: each waits for the indexer."""
    numeros = [n.pk for n in NumeroSEI.objects.bulk_create([NumeroSEI() for _ in range(quantidade)])]
    tipo = tipo_documento("Nota Fiscal")
    return Documento.objects.bulk_create(
        [
            Documento(
                processo=processo, numero_sei=n, tipo=tipo, natureza=Documento.Natureza.EXTERNO, ano=2026,
                numero=str(n), unidade_geradora=ator.unidade, criado_por=ator.usuario, criado_em=timezone.now(),
                nivel_acesso=0, estado=Documento.Estado.ASSINADO, arquivo_nome=f"documentos/{n}.txt",
                arquivo_mime="text/plain", texto_extraido=f"nota fiscal de hidrômetros lote {n}",
                texto_extraido_em=timezone.now(),
            )  # fmt: skip
            for n in numeros
        ]
    )


def test_worker_morto_no_meio_da_indexacao_nao_perde_nada(worker_celery, atores, processo, settings):
    settings.SEI_BUSCA_LOTE = 100
    worker_celery.ambiente["SEI_BUSCA_LOTE"] = "100"
    worker_celery.parar()
    worker_celery.iniciar()
    ator = atores["A"]
    docs = _externos(ator, processo, 1500)
    with transaction.atomic():
        indexacao.marcar(*(f"d:{d.pk}" for d in docs))
    # Killed once it has committed some batches and not all of them.
    esperar(lambda: PendenciaIndice.objects.count() < 1500, limite=60, intervalo=0.05)
    worker_celery.matar()
    restantes = PendenciaIndice.objects.count()
    assert restantes > 0, "o worker terminou antes de ser morto: aumente a quantidade"

    worker_celery.iniciar()
    cache.delete(indexacao.SINAL)
    indexacao.acordar_indexador()  # what the beat's sweep does for rows left waiting
    esperar(lambda: PendenciaIndice.objects.count() == 0, limite=120)
    assert PostgresBackend().estado()["entradas"] >= 1500
    assert selectors.pesquisar(ator=ator, texto="hidrômetro").total == 1500
