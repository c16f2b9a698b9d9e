"""Controle de Processos (the unit inbox), its batch actions and the quick NUP search."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sei.exceptions import EntradaInvalida, ErroDominio, NaoEncontrado

from .. import selectors, services
from ..forms import FiltroControleForm, LoteForm, nups_selecionados
from ..nup import formatar_nup
from .comum import ator_web, exigir_form, texto_erro

COLUNAS = (("recebido", "r", "Recebidos"), ("gerado", "g", "Gerados"))
VISOES = ("resumida", "detalhada")
SESSAO_VISAO = "controle_visao"
# A filtered column is counted up to here ("mais de 1.000" beyond): the count reads the rows, and
# the page must stay within its budget. Unfiltered, the total is read from the unit's counters.
CONTAR_ATE = 1000
# The detailed view's sortable columns: (order key, header, first click descending).
CABECALHOS = (("nup", "NUP", False), ("tipo", "Tipo", False), ("andamento", "Último andamento", True))


def _url_com(request, **mudancas: str | None) -> str:
    query = request.GET.copy()
    for parametro, valor in mudancas.items():
        query.pop(parametro, None)
        if valor:
            query[parametro] = valor
    codificada = query.urlencode()
    return f"{request.path}?{codificada}" if codificada else request.path


def _visao(request) -> str:
    """Resumida or detalhada: chosen by a link, remembered in the session."""
    pedida = request.GET.get("visao")
    if pedida in VISOES:
        if request.session.get(SESSAO_VISAO) != pedida:
            request.session[SESSAO_VISAO] = pedida
        return pedida
    guardada = request.session.get(SESSAO_VISAO)
    return guardada if guardada in VISOES else VISOES[0]


def _cabecalhos(request, ordem: str) -> list[dict]:
    """The sortable headers: a link that sorts by the column (again: the other way) and the
    ``aria-sort`` of the current one."""
    cabecalhos = []
    for chave, titulo, desce_primeiro in CABECALHOS:
        atual = ordem.lstrip("-") == chave
        descendo = ordem.startswith("-")
        proxima = ("" if descendo else "-") + chave if atual else ("-" if desce_primeiro else "") + chave
        cabecalhos.append(
            {
                "titulo": titulo,
                "url": _url_com(request, ordem=proxima, r=None, g=None),
                "aria_sort": ("descending" if descendo else "ascending") if atual else None,
                "acao": "decrescente" if proxima.startswith("-") else "crescente",
            }
        )
    return cabecalhos


def _contagem(pagina) -> str:
    if pagina.total is None:
        return f"{len(pagina.itens)}{'+' if pagina.proximo else ''}"
    if not pagina.total_exato:
        return f"mais de {CONTAR_ATE:_}".replace("_", ".")
    return f"{pagina.total:_}".replace("_", ".")


@never_cache
@login_required
@require_GET
def controle(request):
    """The current unit's open processes: Recebidos and Gerados, each with its own keyset cursor,
    in the compact view (two columns, as SEI) or the detailed one (a table each, sortable)."""
    ator = ator_web(request)
    filtro = FiltroControleForm(request.GET)
    dados = filtro.cleaned_data if filtro.is_valid() else {}
    meus = bool(dados.get("meus"))
    tipo = dados.get("tipo")
    visao = _visao(request)
    detalhada = visao == "detalhada"
    ordem = selectors.ordem_valida(request.GET.get("ordem"))
    try:
        selectors.exigir_ordem_viavel(ator=ator, ordem=ordem)
    except EntradaInvalida as erro:
        messages.warning(request, f"{erro.mensagem} Mostrando pela ordem de chegada.")
        ordem = selectors.ORDEM_PADRAO
    colunas = []
    totais = selectors.TotaisDaCaixa(ator)  # both columns counted in one query, when needed
    for origem, parametro, titulo in COLUNAS:
        cursor = request.GET.get(parametro) or None
        argumentos = dict(
            ator=ator,
            limite=settings.SEI_CONTROLE_POR_PAGINA,
            origem=origem,
            meus=meus,
            tipo_id=tipo.pk if tipo else None,
            contar=True,
            contar_ate=CONTAR_ATE,
            ordem=ordem,
            detalhes=detalhada,
            totais=totais,
        )
        try:
            pagina = selectors.caixa_pagina(cursor=cursor, **argumentos)
        except EntradaInvalida as erro:
            messages.warning(request, f"{titulo}: {erro.mensagem} Mostrando a primeira página.")
            pagina = selectors.caixa_pagina(cursor=None, **argumentos)
        colunas.append(
            {
                "id": origem,
                "titulo": titulo,
                "pagina": pagina,
                "contagem": _contagem(pagina),
                "proxima_url": _url_com(request, **{parametro: pagina.proximo}) if pagina.proximo else None,
                "primeira_url": _url_com(request, **{parametro: None}) if pagina.tem_anterior else None,
            }
        )
    contexto = {
        "colunas": colunas,
        "filtro": filtro,
        "filtrando": meus or tipo is not None,
        "hoje": timezone.localdate(),
        "fuso": timezone.get_current_timezone(),
        "detalhada": detalhada,
        # The compact view has no sortable headers: back to the arrival order.
        "resumida_url": _url_com(request, visao="resumida", r=None, g=None, ordem=None),
        "detalhada_url": _url_com(request, visao="detalhada", r=None, g=None),
        "cabecalhos": _cabecalhos(request, ordem) if detalhada else [],
        "ordem_padrao": ordem == selectors.ORDEM_PADRAO,
        "ordem_padrao_url": _url_com(request, ordem=None, r=None, g=None),
        "limite_ordenacao": selectors.LIMITE_ORDENACAO,
    }
    return render(request, "processos/controle.html", contexto)


def _executar_lote(ator, processo, acao: str, dados: dict) -> None:
    if acao == "enviar":
        services.processo_enviar(
            ator=ator,
            processo=processo,
            destinos=list(dados["unidades"]),
            manter_aberto=dados["manter_aberto"],
        )
    elif acao == "concluir":
        services.processo_concluir(ator=ator, processo=processo)
    elif acao == "atribuir":
        services.processo_atribuir(ator=ator, processo=processo, usuario=dados["usuario"])


VERBOS = {
    "enviar": "Processos enviados",
    "concluir": "Processos concluídos",
    "atribuir": "Processos atribuídos",
}


@login_required
@require_POST
def controle_lote(request):
    """Batch Enviar / Concluir / Atribuir: the service runs per process; each result is reported.

    The inbox only names the action (``escolher``): this answers with the step that asks what the
    action needs (destination units, the user) and confirms it, listing the checked processes —
    so the inbox itself carries no unit or user list."""
    ator = ator_web(request)
    if "escolher" in request.POST:
        return _lote_escolher(request, ator, request.POST["escolher"])
    form = LoteForm(request.POST, unidade=ator.unidade)
    try:
        dados = exigir_form(form)
    except EntradaInvalida as erro:
        messages.error(request, texto_erro(erro).replace("Dados inválidos. ", ""))
        return redirect("processos:controle")
    acao = dados["acao"]
    feitos, falhas = [], []
    for nup in dados["processos"]:
        try:
            processo = selectors.processo_por_nup(ator=ator, nup=nup)
            _executar_lote(ator, processo, acao, dados)
        except ErroDominio as erro:
            falhas.append(f"{formatar_nup(nup)}: {texto_erro(erro)}")
        else:
            feitos.append(processo.nup_formatado)
    if feitos:
        messages.success(request, f"{VERBOS[acao]}: {', '.join(feitos)}.")
    for falha in falhas:
        messages.error(request, f"Não foi possível {dict(LoteForm.ACOES)[acao].lower()} {falha}")
    return redirect("processos:controle")


def _lote_escolher(request, ator, acao: str):
    nups = nups_selecionados(request.POST)
    if acao not in VERBOS:
        messages.error(request, "Ação em lote desconhecida.")
        return redirect("processos:controle")
    if not nups:
        messages.error(request, "Selecione ao menos um processo.")
        return redirect("processos:controle")
    contexto = {
        "acao": acao,
        "titulo": f"{dict(LoteForm.ACOES)[acao]} processos",
        "nups": [(nup, formatar_nup(nup)) for nup in nups],
        "lote": LoteForm(initial={"acao": acao}, unidade=ator.unidade),
    }
    return render(request, "processos/lote.html", contexto)


@login_required
@require_GET
def pesquisa_rapida(request):
    """A NUP typed with or without punctuation opens the process."""
    ator = ator_web(request)
    termo = (request.GET.get("q") or "").strip()
    try:
        processo = selectors.processo_por_nup(ator=ator, nup=termo)
    except NaoEncontrado:
        messages.error(
            request, f"Processo não encontrado: {termo}" if termo else "Informe o número do processo."
        )
        return redirect("processos:controle")
    return redirect("processos:detalhe", nup=processo.nup)
