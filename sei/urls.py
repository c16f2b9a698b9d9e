from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class Favicon(RedirectView):
    """``/favicon.ico``, asked by browsers and tools that never read the page's ``<link rel=icon>``."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/sei.svg")


urlpatterns = [
    path("favicon.ico", Favicon.as_view()),
    path("admin/", admin.site.urls),
    # For whoever uses the API (session or token); the browsable docs for a logged-in browser,
    # their script served as a file so that the site's CSP (no inline script) holds there too.
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("api/v1/", include("sei.api_urls")),
    path("api/v1/", include("processos.api_urls")),
    path("api/v1/", include("mesa.api_urls")),
    path("api/v1/", include("documentos.api_urls")),
    path("api/v1/", include("assinaturas.api_urls")),
    path("api/v1/", include("busca.api_urls")),
    path("api/v1/publico/", include("busca.api_urls_publica")),
    path("api/v1/", include("externo.api_urls_internos")),
    path("api/v1/externo/", include("externo.api_urls")),
    # Before processos' "processos/<nup>/<acao>/" (the action forms of the process page).
    path("", include("externo.urls_internos")),
    path("", include("sei.web_urls")),
    path("", include("documentos.urls")),
    path("", include("assinaturas.urls")),
    path("", include("busca.urls")),
    path("", include("mesa.urls")),
    path("externo/", include("externo.urls")),
    # Public (no login): the pesquisa pública.
    path("publico/ouvidoria/", include("externo.urls_ouvidoria")),
    path("publico/", include("busca.urls_publica")),
    path("usuarios-externos/", include("externo.urls_cadastros")),
]

handler400 = "sei.views_erro.requisicao_invalida"
handler403 = "sei.views_erro.acesso_negado"
handler404 = "sei.views_erro.nao_encontrado"
handler500 = "sei.views_erro.erro_interno"
