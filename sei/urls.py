from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("sei.api_urls")),
    path("api/v1/", include("processos.api_urls")),
    path("api/v1/", include("documentos.api_urls")),
    path("", include("sei.web_urls")),
    path("", include("documentos.urls")),
    path("", include("processos.urls")),
]

handler404 = "sei.views_erro.nao_encontrado"
handler500 = "sei.views_erro.erro_interno"
