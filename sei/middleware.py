import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from sei.exceptions import ReautenticacaoNecessaria

logger = logging.getLogger("sei.sessao")


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (no inline scripts)."""

    CSP = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


# --- Session timeouts (ASVS 7.3.1 inactivity, 7.3.2 absolute) --------------------------------

SESSAO_INICIO = "sei_inicio"
SESSAO_ULTIMO_USO = "sei_ultimo_uso"
# The last use is written at most this often: a session row is not rewritten on every click.
_RESOLUCAO_SEGUNDOS = 60


def registrar_saida(sender, request, user, **kwargs) -> None:
    """``user_logged_out`` receiver: logouts are authentication events too (ASVS 16.3.1);
    logins and failures are logged by django-axes."""
    logger.info("saída: usuario=%s", getattr(user, "pk", None))


def marcar_inicio_da_sessao(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: every login (site, admin) starts both clocks."""
    agora = int(time.time())
    request.session[SESSAO_INICIO] = agora
    request.session[SESSAO_ULTIMO_USO] = agora


class SessaoExpiraMiddleware:
    """Ends a browser session idle for ``SEI_SESSAO_INATIVIDADE_SEGUNDOS`` or older than
    ``SEI_SESSAO_SEGUNDOS`` since login, whatever the activity: the user is logged out and the
    login page says why. API calls with a token carry no session and are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._conferir(request)
        return self.get_response(request)

    def _conferir(self, request) -> None:
        sessao = request.session
        agora = int(time.time())
        inicio = sessao.setdefault(SESSAO_INICIO, agora)
        ultimo = sessao.get(SESSAO_ULTIMO_USO, agora)
        if agora - ultimo > settings.SEI_SESSAO_INATIVIDADE_SEGUNDOS:
            motivo = "Sua sessão foi encerrada por inatividade. Entre novamente."
        elif agora - inicio > settings.SESSION_COOKIE_AGE:
            motivo = "Sua sessão atingiu a duração máxima. Entre novamente."
        else:
            if agora - ultimo >= _RESOLUCAO_SEGUNDOS or SESSAO_ULTIMO_USO not in sessao:
                sessao[SESSAO_ULTIMO_USO] = agora
            return
        logger.info("sessão encerrada: %s usuario=%s", motivo, request.user.pk)
        logout(request)
        messages.info(request, motivo)


class ReautenticacaoMiddleware:
    """A page that reached a sigiloso whose password was not typed again (the selectors raise
    ``ReautenticacaoNecessaria``) shows the password page, then comes back: to the same address
    for a GET, to the process page after a form (a POST is never replayed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ReautenticacaoNecessaria):
            return None
        url = reverse("processos:reautenticar", args=[exception.nup])
        if request.method == "GET":
            volta = request.get_full_path()
        else:
            volta = reverse("processos:detalhe", args=[exception.nup])
        return redirect(f"{url}?{urlencode({'next': volta})}")


# --- Two portals ---------------------------------------------------------------------------------

# What an external user's session may reach: the portal, its API, and what any visitor may.
PREFIXOS_DO_PORTAL_EXTERNO = ("/externo/", "/api/v1/externo/")
_LIVRES_PARA_EXTERNOS = (*PREFIXOS_DO_PORTAL_EXTERNO, "/publico/", "/api/v1/publico/", "/static/", "/favicon.ico")


class PortaisSeparadosMiddleware:
    """An external user's browser session never reaches an internal page or endpoint: pages send
    it to the portal's home, the API answers 403. (Tokens are checked by the API's permission
    classes: ``sei.permissoes.SomenteInterno`` by default, the portal's own under ``/api/v1/externo/``.)
    The reverse, an internal user in the portal, is refused by the portal's views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        usuario = request.user
        if usuario.is_authenticated and not usuario.interno and not request.path_info.startswith(_LIVRES_PARA_EXTERNOS):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Usuário externo: use a API do portal, em /api/v1/externo/.", "code": "usuario_externo"},
                    status=403,
                )
            return redirect("/externo/")
        return self.get_response(request)
