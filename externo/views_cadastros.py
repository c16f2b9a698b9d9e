"""Internal pages (the SEI frame, ``/usuarios-externos/``) where an authorised internal user
decides on the external users' registrations: list, detail, liberar / recusar / desativar /
reativar. The permission is checked in one place, ``services.pode_liberar_cadastros``, here on
entry (403 page) and again by each service."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sei.exceptions import ErroDominio
from sei.web import ator_web, avisar_erro

from . import selectors, services
from .forms import MotivoForm
from .models import CadastroExterno

Situacao = CadastroExterno.Situacao


def liberador_requerido(view):
    """The internal actor (user and unit) holding the permission; anyone else gets the 403 page."""

    @wraps(view)
    @login_required
    def _view(request, *args, **kwargs):
        ator = ator_web(request)
        if not services.pode_liberar_cadastros(ator.usuario):
            raise PermissionDenied("Você não tem permissão para analisar cadastros de usuários externos.")
        return view(request, ator, *args, **kwargs)

    return _view


@liberador_requerido
def lista(request, ator):
    situacao = request.GET.get("situacao") or Situacao.PENDENTE
    if situacao not in Situacao.values:
        situacao = Situacao.PENDENTE
    cadastros = list(selectors.cadastros_para_analise(situacao=situacao)[:200])
    return render(
        request,
        "externo/interno/lista.html",
        {"cadastros": cadastros, "situacao": situacao, "situacoes": Situacao.choices},
    )


def _cadastro(pk) -> CadastroExterno:
    cadastro = selectors.cadastro_por_id(pk)
    if cadastro is None:
        raise Http404("Cadastro não encontrado.")
    return cadastro


@liberador_requerido
def detalhe(request, ator, pk):
    cadastro = _cadastro(pk)
    return render(request, "externo/interno/detalhe.html", {"cadastro": cadastro, "form": MotivoForm()})


_ACOES = {
    "liberar": (services.cadastro_liberar, False, "Cadastro liberado; o usuário foi avisado por e-mail."),
    "recusar": (services.cadastro_recusar, True, "Cadastro recusado; o usuário foi avisado por e-mail."),
    "desativar": (
        services.cadastro_desativar,
        True,
        "Cadastro desativado; o usuário foi avisado por e-mail.",
    ),
    "reativar": (services.cadastro_reativar, False, "Cadastro reativado; o usuário foi avisado por e-mail."),
}


@liberador_requerido
@require_POST
def decidir(request, ator, pk, acao):
    if acao not in _ACOES:
        raise Http404
    cadastro = _cadastro(pk)
    servico, com_motivo, sucesso = _ACOES[acao]
    extra = {"motivo": request.POST.get("motivo", "")} if com_motivo else {}
    try:
        servico(ator=ator, usuario=cadastro.usuario, url_base=request.build_absolute_uri("/"), **extra)
    except ErroDominio as erro:
        avisar_erro(request, erro)
        return redirect("cadastros_externos:detalhe", pk=cadastro.pk)
    messages.success(request, sucesso)
    return redirect("cadastros_externos:lista")
