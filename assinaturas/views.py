"""Pages: sign a document (cargo and password), and the public authenticity check."""

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

from . import conferencia, services
from .api import url_publica
from .forms import AssinarForm, ConferirForm


@never_cache
@login_required
def assinar(request, numero_sei):
    """Assinar: choose the cargo, type the password again."""
    ator = ator_web(request)
    try:
        documento = documentos_selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
    cargos = list(services.cargos_do_ator(ator).values_list("cargo", flat=True))
    form = AssinarForm(request.POST or None, cargos=cargos)
    impedimento = services.impedimento_de_assinatura(ator, documento)
    if request.method == "POST" and impedimento is None and form.is_valid():
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
    contexto = {"documento": documento, "form": form, "cargos": cargos, "impedimento": impedimento}
    status_code = 403 if isinstance(impedimento, AcessoNegado) else 400 if form.errors else 200
    return render(request, "assinaturas/assinar.html", contexto, status=status_code)


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
