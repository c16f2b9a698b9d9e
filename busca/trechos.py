"""Highlighted snippets, the same on every backend: computed from the stored text of a hit and
the query's positive words (``consulta.positivos``), HTML-escaped, matches in ``<mark>``.

STUB: the real highlighter is being written.
"""

from django.utils.html import escape


def destacar(texto: str, consulta, tamanho: int = 240) -> str:
    return str(escape(texto[:tamanho]))
