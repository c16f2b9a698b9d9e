"""Form widgets of the documents app.

`EditorHTML` is a plain `<textarea>` that static/js/editor.js turns into the vendored TinyMCE 6
editor (static/vendor/tinymce-6.8.6, MIT, no CDN). Without JavaScript the textarea still
submits its HTML (progressive enhancement). The server must still sanitise what arrives: the
editor's own filtering is a convenience, not a defence.
"""

from django import forms
from django.templatetags.static import static

TINYMCE = "vendor/tinymce-6.8.6"

# Content-Security-Policy for pages with the editor: the project's policy works unchanged (no
# 'unsafe-inline' anywhere). The one inline style TinyMCE 6 sets in the page is a temporary
# caret marker, `<span style="display: inline-block;">`, used to scroll the caret into view
# (e.g. on Enter); blocked, it only costs a violation report. This directive allows exactly
# that attribute value and nothing else (hash of "display: inline-block;").
CSP_EDITOR_DIRETIVA = "style-src-attr 'unsafe-hashes' 'sha256-BSTKIYoPCaklkJ9YS/ZVYuKW8e+DG8jZJCXznBzHjgg='"

# What the editor emits, so the sanitiser's allowlist can match it (see static/js/editor.js).
TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "br", "strong", "em", "u", "a", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td",
})
ATRIBUTOS = {
    "a": {"href"},
    "p": {"class"}, "h1": {"class"}, "h2": {"class"}, "h3": {"class"}, "h4": {"class"},
    "li": {"class"},
    "th": {"class", "colspan", "rowspan", "scope"},
    "td": {"class", "colspan", "rowspan"},
}
CLASSES_ALINHAMENTO = frozenset({"text-left", "text-center", "text-right", "text-justify"})


class EditorHTML(forms.Textarea):
    """Rich-text editor for an HTML field: headings, lists, tables, bold/italic/underline,
    alignment (as classes `text-left|center|right|justify`) and links."""

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
        # The editor's iframe loads this stylesheet too (alignment classes, table borders);
        # passing the URL keeps it right under any static storage (hashed names, CDN prefix).
        context["widget"]["attrs"]["data-editor-css"] = static("css/editor.css")
        return context
