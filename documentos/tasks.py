"""Celery tasks for documents: thin, idempotent, each checks the current state first."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def renderizar_documento(documento_id: int, versao: int) -> str:
    from .renderizacao import pdf_do_documento

    return pdf_do_documento(documento_id, versao)


@shared_task
def extrair_texto(documento_id: int) -> str:
    from .renderizacao import extrair_texto_documento

    return extrair_texto_documento(documento_id)


@shared_task
def exportar_processo(exportacao_id: int) -> str:
    from .renderizacao import executar_exportacao

    return executar_exportacao(exportacao_id)


@shared_task
def varrer_pendentes() -> int:
    from .renderizacao import retomar_pendentes

    return retomar_pendentes()


@shared_task
def retomar_exportacoes() -> int:
    from .renderizacao import retomar_exportacoes

    return retomar_exportacoes()
