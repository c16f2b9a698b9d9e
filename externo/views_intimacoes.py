"""Pages of the intimação eletrônica: the portal's (the intimated user's page and the ciência)
and the internal ones (a process's intimações with the form, the unit's list, cancel)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from processos.views.comum import processo_ou_404
from sei import acesso
from sei.exceptions import AcessoNegado, ErroDominio, NaoEncontrado
from sei.senhas import confirmar_senha
from sei.web import aplicar_erros, ator_web, avisar_erro, exigir_form

from . import intimacoes, selectors
from .forms_acessos import CancelarForm, IntimarForm
from .views import externo_requerido


def link_de_resposta(intimacao) -> str | None:
    """The intercorrente petition's page for this intimação, once that page exists."""
    if intimacao.tipo_resposta == intimacao.TipoResposta.SEM_RESPOSTA or intimacao.respondida_em:
        return None
    try:
        url = reverse("externo:peticao_intercorrente", args=[intimacao.processo.nup])
    except NoReverseMatch:
        return None
    return f"{url}?intimacao={intimacao.pk}"


# --- The portal ------------------------------------------------------------------------------


@never_cache
@externo_requerido
def intimacao(request, intimacao_id):
    ator = selectors.ator_externo(request.user)
    try:
        item = selectors.intimacao_do_usuario(ator=ator, intimacao_id=intimacao_id)
    except NaoEncontrado:
        raise Http404("Intimação não encontrada.") from None
    contexto = {
        "i": item,
        "documentos": selectors.documentos_da_intimacao(ator=ator, intimacao=item),
        "responder": link_de_resposta(item),
        "nome_orgao": settings.SEI_NOME_ORGAO,
    }
    return render(request, "externo/intimacao.html", contexto)


@externo_requerido
@require_POST
def intimacao_ciencia(request, intimacao_id):
    try:
        intimacoes.intimacao_tomar_ciencia(usuario=request.user, intimacao_id=intimacao_id)
    except NaoEncontrado:
        raise Http404("Intimação não encontrada.") from None
    messages.success(request, "Ciência registrada.")
    return redirect("externo:intimacao", intimacao_id=intimacao_id)


# --- The internal side -----------------------------------------------------------------------


@never_cache
@login_required
def intimacoes_do_processo(request, nup):
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    try:
        lista = list(selectors.intimacoes_do_processo(ator=ator, processo=processo))
        disponiveis = list(selectors.documentos_disponibilizaveis(ator=ator, processo=processo))
    except AcessoNegado as erro:
        raise PermissionDenied(erro.mensagem) from None
    pode_intimar = acesso.pode_operar(ator, processo)
    form = IntimarForm(request.POST or None, documentos=disponiveis)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            dados = form.cleaned_data
            try:
                senha = confirmar_senha(request, dados["senha"])
                item = intimacoes.intimacao_expedir(
                    ator=ator,
                    processo=processo,
                    senha=senha,
                    cpf=dados["cpf"],
                    documentos=dados["documentos"],
                    tipo_resposta=dados["tipo_resposta"],
                    prazo_dias=dados["prazo_dias"],
                )
            except ErroDominio as erro:
                aplicar_erros(form, erro)
                status = erro.status
            else:
                messages.success(
                    request,
                    f"Intimação expedida a {item.usuario.get_full_name()}; o intimado receberá um e-mail.",
                )
                return redirect("acessos_externos:intimacoes", nup=processo.nup)
        else:
            status = 400
    contexto = {
        "processo": processo,
        "intimacoes": lista,
        "form": form,
        "pode_intimar": pode_intimar,
        "tacito": settings.SEI_INTIMACAO_PRAZO_TACITO_DIAS,
    }
    return render(request, "externo/intimacoes/processo.html", contexto, status=status)


@login_required
@require_POST
def intimacao_cancelar(request, nup, intimacao_id):
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    try:
        dados = exigir_form(CancelarForm(request.POST))
        intimacoes.intimacao_cancelar(
            ator=ator, processo=processo, intimacao_id=intimacao_id, motivo=dados["motivo"]
        )
    except ErroDominio as erro:
        avisar_erro(request, erro)
    else:
        messages.success(request, "Intimação cancelada.")
    return redirect("acessos_externos:intimacoes", nup=processo.nup)


@never_cache
@login_required
def intimacoes_da_unidade(request):
    ator = ator_web(request)
    pagina = Paginator(selectors.intimacoes_da_unidade(ator=ator), 50).get_page(request.GET.get("pagina"))
    return render(request, "externo/intimacoes/unidade.html", {"pagina": pagina, "unidade": ator.unidade})
