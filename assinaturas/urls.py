from django.urls import path

from . import views, views_blocos

app_name = "assinaturas"

urlpatterns = [
    path("documentos/<str:numero_sei>/assinar/", views.assinar, name="assinar"),
    path("documentos/<str:numero_sei>/autenticar/", views.autenticar, name="autenticar"),
    path("documentos/<str:numero_sei>/incluir-em-bloco/", views_blocos.incluir_em_bloco, name="incluir_em_bloco"),
    path("blocos/", views_blocos.lista, name="blocos"),
    path("blocos/<int:numero_bloco>/", views_blocos.detalhe, name="bloco"),
    path("blocos/<int:numero_bloco>/assinar/", views_blocos.assinar, name="bloco_assinar"),
    path("blocos/<int:numero_bloco>/disponibilizar/", views_blocos.disponibilizar, name="bloco_disponibilizar"),
    path("blocos/<int:numero_bloco>/alterar/", views_blocos.alterar, name="bloco_alterar"),
    path("blocos/<int:numero_bloco>/retirar/<str:numero_sei>/", views_blocos.retirar, name="bloco_retirar"),
    path("blocos/<int:numero_bloco>/<slug:acao>/", views_blocos.acao, name="bloco_acao"),
    # Public: printed under every signature and in its QR code.
    path("conferir", views.conferir, name="conferir"),
    # Both need the two codes: nothing is reachable by número SEI alone.
    path("conferir/comparar", views.conferir_comparar, name="conferir-comparar"),
    path("conferir/pdf", views.conferir_pdf, name="conferir-pdf"),
]
