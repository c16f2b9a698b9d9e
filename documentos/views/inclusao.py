"""Incluir Documento: gerado (from a model, another document, a texto padrão or blank) and
externo (an uploaded file)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from processos.models import LeituraAuditada
from processos.services import registrar_leitura
from sei import acesso
from sei.exceptions import ErroDominio
from sei.web import aplicar_erros

from .. import arquivos, services
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
    form = DocumentoInternoForm(request.POST or None, ator=ator, processo=processo)
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
    else:  # the form shows the process's interessados (the recipients it proposes): a content read
        registrar_leitura(
            ator=ator, processo=processo, objeto=LeituraAuditada.Objeto.PROCESSO, canal=LeituraAuditada.Canal.WEB
        )
    contexto = {"form": form, "processo": processo}
    return render(request, "documentos/incluir.html", contexto, status=status)


# Errors about the file itself: the upload is not kept (the user must choose another one).
ERROS_DO_ARQUIVO = (arquivos.TipoRecusado, arquivos.ArquivoGrande, arquivos.ArmazenamentoIndisponivel)


def _erro_do_arquivo(erro: ErroDominio) -> bool:
    return isinstance(erro, ERROS_DO_ARQUIVO) or "arquivo" in (erro.errors or {})


def _guardar(form, ator, novo):
    """Keep the checked upload for the next try; its refusal goes on the file field."""
    try:
        return services.upload_guardar(ator=ator, arquivo=novo, nome_arquivo=novo.name)
    except ErroDominio as erro:
        if not form.has_error("arquivo"):
            form.add_error("arquivo", erro.mensagem)
        return None


def _descartar_substituido(ator, token: str) -> None:
    """Another file was chosen over the kept one: the kept one goes now, not at the sweep."""
    try:
        services.upload_descartar(services.upload_do_token(ator=ator, token=token))
    except ErroDominio:
        pass  # expired or someone else's: nothing of this user's to drop


@never_cache
@login_required
def documento_externo_incluir(request, nup):
    """Incluir Documento externo: the file is checked (size 413, type 415) before anything is kept.
    After an error in another field the file already sent is kept (``services.pendentes``) and
    named by a signed token in the form, so the user does not choose it again."""
    ator, processo, desvio = _processo(request, nup)
    if desvio:
        return desvio
    form = DocumentoExternoForm(request.POST or None, request.FILES or None, processo=processo)
    status = 200
    pendente = None
    if request.method == "POST":
        novo = request.FILES.get("arquivo")
        valido = form.is_valid()
        if novo is None and request.POST.get("arquivo_token"):
            try:
                pendente = services.upload_do_token(ator=ator, token=request.POST["arquivo_token"])
            except ErroDominio as erro:
                aplicar_erros(form, erro)
                valido = False
        elif novo is None:
            form.add_error("arquivo", "Escolha o arquivo do documento.")
            valido = False
        elif request.POST.get("arquivo_token"):
            _descartar_substituido(ator, request.POST["arquivo_token"])
        if valido:
            try:
                if pendente is not None:
                    documento = services.documento_externo_de_upload(
                        ator=ator, processo=processo, pendente=pendente, **form.dados_servico()
                    )
                else:
                    documento = services.documento_externo_criar(
                        ator=ator,
                        processo=processo,
                        arquivo=novo,
                        nome_arquivo=novo.name,
                        **form.dados_servico(),
                    )
            except ErroDominio as erro:
                aplicar_erros(form, erro)
                status = erro.status
                if novo is not None and not _erro_do_arquivo(erro):
                    pendente = _guardar(form, ator, novo)
                elif pendente is not None and _erro_do_arquivo(erro):
                    services.upload_descartar(pendente)  # refused now: the user picks another
                    pendente = None
            else:
                messages.success(request, f"Documento externo {documento.rotulo} incluído.")
                return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
        else:
            status = 400
            if novo is not None and not form.has_error("arquivo"):
                pendente = _guardar(form, ator, novo)
    contexto = {"form": form, "processo": processo}
    if pendente is not None:
        contexto["upload_pendente"] = {
            "nome": pendente.nome_original,
            "tamanho": arquivos.formatar_tamanho(pendente.tamanho),
            "token": services.token_do_upload(pendente),
        }
    return render(request, "documentos/externo.html", contexto, status=status)
