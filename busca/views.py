"""The search page (``/pesquisa/``), also where the top bar's quick box lands: a NUP or número SEI
the caller may know of opens the item, anything else is searched for among what the caller may
read (``busca.selectors``, the same read as ``GET /api/v1/busca/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from processos import selectors as processos_selectors
from processos.nup import formatar_nup
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.web import aplicar_erros, ator_web

from . import selectors
from .backends.base import LIMITE_CONTAGEM, BuscaDemorada
from .consulta import ConsultaInvalida
from .forms import PesquisaForm

NATUREZAS = {"processo": "Processo", "interno": "Documento interno", "externo": "Documento externo"}


def _url_com(request, **parametros) -> str:
    """This page's address with ``parametros`` set (None: removed)."""
    query = request.GET.copy()
    for nome, valor in parametros.items():
        query.pop(nome, None)
        if valor:
            query[nome] = valor
    codificada = query.urlencode()
    return f"{request.path}?{codificada}" if codificada else request.path


def _url_sem_filtros(request) -> str:
    """The same query (and process), no filter."""
    query = QueryDict(mutable=True)
    for nome in ("q", "processo"):
        if request.GET.get(nome):
            query[nome] = request.GET[nome]
    return f"{request.path}?{query.urlencode()}" if query else request.path


def _milhar(numero: int) -> str:
    return f"{numero:,}".replace(",", ".")


def contagem(resultado: selectors.Resultado) -> str:
    """The count as the page says it: "N resultados", or "mais de 10.000 resultados" when the
    count stopped at its limit."""
    if not resultado.exato:
        return f"mais de {_milhar(max(resultado.total, LIMITE_CONTAGEM))} resultados"
    if resultado.total == 0:
        return "Nenhum resultado"
    return "1 resultado" if resultado.total == 1 else f"{_milhar(resultado.total)} resultados"


def _linha(item: selectors.Item) -> dict:
    return {
        "item": item,
        "natureza": NATUREZAS.get(item.natureza, "Documento"),
        "documento": f"{item.numero_sei:07d}" if item.tipo == "documento" else None,
        "nup_formatado": formatar_nup(item.nup),
    }


def _processo_do_filtro(ator, nup: str):
    """The process of "Pesquisar neste processo": one the caller may know of, else a 404 (as
    its page)."""
    try:
        return processos_selectors.processo_por_nup(ator=ator, nup=nup, exigir_senha=False)
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None


def _filtros(dados: dict, processo) -> selectors.Filtros:
    return selectors.Filtros(
        tipo=dados.get("tipo") or None,
        tipo_processo_id=dados["tipo_processo"].pk if dados.get("tipo_processo") else None,
        tipo_documento_id=dados["tipo_documento"].pk if dados.get("tipo_documento") else None,
        unidade_geradora_id=dados["unidade"].pk if dados.get("unidade") else None,
        de=dados.get("de"),
        ate=dados.get("ate"),
        interessado=dados.get("interessado") or "",
        tramitacao_aqui=bool(dados.get("tramitacao")),
        processo_id=processo.pk if processo else None,
    )


def _pesquisar(request, ator, form, texto: str, processo):
    """(result, HTTP status): the result is None when the form carries why there is none."""
    dados = form.cleaned_data
    argumentos = dict(
        ator=ator,
        texto=texto,
        filtros=_filtros(dados, processo),
        ordem=dados.get("ordem") or "relevancia",
        quantidade=selectors.POR_PAGINA,
    )
    cursor = request.GET.get("cursor") or None
    try:
        try:
            return selectors.pesquisar(cursor=cursor, **argumentos), 200
        except EntradaInvalida as erro:
            if cursor is None or "cursor" not in erro.errors:
                raise
            messages.warning(request, "Página inválida ou vencida. Mostrando a primeira página.")
            return selectors.pesquisar(cursor=None, **argumentos), 200
    except ConsultaInvalida as erro:
        form.add_error("q", erro.mensagem)
        return None, 400
    except BuscaDemorada as erro:
        form.add_error(None, erro.mensagem)
        return None, 503
    except EntradaInvalida as erro:
        aplicar_erros(form, erro)
        return None, 400


@never_cache
@login_required
@require_GET
def pesquisa(request):
    """Pesquisa: the query box, the filters, one page of results with highlighted snippets."""
    ator = ator_web(request)
    nup = (request.GET.get("processo") or "").strip()
    processo = _processo_do_filtro(ator, nup) if nup else None
    form = PesquisaForm(request.GET or None, orgao_id=ator.unidade.orgao_id)
    resultado, status = None, 200
    if form.is_bound:
        if not form.is_valid():
            status = 400
        elif texto := form.cleaned_data["q"].strip():
            destino = selectors.destino_direto(ator=ator, texto=texto)
            if destino is not None and destino.tipo == "documento":
                return redirect("documentos:detalhe", f"{destino.numero_sei:07d}")
            if destino is not None:
                return redirect("processos:detalhe", destino.nup)
            resultado, status = _pesquisar(request, ator, form, texto, processo)
        elif "q" in request.GET:
            form.add_error("q", "Informe o que pesquisar: palavras, um NUP ou um número SEI.")
            status = 400
    proximo, anterior = (resultado.proximo, resultado.anterior) if resultado else (None, None)
    contexto = {
        "form": form,
        "processo": processo,
        "sem_processo_url": _url_com(request, processo=None, cursor=None) if processo else None,
        "limpar_url": _url_sem_filtros(request),
        "resultado": resultado,
        "contagem": contagem(resultado) if resultado else "",
        "linhas": [_linha(item) for item in resultado.itens] if resultado else [],
        "proxima_url": _url_com(request, cursor=proximo) if proximo else None,
        "anterior_url": _url_com(request, cursor=anterior) if anterior else None,
    }
    return render(request, "busca/pesquisa.html", contexto, status=status)
