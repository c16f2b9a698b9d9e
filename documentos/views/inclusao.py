"""Incluir Documento: gerado (from a model, another document, a texto padrão or blank) and
externo (an uploaded file)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from sei import acesso
from sei.exceptions import ErroDominio
from sei.web import aplicar_erros

from .. import services
from ..forms import DocumentoExternoForm, DocumentoInternoForm
from .comum import ator_web, processo_ou_404


def _processo(request, nup):
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    if not acesso.pode_operar(ator, processo):
        messages.error(
            request, f"O processo não está aberto na unidade {ator.unidade.sigla}; não recebe documentos."
        )
        return ator, processo, redirect("processos:detalhe", nup=processo.nup)
    return ator, processo, None


@never_cache
@login_required
def documento_incluir(request, nup):
    """Incluir Documento (gerado) → the editor."""
    ator, processo, desvio = _processo(request, nup)
    if desvio:
        return desvio
    form = DocumentoInternoForm(request.POST or None, ator=ator)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                documento = services.documento_interno_criar(
                    ator=ator, processo=processo, **form.dados_servico()
                )
            except ErroDominio as erro:
                aplicar_erros(form, erro)
                status = erro.status
            else:
                messages.success(request, f"Documento {documento.rotulo} gerado.")
                return redirect("documentos:editar", numero_sei=documento.numero_sei_formatado)
        else:
            status = 400
    contexto = {"form": form, "processo": processo}
    return render(request, "documentos/incluir.html", contexto, status=status)


@never_cache
@login_required
def documento_externo_incluir(request, nup):
    """Incluir Documento externo: the file is checked (size 413, type 415) before anything is kept."""
    ator, processo, desvio = _processo(request, nup)
    if desvio:
        return desvio
    form = DocumentoExternoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                documento = services.documento_externo_criar(
                    ator=ator, processo=processo, **form.dados_servico()
                )
            except ErroDominio as erro:
                aplicar_erros(form, erro)
                status = erro.status
            else:
                messages.success(request, f"Documento externo {documento.rotulo} incluído.")
                return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
        else:
            status = 400
    contexto = {"form": form, "processo": processo}
    return render(request, "documentos/externo.html", contexto, status=status)
