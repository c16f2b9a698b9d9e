"""Celery tasks for documents: thin, idempotent, each checks the current state first (in the
service it calls)."""

import logging

from celery import shared_task

from .services import exportacao, extracao, pdfs, varredura

logger = logging.getLogger(__name__)


@shared_task
def renderizar_documento(documento_id: int, versao: int) -> str:
    return pdfs.pdf_do_documento(documento_id, versao)


@shared_task
def extrair_texto(documento_id: int) -> str:
    return extracao.extrair_texto_documento(documento_id)


@shared_task
def exportar_processo(exportacao_id: int) -> str:
    return exportacao.executar_exportacao(exportacao_id)


@shared_task
def varrer_pendentes() -> int:
    return varredura.retomar_pendentes()


@shared_task
def retomar_exportacoes() -> int:
    return exportacao.retomar_exportacoes()
