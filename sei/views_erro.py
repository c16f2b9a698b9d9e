"""Error pages: JSON in the API's shape under /api/, the site's template elsewhere."""

from django.http import JsonResponse
from django.views.defaults import page_not_found, server_error


def _api(request) -> bool:
    return request.path.startswith("/api/")


def nao_encontrado(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "Não encontrado.", "code": "nao_encontrado"}, status=404)
    return page_not_found(request, exception)


def erro_interno(request):
    if _api(request):
        return JsonResponse({"detail": "Erro interno do servidor.", "code": "erro_interno"}, status=500)
    return server_error(request)
