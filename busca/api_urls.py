"""Routes of the search API under ``/api/v1/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("busca/", api.PesquisaView.as_view(), name="api-busca"),
]
