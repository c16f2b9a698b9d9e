"""The Portuguese analysis chain, the same at index and at query time on every backend.

lowercase → accents folded → stopwords dropped → plural-only reducer (ções→ção, ões→ão, ais→al,
éis→el, res→r, s...). Every backend indexes the *output* of this chain (``termos``) with a plain
whitespace tokenizer, so no engine applies a chain of its own.

STUB: the real chain is being written (see the brief in the commit message).
"""

import re
import unicodedata
from collections.abc import Iterator

_PALAVRA = re.compile(r"\w+", re.UNICODE)


def dobrar(palavra: str) -> str:
    """Lowercase with accents folded ("Licitação" → "licitacao"); for prefixes."""
    decomposto = unicodedata.normalize("NFKD", palavra.lower())
    return "".join(c for c in decomposto if not unicodedata.combining(c))


def normalizar(palavra: str) -> str | None:
    """One word through the whole chain; None for a stopword."""
    return dobrar(palavra) or None


def tokens(texto: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of each word of ``texto``, with character offsets."""
    for m in _PALAVRA.finditer(texto):
        yield m.group(), m.start(), m.end()


def termos(texto: str) -> list[str]:
    """The normalized terms of ``texto`` in order (stopwords dropped)."""
    return [t for t in (normalizar(p) for p, _, _ in tokens(texto)) if t]
