"""The search page."""

from django.urls import path

from . import views

app_name = "busca"

urlpatterns = [
    path("pesquisa/", views.pesquisa, name="pesquisa"),
]
