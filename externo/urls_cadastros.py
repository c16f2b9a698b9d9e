"""Internal pages (SEI frame) deciding on the external users' registrations."""

from django.urls import path

from . import views_cadastros as views

app_name = "cadastros_externos"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("<int:pk>/", views.detalhe, name="detalhe"),
    path("<int:pk>/<slug:acao>/", views.decidir, name="decidir"),
]
