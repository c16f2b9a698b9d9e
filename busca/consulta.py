"""What the user typed, as a tree every backend translates (``interpretar``).

Syntax (SEI's users'):

- words, all required (implicit ``E``); stopwords are dropped ("prestação de contas" is
  ``E(prestacao, conta)``); commas and semicolons separate words like spaces;
- ``"quoted phrases"`` (straight or curly quotes): the words in that order, stopwords dropped; a
  quote left open is closed at the end of the query; ``*`` means nothing inside quotes;
- ``prefixo*``: words that start with it (accents folded, no plural reduction), at least 3
  characters before the ``*``;
- the operators ``E``, ``OU``, ``NÃO``/``NAO`` as standalone words in any case, and ``-palavra``,
  ``-"frase"``, ``-(grupo)``; parentheses group. Precedence: NÃO > E > OU; a negation only
  narrows an E that has something positive (``a -b``), never stands alone or on a side of an OU;
- words joined by punctuation without spaces are a phrase: a NUP typed as ``12345.000123/2026-01``
  is ``Frase(12345, 000123, 2026, 01)``, the way its text was indexed; a NUP typed as its 17
  digits finds either form (``Ou(Termo(17 digits), Frase(its four groups))``).

Terms come out of ``busca.analise`` already normalized; the tree is flattened (no E inside an E,
no group of one). A query that cannot be run raises ``ConsultaInvalida`` (400) with a pt-BR message
and a ``code``: ``consulta_vazia``, ``consulta_so_negacao``, ``consulta_ou_negado``,
``consulta_operador``, ``consulta_parenteses``, ``consulta_prefixo_curto``, ``consulta_longa``,
``consulta_muitos_termos``. Nothing else ever escapes ``interpretar``.
"""

import re
from dataclasses import dataclass

from sei.exceptions import EntradaInvalida

from . import analise

MAX_CARACTERES = 500
MAX_TERMOS = 50
MAX_PARENTESES = 10  # nesting depth; keeps the recursive descent far from Python's limit
MIN_PREFIXO = 3

_ASPAS = '"“”„'
_SEPARADORES = ",;"
_OPERADORES = {"e": "E", "ou": "OU", "nao": "NAO"}
_NUP = re.compile(r"\d{17}")


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
    """The tree of what the user typed; ``ConsultaInvalida`` when it cannot be run."""
    texto = texto.strip()
    if len(texto) > MAX_CARACTERES:
        raise ConsultaInvalida(
            f"A pesquisa pode ter no máximo {MAX_CARACTERES} caracteres.", code="consulta_longa"
        )
    no = _Leitor(_lexemas(texto)).consulta()
    if no is None:
        raise ConsultaInvalida("Informe ao menos uma palavra para pesquisar.", code="consulta_vazia")
    _validar(no)
    if _contar_termos(no) > MAX_TERMOS:
        raise ConsultaInvalida(
            f"A pesquisa pode ter no máximo {MAX_TERMOS} palavras.", code="consulta_muitos_termos"
        )
    return no


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


