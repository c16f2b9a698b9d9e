"""Pesquisa pública pages (no login): the search, the process, a document's content. Thin:
``busca.publica`` decides what is shown; each request counts against the address's limit."""

from axes.helpers import get_client_ip_address
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from documentos.api import CSP_DOCUMENTO
from sei.exceptions import EntradaInvalida, NaoEncontrado

from . import publica
from .backends.base import BuscaDemorada
from .forms_publica import PesquisaPublicaForm


def _endereco(request) -> str:
    return get_client_ip_address(request) or "?"


def _limite(request):
    """None, or the 429 page when the address went past the limit."""
    try:
        publica.limitar(_endereco(request))
    except publica.MuitasPesquisas as erro:
        return render(request, "busca/publica/limite.html", {"mensagem": erro.mensagem}, status=erro.status)
    return None


@never_cache
@require_GET
def pesquisa(request):
    excesso = _limite(request)
    if excesso is not None:
        return excesso
    form = PesquisaPublicaForm(request.GET or None)
    contexto = {"form": form, "itens": None, "erro": ""}
    status = 200
    if request.GET and form.is_valid():
        try:
            contexto["itens"] = publica.pesquisar(filtros=form.filtros())
        except EntradaInvalida as erro:
            contexto["erro"], status = erro.mensagem, 400
        except BuscaDemorada as erro:
            contexto["erro"], status = erro.mensagem, erro.status
    elif request.GET:
        status = 400
    return render(request, "busca/publica/pesquisa.html", contexto, status=status)


@never_cache
@require_GET
def processo(request, nup):
    excesso = _limite(request)
    if excesso is not None:
        return excesso
    try:
        detalhe = publica.detalhe_do_processo(nup=nup)
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None
    return render(request, "busca/publica/processo.html", {"d": detalhe})


@never_cache
@require_GET
def documento(request, numero_sei):
    excesso = _limite(request)
    if excesso is not None:
        return excesso
    try:
        _, html = publica.conteudo_do_documento(numero_sei=numero_sei, endereco=_endereco(request))
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
    resposta = HttpResponse(html, content_type="text/html; charset=utf-8")
    resposta["Content-Security-Policy"] = CSP_DOCUMENTO
    resposta["X-Content-Type-Options"] = "nosniff"
    return resposta
