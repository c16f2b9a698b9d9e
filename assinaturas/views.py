"""Pages: sign a document (cargo and password; or with an ICP-Brasil certificate, in two steps),
and the public authenticity check."""

import base64

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from documentos import arquivos
from documentos import selectors as documentos_selectors
from sei.exceptions import AcessoNegado, ErroDominio, NaoEncontrado
from sei.senhas import confirmar_senha
from sei.web import aplicar_erros, ator_web

from . import conferencia, qualificada, selectors, services
from .api import url_publica
from .forms import AssinarForm, ConcluirQualificadaForm, ConferirForm, PrepararQualificadaForm


@never_cache
@login_required
def assinar(request, numero_sei):
    """Assinar: choose the cargo, type the password again (eletrônica); or, when ICP-Brasil roots
    are configured, the qualificada in two steps: Preparar shows the digest and the
    ``sei-assinador`` command, Concluir takes the CMS it made (pasted or uploaded)."""
    ator = ator_web(request)
    try:
        documento = documentos_selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
    cargos = list(services.cargos_do_ator(ator).values_list("cargo", flat=True))
    acao = request.POST.get("acao", "assinar") if request.method == "POST" else None
    form = AssinarForm(request.POST if acao == "assinar" else None, cargos=cargos)
    form_preparar = PrepararQualificadaForm(request.POST if acao == "preparar" else None, cargos=cargos)
    form_concluir = ConcluirQualificadaForm(
        request.POST if acao == "concluir" else None, request.FILES if acao == "concluir" else None
    )
    impedimento = services.impedimento_de_assinatura(ator, documento)
    preparacao = None
    if acao == "assinar" and impedimento is None and form.is_valid():
        try:
            senha = confirmar_senha(request, form.cleaned_data["senha"])
            pedido = services.PedidoAssinatura(
                ator=ator, cargo=form.cleaned_data["cargo"], senha=senha, url_publica=url_publica(request)
            )
            services.assinar(pedido=pedido, documento=documento)
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            messages.success(request, f"Documento {documento.rotulo} assinado.")
            return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
    elif acao == "preparar" and impedimento is None and form_preparar.is_valid():
        try:
            preparacao = qualificada.preparar(
                ator=ator, documento=documento, cargo=form_preparar.cleaned_data["cargo"], url_publica=url_publica(request)
            )
        except ErroDominio as erro:
            aplicar_erros(form_preparar, erro)
        else:
            form_concluir = ConcluirQualificadaForm(initial={"id": preparacao.id})
    elif acao == "concluir" and impedimento is None:
        if form_concluir.is_valid():
            preparacao = selectors.preparacao_pendente(ator=ator, documento=documento, id=form_concluir.cleaned_data["id"])
            try:
                qualificada.concluir(
                    ator=ator,
                    documento=documento,
                    preparacao_id=form_concluir.cleaned_data["id"],
                    cms_der=form_concluir.cms_der(),
                )
            except ErroDominio as erro:
                # The service's sentence says what to do; its per-field notes are for the API.
                form_concluir.add_error(None, erro.mensagem)
            else:
                messages.success(request, f"Documento {documento.rotulo} assinado com certificado digital.")
                return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
    contexto = {
        "documento": documento,
        "form": form,
        "form_preparar": form_preparar,
        "form_concluir": form_concluir,
        "qualificada": qualificada.disponivel(),
        "preparacao": preparacao,
        "digest": base64.b64encode(bytes(preparacao.digest)).decode() if preparacao else "",
        "cargos": cargos,
        "impedimento": impedimento,
    }
    erros = form.errors or form_preparar.errors or form_concluir.errors
    status_code = 403 if isinstance(impedimento, AcessoNegado) else 400 if erros else 200
    return render(request, "assinaturas/assinar.html", contexto, status=status_code)


@never_cache
@login_required
def autenticar(request, numero_sei):
    """Autenticar a digitised external document: cargo and password, as Assinar."""
    ator = ator_web(request)
    try:
        documento = documentos_selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
    cargos = list(services.cargos_do_ator(ator).values_list("cargo", flat=True))
    form = AssinarForm(request.POST or None, cargos=cargos)
    impedimento = services.impedimento_de_autenticacao(ator, documento)
    if request.method == "POST" and impedimento is None and form.is_valid():
        try:
            senha = confirmar_senha(request, form.cleaned_data["senha"])
            pedido = services.PedidoAssinatura(
                ator=ator, cargo=form.cleaned_data["cargo"], senha=senha, url_publica=url_publica(request)
            )
            services.autenticar(pedido=pedido, documento=documento)
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            messages.success(request, f"Documento {documento.rotulo} autenticado.")
            return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
    contexto = {"documento": documento, "form": form, "cargos": cargos, "impedimento": impedimento}
    status_code = 403 if isinstance(impedimento, AcessoNegado) else 400 if form.errors else 200
    return render(request, "assinaturas/autenticar.html", contexto, status=status_code)


@never_cache
def conferir(request):
    """Public (no login): the two codes printed under the signatures → the document's data and
    the verdict of its signatures."""
    dados = request.POST if request.method == "POST" else (request.GET if "cv" in request.GET else None)
    form = ConferirForm(dados)
    resultado, procurou, status_code = None, False, 200
    if dados is not None and form.is_valid():
        try:
            conferencia.limitar(get_client_ip_address(request) or "?")
            procurou = True
            resultado = conferencia.conferir(form.cleaned_data["cv"], form.cleaned_data["crc"])
        except conferencia.MuitasConsultas as erro:
            form.add_error(None, erro.mensagem)
            status_code = 429
        except arquivos.ArquivoCorrompido:
            form.add_error(None, "O arquivo assinado deste documento não pôde ser lido; avise o órgão.")
            status_code = 500
        if procurou and resultado is None:
            status_code = 404
    contexto = {"form": form, "resultado": resultado, "procurou": procurou}
    return render(request, "assinaturas/conferir.html", contexto, status=status_code)
