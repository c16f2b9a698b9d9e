"""Routes of the process endpoints that answer with the process detail (``mesa.api``)."""

from django.urls import path

import sei.conversores  # noqa: F401 - the ``nup_api`` path converter

from . import api

P = "processos/<nup_api:nup>/"

urlpatterns = [
    path("processos/", api.ProcessosView.as_view(), name="api-processos"),
    path(P, api.ProcessoView.as_view(), name="api-processo"),
    path(P + "enviar/", api.EnviarView.as_view(), name="api-processo-enviar"),
    path(P + "receber/", api.ReceberView.as_view(), name="api-processo-receber"),
    path(P + "concluir/", api.ConcluirView.as_view(), name="api-processo-concluir"),
    path(P + "reabrir/", api.ReabrirView.as_view(), name="api-processo-reabrir"),
    path(P + "sobrestar/", api.SobrestarView.as_view(), name="api-processo-sobrestar"),
    path(
        P + "remover-sobrestamento/",
        api.RemoverSobrestamentoView.as_view(),
        name="api-processo-remover-sobrestamento",
    ),
    path(P + "anexar/", api.AnexarView.as_view(), name="api-processo-anexar"),
    path(P + "relacionar/", api.RelacionarView.as_view(), name="api-processo-relacionar"),
    path(P + "relacionamentos/<nup_api:outro>/", api.RelacionamentoView.as_view(), name="api-processo-relacionamento"),
    path(P + "atribuir/", api.AtribuirView.as_view(), name="api-processo-atribuir"),
]
