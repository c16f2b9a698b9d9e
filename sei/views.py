"""Organisation pages: login (django-axes counts failures), logout, password reset by e-mail,
unit switcher."""

import hashlib
import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from .contexto import SESSAO_UNIDADE, lotacoes_do_usuario
from .forms import EsqueciSenhaForm, LoginForm, NovaSenhaForm, TrocarUnidadeForm
from .web import excedeu_limite

logger = logging.getLogger("sei.autenticacao")


class LoginView(auth_views.LoginView):
    """After login the user acts in their first unit (the session starts clean)."""

    authentication_form = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # From the settings, not the database: the login page makes no query.
        return {**super().get_context_data(**kwargs), "nome_orgao": settings.SEI_NOME_ORGAO}

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
    messages.success(request, f"Unidade alterada para {lotacao.unidade.sigla} — {lotacao.unidade.nome}.")
    return redirect("processos:controle")


# --- Esqueci minha senha: Django's reset views, with pt-BR pages and e-mail ------------------


class EsqueciSenhaView(auth_views.PasswordResetView):
    """The same answer whatever the address (Django's form mails only active users with that
    address); past ``SEI_SENHA_PEDIDOS`` requests an hour from one address, or for one e-mail,
    nothing more is sent — still the same answer."""

    form_class = EsqueciSenhaForm
    template_name = "registration/senha_esqueci.html"
    email_template_name = "registration/senha_email.txt"
    subject_template_name = "registration/senha_assunto.txt"
    success_url = reverse_lazy("senha_enviada")
    # The link points at the public address when one is configured, not at the request's Host.
    extra_email_context = {"url_publica": settings.SEI_URL_PUBLICA}

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        limite = settings.SEI_SENHA_PEDIDOS
        por_email = "sei-senha:e:" + hashlib.sha256(email.encode()).hexdigest()
        por_endereco = "sei-senha:ip:" + (self.request.META.get("REMOTE_ADDR") or "")
        excedeu = excedeu_limite(por_endereco, limite, 3600)
        excedeu = excedeu_limite(por_email, limite, 3600) or excedeu
        if excedeu:
            logger.warning(
                "pedido de nova senha recusado (limite): endereco=%s", self.request.META.get("REMOTE_ADDR")
            )
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class SenhaEnviadaView(auth_views.PasswordResetDoneView):
    template_name = "registration/senha_enviada.html"
    extra_context = {"validade_minutos": settings.PASSWORD_RESET_TIMEOUT // 60}


class NovaSenhaView(auth_views.PasswordResetConfirmView):
    """The link of the e-mail (Django's token: one use, expires after ``SEI_SENHA_LINK_MINUTOS``).
    The new password clears the account's login lockout: whoever reads its e-mail owns it."""

    form_class = NovaSenhaForm
    template_name = "registration/senha_nova.html"
    success_url = reverse_lazy("senha_redefinida")

    def form_valid(self, form):
        resposta = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        logger.info("senha redefinida por e-mail: usuario=%s", form.user.pk)
        return resposta


class SenhaRedefinidaView(auth_views.PasswordResetCompleteView):
    template_name = "registration/senha_redefinida.html"
