"""The text of uploaded documents, for the search: extracted once by a worker after the upload
commits (``documentos.tasks.extrair_texto``), re-enqueued by the beat's sweep when its message
was lost. Idempotent: a document whose text was already extracted is left alone."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sei import indexacao
from sei.tarefas import publicar

from .. import arquivos
from ..models import Documento
from .pdfs import ler_original


def extrair_texto_documento(documento_id: int) -> str:
    """Extract the uploaded file's text once (NUL characters dropped: PostgreSQL refuses them)."""
    documento = Documento.objects.filter(pk=documento_id, natureza=Documento.Natureza.EXTERNO).first()
    if documento is None or documento.texto_extraido_em is not None:
        return "ignorado"
    texto = arquivos.extrair_texto(ler_original(documento), documento.arquivo_mime)
    with transaction.atomic():
        Documento.objects.filter(pk=documento.pk).update(
            texto_extraido=texto.replace("\x00", ""), texto_extraido_em=timezone.now()
        )
        indexacao.marcar_documento(documento.pk)
    return "extraído"


def retomar_extracoes() -> int:
    """Re-enqueue the uploads whose text extraction never ran (its message lost, its worker
    gone) five minutes after the upload. Returns how many."""
    sem_texto = Documento.objects.filter(
        natureza=Documento.Natureza.EXTERNO,
        texto_extraido_em__isnull=True,
        criado_em__lt=timezone.now() - timedelta(minutes=5),
    ).exclude(arquivo_nome="").exclude(estado=Documento.Estado.EXCLUIDO)
    extracoes = list(sem_texto.values_list("pk", flat=True)[:200])
    for pk in extracoes:
        publicar("documentos.tasks.extrair_texto", pk)
    return len(extracoes)
