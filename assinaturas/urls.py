from django.urls import path

from . import views

app_name = "assinaturas"

urlpatterns = [
    path("documentos/<str:numero_sei>/assinar/", views.assinar, name="assinar"),
    path("documentos/<str:numero_sei>/autenticar/", views.autenticar, name="autenticar"),
    # Public: printed under every signature and in its QR code.
    path("conferir", views.conferir, name="conferir"),
    # Both need the two codes: nothing is reachable by número SEI alone.
    path("conferir/comparar", views.conferir_comparar, name="conferir-comparar"),
    path("conferir/pdf", views.conferir_pdf, name="conferir-pdf"),
]
