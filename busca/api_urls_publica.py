"""Routes of the pesquisa pública's API under ``/api/v1/publico/`` (no login)."""

from django.urls import path

from . import api_publica

urlpatterns = [
    path("pesquisa/", api_publica.PesquisaPublicaView.as_view(), name="api-publico-pesquisa"),
    path("processos/<str:nup>/", api_publica.ProcessoPublicoView.as_view(), name="api-publico-processo"),
]
