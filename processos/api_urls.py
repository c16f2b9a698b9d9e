"""Routes of the processes API under ``/api/v1/``.

A NUP in the path may carry its punctuation (``12345.000001/2026-80``, slash included) or not;
anything else still reaches the view, which answers a JSON 404.
"""

from django.urls import path, register_converter

from . import api


class NupConverter:
    regex = r"(?:\d{5}\.?\d{6}/?\d{4}-?\d{2}|[^/]+)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NupConverter, "nup_api")

P = "processos/<nup_api:nup>/"

urlpatterns = [
    path("tipos-processo/", api.TiposProcessoView.as_view(), name="api-tipos-processo"),
    path("hipoteses-legais/", api.HipotesesLegaisView.as_view(), name="api-hipoteses-legais"),
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
    path(
        P + "relacionamentos/<nup_api:outro>/",
        api.RelacionamentoView.as_view(),
        name="api-processo-relacionamento",
    ),
    path(P + "atribuir/", api.AtribuirView.as_view(), name="api-processo-atribuir"),
    path(P + "credenciais/", api.CredenciaisView.as_view(), name="api-processo-credenciais"),
    path(
        P + "credenciais/<int:credencial_id>/cassar/",
        api.CassarCredencialView.as_view(),
        name="api-processo-credencial-cassar",
    ),
    path(P + "andamentos/", api.AndamentosView.as_view(), name="api-processo-andamentos"),
    path(P + "acessos-externos/", api.AcessosExternosView.as_view(), name="api-processo-acessos-externos"),
    path("controle-processos/", api.CaixaView.as_view(), name="api-controle-processos"),
]
