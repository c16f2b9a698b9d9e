"""API permission classes shared by every app (a module of its own: DRF imports the default
class while loading its settings, before ``rest_framework.views`` is importable)."""

from rest_framework.permissions import BasePermission


class SomenteInterno(BasePermission):
    """The default of every endpoint: an authenticated internal user (session or token). An
    external user's token gets 403 here; the portal's API (``/api/v1/externo/``) has its own."""

    code = "usuario_externo"
    message = "Acesso negado: esta API é dos usuários internos; usuários externos usam /api/v1/externo/."

    def has_permission(self, request, view) -> bool:
        usuario = request.user
        return bool(usuario and usuario.is_authenticated and usuario.interno)
