"""Pages: sign a document (cargo and password; or with an ICP-Brasil certificate, in two steps),
and the public authenticity check."""

import base64

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from documentos import arquivos
from documentos import selectors as documentos_selectors
from documentos.arquivos.verificacao import formatar_tamanho
from sei.exceptions import AcessoNegado, ErroDominio, NaoEncontrado
from sei.web import aplicar_erros, ator_web

from . import comparacao, conferencia, qualificada, selectors, services
from .api import nome_pdf, pedido_de_assinatura, url_publica
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
            dados = form.cleaned_data
            pedido = pedido_de_assinatura(request, ator, cargo=dados["cargo"], senha=dados["senha"])
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


def _endereco(request) -> str:
    return get_client_ip_address(request) or "?"


def _pagina(request, *, form, status_code=200, **contexto):
    """The Conferir page: the codes form, the result (document, signatures, verdict), the PDF
    link when público, the "comparar um arquivo" form and its answer."""
    contexto = {
        "form": form,
        "resultado": None,
        "procurou": False,
        "comparacao": None,
        "erro": "",
        "erro_comparar": "",
        "limite_comparar": formatar_tamanho(comparacao.limite_bytes()),
        **contexto,
    }
    resultado = contexto["resultado"]
    if resultado is not None and resultado.publico:
        d = resultado.documento
        contexto["url_pdf"] = f"{reverse('assinaturas:conferir-pdf')}?{urlencode({'cv': d.numero_sei_formatado, 'crc': d.codigo_crc})}"
    return render(request, "assinaturas/conferir.html", contexto, status=status_code)


def _conferir(cv: str, crc: str):
    """``conferencia.conferir`` with the stored-file errors as (None, message, status)."""
    try:
        return conferencia.conferir(cv, crc), "", 200
    except (arquivos.ArquivoCorrompido, arquivos.ArmazenamentoIndisponivel) as erro:
        mensagem = "O arquivo assinado deste documento não pôde ser lido; avise o órgão."
        if isinstance(erro, arquivos.ArmazenamentoIndisponivel):
            mensagem = erro.mensagem
        return None, mensagem, erro.status


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
            dados = form.cleaned_data
            pedido = pedido_de_assinatura(request, ator, cargo=dados["cargo"], senha=dados["senha"])
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
    if dados is None or not form.is_valid():
        return _pagina(request, form=form, status_code=400 if dados is not None else 200)
    try:
        conferencia.limitar(_endereco(request))
    except conferencia.MuitasConsultas as erro:
        return _pagina(request, form=form, erro=erro.mensagem, status_code=erro.status)
    resultado, erro, status_code = _conferir(form.cleaned_data["cv"], form.cleaned_data["crc"])
    if erro:
        return _pagina(request, form=form, erro=erro, status_code=status_code)
    return _pagina(request, form=form, resultado=resultado, procurou=True, status_code=200 if resultado else 404)


@never_cache
@csrf_exempt  # checked in _comparar, once the upload handler is in place (Django's documented way)
@require_POST
def conferir_comparar(request):
    """Public: "comparar um arquivo". The limit per address and the declared size are checked
    before a byte of the body is read; the file is then hashed as it arrives and never stored
    (``assinaturas.comparacao``)."""
    try:
        conferencia.limitar(_endereco(request))
    except conferencia.MuitasConsultas as erro:
        return _pagina(request, form=ConferirForm(), erro=erro.mensagem, status_code=erro.status)
    if comparacao.corpo_grande_demais(request):
        erro = comparacao.erro_grande()
        return _pagina(request, form=ConferirForm(), erro=erro.mensagem, status_code=erro.status)
    return _comparar(request, comparacao.instalar(request))


@csrf_protect
def _comparar(request, manipulador):
    form = ConferirForm(request.POST)
    if not form.is_valid():
        return _pagina(request, form=form, status_code=400)
    resultado, erro, status_code = _conferir(form.cleaned_data["cv"], form.cleaned_data["crc"])
    if erro:
        return _pagina(request, form=form, erro=erro, status_code=status_code)
    contexto = {"resultado": resultado, "procurou": True}
    if resultado is None:  # the same answer as the codes alone
        return _pagina(request, form=form, status_code=404, **contexto)
    arquivo = request.FILES.get(comparacao.CAMPO)
    if manipulador.grande:
        erro = comparacao.erro_grande()
        return _pagina(request, form=form, erro_comparar=erro.mensagem, status_code=erro.status, **contexto)
    if arquivo is None or not arquivo.tamanho:
        return _pagina(request, form=form, erro_comparar="Escolha o arquivo PDF a comparar.", status_code=400, **contexto)
    feita = comparacao.comparar(resultado.documento, arquivo)
    return _pagina(request, form=form, comparacao=feita, **contexto)


@never_cache
def conferir_pdf(request):
    """Public: the signed PDF of a público, not cancelled document, for whoever holds both codes
    (never by número SEI alone); checked against its SHA-256 as it is sent, as an attachment."""
    try:
        conferencia.limitar(_endereco(request))
    except conferencia.MuitasConsultas as erro:
        return HttpResponse(erro.mensagem, status=erro.status, content_type="text/plain; charset=utf-8")
    documento = conferencia.documento_conferido(request.GET.get("cv", ""), request.GET.get("crc", ""))
    if documento is None:
        raise Http404("Nenhum documento assinado com esses códigos.")
    if not conferencia.conteudo_publico(documento):
        raise PermissionDenied("O conteúdo deste documento não é público: só a conferência das assinaturas.")
    try:
        leitor = arquivos.abrir_verificado(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)
    except (arquivos.ArquivoCorrompido, arquivos.ArmazenamentoIndisponivel) as erro:
        return HttpResponse(erro.mensagem, status=erro.status, content_type="text/plain; charset=utf-8")
    return arquivos.resposta_arquivo(
        leitor, mime="application/pdf", nome_cliente=nome_pdf(documento), restrito=False, inline=False
    )
