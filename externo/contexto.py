"""Template context of this app: the internal menu's "Usuários externos" entry with its count,
and which frame a shared page (the lockout page) is drawn in."""

from .selectors import cadastros_aguardando
from .services import pode_liberar_cadastros

# Whether the user may decide on registrations, noted at login: the menu of every internal page
# asks no permission query (the pages themselves check the permission on every request).
SESSAO_PODE_LIBERAR = "externo_pode_liberar"


def marcar_permissao(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSAO_PODE_LIBERAR] = bool(user.interno and pode_liberar_cadastros(user))


def externo_context(request):
    contexto = {
        "moldura_base": "externo/base.html" if request.path_info.startswith("/externo/") else "base.html",
    }
    usuario = getattr(request, "user", None)
    if not (usuario and usuario.is_authenticated and request.session.get(SESSAO_PODE_LIBERAR)):
        return contexto

    # Lazy: a page that does not draw the menu runs no query.
    def contar():
        if not hasattr(request, "_sei_cadastros_aguardando"):
            request._sei_cadastros_aguardando = cadastros_aguardando()
        return request._sei_cadastros_aguardando

    contexto["cadastros_aguardando"] = contar
    return contexto
