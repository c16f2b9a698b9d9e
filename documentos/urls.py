from django.urls import path

from . import views

app_name = "documentos"

urlpatterns = [
    path("processos/<str:nup>/documentos/novo/", views.documento_incluir, name="incluir"),
    path("processos/<str:nup>/documentos/externo/", views.documento_externo_incluir, name="incluir_externo"),
    path("processos/<str:nup>/exportar/", views.exportar, name="exportar"),
    path("documentos/<str:numero_sei>/", views.documento_detalhe, name="detalhe"),
    path("documentos/<str:numero_sei>/conteudo", views.documento_conteudo, name="conteudo"),
    path("documentos/<str:numero_sei>/arquivo", views.documento_arquivo, name="arquivo"),
    path("documentos/<str:numero_sei>/pdf", views.documento_pdf, name="pdf"),
    path("documentos/<str:numero_sei>/editar/", views.documento_editar, name="editar"),
    path("documentos/<str:numero_sei>/versoes/", views.documento_versoes, name="versoes"),
    path("documentos/<str:numero_sei>/versoes/comparar/", views.documento_comparar, name="comparar"),
    path("documentos/<str:numero_sei>/versoes/<int:numero>/", views.documento_versao, name="versao"),
    path(
        "documentos/<str:numero_sei>/versoes/<int:numero>/restaurar",
        views.documento_restaurar,
        name="restaurar",
    ),
    path("documentos/<str:numero_sei>/cancelar", views.documento_cancelar, name="cancelar"),
    path("documentos/<str:numero_sei>/excluir", views.documento_excluir, name="excluir"),
    path("exportacoes/<int:pk>/", views.exportacao_progresso, name="exportacao"),
    path("exportacoes/<int:pk>/estado", views.exportacao_estado, name="exportacao_estado"),
    path("exportacoes/<int:pk>/arquivo", views.exportacao_arquivo, name="exportacao_arquivo"),
]
