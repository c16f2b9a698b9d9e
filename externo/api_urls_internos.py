"""The acessos externos of a process, in the processes API (``/api/v1/processos/{nup}/...``):
internal users grant and revoke here; the grants live in this app."""

from django.urls import path

import sei.conversores  # noqa: F401 - the ``nup_api`` path converter

from . import api, api_assinaturas

P = "processos/<nup_api:nup>/"
D = "documentos/<str:numero_sei>/assinaturas-externas/"

urlpatterns = [
    path(P + "acessos-externos/", api.AcessosExternosView.as_view(), name="api-processo-acessos-externos"),
    path(
        P + "acessos-externos/<int:acesso_id>/cancelar/",
        api.CancelarAcessoExternoView.as_view(),
        name="api-processo-acesso-externo-cancelar",
    ),
    path(P + "intimacoes/", api.IntimacoesDoProcessoView.as_view(), name="api-processo-intimacoes"),
    path(
        P + "intimacoes/<int:intimacao_id>/cancelar/",
        api.CancelarIntimacaoView.as_view(),
        name="api-processo-intimacao-cancelar",
    ),
    path(D, api_assinaturas.LiberacoesView.as_view(), name="api-documento-assinaturas-externas"),
    path(
        D + "<int:liberacao_id>/cancelar/",
        api_assinaturas.CancelarLiberacaoView.as_view(),
        name="api-documento-assinatura-externa-cancelar",
    ),
]
