from django.urls import path

from . import api

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
]
