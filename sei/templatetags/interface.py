"""Small drawing helpers shared by every page: the icon of the sprite, the URL mould of rows
built in Python."""

from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html

register = template.Library()

SPRITE = "vendor/lucide-1.62.0/icones.svg"


@register.simple_tag
def icone(nome: str, classe: str = "") -> str:
    """An icon of the sprite, hidden from screen readers (the control around it carries the text)."""
    return format_html(
        '<svg class="icone{}" aria-hidden="true" focusable="false"><use href="{}#i-{}"></use></svg>',
        f" {classe}" if classe else "",
        static(SPRITE),
        nome,
    )


@lru_cache(maxsize=32)
def _molde(nome: str, marcador: str, prefixo: str) -> tuple[str, str]:
    antes, _, depois = reverse(nome, args=[marcador]).partition(marcador)
    return antes, depois


def molde_de_url(nome: str, marcador: str) -> tuple[str, str]:
    """The parts of route ``nome``'s URL around its one argument (``marcador``, a value the
    route accepts): rows drawn by f-strings (the inbox, the tree) join them around each item
    instead of calling ``reverse`` per row. Cached per script prefix."""
    return _molde(nome, marcador, get_script_prefix())
