"""The document pages: the right pane (metadata, actions, content in a sandboxed frame), the
content and file responses, PDF, Editar, Versões (view, compare, restore), Cancelar, Excluir."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from processos import selectors as processos_selectors
from processos.models import LeituraAuditada
from sei import acesso
from sei.exceptions import ErroDominio, NaoEncontrado, ReautenticacaoNecessaria, RegraDeNegocio
from sei.middleware import SecurityHeadersMiddleware
from sei.web import aplicar_erros, avisar_erro

from .. import acoes, arquivos, links_sei, renderizacao, selectors, services
from ..forms import CancelarForm, EditarForm
from ..html import sanitizar
from ..models import Documento
from ..services.internos import pode_editar
from ..widgets import CSP_EDITOR_DIRETIVA
from .comum import (
    ator_web,
    comparar_textos,
    documento_ou_404,
    pagina_erro,
    sandbox,
)

# The editor page only: the project's policy plus the one hash TinyMCE's caret marker needs.
CSP_EDITOR = f"{SecurityHeadersMiddleware.CSP}; {CSP_EDITOR_DIRETIVA}"


def _abrir(request, numero_sei):
    """(ator, documento); a sigiloso whose password was not typed again raises
    ``ReautenticacaoNecessaria`` (the password page)."""
    ator = ator_web(request)
    return ator, documento_ou_404(ator, numero_sei)


def _contexto_documento(ator, documento, dados: selectors.DadosDocumento) -> dict:
    """The document page's context; ``dados``: the policy's answers the page's
    ``dados_do_documento`` already asked, not asked again."""
    processo = documento.processo
    raiz = processo
    if processo.processo_principal_id:  # an annexed process's document: the main process's tree
        raiz = processos_selectors.processos_visiveis(ator=ator).filter(pk=processo.processo_principal_id).first()
        raiz = raiz or processo
    acoes_doc = acoes.acoes_do_documento(ator, documento)
    return {
        "documento": documento,
        "processo": processo,
        "arvore_completa": selectors.arvore_do_processo(ator=ator, processo=raiz, atual=documento),
        "pode_conteudo": dados.acesso_conteudo,
        "pode_conteudo_processo": dados.acesso_processo,
        "mostra_inline": documento.interno or documento.arquivo_mime in arquivos.leitura.MIMES_INLINE,
        "acoes": acoes_doc,
        "dialogos": {a.chave for a in acoes_doc if a.dialogo},
        "assinaturas": selectors.assinaturas_do_documento(documento),
    }


@never_cache
@login_required
def documento_detalhe(request, numero_sei):
    """The document in the process: SEI's right pane with the tree beside it."""
    ator, documento = _abrir(request, numero_sei)
    dados = selectors.dados_do_documento(ator=ator, documento=documento, canal=LeituraAuditada.Canal.WEB)
    contexto = _contexto_documento(ator, documento, dados)
    contexto["form_cancelar"] = CancelarForm(prefix="cancelar")
    return render(request, "documentos/detalhe.html", contexto)


def _html_conteudo(documento: Documento, corpo: str, titulo: str) -> str:
    return render_to_string(
        "documentos/conteudo.html",
        {
            "titulo": titulo,
            "cabecalho": documento.cabecalho_html,
            "corpo": renderizacao.html_do_documento(documento, corpo),
        },
    )


@never_cache
@login_required
def documento_conteudo(request, numero_sei):
    """The internal document's HTML, alone, for the sandboxed frame (``?versao=N`` for any)."""
    try:
        ator, documento = _abrir(request, numero_sei)
    except ReautenticacaoNecessaria:  # inside a frame: no redirect to a page that cannot be framed
        pagina = render_to_string(
            "documentos/conteudo.html",
            {"titulo": "Processo sigiloso", "aviso": "Confirme a senha do processo sigiloso."},
        )
        return sandbox(HttpResponse(pagina, status=403), restrito=True)
    if not documento.interno:
        raise Http404("Documento externo: veja o arquivo.")
    try:
        numero = int(request.GET["versao"]) if request.GET.get("versao") else None
        versao = selectors.versao(ator=ator, documento=documento, numero=numero, canal=LeituraAuditada.Canal.WEB)
    except ValueError:
        raise Http404("Versão não encontrada.") from None
    except NaoEncontrado:
        raise Http404("Versão não encontrada.") from None
    except ErroDominio as erro:
        pagina = render_to_string(
            "documentos/conteudo.html", {"titulo": "Conteúdo indisponível", "aviso": erro.mensagem}
        )
        resposta = HttpResponse(pagina, content_type="text/html; charset=utf-8", status=erro.status)
        return sandbox(resposta, restrito=True)
    corpo = links_sei.resolver(versao.conteudo, ator=ator)
    pagina = _html_conteudo(documento, corpo, f"{documento.rotulo} — versão {versao.numero}")
    resposta = sandbox(
        HttpResponse(pagina, content_type="text/html; charset=utf-8"),
        restrito=acesso.conteudo_restrito(documento),
    )
    # A link SEI (target="_top") may open its target in the whole window, on a click only.
    resposta["Content-Security-Policy"] = resposta["Content-Security-Policy"].replace(
        "sandbox;", "sandbox allow-top-navigation-by-user-activation;", 1
    )
    return resposta


