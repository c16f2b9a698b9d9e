"""Celery tasks of the signatures: thin, idempotent (the service checks the current state)."""

from celery import shared_task

from . import services


@shared_task
def preparar_aparencias(documento_ids: list[int], url_publica: str) -> int:
    return services.preparar_aparencias(documento_ids, url_publica)
