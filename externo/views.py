"""Pages of the external portal (``/externo/``): its own login and layout. Every page but the
public ones requires an approved external user (``externo_requerido``); an internal user's session
is not an external one."""

from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse_lazy

from . import selectors
from .forms import EntrarForm
from .services import usuario_externo_liberado


def externo_requerido(view):
    @wraps(view)
    def _view(request, *args, **kwargs):
        if not usuario_externo_liberado(request.user):
            return redirect_to_login(request.get_full_path(), reverse_lazy("externo:entrar"))
        return view(request, *args, **kwargs)

    return _view


class EntrarView(auth_views.LoginView):
    authentication_form = EntrarForm
    template_name = "externo/entrar.html"
    redirect_authenticated_user = False
    next_page = reverse_lazy("externo:inicio")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "nome_orgao": settings.SEI_NOME_ORGAO}

    def get_default_redirect_url(self):
        return str(reverse_lazy("externo:inicio"))


class SairView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
    next_page = reverse_lazy("externo:entrar")


@externo_requerido
def inicio(request):
    # The grants in force (the process pages: externo.views_processos).
    acessos = selectors.acessos_do_usuario(ator=selectors.ator_externo(request.user))
    return render(request, "externo/inicio.html", {"nome_orgao": settings.SEI_NOME_ORGAO, "acessos": acessos})
