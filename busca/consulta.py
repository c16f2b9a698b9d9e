"""What the user typed, as a tree every backend translates (``interpretar``).

Syntax (SEI's users'): words (all required: implicit E), "quoted phrases", ``prefixo*``, the
operators ``E``, ``OU``, ``NÃO``/``NAO`` (any case) and ``-palavra``, parentheses.
Precedence: NÃO > E > OU. Terms come out of ``busca.analise`` already normalized.

STUB: the real parser is being written.
"""

from dataclasses import dataclass

from sei.exceptions import EntradaInvalida


class ConsultaInvalida(EntradaInvalida):
    """A query that cannot be run (400); the message says why, in Portuguese."""

    code = "consulta_invalida"


@dataclass(frozen=True)
class Termo:
    valor: str  # normalized (busca.analise.normalizar)


@dataclass(frozen=True)
class Prefixo:
    valor: str  # lowercase, accents folded (busca.analise.dobrar), no plural reduction


@dataclass(frozen=True)
class Frase:
    valores: tuple[str, ...]  # normalized terms, stopwords dropped; len >= 2


@dataclass(frozen=True)
class E:
    itens: tuple  # of nodes; at least one is not a Nao


@dataclass(frozen=True)
class Ou:
    itens: tuple  # of nodes, none of them a bare Nao


@dataclass(frozen=True)
class Nao:
    item: object  # only ever inside an E


No = Termo | Prefixo | Frase | E | Ou | Nao


def interpretar(texto: str) -> No:
    from . import analise

    valores = analise.termos(texto)
    if not valores:
        raise ConsultaInvalida("Informe ao menos uma palavra para pesquisar.", code="consulta_vazia")
    return Termo(valores[0]) if len(valores) == 1 else E(tuple(Termo(v) for v in valores))


def positivos(no: No) -> tuple[set[str], set[str]]:
    """(terms, prefixes) a hit may contain: the words to highlight (outside NÃO)."""
    termos_, prefixos = set(), set()
    if isinstance(no, Termo):
        termos_.add(no.valor)
    elif isinstance(no, Prefixo):
        prefixos.add(no.valor)
    elif isinstance(no, Frase):
        termos_.update(no.valores)
    elif isinstance(no, E | Ou):
        for item in no.itens:
            t, p = positivos(item)
            termos_ |= t
            prefixos |= p
    return termos_, prefixos
