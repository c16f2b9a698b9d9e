"""Routes of the processes API under ``/api/v1/`` (``sei.conversores``: a NUP in the path may
carry its punctuation or not). The routes answering with the process detail are in
``mesa.api_urls``; those of the acessos externos (``processos/{nup}/acessos-externos/``), in
``externo.api_urls_internos``."""

from django.urls import path

import sei.conversores  # noqa: F401 - the ``nup_api`` path converter

from . import api

P = "processos/<nup_api:nup>/"

urlpatterns = [
    path("tipos-processo/", api.TiposProcessoView.as_view(), name="api-tipos-processo"),
    path("hipoteses-legais/", api.HipotesesLegaisView.as_view(), name="api-hipoteses-legais"),
    path(P + "credenciais/", api.CredenciaisView.as_view(), name="api-processo-credenciais"),
    path(
        P + "credenciais/<int:credencial_id>/cassar/",
        api.CassarCredencialView.as_view(),
        name="api-processo-credencial-cassar",
    ),
    path(P + "andamentos/", api.AndamentosView.as_view(), name="api-processo-andamentos"),
    path("controle-processos/", api.CaixaView.as_view(), name="api-controle-processos"),
]
