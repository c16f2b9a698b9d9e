"""Pages of the external portal (``/externo/``): its own login (with the second step of the
authenticator code when the user enabled it), layout, registration, e-mail confirmation, password
reset and account. Every page but the public ones requires an approved external user
(``externo_requerido``); an internal user's session is not an external one."""

import hashlib
import logging
import time
from functools import wraps

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from sei import services as sei_services
from sei import views as sei_views
from sei.exceptions import ErroDominio
from sei.models import Usuario
from sei.senhas import confirmar_senha
from sei.web import aplicar_erros, excedeu_limite

from . import selectors, services
from .forms import (
    CadastroForm,
    CodigoForm,
    ContatoForm,
    EmailForm,
    EntrarForm,
    EsqueciSenhaExternoForm,
    SenhaForm,
    TrocarSenhaForm,
)
from .qr import qr_data_uri

logger = logging.getLogger("sei.externo")

# The login waiting for the authenticator's code: user, backend, when, where to go after.
SESSAO_SEGUNDO_FATOR = "externo_segundo_fator"
_SEGUNDO_FATOR_SEGUNDOS = 300


def _contexto(**extra) -> dict:
    return {"nome_orgao": settings.SEI_NOME_ORGAO, **extra}


def _url_base(request) -> str:
    return request.build_absolute_uri("/")


def _endereco(request) -> str:
    return request.META.get("REMOTE_ADDR") or ""


def externo_requerido(view):
    """An approved external user; one with an authenticator app must have typed its code in
    this session (a session opened before the app was enabled elsewhere is asked for it)."""

    @wraps(view)
    def _view(request, *args, **kwargs):
        usuario = request.user
        if not services.usuario_externo_liberado(usuario):
            return redirect_to_login(request.get_full_path(), reverse_lazy("externo:entrar"))
        if services.falta_segundo_fator(usuario):
            destino = reverse("externo:entrar_codigo") + "?" + urlencode({"next": request.get_full_path()})
            return redirect(destino)
        return view(request, *args, **kwargs)

    return _view


# --- Login -------------------------------------------------------------------------------------


class EntrarView(auth_views.LoginView):
    authentication_form = EntrarForm
    template_name = "externo/entrar.html"
    redirect_authenticated_user = False
    next_page = reverse_lazy("externo:inicio")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_contexto()}

    def get_default_redirect_url(self):
        return str(reverse_lazy("externo:inicio"))

    def form_valid(self, form):
        usuario = form.get_user()
        if services.dispositivo_confirmado(usuario) is None:
            return super().form_valid(form)
        # The password was right: the session is not logged in until the code is typed.
        self.request.session[SESSAO_SEGUNDO_FATOR] = {
            "u": usuario.pk,
            "b": usuario.backend,
            "t": int(time.time()),
            "n": self.get_success_url(),
        }
        return redirect("externo:entrar_codigo")


def _usuario_do_segundo_passo(request):
    """The user the code is for, and whether their password was typed just now (login pending)."""
    pendente = request.session.get(SESSAO_SEGUNDO_FATOR)
    if pendente and time.time() - pendente.get("t", 0) <= _SEGUNDO_FATOR_SEGUNDOS:
        usuario = Usuario.objects.filter(pk=pendente.get("u"), tipo=Usuario.Tipo.EXTERNO).first()
        return usuario, pendente
    request.session.pop(SESSAO_SEGUNDO_FATOR, None)
    if request.user.is_authenticated and not request.user.interno:
        return request.user, None
    return None, None


def entrar_codigo(request):
    """The login's second step: the code of the authenticator app (django-otp TOTP, with its own
    throttling). A wrong code counts as a failed login for django-axes, so the lockout holds."""
    usuario, pendente = _usuario_do_segundo_passo(request)
    dispositivo = services.dispositivo_confirmado(usuario) if usuario else None
    if usuario is None or dispositivo is None or not services.usuario_externo_liberado(usuario):
        request.session.pop(SESSAO_SEGUNDO_FATOR, None)
        messages.info(request, "Entre de novo com o CPF (ou e-mail) e a senha.")
        return redirect("externo:entrar")
    credenciais = {"username": usuario.get_username()}
    if AxesProxyHandler.is_locked(request, credenciais):
        request.session.pop(SESSAO_SEGUNDO_FATOR, None)
        request.axes_locked_out, request.axes_credentials = True, credenciais
        return render(request, "externo/entrar_codigo.html", _contexto(form=CodigoForm()), status=429)
    form = CodigoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verificado = django_otp.verify_token(
            usuario, dispositivo.persistent_id, form.cleaned_data["codigo"].strip()
        )
        if verificado is not None:
            if pendente is not None:
                request.session.pop(SESSAO_SEGUNDO_FATOR, None)
                usuario.otp_device = verificado  # django-otp keeps it in the session at login
                auth_login(request, usuario, backend=pendente["b"])
                destino = pendente.get("n") or reverse("externo:inicio")
            else:
                django_otp.login(request, verificado)
                destino = request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(destino, {request.get_host()}, request.is_secure()):
                destino = reverse("externo:inicio")
            return HttpResponseRedirect(destino)
        user_login_failed.send(sender=__name__, credentials=credenciais, request=request)
        form.add_error("codigo", "Código incorreto ou vencido. Confira o relógio do celular e tente de novo.")
    return render(request, "externo/entrar_codigo.html", _contexto(form=form))


