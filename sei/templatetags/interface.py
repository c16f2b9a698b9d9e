"""Small drawing helpers shared by every page: the icon of the sprite."""

from django import template
from django.templatetags.static import static
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
