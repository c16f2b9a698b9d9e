"""Test URLconf: the site's URLs and error handlers, plus plain Django views (not DRF) under
/api/ and outside it, to see what Django's own 400/403/500 look like there."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path

from sei.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the site's handlers
from sei.urls import urlpatterns as _site


def _ler_corpo(request):
    request.POST  # noqa: B018 - Django parses the body here: its limits raise SuspiciousOperation
    return HttpResponse("ok")


def _proibido(request):
    raise PermissionDenied


def _quebrado(request):
    raise RuntimeError("falha de teste")


urlpatterns = [
    path("api/v1/teste/corpo/", _ler_corpo),
    path("api/v1/teste/proibido/", _proibido),
    path("api/v1/teste/quebrado/", _quebrado),
    path("teste/corpo/", _ler_corpo),
    path("teste/proibido/", _proibido),
    *_site,
]