@never_cache
@login_required
def documento_arquivo(request, numero_sei):
    """The external document's file, SHA-256 checked; ``?baixar=1`` always downloads."""
    ator, documento = _abrir(request, numero_sei)
    if documento.interno:
        raise Http404("Documento interno não tem arquivo.")
    try:
        leitor = selectors.arquivo_do_documento(ator=ator, documento=documento, canal=LeituraAuditada.Canal.WEB)
    except ErroDominio as erro:
        return pagina_erro(request, erro, titulo="Arquivo indisponível", documento=documento)
    return arquivos.resposta_arquivo(
        leitor,
        mime=documento.arquivo_mime,
        nome_cliente=documento.arquivo_nome_original,
        restrito=acesso.conteudo_restrito(documento),
        inline=not request.GET.get("baixar"),
    )


@never_cache
@login_required
def documento_pdf(request, numero_sei):
    """The document as PDF (rendered now if the worker has not yet: each version renders once)."""
    ator, documento = _abrir(request, numero_sei)
    try:
        leitor = selectors.pdf_para_leitura(ator=ator, documento=documento, canal=LeituraAuditada.Canal.WEB)
    except ErroDominio as erro:
        if erro.code == "sem_pdf":
            messages.error(request, erro.mensagem)
            return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
        return pagina_erro(request, erro, titulo="PDF indisponível", documento=documento)
    return arquivos.resposta_arquivo(
        leitor,
        mime="application/pdf",
        nome_cliente=f"{documento.rotulo}.pdf",
        restrito=acesso.conteudo_restrito(documento),
    )


# --- Editar -----------------------------------------------------------------------------------


def _secoes(documento: Documento) -> dict:
    """The fixed sections around the editor (sanitised again on the way out: belt and braces)."""
    return {
        "cabecalho_html": sanitizar(documento.cabecalho_html),
        "titulo_html": sanitizar(documento.titulo_html),
        "assinatura_html": sanitizar(documento.assinatura_html),
        "rodape_html": sanitizar(documento.rodape_html),
    }


@never_cache
@login_required
def documento_editar(request, numero_sei):
    """Editar: the current version in the editor; Salvar carries the version edited. A stale
    save keeps the user's text and says who saved in between — never a silent overwrite."""
    ator, documento = _abrir(request, numero_sei)
    if not pode_editar(ator, documento):
        messages.error(request, "Este documento não pode ser editado por esta unidade agora.")
        return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
    status, conflito = 200, None
    if request.method == "POST":
        form = EditarForm(request.POST)
        if form.is_valid():
            base = form.cleaned_data["versao_base"]
            sobre = request.POST.get("sobrescrever")
            if sobre and sobre.isascii() and sobre.isdigit():  # not "²", which int() refuses
                base = int(sobre)  # the user chose, knowingly, to save over the newer version
            try:
                versao = services.documento_editar(
                    ator=ator,
                    documento=documento,
                    conteudo=form.cleaned_data["conteudo"],
                    versao_base=base,
                    descartar_assinaturas=form.cleaned_data["descartar_assinaturas"],
                )
            except RegraDeNegocio as erro:
                if erro.code != "versao_desatualizada":
                    aplicar_erros(form, erro)
                    status = erro.status
                else:
                    documento.refresh_from_db()
                    conflito = {"mensagem": erro.mensagem, "atual": documento.versao_atual}
                    status = 409
            except ErroDominio as erro:
                aplicar_erros(form, erro)
                status = erro.status
            else:
                messages.success(request, f"Documento salvo (versão {versao.numero}).")
                return redirect("documentos:editar", numero_sei=documento.numero_sei_formatado)
        else:
            status = 400
    else:
        versao = selectors.versao(ator=ator, documento=documento, canal=LeituraAuditada.Canal.WEB)
        form = EditarForm(initial={"conteudo": versao.conteudo, "versao_base": versao.numero})
    contexto = {
        "documento": documento,
        "processo": documento.processo,
        "form": form,
        "conflito": conflito,
        **_secoes(documento),
    }
    resposta = render(request, "documentos/editar.html", contexto, status=status)
    resposta["Content-Security-Policy"] = CSP_EDITOR
    return resposta


