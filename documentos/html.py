"""Sanitising of every HTML the server stores (nh3, an allowlist): no script, no event
attribute, no ``javascript:`` URL, no style that can hide content. What is shown is what is stored.

Besides the tags, the classes are an allowlist too: alignment, SEI's paragraph styles
(``ESTILOS``, styled by ``static/css/documento-conteudo.css`` in the editor, the document page and
the PDF alike) and the "link SEI" (``documentos.links_sei``), which keeps one form only."""

import html
import re

import nh3

from processos.nup import formatar_nup

TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "hr", "span", "div",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "a",
}  # fmt: skip
ATRIBUTOS = {
    "a": {"href", "title", "data-sei", "data-nup"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start"},
    "*": {"class"},
}
# No inline style at all (the editor aligns with classes): nothing can position, hide, shrink or
# recolour content, and the sandboxed content page, whose CSP refuses inline styles, shows what
# the PDF shows.
CLASSES_ALINHAMENTO = frozenset({"text-left", "text-center", "text-right", "text-justify"})
# SEI's paragraph styles, by SEI's own class names (so that text copied from SEI keeps them):
# the styles menu of the editor (static/js/editor.js) offers exactly these.
ESTILOS_PARAGRAFO = frozenset({
    "Texto_Justificado_Recuo_Primeira_Linha",
    "Item_Nivel1", "Item_Nivel2", "Item_Nivel3", "Item_Nivel4",
    "Paragrafo_Numerado_Nivel1",
    "Citacao",
})  # fmt: skip
ESTILOS_TABELA = frozenset({"Tabela_Texto_Alinhado_Esquerda", "Tabela_Texto_Centralizado"})
ESTILOS = ESTILOS_PARAGRAFO | ESTILOS_TABELA
CLASSE_LINK_SEI = "link-sei"
_CLASSES_POR_TAG = {
    "p": CLASSES_ALINHAMENTO | ESTILOS,
    "td": CLASSES_ALINHAMENTO | ESTILOS_TABELA,
    "th": CLASSES_ALINHAMENTO | ESTILOS_TABELA,
    "a": frozenset({CLASSE_LINK_SEI}),
}
ESQUEMAS_URL = {"http", "https", "mailto"}

_NUMERO_SEI = re.compile(r"[0-9]{1,15}")
_NUP = re.compile(r"[0-9]{17}")


def _filtrar_atributo(tag: str, atributo: str, valor: str) -> str | None:
    if atributo == "class":
        permitidas = _CLASSES_POR_TAG.get(tag, CLASSES_ALINHAMENTO)
        classes = [c for c in valor.split() if c in permitidas]
        return " ".join(classes) or None
    if atributo == "data-sei":
        return valor if _NUMERO_SEI.fullmatch(valor) else None
    if atributo == "data-nup":
        return valor if _NUP.fullmatch(valor) else None
    return valor


# nh3's output is html5ever's serialisation: every attribute double-quoted (a '"' inside is
# "&quot;"), and never an <a> inside another <a> (the parser closes the first). So the next
# "</a>" after an <a ...> is its own, and these two patterns read it exactly.
_ANCORA = re.compile(r'<a((?:\s[a-z0-9-]+="[^"]*")*)>(.*?)</a>', re.DOTALL)
_ATRIBUTO = re.compile(r'([a-z0-9-]+)="([^"]*)"')


def link_sei(*, numero_sei: str = "", nup: str = "") -> str:
    """The one stored form of a link SEI: to a document by its número SEI (``data-sei``) or to a
    process by its NUP (``data-nup``, 17 digits); its text is the number, formatted."""
    if nup:
        return f'<a class="{CLASSE_LINK_SEI}" data-nup="{nup}">{numero_do_alvo("nup", nup)}</a>'
    numero = numero_do_alvo("sei", numero_sei)
    return f'<a class="{CLASSE_LINK_SEI}" data-sei="{numero}">{numero}</a>'


def alvo_link_sei(atributos: dict) -> tuple[str, str] | None:
    """``("sei", número)`` or ``("nup", dígitos)`` for the attributes of a link SEI; None otherwise."""
    if CLASSE_LINK_SEI not in atributos.get("class", "").split():
        return None
    if atributos.get("data-nup"):
        return ("nup", atributos["data-nup"])
    if atributos.get("data-sei"):
        return ("sei", atributos["data-sei"])
    return None


def alvos_links_sei(conteudo: str) -> set[tuple[str, str]]:
    """The targets (``alvo_link_sei``) of the links SEI of sanitised HTML."""
    alvos = (alvo_link_sei(dict(_ATRIBUTO.findall(a.group(1)))) for a in _ANCORA.finditer(conteudo or ""))
    return {alvo for alvo in alvos if alvo}


def _normalizar_ancora(encontrada: re.Match) -> str:
    atributos = dict(_ATRIBUTO.findall(encontrada.group(1)))
    alvo = alvo_link_sei(atributos)
    if alvo:  # no href, no title, no other text: only the number it points to
        return link_sei(numero_sei=alvo[1]) if alvo[0] == "sei" else link_sei(nup=alvo[1])
    if "link-sei" in atributos.get("class", "") or not atributos.get("href"):
        # A link SEI without a valid target, or an anchor without address: its text only.
        return encontrada.group(2)
    outros = "".join(
        f' {nome}="{valor}"'
        for nome, valor in atributos.items()
        if nome not in {"data-sei", "data-nup", "class"}
    )
    return f"<a{outros}>{encontrada.group(2)}</a>"


def substituir_links_sei(conteudo: str, trocar) -> str:
    """Each stored link SEI of sanitised HTML replaced by ``trocar(tipo, valor)`` (``tipo``:
    "sei" or "nup"); the rest untouched."""

    def _trocar(encontrada: re.Match) -> str:
        alvo = alvo_link_sei(dict(_ATRIBUTO.findall(encontrada.group(1))))
        return trocar(*alvo) if alvo else encontrada.group(0)

    return _ANCORA.sub(_trocar, conteudo or "")


def numero_do_alvo(tipo: str, valor: str) -> str:
    """The number a link SEI shows: the número SEI with its zeros, or the NUP punctuated."""
    return formatar_nup(valor) if tipo == "nup" else f"{int(valor):07d}"


def links_sei_como_texto(conteudo: str) -> str:
    """Every link SEI as the plain text of its number: what a reader-independent rendering
    (the PDF, signed and shared by every reader; the exported page) shows, leaking nothing about
    the target."""
    return substituir_links_sei(conteudo, numero_do_alvo)


def sanitizar(html: str) -> str:
    """The stored form of any user HTML (editor, API, models, textos padrão)."""
    limpo = nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATRIBUTOS,
        attribute_filter=_filtrar_atributo,
        url_schemes=ESQUEMAS_URL,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _ANCORA.sub(_normalizar_ancora, limpo)


def texto_puro(html: str) -> str:
    """Text of an HTML fragment (for search and comparisons), still HTML-escaped (``&lt;``)."""
    return nh3.clean(html or "", tags=set(), attributes={}).replace("&nbsp;", " ")


_QUEBRA_BLOCO = re.compile(r"<(?=/?(?:p|h[1-6]|li|br|div|tr|td|th|blockquote|table)\b)", re.IGNORECASE)


def texto_corrido(conteudo: str) -> str:
    """The text a reader sees in an HTML fragment: a line break where a block (paragraph, item,
    cell, ``<br>``) ends, so that the last word of one and the first of the next stay two words;
    entities decoded (``&lt;`` is ``<``: whoever shows it escapes it)."""
    return html.unescape(texto_puro(_QUEBRA_BLOCO.sub("\n<", conteudo or "")))
