"""The process toolbar: which actions the actor may take on a process right now, decided here
and only here (the page draws what this returns; the services still refuse what it would not
offer). The apps above add theirs (incluir documento, gerar PDF...) through
``registrar_acoes_do_processo``."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from sei.acoes import Acao

from .models import Processo


@dataclass(frozen=True)
class Situacao:
    """What the access policy answered for the actor and the process (``mesa`` asks it once for
    the whole screen)."""

    conteudo: bool  # may read its content
    aberto_aqui: bool  # open in the actor's unit (and content readable): may operate
    pode_reabrir: bool


FonteDeAcoes = Callable[[object, Processo, Situacao], list[Acao]]
_fontes: list[FonteDeAcoes] = []


def registrar_acoes_do_processo(fonte: FonteDeAcoes) -> None:
    if fonte not in _fontes:
        _fontes.append(fonte)


def _dialogo(chave: str, rotulo: str, icone: str, ordem: int) -> Acao:
    return Acao(chave=chave, rotulo=rotulo, icone=icone, dialogo=f"dlg-{chave}", ordem=ordem)


def acoes_do_processo(ator, processo: Processo, situacao: Situacao) -> list[Acao]:
    """The toolbar of the process, in SEI's order."""
    if not situacao.conteudo:
        return []
    acoes: list[Acao] = []
    normal = processo.estado == Processo.Estado.NORMAL
    anexado = processo.estado == Processo.Estado.ANEXADO
    if not anexado:
        url = reverse("processos:iniciar") + "?" + urlencode({"relacionado": processo.nup})
        acoes.append(
            Acao("iniciar-relacionado", "Iniciar processo relacionado", "folder-plus", url=url, ordem=15)
        )
    if situacao.aberto_aqui:
        if not anexado:
            url = reverse("processos:alterar", args=[processo.nup])
            acoes.append(Acao("alterar", "Consultar/alterar processo", "pencil", url=url, ordem=20))
        if normal and not processo.sigiloso:
            acoes.append(_dialogo("enviar", "Enviar processo", "send", 30))
        acoes.append(_dialogo("andamento", "Atualizar andamento", "notebook-pen", 32))
        if not processo.sigiloso:
            acoes.append(_dialogo("atribuir", "Atribuir processo", "user-check", 34))
        if processo.estado == Processo.Estado.SOBRESTADO:
            acoes.append(_dialogo("remover-sobrestamento", "Remover sobrestamento", "circle-play", 40))
        elif normal and not processo.sigiloso:
            acoes.append(_dialogo("sobrestar", "Sobrestar processo", "circle-pause", 40))
        if normal and not processo.sigiloso:
            acoes.append(_dialogo("anexar", "Anexar processo", "paperclip", 42))
        acoes.append(_dialogo("relacionar", "Relacionar processo", "link", 44))
        if normal:
            acoes.append(_dialogo("concluir", "Concluir processo nesta unidade", "circle-check", 90))
    elif situacao.pode_reabrir and not anexado:
        acoes.append(_dialogo("reabrir", "Reabrir processo nesta unidade", "folder-open", 90))
    if processo.sigiloso:
        acoes.append(_dialogo("credenciais", "Gerenciar credenciais de acesso", "key-round", 70))
    else:  # sigilosos are never indexed
        acoes.append(_dialogo("pesquisar", "Pesquisar neste processo", "search", 80))
    for fonte in _fontes:
        acoes.extend(fonte(ator, processo, situacao))
    return sorted(acoes, key=lambda a: a.ordem)
