from django.urls import path

from . import views, views_processos

app_name = "externo"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("entrar/", views.EntrarView.as_view(), name="entrar"),
    path("sair/", views.SairView.as_view(), name="sair"),
    path("processos/<str:nup>/", views_processos.processo, name="processo"),
    path("processos/<str:nup>/<str:formato>", views_processos.processo_arquivo, name="processo_arquivo"),
    path(
        "documentos/<str:numero_sei>/conteudo", views_processos.documento_conteudo, name="documento_conteudo"
    ),
    path("documentos/<str:numero_sei>/pdf", views_processos.documento_pdf, name="documento_pdf"),
]
