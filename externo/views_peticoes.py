"""The portal's petition pages (Peticionamento Eletrônico): choose a type, send, see "Minhas
petições" and download a receipt. Thin: the request goes through ``externo.api.peticionar``, the
same path as ``POST /api/v1/externo/peticoes/``; reads through ``externo.selectors``."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from sei.exceptions import ErroDominio, NaoEncontrado

from . import peticoes, selectors
from .api import peticionar, resposta_recibo
from .views import externo_requerido


def _enviado(request, peticao):
    messages.success(
        request,
        f"Petição recebida no processo {peticao.processo.nup_formatado}. O recibo eletrônico de protocolo "
        f"(SEI nº {peticao.recibo.numero_sei}) foi enviado ao seu e-mail.",
    )
    return redirect("externo:peticoes")


@never_cache
@externo_requerido
def lista(request):
    peticoes_ = selectors.peticoes_do_usuario(usuario=request.user)
    return render(request, "externo/peticoes/lista.html", {"peticoes": peticoes_})


@never_cache
@externo_requerido
def nova(request):
    """Petição nova: the types offered; with ``?tipo=``, that type's form."""
    tipos = selectors.tipos_de_peticionamento()
    tipo = selectors.tipo_de_peticionamento(request.POST.get("tipo") or request.GET.get("tipo"))
    contexto = {"tipos": tipos, "tipo": tipo, "dados": request.POST, "nome_orgao": settings.SEI_NOME_ORGAO}
    status = 200
    if request.method == "POST":
        try:
            return _enviado(request, peticionar(request, request.POST, request.FILES))
        except ErroDominio as erro:
            contexto["erro"], status = erro, erro.status
    return render(request, "externo/peticoes/nova.html", contexto, status=status)


@never_cache
@externo_requerido
def intercorrente(request, nup):
    """Petição intercorrente to a process the user may petition in (404 otherwise).
    ``?intimacao=<id>``: the petition answers that intimação (the user's own, of this process)."""
    try:
        processo, tipo = peticoes.processo_peticionavel(usuario=request.user, nup=nup)
        intimacao = None
        if request.GET.get("intimacao"):
            intimacao = selectors.intimacao_do_usuario(
                ator=selectors.ator_externo(request.user), intimacao_id=request.GET["intimacao"], processo=processo
            )
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None
    tipos_documento = peticoes.tipos_intercorrentes(tipo)
    contexto = {"processo": processo, "tipo": tipo, "tipos_documento": tipos_documento, "intimacao": intimacao}
    status = 200
    if request.method == "POST":
        try:
            peticao = peticionar(request, request.POST, request.FILES, nup=processo.nup, intimacao=intimacao)
            return _enviado(request, peticao)
        except NaoEncontrado:
            raise Http404("Processo não encontrado.") from None
        except ErroDominio as erro:
            contexto["erro"], status = erro, erro.status
    return render(request, "externo/peticoes/intercorrente.html", contexto, status=status)


@never_cache
@externo_requerido
def recibo(request, peticao_id):
    try:
        return resposta_recibo(request.user, peticao_id)
    except NaoEncontrado:
        raise Http404("Petição não encontrada.") from None
