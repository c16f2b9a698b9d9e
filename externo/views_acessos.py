"""The internal pages of acessos externos: a process's grants (with the grant form and a cancel
form per grant), reached from the process toolbar, the unit's list of its grants, and a
document's liberações para assinatura externa, reached from the document toolbar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from documentos.views.comum import documento_ou_404
from processos.views.comum import processo_ou_404
from sei import acesso
from sei.exceptions import AcessoNegado, ErroDominio
from sei.senhas import confirmar_senha
from sei.web import aplicar_erros, ator_web, avisar_erro, exigir_form

from . import acessos, assinaturas_externas, selectors
from .forms_acessos import CancelarForm, ConcederForm, LiberarAssinaturaForm


@never_cache
@login_required
def acessos_do_processo(request, nup):
    """Acesso externo: the process's grants; the grant form while the process is open here."""
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    try:
        concessoes = list(selectors.acessos_do_processo(ator=ator, processo=processo))
        disponiveis = list(selectors.documentos_disponibilizaveis(ator=ator, processo=processo))
    except AcessoNegado as erro:  # knows the process exists, does not read it
        raise PermissionDenied(erro.mensagem) from None
    pode_conceder = acesso.pode_operar(ator, processo)
    form = ConcederForm(request.POST or None, documentos=disponiveis)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                senha = confirmar_senha(request, form.cleaned_data["senha"])
                concessao = acessos.acesso_externo_conceder(
                    ator=ator,
                    processo=processo,
                    senha=senha,
                    tipo=form.cleaned_data["tipo"],
                    motivo=form.cleaned_data["motivo"],
                    validade_dias=form.cleaned_data["validade_dias"],
                    documentos=form.cleaned_data["documentos"],
                    permite_inclusao=form.cleaned_data["permite_inclusao"],
                    tipos_documento=form.cleaned_data["tipos_documento"],
                    **form.destino(),
                )
            except ErroDominio as erro:
                if "cpf" in (erro.errors or {}) or "email" in (erro.errors or {}):
                    erro.errors = {"destinatario": [erro.mensagem]}
                aplicar_erros(form, erro)
                status = erro.status
            else:
                messages.success(
                    request,
                    f"Acesso externo concedido a {concessao.email} até {concessao.valido_ate:%d/%m/%Y}; "
                    "o destinatário receberá um e-mail.",
                )
                return redirect("acessos_externos:processo", nup=processo.nup)
        else:
            status = 400
    contexto = {
        "processo": processo,
        "concessoes": concessoes,
        "form": form,
        "pode_conceder": pode_conceder,
        "form_cancelar": CancelarForm(),
    }
    return render(request, "externo/acessos/processo.html", contexto, status=status)


@login_required
@require_POST
def acesso_cancelar(request, nup, acesso_id):
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    try:
        dados = exigir_form(CancelarForm(request.POST))
        acessos.acesso_externo_cancelar(
            ator=ator, processo=processo, acesso_id=acesso_id, motivo=dados["motivo"]
        )
    except ErroDominio as erro:
        avisar_erro(request, erro)
    else:
        messages.success(request, "Acesso externo cancelado.")
    return redirect("acessos_externos:processo", nup=processo.nup)


@never_cache
@login_required
def acessos_da_unidade(request):
    """The unit's grants, by situation (ativos, expirados, cancelados, todos)."""
    ator = ator_web(request)
    situacao = request.GET.get("situacao", "")
    if situacao not in selectors.SITUACOES:
        situacao = ""
    pagina = Paginator(selectors.acessos_da_unidade(ator=ator, situacao=situacao), 50).get_page(
        request.GET.get("pagina")
    )
    contexto = {
        "pagina": pagina,
        "situacao": situacao,
        "situacoes": selectors.SITUACOES,
        "unidade": ator.unidade,
    }
    return render(request, "externo/acessos/unidade.html", contexto)


@never_cache
@login_required
def assinatura_externa(request, numero_sei):
    """Liberar para assinatura externa: the document's liberações, the form (while the generating
    unit has the process open) and a cancel button per pending one."""
    ator = ator_web(request)
    documento = documento_ou_404(ator, numero_sei)
    try:
        liberacoes = list(selectors.liberacoes_do_documento(ator=ator, documento=documento))
    except AcessoNegado as erro:
        raise PermissionDenied(erro.mensagem) from None
    pode_liberar = documento.unidade_geradora_id == ator.unidade.pk and acesso.pode_operar(ator, documento.processo)
    form = LiberarAssinaturaForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                senha = confirmar_senha(request, form.cleaned_data["senha"])
                liberacao = assinaturas_externas.liberacao_liberar(
                    ator=ator,
                    documento=documento,
                    senha=senha,
                    validade_dias=form.cleaned_data["validade_dias"],
                    com_visualizacao_integral=form.cleaned_data["com_visualizacao_integral"],
                    **form.destino(),
                )
            except ErroDominio as erro:
                if "cpf" in (erro.errors or {}) or "email" in (erro.errors or {}):
                    erro.errors = {"destinatario": [erro.mensagem]}
                aplicar_erros(form, erro)
                status = erro.status
            else:
                messages.success(
                    request,
                    f"Documento liberado para a assinatura de {liberacao.usuario.get_full_name()} até "
                    f"{liberacao.valido_ate:%d/%m/%Y}; o usuário receberá um e-mail.",
                )
                return redirect("acessos_externos:assinatura_externa", numero_sei=documento.numero_sei_formatado)
        else:
            status = 400
    contexto = {"documento": documento, "liberacoes": liberacoes, "form": form, "pode_liberar": pode_liberar}
    return render(request, "externo/acessos/assinatura_externa.html", contexto, status=status)


@login_required
@require_POST
def assinatura_externa_cancelar(request, numero_sei, liberacao_id):
    ator = ator_web(request)
    documento = documento_ou_404(ator, numero_sei)
    try:
        assinaturas_externas.liberacao_cancelar(ator=ator, documento=documento, liberacao_id=liberacao_id)
    except ErroDominio as erro:
        avisar_erro(request, erro)
    else:
        messages.success(request, "Liberação para assinatura externa cancelada.")
    return redirect("acessos_externos:assinatura_externa", numero_sei=documento.numero_sei_formatado)
