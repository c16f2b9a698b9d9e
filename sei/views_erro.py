"""Error pages: JSON in the API's shape under /api/, the site's template elsewhere."""

from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.views.defaults import bad_request, page_not_found, permission_denied, server_error

from sei.api import erro_de_requisicao


def _api(request) -> bool:
    return request.path.startswith("/api/")


def requisicao_invalida(request, exception=None):
    """400 raised by Django outside the API views (a ``SuspiciousOperation``: body over the
    limits, disallowed host...); a body too large is a 413 under /api/."""
    if _api(request):
        if isinstance(exception, SuspiciousOperation):
            codigo, corpo = erro_de_requisicao(exception)
        else:
            codigo, corpo = 400, {"detail": "Requisição malformada.", "code": "requisicao_malformada"}
        return JsonResponse(corpo, status=codigo)
    return bad_request(request, exception)


def acesso_negado(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "Acesso negado.", "code": "acesso_negado"}, status=403)
    return permission_denied(request, exception)


def nao_encontrado(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "Não encontrado.", "code": "nao_encontrado"}, status=404)
    return page_not_found(request, exception)


def erro_interno(request):
    if _api(request):
        return JsonResponse({"detail": "Erro interno do servidor.", "code": "erro_interno"}, status=500)
    return server_error(request)
