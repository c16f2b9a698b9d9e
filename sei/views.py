"""Organisation pages: login (django-axes counts failures), logout, unit switcher."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .contexto import SESSAO_UNIDADE, lotacoes_do_usuario
from .forms import LoginForm, TrocarUnidadeForm


class LoginView(auth_views.LoginView):
    """After login the user acts in their first unit (the session starts clean)."""

    authentication_form = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        resposta = super().form_valid(form)
        primeira = lotacoes_do_usuario(form.get_user()).first()
        if primeira is not None:
            self.request.session[SESSAO_UNIDADE] = primeira.unidade_id
        else:
            self.request.session.pop(SESSAO_UNIDADE, None)
        return resposta


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): a link cannot log anyone out."""

    http_method_names = ["post", "options"]


@login_required
@require_POST
def trocar_unidade(request):
    """Act in another unit: only among the user's own active units."""
    form = TrocarUnidadeForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied("Unidade inválida.")
    lotacao = lotacoes_do_usuario(request.user).filter(unidade_id=form.cleaned_data["unidade"]).first()
    if lotacao is None:
        raise PermissionDenied("Você não pertence a esta unidade.")
    request.session[SESSAO_UNIDADE] = lotacao.unidade_id
    return redirect("processos:controle")