class SairView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
    next_page = reverse_lazy("externo:entrar")


@externo_requerido
def inicio(request):
    # The grants in force (the process pages: externo.views_processos).
    # First, the documents awaiting the user's signature (externo.views_assinaturas).
    # The grants, 50 a page (a law firm follows hundreds of processes), with a filter.
    ator = selectors.ator_externo(request.user)
    busca = request.GET.get("q", "")
    pagina = Paginator(selectors.acessos_do_usuario(ator=ator, busca=busca), 50).get_page(request.GET.get("pagina"))
    intimacoes = selectors.intimacoes_do_usuario(ator=ator)
    pendentes = selectors.assinaturas_pendentes(usuario=request.user)
    return render(
        request,
        "externo/inicio.html",
        _contexto(pagina=pagina, busca=busca.strip(), intimacoes=intimacoes, pendentes=pendentes),
    )


# --- Registration ----------------------------------------------------------------------------------


def cadastro(request):
    """Public registration. Each attempt from an address counts (``SEI_CADASTRO_PEDIDOS`` an
    hour): past it the form answers with a wait, and nothing is created."""
    texto, versao = services.termos_vigentes()
    form = CadastroForm(request.POST or None, initial={"termos_versao": versao})
    if request.method == "POST":
        if excedeu_limite("sei-cadastro:ip:" + _endereco(request), settings.SEI_CADASTRO_PEDIDOS, 3600):
            logger.warning("cadastro externo recusado (limite): endereco=%s", _endereco(request))
            form.add_error(None, "Muitos cadastros feitos deste endereço. Tente de novo mais tarde.")
        elif form.is_valid():
            dados = form.cleaned_data
            try:
                services.cadastro_registrar(
                    cpf=dados["cpf"],
                    nome=dados["nome"],
                    email=dados["email"],
                    senha=dados["senha"],
                    telefone=dados["telefone"],
                    endereco=dados["endereco"],
                    termos_versao=dados["termos_versao"] if dados["aceite"] else "",
                    url_base=_url_base(request),
                )
            except ErroDominio as erro:
                if erro.code == "termos_atualizados":
                    # The new text is shown; it must be accepted again.
                    novos = request.POST.copy()
                    novos["termos_versao"] = versao
                    novos.pop("aceite", None)
                    form = CadastroForm(novos)
                    form.is_valid()
                    form.add_error(None, erro.mensagem)
                else:
                    aplicar_erros(form, erro)
            else:
                request.session["externo_cadastro_email"] = dados["email"]
                return redirect("externo:cadastro_enviado")
    return render(request, "externo/cadastro.html", _contexto(form=form, termos=texto))


def cadastro_enviado(request):
    email = request.session.get("externo_cadastro_email", "")
    return render(
        request,
        "externo/cadastro_enviado.html",
        _contexto(email=email, validade_horas=settings.SEI_CADASTRO_LINK_HORAS),
    )


def confirmar_email(request, token):
    """The link of the e-mail shows a page whose button confirms (a GET changes nothing: mail
    scanners open links too)."""
    try:
        cadastro = services.cadastro_do_token(token)
    except ErroDominio as erro:
        return render(request, "externo/confirmar_email.html", _contexto(erro=erro), status=400)
    if request.method == "POST":
        try:
            cadastro = services.cadastro_confirmar_email(token=token)
        except ErroDominio as erro:
            return render(request, "externo/confirmar_email.html", _contexto(erro=erro), status=400)
        messages.success(request, "E-mail confirmado.")
        return render(request, "externo/confirmar_email.html", _contexto(cadastro=cadastro, confirmado=True))
    return render(
        request,
        "externo/confirmar_email.html",
        _contexto(cadastro=cadastro, confirmado=cadastro.email_confirmado_em is not None),
    )


