"""Pesquisa pública (no login), under ``/publico/``."""

from django.urls import path

from . import views_publica

app_name = "publico"

urlpatterns = [
    path("pesquisa/", views_publica.pesquisa, name="pesquisa"),
    path("processos/<str:nup>/", views_publica.processo, name="processo"),
    path("documentos/<str:numero_sei>/", views_publica.documento, name="documento"),
]
