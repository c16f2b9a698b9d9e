"""This app's buttons on the process toolbar (registered in ``AppConfig.ready``)."""

from django.urls import reverse

from processos.acoes import Situacao
from processos.models import Processo
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
