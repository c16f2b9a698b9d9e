"""Gerar PDF / ZIP do processo: choose the documents, follow the progress, download the file
(only the user who asked; it expires)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from processos.models import LeituraAuditada
from sei import acesso
from sei.contexto import sigilosos_liberados
from sei.exceptions import AcessoNegado, ErroDominio, NaoEncontrado, ReautenticacaoNecessaria, RegraDeNegocio
from sei.web import aplicar_erros

from .. import arquivos, selectors, services
from ..forms import ExportarForm
from ..models import Exportacao
from ..services.exportacao import documentos_exportaveis
from .comum import ator_web, processo_ou_404


@never_cache
@login_required
def exportar(request, nup):
    """The documents the user may export (all checked) and the format."""
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    if not acesso.pode_ver_conteudo(ator, processo):
        raise PermissionDenied("Sem acesso ao conteúdo do processo.")
    documentos = list(documentos_exportaveis(ator, processo).select_related("tipo"))
    formato = request.GET.get("formato") if request.GET.get("formato") in Exportacao.Formato.values else "pdf"
    form = ExportarForm(request.POST or None, documentos=documentos, initial={"formato": formato})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                exportacao = services.exportacao_solicitar(
                    ator=ator,
                    processo=processo,
                    formato=form.cleaned_data["formato"],
                    documentos=[int(n) for n in form.cleaned_data["documentos"]],
                )
            except ErroDominio as erro:
                aplicar_erros(form, erro)
                status = erro.status
            else:
                return redirect("documentos:exportacao", pk=exportacao.pk)
        else:
            status = 400
    contexto = {"form": form, "processo": processo, "documentos": documentos}
    return render(request, "documentos/exportar.html", contexto, status=status)


def _exportacao_do_usuario(request, pk) -> tuple[Exportacao, object]:
    """Only the user who asked may follow or download an export, while they may still read the
    process; anyone else gets 404."""
    try:
        return selectors.exportacao_do_usuario(
            usuario=request.user, exportacao_id=pk, sigilosos_liberados=sigilosos_liberados(request.session)
        )
    except NaoEncontrado:
        raise Http404("Exportação não encontrada.") from None


def _indisponivel(request, erro: AcessoNegado):
    if isinstance(erro, ReautenticacaoNecessaria):
        raise erro  # the password page (sei.middleware)
    contexto = {"titulo": "Arquivo indisponível", "mensagem": erro.mensagem}
    return render(request, "documentos/erro.html", contexto, status=403)


def _expirada(exportacao: Exportacao) -> bool:
    return exportacao.expira_em <= timezone.now()


def _estado(exportacao: Exportacao) -> dict:
    pronta = (
        exportacao.estado == Exportacao.Estado.CONCLUIDA
        and exportacao.arquivo_nome
        and not _expirada(exportacao)
    )
    return {
        "estado": exportacao.estado,
        "progresso": exportacao.progresso,
        "feitos": exportacao.documentos_feitos,
        "total": len(exportacao.documentos),
        "arquivo": reverse("documentos:exportacao_arquivo", args=[exportacao.pk]) if pronta else None,
        "detail": exportacao.detalhe if exportacao.estado == Exportacao.Estado.ERRO else "",
        "expirada": _expirada(exportacao),
    }


@never_cache
@login_required
def exportacao_progresso(request, pk):
    try:
        exportacao, _ = _exportacao_do_usuario(request, pk)
    except AcessoNegado as erro:
        return _indisponivel(request, erro)
    contexto = {"exportacao": exportacao, "processo": exportacao.processo, **_estado(exportacao)}
    return render(request, "documentos/exportacao.html", contexto)


@never_cache
@login_required
def exportacao_estado(request, pk):
    """{"estado", "progresso", "feitos", "total", "arquivo", "detail"} for the progress bar
    (polled every second)."""
    try:
        exportacao, _ = _exportacao_do_usuario(request, pk)
    except ReautenticacaoNecessaria:
        raise
    except AcessoNegado as erro:
        return JsonResponse({"detail": erro.mensagem, "code": erro.code}, status=403)
    return JsonResponse(_estado(exportacao))


@never_cache
@login_required
def exportacao_arquivo(request, pk):
    try:
        arquivo = selectors.arquivo_da_exportacao(
            usuario=request.user,
            exportacao_id=pk,
            canal=LeituraAuditada.Canal.WEB,
            sigilosos_liberados=sigilosos_liberados(request.session),
        )
    except NaoEncontrado:
        raise Http404("Exportação não encontrada.") from None
    except selectors.ExportacaoExpirada as expirada:
        contexto = {"exportacao": expirada.exportacao, "processo": expirada.exportacao.processo}
        return render(request, "documentos/exportacao_expirada.html", contexto, status=410)
    except AcessoNegado as erro:
        return _indisponivel(request, erro)
    except RegraDeNegocio:
        messages.info(request, "O arquivo ainda não está pronto.")
        return redirect("documentos:exportacao", pk=pk)
    return arquivos.resposta_arquivo(
        arquivo.leitor, mime=arquivo.mime, nome_cliente=arquivo.nome, restrito=True, inline=False
    )
