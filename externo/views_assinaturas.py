"""The portal's assinatura externa pages: the document released to the user (its text in a
sandboxed page of its own) and the signature with their password or their ICP-Brasil
certificate, through
``externo.selectors`` and ``externo.assinaturas_externas`` alone."""

import base64

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from assinaturas import qualificada
from assinaturas.api import url_publica
from assinaturas.forms import ConcluirQualificadaForm
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
    """GET: the document to sign and the password form (and, when ICP-Brasil roots are
    configured, "Assinar com certificado digital": Preparar shows the digest and the
    ``sei-assinador`` command, Concluir takes the CMS, pasted or uploaded); POST: the step asked
    (``acao``), a refusal shows the form again with the reason and its status."""
    try:
        para_assinar = selectors.documento_para_assinar(
            usuario=request.user, numero_sei=numero_sei, canal=WEB
        )
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
    except RegraDeNegocio as erro:
        messages.error(request, erro.mensagem)
        return redirect("externo:inicio")
    documento = para_assinar.documento
    acao = request.POST.get("acao", "assinar") if request.method == "POST" else None
    form_concluir = ConcluirQualificadaForm(
        request.POST if acao == "concluir" else None, request.FILES if acao == "concluir" else None
    )
    erro, erro_qualificada, status, preparacao = "", "", 200, None
    try:
        if acao == "assinar":
            senha = confirmar_senha(request, request.POST.get("senha", ""))
            assinaturas_externas.assinatura_externa_assinar(
                usuario=request.user, documento=documento, senha=senha, url_publica=url_publica(request)
            )
        elif acao == "preparar":
            preparacao = assinaturas_externas.assinatura_externa_preparar(
                usuario=request.user, documento=documento, url_publica=url_publica(request)
            )
            form_concluir = ConcluirQualificadaForm(initial={"id": preparacao.id})
        elif acao == "concluir":
            if not form_concluir.is_valid():
                preparacao = selectors.preparacao_externa_pendente(
                    usuario=request.user, documento=documento, id=form_concluir.data.get("id")
                )
                erro_qualificada, status = "Confira a assinatura enviada.", 400
            else:
                preparacao = selectors.preparacao_externa_pendente(
                    usuario=request.user, documento=documento, id=form_concluir.cleaned_data["id"]
                )
                assinaturas_externas.assinatura_externa_concluir(
                    usuario=request.user,
                    documento=documento,
                    preparacao_id=form_concluir.cleaned_data["id"],
                    cms_der=form_concluir.cms_der(),
                )
    except ErroDominio as falha:
        if acao == "assinar":
            erro = falha.mensagem
        else:
            erro_qualificada = falha.mensagem
        status = falha.status
    else:
        if acao in ("assinar", "concluir") and status == 200:
            como = " com certificado digital" if acao == "concluir" else ""
            messages.success(request, f"Documento {documento.numero_sei_formatado} assinado{como}.")
            return redirect("externo:inicio")
    contexto = {
        "p": para_assinar,
        "erro": erro,
        "erro_qualificada": erro_qualificada,
        "qualificada": qualificada.disponivel(),
        "preparacao": preparacao,
        "digest": base64.b64encode(bytes(preparacao.digest)).decode() if preparacao else "",
        "form_concluir": form_concluir,
        "nome_orgao": settings.SEI_NOME_ORGAO,
    }
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
