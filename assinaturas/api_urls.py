from django.urls import path

from . import api, api_blocos

urlpatterns = [
    path("documentos/<str:numero_sei>/assinar/", api.AssinarView.as_view(), name="api-documento-assinar"),
    path("documentos/<str:numero_sei>/autenticar/", api.AutenticarView.as_view(), name="api-documento-autenticar"),
    path(
        "documentos/<str:numero_sei>/assinaturas/preparar/", api.PrepararView.as_view(), name="api-documento-assinatura-preparar"
    ),
    path(
        "documentos/<str:numero_sei>/assinaturas/concluir/", api.ConcluirView.as_view(), name="api-documento-assinatura-concluir"
    ),
    path("documentos/<str:numero_sei>/assinaturas/", api.AssinaturasView.as_view(), name="api-documento-assinaturas"),
    path("cargos/", api.CargosView.as_view(), name="api-cargos"),
    path("autenticidade/", api.AutenticidadeView.as_view(), name="api-autenticidade"),
    path("autenticidade/pdf/", api.AutenticidadePdfView.as_view(), name="api-autenticidade-pdf"),
    path("autenticidade/comparar/", api.CompararView.as_view(), name="api-autenticidade-comparar"),
    path("autenticidade/certificados/", api.CertificadosView.as_view(), name="api-autenticidade-certificados"),
    # Blocos de assinatura
    path("blocos/", api_blocos.BlocosView.as_view(), name="api-blocos"),
    path("blocos/<str:numero>/", api_blocos.BlocoView.as_view(), name="api-bloco"),
    path("blocos/<str:numero>/documentos/", api_blocos.BlocoDocumentosView.as_view(), name="api-bloco-documentos"),
    path(
        "blocos/<str:numero>/documentos/<str:numero_sei>/",
        api_blocos.BlocoDocumentoView.as_view(),
        name="api-bloco-documento",
    ),
    path("blocos/<str:numero>/disponibilizar/", api_blocos.BlocoDisponibilizarView.as_view(), name="api-bloco-disponibilizar"),
    path(
        "blocos/<str:numero>/cancelar-disponibilizacao/",
        api_blocos.BlocoCancelarDisponibilizacaoView.as_view(),
        name="api-bloco-cancelar-disponibilizacao",
    ),
    path("blocos/<str:numero>/devolver/", api_blocos.BlocoDevolverView.as_view(), name="api-bloco-devolver"),
    path("blocos/<str:numero>/concluir/", api_blocos.BlocoConcluirView.as_view(), name="api-bloco-concluir"),
    path("blocos/<str:numero>/reabrir/", api_blocos.BlocoReabrirView.as_view(), name="api-bloco-reabrir"),
    path("blocos/<str:numero>/assinar/", api_blocos.BlocoAssinarView.as_view(), name="api-bloco-assinar"),
]
