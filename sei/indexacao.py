"""Marking what the search index must rebuild, from the services that change it.

Every service that changes something a search shows — a document's text or state, a process's
metadata, who may read a process — calls ``marcar_*`` inside its transaction; the rows
(``sei.models.PendenciaIndice``) commit or roll back with the change. Once committed, the
indexer (``busca.tasks.indexar_pendentes``, one Celery queue of concurrency 1) is woken, at most
once while a run is pending: a flag in the cache, cleared by the task before it reads the rows,
so a change committed after the read always wakes it again. ``busca`` reads the rows; nothing
here knows a search engine (``sei`` is below every app).
"""

import logging

from django.core.cache import cache
from django.db import transaction

from .models import PendenciaIndice
from .tarefas import publicar

logger = logging.getLogger("sei.indexacao")

TAREFA = "busca.tasks.indexar_pendentes"
SINAL = "busca:indexador-acordado"


def marcar(*chaves: str) -> None:
    PendenciaIndice.objects.bulk_create([PendenciaIndice(chave=c) for c in chaves])
    transaction.on_commit(acordar_indexador)


def marcar_processo(processo_id: int, *, documentos: bool = False) -> None:
    """The process's own entries; with ``documentos``, every document's too (their readers)."""
    marcar(f"{'P' if documentos else 'p'}:{processo_id}")


def marcar_documento(documento_id: int) -> None:
    marcar(f"d:{documento_id}")


def marcar_numero_sei(numero_sei: int) -> None:
    marcar(f"n:{numero_sei}")


def acordar_indexador() -> None:
    """Publish one indexing run unless one is already pending (``SINAL``). Runs after a commit:
    it never fails the operation that committed (the rows wait for the sweeper)."""
    try:
        primeiro = cache.add(SINAL, 1, timeout=60)
    except Exception as erro:  # the cache's Redis is down: publish anyway (the broker may be up)
        logger.warning("Cache indisponível ao acordar o indexador da busca: %s", erro)
        primeiro = True
    if primeiro and not publicar(TAREFA):
        indexador_acordado()


def indexador_acordado() -> None:
    """Called by the indexer before it reads the rows: what commits from now on wakes it again."""
    try:
        cache.delete(SINAL)
    except Exception as erro:  # the flag expires by itself
        logger.warning("Cache indisponível ao liberar o sinal do indexador da busca: %s", erro)
