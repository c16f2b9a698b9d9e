"""The portal's process pages: what was granted to the external user, through
``externo.selectors`` alone (the policy's external side; every read recorded)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from processos.models import LeituraAuditada
from sei.exceptions import NaoEncontrado, RegraDeNegocio

from . import selectors
from .api import resposta_arquivo_do_processo, resposta_conteudo, resposta_pdf
from .views import externo_requerido

WEB = LeituraAuditada.Canal.WEB


@never_cache
@externo_requerido
def processo(request, nup):
    try:
        detalhe = selectors.detalhe_do_processo(ator=selectors.ator_externo(request.user), nup=nup, canal=WEB)
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None
    return render(request, "externo/processo.html", {"d": detalhe, "nome_orgao": settings.SEI_NOME_ORGAO})


@never_cache
@externo_requerido
def processo_arquivo(request, nup, formato):
    """Gerar PDF / ZIP of what was granted; an impossible one goes back to the page with why."""
    try:
        return resposta_arquivo_do_processo(selectors.ator_externo(request.user), nup, formato, WEB)
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None
    except RegraDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return redirect("externo:processo", nup=nup)


@never_cache
@externo_requerido
def documento_conteudo(request, numero_sei):
    try:
        return resposta_conteudo(selectors.ator_externo(request.user), numero_sei, WEB)
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None


@never_cache
@externo_requerido
def documento_pdf(request, numero_sei):
    try:
        return resposta_pdf(selectors.ator_externo(request.user), numero_sei, WEB)
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
