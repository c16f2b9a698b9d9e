"""Celery tasks of the portal: thin and idempotent."""

from celery import shared_task

from . import acessos, services


@shared_task
def expirar_acessos_externos() -> int:
    """The beat's daily sweep: grants past their date are marked expired and their processes'
    principals re-derived (the portal already refuses them at read time). A rerun is a no-op."""
    return acessos.expirar_vencidos()


@shared_task
def apagar_cadastros_nao_confirmados() -> int:
    """The beat's sweep of registrations whose confirmation link expired unused."""
    return services.cadastros_nao_confirmados_apagar()
