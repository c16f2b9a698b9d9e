"""Celery tasks of the portal: thin and idempotent."""

from celery import shared_task

from . import acessos


@shared_task
def expirar_acessos_externos() -> int:
    """The beat's daily sweep: grants past their date are marked expired and their processes'
    principals re-derived (the portal already refuses them at read time). A rerun is a no-op."""
    return acessos.expirar_vencidos()