# --- Versões ----------------------------------------------------------------------------------


def _versoes_ou_erro(request, ator, documento):
    try:
        return list(selectors.versoes(ator=ator, documento=documento)), None
    except ErroDominio as erro:
        return None, pagina_erro(request, erro, titulo="Versões indisponíveis", documento=documento)


@never_cache
@login_required
def documento_versoes(request, numero_sei):
    """Versões: who saved each, when, restored from which; pick two to compare."""
    ator, documento = _abrir(request, numero_sei)
    versoes, erro = _versoes_ou_erro(request, ator, documento)
    if erro:
        return erro
    contexto = {
        "documento": documento,
        "processo": documento.processo,
        "versoes": versoes,
        "pode_editar": pode_editar(ator, documento),
    }
    return render(request, "documentos/versoes.html", contexto)


@never_cache
@login_required
def documento_versao(request, numero_sei, numero):
    """One version, in the sandboxed frame."""
    ator, documento = _abrir(request, numero_sei)
    try:
        versao = selectors.versao(ator=ator, documento=documento, numero=numero)
    except ErroDominio as erro:
        return pagina_erro(request, erro, titulo="Versão indisponível", documento=documento)
    contexto = {
        "documento": documento,
        "processo": documento.processo,
        "versao": versao,
        "pode_editar": pode_editar(ator, documento),
    }
    return render(request, "documentos/versao.html", contexto)


@never_cache
@login_required
def documento_comparar(request, numero_sei):
    """Comparar versões: the words removed and inserted, as escaped text."""
    ator, documento = _abrir(request, numero_sei)
    try:
        de, para = int(request.GET.get("de", "")), int(request.GET.get("para", ""))
    except ValueError:
        messages.error(request, "Escolha duas versões para comparar.")
        return redirect("documentos:versoes", numero_sei=documento.numero_sei_formatado)
    de, para = sorted((de, para))
    try:
        antes = selectors.versao(ator=ator, documento=documento, numero=de)
        depois = selectors.versao(ator=ator, documento=documento, numero=para, canal=LeituraAuditada.Canal.WEB)
    except ErroDominio as erro:
        return pagina_erro(request, erro, titulo="Versões indisponíveis", documento=documento)
    contexto = {
        "documento": documento,
        "processo": documento.processo,
        "antes": antes,
        "depois": depois,
        "partes": comparar_textos(antes.conteudo, depois.conteudo),
    }
    return render(request, "documentos/comparar.html", contexto)


@login_required
@require_POST
def documento_restaurar(request, numero_sei, numero):
    """Restaurar versão: its content becomes a new version."""
    ator, documento = _abrir(request, numero_sei)
    try:
        base = int(request.POST.get("versao_base", ""))
        versao = services.documento_restaurar_versao(
            ator=ator,
            documento=documento,
            numero=numero,
            versao_base=base,
            descartar_assinaturas=request.POST.get("descartar_assinaturas") == "1",
        )
    except ValueError:
        messages.error(request, "Versão de referência inválida.")
    except NaoEncontrado as erro:
        raise Http404(erro.mensagem) from None
    except ErroDominio as erro:
        avisar_erro(request, erro)
    else:
        messages.success(request, f"Versão {numero} restaurada como versão {versao.numero}.")
    return redirect("documentos:versoes", numero_sei=documento.numero_sei_formatado)


# --- Cancelar / Excluir -----------------------------------------------------------------------


@login_required
@require_POST
def documento_cancelar(request, numero_sei):
    ator, documento = _abrir(request, numero_sei)
    form = CancelarForm(request.POST, prefix="cancelar")
    try:
        if not form.is_valid():
            messages.error(request, "Informe o motivo do cancelamento.")
        else:
            services.documento_cancelar(ator=ator, documento=documento, motivo=form.cleaned_data["motivo"])
            messages.success(request, f"Documento {documento.rotulo} cancelado.")
    except ErroDominio as erro:
        avisar_erro(request, erro)
    return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)


@login_required
@require_POST
def documento_excluir(request, numero_sei):
    ator, documento = _abrir(request, numero_sei)
    try:
        services.documento_excluir(ator=ator, documento=documento)
    except ErroDominio as erro:
        avisar_erro(request, erro)
        return redirect("documentos:detalhe", numero_sei=documento.numero_sei_formatado)
    messages.success(request, f"Documento {documento.rotulo} excluído.")
    return redirect(reverse("processos:detalhe", args=[documento.processo.nup]))


__all__ = [
    "documento_arquivo",
    "documento_cancelar",
    "documento_comparar",
    "documento_conteudo",
    "documento_detalhe",
    "documento_editar",
    "documento_excluir",
    "documento_pdf",
    "documento_restaurar",
    "documento_versao",
    "documento_versoes",
]
