"""Template context of this app: the "Blocos" count of the main menu."""

from sei.contexto import unidade_da_requisicao
from sei.exceptions import AcessoNegado

from .selectors import blocos_aguardando


def blocos_context(request):
    """Blocos awaiting the acting unit (received and not yet returned, plus its own open or
    returned ones): one COUNT query, only for a logged-in user with a unit."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    try:
        unidade = unidade_da_requisicao(request)
    except AcessoNegado:
        return {}
    if unidade is None:
        return {}

    # Lazy: a page that does not draw the menu (a download, an error page) runs no query.
    def contar():
        if not hasattr(request, "_sei_blocos_aguardando"):
            request._sei_blocos_aguardando = blocos_aguardando(unidade)
        return request._sei_blocos_aguardando

    return {"blocos_aguardando": contar}
