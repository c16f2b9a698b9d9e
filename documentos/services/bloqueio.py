"""SEI's "bloqueado": once a signed document (or an included external one) was read by another
unit, or its process sent on or concluded, its content and file never change again: no edit,
no excluir, only cancelar. ``Documento.bloqueado_em`` records it, set here and nowhere else;
the database refuses changes to a bloqueado document's content (migration 0008)."""

from django.db.models import Q
from django.utils import timezone

from processos.models import Andamento, Processo
from sei import acesso
from sei.acesso import Ator

from ..models import Documento

# What can be bloqueado: signed internal documents and included external ones.
BLOQUEAVEIS = (Q(natureza=Documento.Natureza.INTERNO, estado=Documento.Estado.ASSINADO)) | Q(
    natureza=Documento.Natureza.EXTERNO, estado__in=[Documento.Estado.MINUTA, Documento.Estado.ASSINADO]
)


def bloqueavel(documento: Documento) -> bool:
    if documento.interno:
        return documento.assinado
    return documento.estado in (Documento.Estado.MINUTA, Documento.Estado.ASSINADO)


def _bloquear(qs) -> int:
    return qs.filter(BLOQUEAVEIS, bloqueado_em__isnull=True).update(bloqueado_em=timezone.now())


def ao_ler(ator: Ator, documento: Documento) -> None:
    """The content was read by ``ator``: blocks the document when the reader's unit is another
    one than its generating unit (a unit it was shared with in a bloco de assinatura reads it to
    sign: that does not block)."""
    if documento.bloqueado or not bloqueavel(documento) or documento.unidade_geradora_id == ator.unidade.pk:
        return
    if acesso.compartilhado_com(ator, documento):
        return
    if _bloquear(Documento.objects.filter(pk=documento.pk)):
        documento.bloqueado_em = timezone.now()


def ao_ler_por_externo(documento: Documento) -> None:
    """The content was read by an external user (a grant): like a read by another unit."""
    if documento.bloqueado or not bloqueavel(documento):
        return
    if _bloquear(Documento.objects.filter(pk=documento.pk)):
        documento.bloqueado_em = timezone.now()


def ao_ler_varios(ator: Ator, documentos) -> None:
    """``ao_ler`` for many documents at once (an export)."""
    outros = Documento.objects.filter(pk__in=documentos).exclude(unidade_geradora=ator.unidade)
    _bloquear(outros.exclude(pk__in=acesso.filtrar_documentos_compartilhados(outros, ator).values("pk")))


def ao_sair(processo: Processo, ator: Ator, andamento: Andamento) -> None:
    """History effect (``historico.registrar_efeito``): the process was sent (every unit's signed
    documents in it and in its annexed processes may now be read elsewhere) or concluded in a unit
    (that unit's documents are done with)."""
    documentos = Documento.objects.filter(Q(processo=processo) | Q(processo__processo_principal=processo))
    if andamento.tipo == Andamento.Tipo.CONCLUSAO:
        documentos = documentos.filter(unidade_geradora=ator.unidade)
    _bloquear(documentos)
