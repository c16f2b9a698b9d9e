"""This app's buttons on the process and document toolbars (registered in ``AppConfig.ready``)."""

from django.urls import reverse

from documentos.models import Documento
from processos.acoes import Situacao
from processos.models import Processo
from sei import acesso
from sei.acoes import Acao


def acoes_no_processo(ator, processo: Processo, situacao: Situacao) -> list[Acao]:
    """Acesso externo: the process's grants (and the grant form, while open in the unit); never
    on a sigiloso nor on an annexed process."""
    if processo.sigiloso or processo.estado == Processo.Estado.ANEXADO:
        return []
    url = reverse("acessos_externos:processo", args=[processo.nup])
    intimacoes = reverse("acessos_externos:intimacoes", args=[processo.nup])
    return [
        Acao("acesso-externo", "Acesso externo", "eye", url=url, ordem=66),
        Acao("intimacao", "Intimação eletrônica", "send", url=intimacoes, ordem=67),
    ]


def acoes_no_documento(ator, documento: Documento) -> list[Acao]:
    """Liberar para assinatura externa: an internal document not cancelled, by its generating
    unit with the process open there (the page lists and cancels the liberações too)."""
    if not documento.interno or documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        return []
    if documento.unidade_geradora_id != ator.unidade.pk or documento.processo.sigiloso:
        return []
    if not acesso.pode_operar(ator, documento.processo):
        return []
    url = reverse("acessos_externos:assinatura_externa", args=[documento.numero_sei_formatado])
    return [Acao("assinatura-externa", "Liberar para assinatura externa", "user-check", url=url, ordem=35)]
