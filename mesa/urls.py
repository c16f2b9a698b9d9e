"""The process pages under their ``processos:`` names: this app's process page, composed with the
other pages of ``processos`` (included here, as the site's routes, in place of
``processos.urls``)."""

from django.urls import path

from processos import urls as processos_urls

from . import views

app_name = "processos"

urlpatterns = [
    *processos_urls.urlpatterns,  # fixed paths (lote/, pesquisa/, iniciar/) first
    path("processos/<str:nup>/", views.processo_detalhe, name="detalhe"),
]
