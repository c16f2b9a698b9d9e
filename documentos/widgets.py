"""Form widgets of the documents app.

`EditorHTML` is a plain `<textarea>` that static/js/editor.js turns into the vendored TinyMCE 8
editor (static/vendor/tinymce-8.9.2, GPL-2.0-or-later, no CDN). Without JavaScript the textarea
still submits its HTML (progressive enhancement). The server must still sanitise what arrives
(documentos.html): the editor's own filtering is a convenience, not a defence.
"""

from django import forms
from django.templatetags.static import static

from .html import CLASSE_LINK_SEI, CLASSES_ALINHAMENTO, ESTILOS, ESTILOS_TABELA

TINYMCE = "vendor/tinymce-8.9.2"

# The text's stylesheet inside the editor's iframe: the PDF's (documentos/pdf/render.py), so that
# what is seen while editing is what prints.
FOLHA_DO_CONTEUDO = "css/documento-conteudo.css"

# Content-Security-Policy for pages with the editor: the project's policy works unchanged (no
# 'unsafe-inline' anywhere). The one inline style TinyMCE sets in the page is a temporary caret
# marker, `<span style="display: inline-block;">`, used to scroll the caret into view (e.g. on
# Enter); blocked, it only costs a violation report. This directive allows exactly that
# attribute value and nothing else (hash of "display: inline-block;"). Same in TinyMCE 6 and 8.
CSP_EDITOR_DIRETIVA = "style-src-attr 'unsafe-hashes' 'sha256-BSTKIYoPCaklkJ9YS/ZVYuKW8e+DG8jZJCXznBzHjgg='"

# What the editor emits, so the sanitiser's allowlist can match it (see static/js/editor.js).
TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "br", "strong", "em", "u", "a", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td",
})  # fmt: skip
ATRIBUTOS = {
    "a": {"href", "class", "data-sei", "data-nup"},
    "p": {"class"}, "h1": {"class"}, "h2": {"class"}, "h3": {"class"}, "h4": {"class"},
    "li": {"class"},
    "th": {"class", "colspan", "rowspan", "scope"},
    "td": {"class", "colspan", "rowspan"},
}  # fmt: skip
CLASSES = {
    "*": CLASSES_ALINHAMENTO,
    "p": CLASSES_ALINHAMENTO | ESTILOS,
    "td": CLASSES_ALINHAMENTO | ESTILOS_TABELA,
    "th": CLASSES_ALINHAMENTO | ESTILOS_TABELA,
    "a": frozenset({CLASSE_LINK_SEI}),
}


class EditorHTML(forms.Textarea):
    """Rich-text editor for an HTML field: headings, lists, tables, bold/italic/underline,
    alignment (as classes `text-left|center|right|justify`), links, SEI's paragraph styles (a
    styles menu) and the link SEI. Inside an element with ``data-rascunho="<key>"`` (the user,
    document and version), unsaved text is kept in the browser and offered back on reopening."""

    class Media:
        css = {"all": ["css/editor.css"]}
        js = [
            forms.Script(f"{TINYMCE}/tinymce.min.js", defer=True),
            forms.Script("js/editor.js", defer=True),
        ]

    def __init__(self, attrs=None):
        padrao = {"rows": 20, "cols": 80, "data-editor": "html", "spellcheck": "true"}
        super().__init__({**padrao, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The editor's iframe loads the text's stylesheet; passing the URL keeps it right under
        # any static storage (hashed names, CDN prefix).
        context["widget"]["attrs"]["data-editor-css"] = static(FOLHA_DO_CONTEUDO)
        return context
