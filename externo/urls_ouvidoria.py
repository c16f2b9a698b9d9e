"""Ouvidoria (no login), under ``/publico/ouvidoria/``."""

from django.urls import path

from . import views_ouvidoria

app_name = "ouvidoria"

urlpatterns = [
    path("", views_ouvidoria.formulario, name="formulario"),
    path("enviada/", views_ouvidoria.enviada, name="enviada"),
    path("confirmar/<str:token>/", views_ouvidoria.confirmar, name="confirmar"),
    path("recibo/<str:token>/", views_ouvidoria.recibo, name="recibo"),
]