def _lexemas(texto: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: "(", ")", "NAO" (for ``-`` too), "E", "OU", "FRASE", "PALAVRA"."""
    lexemas = []
    i, n = 0, len(texto)
    while i < n:
        c = texto[i]
        if c.isspace() or c in _SEPARADORES:
            i += 1
        elif c in "()":
            lexemas.append((c, c))
            i += 1
        elif c in _ASPAS:
            fim = next((j for j in range(i + 1, n) if texto[j] in _ASPAS), n)  # open: closed at the end
            lexemas.append(("FRASE", texto[i + 1 : fim]))
            i = fim + 1
        elif c == "-":
            seguinte = texto[i + 1 : i + 2]
            if seguinte and not seguinte.isspace() and seguinte not in _SEPARADORES + ")":
                lexemas.append(("NAO", "-"))
            i += 1  # a dash on its own is punctuation
        else:
            j = i
            while j < n and not (texto[j].isspace() or texto[j] in _SEPARADORES + "()" + _ASPAS):
                j += 1
            palavra = texto[i:j]
            operador = _OPERADORES.get(analise.dobrar(palavra))
            lexemas.append((operador, operador) if operador else ("PALAVRA", palavra))
            i = j
    return lexemas


class _Leitor:
    """Recursive descent over the lexemes: consulta := e (OU e)*; e := unario (E? unario)*;
    unario := NAO* primario; primario := "(" consulta ")" | PALAVRA | FRASE.
    Each rule returns a node, or None when its words were all stopwords."""

    def __init__(self, lexemas: list[tuple[str, str]]):
        self.lexemas = lexemas
        self.pos = 0
        self.profundidade = 0

    def _tipo(self) -> str | None:
        return self.lexemas[self.pos][0] if self.pos < len(self.lexemas) else None

    def consulta(self) -> No | None:
        if not self.lexemas:
            return None
        no = self._ou()
        if self._tipo() == ")":
            raise _parenteses()
        return no

    def _ou(self) -> No | None:
        itens = [self._e()]
        while self._tipo() == "OU":
            self.pos += 1
            itens.append(self._e())
        return _juntar(Ou, itens)

    def _e(self) -> No | None:
        itens = [self._unario()]
        while self._tipo() in {"E", "(", "NAO", "PALAVRA", "FRASE"}:  # "E" or an implicit one
            if self._tipo() == "E":
                self.pos += 1
            itens.append(self._unario())
        return _juntar(E, itens)

    def _unario(self) -> No | None:
        negado = False
        while self._tipo() == "NAO":
            negado = not negado
            self.pos += 1
        no = self._primario()
        if no is None or not negado:
            return no
        return no.item if isinstance(no, Nao) else Nao(no)

    def _primario(self) -> No | None:
        tipo = self._tipo()
        if tipo == "PALAVRA":
            self.pos += 1
            return _palavra(self.lexemas[self.pos - 1][1])
        if tipo == "FRASE":
            self.pos += 1
            return _frase(analise.termos(self.lexemas[self.pos - 1][1]))
        if tipo == "(":
            return self._grupo()
        raise self._sem_operando()

    def _grupo(self) -> No | None:
        self.profundidade += 1
        if self.profundidade > MAX_PARENTESES:
            raise ConsultaInvalida(
                "A pesquisa tem parênteses demais, uns dentro dos outros.", code="consulta_parenteses"
            )
        self.pos += 1
        no = None if self._tipo() == ")" else self._ou()  # "()" is harmless: nothing
        if self._tipo() != ")":
            raise _parenteses()
        self.pos += 1
        self.profundidade -= 1
        return no

    def _sem_operando(self) -> ConsultaInvalida:
        """The error for a missing word: names the operator at hand (this one, or the one before)."""
        tipo = self._tipo()
        if tipo not in ("E", "OU") and self.pos > 0:  # at ")" or at the end: the lexeme before
            tipo = self.lexemas[self.pos - 1][0]
        if tipo == "NAO":
            return ConsultaInvalida(
                "O operador NÃO (ou -) precisa de uma palavra logo depois dele.", code="consulta_operador"
            )
        if tipo in ("E", "OU"):
            return ConsultaInvalida(
                f"O operador {tipo} precisa de uma palavra antes e de outra depois dele.",
                code="consulta_operador",
            )
        return _parenteses()


def _parenteses() -> ConsultaInvalida:
    return ConsultaInvalida(
        "Há parênteses sem par: cada ( precisa de um ) que o feche.", code="consulta_parenteses"
    )


def _palavra(texto: str) -> No | None:
    """A word as typed, maybe words joined by punctuation (a NUP, "e-mail"), maybe ending in ``*``."""
    palavras = [p for p, _, _ in analise.tokens(texto)]
    if not palavras:
        return None
    resto = texto.rstrip("*")
    if resto == texto or not resto.endswith(palavras[-1]):
        return _frase(analise.termos(texto))
    prefixo = analise.dobrar(palavras.pop())
    if len(prefixo) < MIN_PREFIXO:
        raise ConsultaInvalida(
            f"Para pesquisar pelo início de uma palavra, digite ao menos {MIN_PREFIXO} letras antes do *.",
            code="consulta_prefixo_curto",
        )
    return _juntar(E, [_frase([t for p in palavras if (t := analise.normalizar(p))]), Prefixo(prefixo)])


def _frase(valores: list[str]) -> No | None:
    if not valores:
        return None
    if len(valores) > 1:
        return Frase(tuple(valores))
    if _NUP.fullmatch(valores[0]):
        nup = valores[0]
        return Ou((Termo(nup), Frase((nup[:5], nup[5:11], nup[11:15], nup[15:]))))
    return Termo(valores[0])


def _juntar(tipo: type[E] | type[Ou], itens: list) -> No | None:
    """``tipo`` of the items, flattened (an E inside an E is its items), without repeats and
    stopword holes (None); one item is returned alone, none is None."""
    planos = []
    for item in itens:
        for no in item.itens if isinstance(item, tipo) else (item,):
            if no is not None and no not in planos:
                planos.append(no)
    if len(planos) <= 1:
        return planos[0] if planos else None
    return tipo(tuple(planos))


def _so_negacoes(no: No) -> bool:
    return isinstance(no, Nao) or (isinstance(no, E) and all(isinstance(i, Nao) for i in no.itens))


def _validar(no: No) -> None:
    """A negation needs a positive sibling in an E: never alone, never a side of an OU."""
    if _so_negacoes(no):
        raise ConsultaInvalida(
            "A pesquisa precisa de ao menos um termo que não seja negado.", code="consulta_so_negacao"
        )
    if isinstance(no, Ou) and any(_so_negacoes(i) for i in no.itens):
        raise ConsultaInvalida(
            "Cada lado de um OU precisa de ao menos um termo que não seja negado.",
            code="consulta_ou_negado",
        )
    for item in no.itens if isinstance(no, E | Ou) else ():
        _validar(item.item if isinstance(item, Nao) else item)


def _contar_termos(no: No) -> int:
    if isinstance(no, Termo | Prefixo):
        return 1
    if isinstance(no, Frase):
        return len(no.valores)
    if isinstance(no, Nao):
        return _contar_termos(no.item)
    return sum(_contar_termos(i) for i in no.itens)
