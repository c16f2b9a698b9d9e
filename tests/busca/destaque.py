"""Highlighted snippets in the tests of the page and the API while ``busca.trechos`` is a stub
(see ``destaque``). Remove once the highlighter has landed."""

import pytest


def _destacar_minimo(texto: str, arvore, tamanho: int = 240) -> str:
    """Escaped text with the query's positive words in ``<mark>``: a stand-in, see ``destaque``."""
    from django.utils.html import escape

    from busca import analise, consulta

    termos, prefixos = consulta.positivos(arvore)
    texto = texto[:tamanho]
    partes, fim = [], 0
    for palavra, inicio, final in analise.tokens(texto):
        dobrada = analise.dobrar(palavra)
        if analise.normalizar(palavra) in termos or any(dobrada.startswith(p) for p in prefixos):
            partes.append(f"{escape(texto[fim:inicio])}<mark>{escape(palavra)}</mark>")
            fim = final
    partes.append(escape(texto[fim:]))
    return "".join(partes)


@pytest.fixture
def destaque(monkeypatch):
    """Snippets with ``<mark>`` around the words found. ``busca.trechos`` is still a stub that
    escapes the text and marks nothing; until its highlighter lands this puts a minimal stand-in
    in its place, and once it has landed (it marks a word) the real one is left alone."""
    from busca import consulta, trechos

    if "<mark>" not in trechos.destacar("ornitorrinco", consulta.interpretar("ornitorrinco")):
        monkeypatch.setattr(trechos, "destacar", _destacar_minimo)
