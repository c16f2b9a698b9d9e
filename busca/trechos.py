"""Highlighted snippets, the same on every backend: computed from the stored text of a hit and
the query's positive words (``consulta.positivos``), HTML-escaped, matches in ``<mark>``.

A word of the text matches when its normalized form is one of the query's terms or its folded form
starts with one of its prefixes, so "licitações" marks "Licitação". The snippet is the window of
about ``tamanho`` characters holding the most distinct query words (then the most matches), found
by one sliding window over the match positions: linear in the length of the text (a megabyte
takes a few tenths of a second, mostly spent by the tokenizer).
"""

import bisect
import re
from collections import Counter

from django.utils.html import escape

from . import analise
from .consulta import No, positivos

_ESPACOS = re.compile(r"\s\s+|[^\S ]")  # runs and other blanks; single spaces stay
_RETICENCIAS = "…"


def destacar(texto: str, consulta: No, tamanho: int = 240) -> str:
    """About ``tamanho`` characters of ``texto`` around its densest cluster of the query's words
    (its start when none is there), cut between words, "…" where cut, whitespace runs collapsed,
    escaped, each match in ``<mark>``."""
    texto = _ESPACOS.sub(" ", texto).strip()
    achados = _achados(texto, consulta)
    inicio, fim = _janela(texto, achados, tamanho)
    partes = [_RETICENCIAS] if inicio > 0 else []
    cursor = inicio
    for comeco, final, _ in achados[bisect.bisect_left(achados, (inicio,)) :]:
        if final > fim:
            break
        partes += [escape(texto[cursor:comeco]), "<mark>", escape(texto[comeco:final]), "</mark>"]
        cursor = final
    partes.append(escape(texto[cursor:fim]))
    if fim < len(texto):
        partes.append(_RETICENCIAS)
    return "".join(partes)


def _achados(texto: str, consulta: No) -> list[tuple[int, int, str]]:
    """(start, end, term or prefix) of each word of ``texto`` that the query's positive words
    match; each distinct word is judged once."""
    termos, prefixos = positivos(consulta)
    casa: dict[str, str | None] = {}  # word as written → the term or prefix it matches
    achados = []
    for palavra, comeco, final in analise.tokens(texto):
        if palavra not in casa:
            casa[palavra] = _casamento(palavra, termos, prefixos)
        if casa[palavra] is not None:
            achados.append((comeco, final, casa[palavra]))
    return achados


def _casamento(palavra: str, termos: set[str], prefixos: set[str]) -> str | None:
    """The query term or prefix ``palavra`` matches, if any."""
    termo = analise.normalizar(palavra)
    if termo in termos:
        return termo
    dobrada = analise.dobrar(palavra)
    return next((p for p in prefixos if dobrada.startswith(p)), None)


def _janela(texto: str, achados: list[tuple[int, int, str]], tamanho: int) -> tuple[int, int]:
    """[start, end) of the snippet: the best run of matches within ``tamanho``, centred and cut
    between words without losing a match."""
    if not achados:
        return 0, _cortar_fim(texto, min(tamanho, len(texto)), 0)
    melhor, melhor_i, melhor_j = (0, 0), 0, 1
    na_janela: Counter[str] = Counter()
    j = 0
    for i, (comeco, _, _) in enumerate(achados):
        while j < len(achados) and (j == i or achados[j][1] - comeco <= tamanho):
            na_janela[achados[j][2]] += 1
            j += 1
        nota = (len(na_janela), j - i)
        if nota > melhor:
            melhor, melhor_i, melhor_j = nota, i, j
        na_janela[achados[i][2]] -= 1
        if not na_janela[achados[i][2]]:
            del na_janela[achados[i][2]]
    primeiro, ultimo = achados[melhor_i][0], achados[melhor_j - 1][1]
    folga = max(tamanho - (ultimo - primeiro), 0)
    inicio = max(primeiro - folga // 2, 0)
    fim = min(inicio + max(tamanho, ultimo - primeiro), len(texto))
    inicio = max(min(inicio, fim - tamanho), 0)  # near the end of the text: take more before
    return _cortar_inicio(texto, inicio, primeiro), _cortar_fim(texto, fim, ultimo)


def _cortar_inicio(texto: str, inicio: int, primeiro: int) -> int:
    """``inicio`` moved forward to the start of a word, never past ``primeiro``."""
    if inicio == 0 or texto[inicio - 1] == " ":
        return inicio
    espaco = texto.find(" ", inicio, primeiro)
    return espaco + 1 if espaco >= 0 else texto.rfind(" ", 0, primeiro) + 1


def _cortar_fim(texto: str, fim: int, ultimo: int) -> int:
    """``fim`` moved back to the end of a word, never before ``ultimo`` (a word longer than the
    whole snippet is cut where it is)."""
    if fim == len(texto) or texto[fim] == " ":
        return fim
    espaco = texto.rfind(" ", ultimo, fim)
    return espaco if espaco > 0 else fim
