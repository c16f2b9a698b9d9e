"""The portal's "Incluir documento" page (acesso externo com inclusão de documentos). Thin: the
request goes through ``externo.api_inclusoes.incluir_documento``, the same path as
``POST /api/v1/externo/processos/{nup}/documentos/``; reads through ``externo.selectors``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from sei.exceptions import AcessoNegado, ErroDominio, NaoEncontrado, RegraDeNegocio

from . import inclusoes, selectors
from .api_inclusoes import incluir_documento
from .views import externo_requerido


@never_cache
@externo_requerido
def incluir(request, nup):
    """The form (an allowed type, the PDF, optional número/descrição/data, the password); 404
    without a grant, 403 with a grant that does not allow it, 409 when the process is no longer
    open in the granting unit."""
    try:
        processo = selectors.processo_por_nup(ator=selectors.ator_externo(request.user), nup=nup)
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None
    contexto = {"processo": processo, "dados": request.POST}
    try:
        concessao = inclusoes.concessao_exigida(usuario=request.user, processo=processo)
    except AcessoNegado as erro:
        raise PermissionDenied(erro.mensagem) from None
    except RegraDeNegocio as erro:
        contexto["indisponivel"] = erro
        return render(request, "externo/inclusao.html", contexto, status=erro.status)
    contexto["concessao"] = concessao
    contexto["tipos"] = sorted(
        (t for t in concessao.tipos_documento.all() if t.ativo and t.permite_externo), key=lambda t: t.nome
    )
    status = 200
    if request.method == "POST":
        # Optional fields left empty in the form are absent, as in the API.
        dados = {k: v for k, v in request.POST.dict().items() if v != ""}
        if request.FILES.get("arquivo"):
            dados["arquivo"] = request.FILES["arquivo"]
        try:
            peticao = incluir_documento(request, dados, processo.nup)
        except NaoEncontrado:
            raise Http404("Processo não encontrado.") from None
        except ErroDominio as erro:
            contexto["erro"], status = erro, erro.status
        else:
            documento = peticao.documentos.get()
            messages.success(
                request,
                f"Documento {documento.rotulo} incluído no processo {processo.nup_formatado}. O recibo eletrônico "
                f"de protocolo (SEI nº {peticao.recibo.numero_sei}) foi enviado ao seu e-mail.",
            )
            return redirect("externo:processo", nup=processo.nup)
    return render(request, "externo/inclusao.html", contexto, status=status)