def reenviar_confirmacao(request):
    """Always the same answer; requests counted like the password reset's."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        limite = settings.SEI_CADASTRO_PEDIDOS
        excedeu = excedeu_limite("sei-cadastro:ip:" + _endereco(request), limite, 3600)
        chave = "sei-cadastro:e:" + hashlib.sha256(email.encode()).hexdigest()
        excedeu = excedeu_limite(chave, limite, 3600) or excedeu
        if not excedeu:
            services.confirmacao_reenviar(email=email, url_base=_url_base(request))
        messages.success(
            request,
            "Se houver um cadastro com este e-mail aguardando confirmação, enviamos um link novo para ele.",
        )
        return redirect("externo:entrar")
    return render(request, "externo/reenviar.html", _contexto(form=form))


# --- Password reset: the internal views, in the portal's frame, for external accounts only ----------


class EsqueciSenhaView(sei_views.EsqueciSenhaView):
    form_class = EsqueciSenhaExternoForm
    template_name = "externo/senha_esqueci.html"
    email_template_name = "externo/emails/senha.txt"
    subject_template_name = "externo/emails/senha_assunto.txt"
    success_url = reverse_lazy("externo:senha_enviada")
    extra_context = _contexto()


class SenhaEnviadaView(sei_views.SenhaEnviadaView):
    template_name = "externo/senha_enviada.html"


class NovaSenhaView(sei_views.NovaSenhaView):
    # The internal page, in the portal's frame (``moldura_base``), asking the portal for a new link.
    success_url = reverse_lazy("externo:senha_redefinida")
    extra_context = {"rota_senha_esqueci": "externo:senha_esqueci"}

    def get_user(self, uidb64):
        usuario = super().get_user(uidb64)
        return usuario if usuario is not None and not usuario.interno else None


class SenhaRedefinidaView(sei_views.SenhaRedefinidaView):
    template_name = "externo/senha_redefinida.html"


# --- Account ------------------------------------------------------------------------------------------


def _conta(request, **forms):
    usuario = request.user
    contexto = {
        "cadastro": usuario.cadastro_externo,
        "form_contato": forms.get("contato") or ContatoForm(instance=usuario.cadastro_externo),
        "form_senha": forms.get("senha") or TrocarSenhaForm(usuario),
        "form_segundo_fator": forms.get("segundo_fator") or SenhaForm(),
        "segundo_fator": services.dispositivo_confirmado(usuario) is not None,
    }
    return render(request, "externo/conta.html", _contexto(**contexto), status=400 if forms else 200)


@externo_requerido
def conta(request):
    """The account page: contact data, password, second factor."""
    if request.method != "POST":
        return _conta(request)
    form = ContatoForm(request.POST, instance=request.user.cadastro_externo)
    if form.is_valid():
        try:
            services.contato_atualizar(
                usuario=request.user,
                telefone=form.cleaned_data["telefone"],
                endereco=form.cleaned_data["endereco"],
            )
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            messages.success(request, "Dados de contato atualizados.")
            return redirect("externo:conta")
    return _conta(request, contato=form)


@externo_requerido
@require_POST
def conta_senha(request):
    """Change the password: the current one is checked as a login attempt (django-axes); the other
    sessions of the account end (Django's session hash), this one stays."""
    form = TrocarSenhaForm(request.user, request.POST)
    senha_atual = request.POST.get("old_password", "")
    try:
        confirmar_senha(request, senha_atual)
    except ErroDominio as erro:
        form.is_valid()
        form.errors.pop("old_password", None)
        form.add_error("old_password", erro.mensagem)
        return _conta(request, senha=form)
    if not form.is_valid():
        return _conta(request, senha=form)
    try:
        sei_services.usuario_definir_senha(usuario=request.user, senha=form.cleaned_data["new_password1"])
    except ErroDominio as erro:
        aplicar_erros(form, erro)
        return _conta(request, senha=form)
    update_session_auth_hash(request, request.user)
    messages.success(request, "Senha alterada.")
    return redirect("externo:conta")


@externo_requerido
@require_POST
def segundo_fator_ativar(request):
    form = SenhaForm(request.POST)
    if form.is_valid():
        try:
            confirmacao = confirmar_senha(request, form.cleaned_data["senha"])
            services.segundo_fator_iniciar(usuario=request.user, confirmacao=confirmacao)
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            return redirect("externo:segundo_fator_confirmar")
    return _conta(request, segundo_fator=form)


@externo_requerido
def segundo_fator_confirmar(request):
    """The secret as a QR code (an SVG image: no inline script or style) and as text, and the first
    code that proves the app holds it."""
    dispositivo = services.dispositivo_em_preparo(request.user)
    if dispositivo is None:
        messages.info(request, "Comece pela ativação da verificação em duas etapas.")
        return redirect("externo:conta")
    form = CodigoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmado = services.segundo_fator_confirmar(
                usuario=request.user, codigo=form.cleaned_data["codigo"]
            )
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            django_otp.login(request, confirmado)
            messages.success(
                request, "Verificação em duas etapas ativada: o login pedirá o código do aplicativo."
            )
            return redirect("externo:conta")
    uri = dispositivo.config_url
    segredo = services.segredo_em_texto(dispositivo)
    resposta = render(
        request,
        "externo/segundo_fator.html",
        _contexto(form=form, qr=qr_data_uri(uri), segredo=segredo, uri=uri),
        status=400 if form.errors else 200,
    )
    resposta["Cache-Control"] = "no-store"
    return resposta


@externo_requerido
@require_POST
def segundo_fator_desativar(request):
    form = SenhaForm(request.POST)
    if form.is_valid():
        try:
            confirmacao = confirmar_senha(request, form.cleaned_data["senha"])
            services.segundo_fator_desativar(usuario=request.user, confirmacao=confirmacao)
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            messages.success(request, "Verificação em duas etapas desativada.")
            return redirect("externo:conta")
    return _conta(request, segundo_fator=form)
