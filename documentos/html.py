"""Sanitising of every HTML the server stores (nh3, an allowlist): no script, no event
attribute, no ``javascript:`` URL, no style that can hide content. What is shown is what is stored."""

import html
import re

import nh3

TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "hr", "span", "div",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "a",
}  # fmt: skip
ATRIBUTOS = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start"},
    "*": {"class"},
}
# No inline style at all (the editor aligns with classes): nothing can position, hide, shrink or
# recolour content, and the sandboxed content page, whose CSP refuses inline styles, shows what
# the PDF shows.
CLASSES = {"text-left", "text-center", "text-right", "text-justify"}
ESQUEMAS_URL = {"http", "https", "mailto"}


def _filtrar_atributo(tag: str, atributo: str, valor: str) -> str | None:
    if atributo == "class":
        classes = [c for c in valor.split() if c in CLASSES]
        return " ".join(classes) or None
    return valor


def sanitizar(html: str) -> str:
    """The stored form of any user HTML (editor, API, models, textos padrão)."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATRIBUTOS,
        attribute_filter=_filtrar_atributo,
        url_schemes=ESQUEMAS_URL,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def texto_puro(html: str) -> str:
    """Text of an HTML fragment (for search and comparisons), still HTML-escaped (``&lt;``)."""
    return nh3.clean(html or "", tags=set(), attributes={}).replace("&nbsp;", " ")


_QUEBRA_BLOCO = re.compile(r"<(?=/?(?:p|h[1-6]|li|br|div|tr|td|th|blockquote|table)\b)", re.IGNORECASE)


def texto_corrido(conteudo: str) -> str:
    """The text a reader sees in an HTML fragment: a line break where a block (paragraph, item,
    cell, ``<br>``) ends, so that the last word of one and the first of the next stay two words;
    entities decoded (``&lt;`` is ``<``: whoever shows it escapes it)."""
    return html.unescape(texto_puro(_QUEBRA_BLOCO.sub("\n<", conteudo or "")))
