from django.urls import path

from sei.api_views import UnidadesView

urlpatterns = [
    path("unidades/", UnidadesView.as_view(), name="api-unidades"),
]
