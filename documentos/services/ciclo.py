"""Excluir and Cancelar documento."""

from django.db import transaction
from django.utils import timezone

from processos.models import Andamento
from processos.services.historico import processo_nao_aberto, registrar, travar
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, RegraDeNegocio

from ..models import Documento
from .internos import atualizar_nivel_global, travar_documento


def impedimento_de_exclusao(ator: Ator, documento: Documento) -> RegraDeNegocio | None:
    """Why ``ator`` may not exclude ``documento`` now, or None (SEI's rule): only the generating
    unit, with the process open there; its minuta always; a signed or external document only
    while not bloqueado (``services.bloqueio``). The service refuses with it; the pages offer
    Excluir only when it is None."""
    if documento.unidade_geradora_id != ator.unidade.pk:
        return RegraDeNegocio("Só a unidade geradora pode excluir o documento.", code="exclusao_nao_permitida")
    if not acesso.pode_operar(ator, documento.processo):
        return processo_nao_aberto(ator)
    if documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        return RegraDeNegocio("Documento cancelado não pode ser excluído.", code="exclusao_nao_permitida")
    if documento.bloqueado:
        return RegraDeNegocio(
            "Documento bloqueado (já lido por outra unidade, ou o processo foi enviado ou concluído depois "
            "da assinatura ou da inclusão): não pode mais ser excluído; use Cancelar.",
            code="exclusao_nao_permitida",
        )
    return None


def impedimento_de_cancelamento(ator: Ator, documento: Documento) -> RegraDeNegocio | None:
    """Why ``ator`` may not cancel ``documento`` now, or None: only the generating unit, with the
    process open there, only a bloqueado document (before that it is excluded or edited), and
    not twice."""
    if documento.unidade_geradora_id != ator.unidade.pk:
        return RegraDeNegocio("Só a unidade geradora pode cancelar o documento.", code="cancelamento_nao_permitido")
    if not acesso.pode_operar(ator, documento.processo):
        return processo_nao_aberto(ator)
    if documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        return RegraDeNegocio("O documento já está cancelado.", code="documento_cancelado")
    if not documento.bloqueado:
        return RegraDeNegocio(
            "Só documento bloqueado é cancelado; este ainda pode ser excluído"
            + (" ou editado." if documento.interno else "."),
            code="cancelamento_nao_permitido",
        )
    return None


@transaction.atomic(durable=True)
def documento_excluir(*, ator: Ator, documento: Documento) -> Documento:
    """Excluir (``impedimento_de_exclusao``). The row stays (marked excluído, content no longer
    served, signatures kept for the record) and its numbers are burned."""
    processo = travar(documento.processo)
    documento = travar_documento(documento)
    acesso.exigir_documento_visivel(ator, documento)
    impedimento = impedimento_de_exclusao(ator, documento)
    if impedimento is not None:
        raise impedimento
    documento.estado = Documento.Estado.EXCLUIDO
    documento.cancelado_em = timezone.now()
    documento.cancelado_por = ator.usuario
    documento.save(update_fields=["estado", "cancelado_em", "cancelado_por"])
    atualizar_nivel_global(processo)
    registrar(
        processo,
        ator,
        Andamento.Tipo.DOCUMENTO_EXCLUIDO,
        f"Documento {documento.rotulo} excluído",
        {"numero_sei": documento.numero_sei},
    )
    return documento


@transaction.atomic(durable=True)
def documento_cancelar(*, ator: Ator, documento: Documento, motivo: str) -> Documento:
    """Cancelar: with a motivo; it stays in the tree marked cancelled and its content is no
    longer served."""
    processo = travar(documento.processo)
    documento = travar_documento(documento)
    acesso.exigir_documento_visivel(ator, documento)
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida("Informe o motivo do cancelamento.", errors={"motivo": ["Campo obrigatório."]})
    if len(motivo) > 500:
        raise EntradaInvalida("Motivo muito longo.", errors={"motivo": ["No máximo 500 caracteres."]})
    impedimento = impedimento_de_cancelamento(ator, documento)
    if impedimento is not None:
        raise impedimento
    documento.estado = Documento.Estado.CANCELADO
    documento.motivo_cancelamento = motivo
    documento.cancelado_em = timezone.now()
    documento.cancelado_por = ator.usuario
    documento.save(update_fields=["estado", "motivo_cancelamento", "cancelado_em", "cancelado_por"])
    registrar(
        processo,
        ator,
        Andamento.Tipo.DOCUMENTO_CANCELADO,
        f"Documento {documento.rotulo} cancelado: {motivo}",
        {"numero_sei": documento.numero_sei, "motivo": motivo},
    )
    return documento
