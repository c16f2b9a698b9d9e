"""Celery tasks of the search: thin, idempotent (the outbox rows are the truth), on the
``busca`` queue (``CELERY_TASK_ROUTES``), which one worker of concurrency 1 consumes."""

from celery import shared_task

from . import indexador


@shared_task
def indexar_pendentes() -> int:
    return indexador.indexar_pendentes()


@shared_task
def varrer_pendencias() -> bool:
    return indexador.varrer()
