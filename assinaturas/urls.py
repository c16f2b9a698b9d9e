from django.urls import path

from . import views

app_name = "assinaturas"

urlpatterns = [
    path("documentos/<str:numero_sei>/assinar/", views.assinar, name="assinar"),
    path("documentos/<str:numero_sei>/autenticar/", views.autenticar, name="autenticar"),
    # Public: printed under every signature and in its QR code.
    path("conferir", views.conferir, name="conferir"),
]
