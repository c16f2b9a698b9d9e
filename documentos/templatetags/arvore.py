"""The tree's document entries, drawn in Python: a process of 500 documents draws 500 entries on
every open, and the template engine cost most of the page's time (bench/documentos.py).

Every value from the database is escaped (``html.escape``); URLs come from ``reverse`` (``molde_de_url``)."""

from html import escape

from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from sei.templatetags.interface import SPRITE, molde_de_url

register = template.Library()

_NIVEL = {
    1: '<span class="selo-doc nivel-1" title="Documento restrito"><span aria-hidden="true">R</span>'
    '<span class="vh"> (restrito)</span></span>',
    2: '<span class="selo-doc nivel-2" title="Documento sigiloso"><span aria-hidden="true">S</span>'
    '<span class="vh"> (sigiloso)</span></span>',
}


def _prefixo() -> tuple[str, str]:
    return molde_de_url("documentos:detalhe", "9" * 7)


def _marca(d) -> str:
    if d.cancelado:
        return '<span class="marca marca-cancelado">cancelado</span>'
    if d.minuta:
        return '<span class="marca marca-minuta">minuta</span>'
    if d.estado == "assinado":
        return f'<span class="marca marca-assinado">{"assinado" if d.interno else "autenticado"}</span>'
    return ""


@register.simple_tag
def itens_arvore(documentos, atual=None) -> str:
    """One ``<li role="none"><a role="treeitem">`` per document (``atual``: the open one)."""
    antes, depois = _prefixo()
    sprite = static(SPRITE)
    atual_pk = getattr(atual, "pk", None)  # none (or "") when the process itself is open
    partes = []
    for d in documentos:
        rotulo = escape(d.rotulo)
        if d.cancelado:
            rotulo = f"<s>{rotulo}</s>"
        selecao = ' aria-current="page" aria-selected="true"' if d.pk == atual_pk else ""
        icone = "file-text" if d.interno else "file"
        partes.append(
            f'<li role="none"><a role="treeitem" class="no no-doc{" no-cancelado" if d.cancelado else ""}" '
            f'href="{antes}{d.numero_sei:07d}{depois}"{selecao}>'
            f'<svg class="icone" aria-hidden="true" focusable="false"><use href="{sprite}#i-{icone}"></use></svg>'
            f'<span class="rotulo">{rotulo}</span>{_NIVEL.get(d.nivel_acesso, "")}{_marca(d)}</a></li>'
        )
    return mark_safe("\n".join(partes))
