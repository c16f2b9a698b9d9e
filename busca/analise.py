"""The Portuguese analysis chain, the same at index and at query time on every backend.

lowercase → accents folded → stopwords dropped → plural-only reducer. Every backend indexes the
*output* of this chain (``" ".join(termos(texto))``) with a plain whitespace tokenizer, so no
engine applies a chain of its own, and a query finds a word typed with or without accents, in any
case, singular or plural: "Licitações", "licitacao" and "LICITAÇÃO" are all ``licitacao``.

The reducer only undoes plurals, never derivation: "contratação" stays apart from "contrato",
"processual" from "processo". It works on folded forms (accents are gone): -ões/-ães → -ão,
-ais/-éis/-óis/-uis → -al/-el/-ol/-ul, -ns → -m, -res/-zes after a vowel → -r/-z, else a final -s.
Words of up to three letters, words with digits, English -ss and a small set of words that end in
"s" in the singular (país, mês, lápis, ônibus, português...) are kept. Known collisions and misses,
all rare:

- "país" and "pais" (fathers) are one term; "pai" stays apart;
- "mães" → "mãe" (listed), so "mão"/"mãos" stay apart from it; "pões" (verb) lands on "pão";
- a word of four letters in -ais/-éis/-óis/-uis only loses its "s" ("leis" → "lei", "bois" →
  "boi"), so "sóis" and "sais" miss "sol" and "sal"; "heróis" misses "herói";
- unstressed -il (útil → úteis) and stressed -il (civil → civis) only for the words listed in
  ``_IRREGULARES``; "cortês" lands on "corte";
- a -ze noun after a vowel loses its "e" in the plural only ("gazes" → "gaz").
"""

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain

# A run of letters and digits; combining marks inside a word belong to it (text extracted from
# PDFs is often decomposed: "c" + U+0327). Unrolled: the common case is one plain run.
_PALAVRA = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*")

STOPWORDS = frozenset(
    """
    a o as os um uma uns umas
    ao aos do da dos das no na nos nas num numa
    pelo pela pelos pelas pra
    de em por para com sem sob sobre entre contra apos ate desde perante
    e ou nem mas porem contudo todavia entretanto pois porque portanto embora se que como quando
    eu ele ela nos eles elas me te lhe lhes mim
    meu minha meus minhas seu sua seus suas nosso nossa nossos nossas
    este esta estes estas isto esse essa esses essas isso aquele aquela aqueles aquelas aquilo
    deste desta destes destas desse dessa desses dessas disso
    daquele daquela daqueles daquelas daquilo
    neste nesta nestes nestas nesse nessa nesses nessas nisso
    naquele naquela naqueles naquelas naquilo
    dele dela deles delas nele nela neles nelas
    qual quais cujo cuja cujos cujas quem onde
    nao mais muito muita muitos muitas ja tambem so ainda la aqui ali entao assim
    foi foram era eram ser sido seja sejam ha
    """.split()
)

# Singulars that end in "s" (folded): kept as they are, and their plural "-es" lands on them
# ("meses" → "mes", "países" → "pais").
_SINGULARES_EM_S = frozenset(
    """
    lapis onibus virus bonus onus status campus corpus atlas pires simples tenis oasis cais
    pais mes gas tres seis deus adeus atraves reves
    portugues ingles frances japones chines holandes fregues marques burgues campones
    """.split()
)

# Plurals the rules get wrong (folded plural → folded singular).
_IRREGULARES = {
    "maes": "mae",
    "caracteres": "carater",
    "uteis": "util",
    "inuteis": "inutil",
    "faceis": "facil",
    "dificeis": "dificil",
    "ageis": "agil",
    "habeis": "habil",
    "civis": "civil",
    "perfis": "perfil",
    "funis": "funil",
    "fuzis": "fuzil",
    "barris": "barril",
}

_VOGAIS = frozenset("aeiou")


def dobrar(palavra: str) -> str:
    """Lowercase with accents folded ("Licitação" → "licitacao"); for prefixes."""
    decomposto = unicodedata.normalize("NFKD", palavra.lower())
    return "".join(c for c in decomposto if not unicodedata.combining(c))


def _singular(palavra: str) -> str:
    """The singular of a folded word (plurals only: no other stemming)."""
    if len(palavra) <= 3 or not palavra.endswith("s") or not palavra.isalpha():
        return palavra
    if palavra in _SINGULARES_EM_S or palavra.endswith("ss"):
        return palavra
    if palavra in _IRREGULARES:
        return _IRREGULARES[palavra]
    if palavra.endswith("es") and palavra[:-2] in _SINGULARES_EM_S:
        return palavra[:-2]
    if palavra.endswith(("oes", "aes")):
        return palavra[:-3] + "ao"
    if len(palavra) > 4 and palavra.endswith(("ais", "eis", "ois", "uis")):
        return palavra[:-2] + "l"
    if palavra.endswith("ns"):
        return palavra[:-2] + "m"
    if palavra.endswith(("res", "zes")) and palavra[-4] in _VOGAIS:
        return palavra[:-2]
    return palavra[:-1]


@lru_cache(maxsize=50_000)  # words recur: indexing a long text normalizes few distinct ones
def normalizar(palavra: str) -> str | None:
    """One word through the whole chain; None for a stopword."""
    dobrada = dobrar(palavra)
    if not dobrada or dobrada in STOPWORDS:
        return None
    return _singular(dobrada)


def tokens(texto: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of each word of ``texto``, with character offsets."""
    for m in _PALAVRA.finditer(texto):
        yield m.group(), m.start(), m.end()


class _TermosDoPedaco(dict):
    """Cache: a whitespace-separated piece of text ("contratos," "nº" "R$") → its terms.

    No word spans whitespace, so the terms of a text are those of its pieces in order; and pieces
    recur far more than texts, so indexing mostly splits and looks up, which is about twice as
    fast as running the word pattern over every text. Bounded: emptied when full."""

    LIMITE = 100_000

    def __missing__(self, pedaco: str) -> tuple[str, ...]:
        termos = tuple(t for t in map(normalizar, _PALAVRA.findall(pedaco)) if t)
        if len(self) >= self.LIMITE:
            self.clear()
        self[pedaco] = termos
        return termos


_termos_do_pedaco = _TermosDoPedaco()


def termos(texto: str) -> list[str]:
    """The normalized terms of ``texto`` in order (stopwords dropped)."""
    return list(chain.from_iterable(map(_termos_do_pedaco.__getitem__, texto.split())))
