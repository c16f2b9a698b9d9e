"""The external users' API (``/api/v1/externo/``): token auth, answers only approved external
users (``externo.api.SomenteExterno``); nothing else in the API answers them."""

from django.urls import path

import sei.conversores  # noqa: F401 - the ``nup_api`` path converter

from . import api, api_assinaturas, api_inclusoes

urlpatterns = [
    path("processos/", api.ProcessosExternosView.as_view(), name="api-externo-processos"),
    path("intimacoes/", api.IntimacoesExternasView.as_view(), name="api-externo-intimacoes"),
    path("intimacoes/<int:intimacao_id>/", api.IntimacaoExternaView.as_view(), name="api-externo-intimacao"),
    path(
        "intimacoes/<int:intimacao_id>/ciencia/",
        api.CienciaExternaView.as_view(),
        name="api-externo-intimacao-ciencia",
    ),
    path("processos/<nup_api:nup>/", api.ProcessoExternoView.as_view(), name="api-externo-processo"),
    path(
        "processos/<nup_api:nup>/documentos/",
        api_inclusoes.DocumentosExternosView.as_view(),
        name="api-externo-processo-documentos",
    ),
    path(
        "processos/<nup_api:nup>/<str:formato>",
        api.ArquivoDoProcessoView.as_view(),
        name="api-externo-processo-arquivo",
    ),
    path(
        "documentos/<str:numero_sei>/conteudo", api.ConteudoExternoView.as_view(), name="api-externo-conteudo"
    ),
    path("documentos/<str:numero_sei>/pdf", api.PdfExternoView.as_view(), name="api-externo-pdf"),
    path("peticoes/", api.PeticoesView.as_view(), name="api-externo-peticoes"),
    path("peticoes/<int:peticao_id>/recibo", api.ReciboView.as_view(), name="api-externo-recibo"),
    path("assinaturas/", api_assinaturas.AssinaturasPendentesView.as_view(), name="api-externo-assinaturas"),
    path(
        "documentos/<str:numero_sei>/assinar",
        api_assinaturas.AssinarExternoView.as_view(),
        name="api-externo-assinar",
    ),
    path(
        "documentos/<str:numero_sei>/assinar/preparar",
        api_assinaturas.PrepararExternoView.as_view(),
        name="api-externo-assinar-preparar",
    ),
    path(
        "documentos/<str:numero_sei>/assinar/concluir",
        api_assinaturas.ConcluirExternoView.as_view(),
        name="api-externo-assinar-concluir",
    ),
]
