"""The portal's assinatura externa pages: the document released to the user (its text in a
sandboxed page of its own) and the signature with their password, through
``externo.selectors`` and ``externo.assinaturas_externas`` alone."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from documentos.api import CSP_DOCUMENTO
from processos.models import LeituraAuditada
from sei.exceptions import ErroDominio, NaoEncontrado, RegraDeNegocio
from sei.senhas import confirmar_senha

from . import assinaturas_externas, selectors
from .views import externo_requerido

WEB = LeituraAuditada.Canal.WEB


@never_cache
@externo_requerido
def assinatura(request, numero_sei):
    """GET: the document to sign and the password form; POST: sign (wrong password: 400, the
    form again with the reason)."""
    try:
        para_assinar = selectors.documento_para_assinar(
            usuario=request.user, numero_sei=numero_sei, canal=WEB
        )
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
    except RegraDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return redirect("externo:inicio")
    erro, status = "", 200
    if request.method == "POST":
        try:
            senha = confirmar_senha(request, request.POST.get("senha", ""))
            assinaturas_externas.assinatura_externa_assinar(
                usuario=request.user,
                documento=para_assinar.documento,
                senha=senha,
                url_publica=settings.SEI_URL_PUBLICA or request.build_absolute_uri("/").rstrip("/"),
            )
        except ErroDominio as falha:
            erro, status = falha.mensagem, falha.status
        else:
            messages.success(request, f"Documento {para_assinar.documento.numero_sei_formatado} assinado.")
            return redirect("externo:inicio")
    contexto = {"p": para_assinar, "erro": erro, "nome_orgao": settings.SEI_NOME_ORGAO}
    return render(request, "externo/assinatura.html", contexto, status=status)


@never_cache
@externo_requerido
def assinatura_conteudo(request, numero_sei):
    """The released document's text, as the internal viewer serves it (sandboxed by its CSP)."""
    try:
        para_assinar = selectors.documento_para_assinar(
            usuario=request.user, numero_sei=numero_sei, canal=WEB
        )
    except (NaoEncontrado, RegraDeNegocio):
        raise Http404("Documento não encontrado.") from None
    resposta = HttpResponse(para_assinar.html, content_type="text/html; charset=utf-8")
    resposta["Content-Disposition"] = content_disposition_header(
        False, f"{para_assinar.documento.rotulo}.html"
    )
    resposta["X-Content-Type-Options"] = "nosniff"
    resposta["Content-Security-Policy"] = CSP_DOCUMENTO
    resposta["X-Frame-Options"] = "SAMEORIGIN"
    resposta["Cache-Control"] = "no-store"
    return resposta
