"""The search backend interface: every engine indexes ``busca.entradas.Entrada`` batches and
answers a parsed query (``busca.consulta``) under a filter that always carries the caller's
principals. One contract suite (``tests/busca/test_contrato.py``) runs unchanged on every
backend; the rest of the product only ever talks to this interface (``busca.backends.obter``).

Every backend indexes the output of the one Portuguese chain (``busca.analise.termos``) with a
plain whitespace tokenizer, so "licitações" means the same on all of them.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sei.exceptions import ErroDominio

from ..consulta import No

# Past this many matches the count is given as a lower bound ("mais de 10.000").
LIMITE_CONTAGEM = 10_000


class BuscaDemorada(ErroDominio):
    """The query ran past ``SEI_BUSCA_TEMPO_LIMITE_MS``: cut, never left running."""

    status = 503
    code = "busca_demorada"


CAMPOS_EXATOS = (
    "tipo",
    "natureza",
    "tipo_processo_id",
    "tipo_documento_id",
    "unidade_geradora_id",
    "processo_id",
)


@dataclass(frozen=True)
class Filtro:
    """``leitores``: the caller's principals (``sei.acesso.principais``); an entry is a hit only
    if one of them reads it. The other fields narrow the search (None: any)."""

    leitores: tuple[str, ...]
    tipo: str | None = None  # "processo" | "documento"
    natureza: str | None = None  # "interno" | "externo"
    tipo_processo_id: int | None = None
    tipo_documento_id: int | None = None
    unidade_geradora_id: int | None = None
    de: datetime | None = None
    ate: datetime | None = None
    interessado: No | None = None  # words that must be in the process's interessados
    unidade_tramitacao: int | None = None  # the process passed through this unit
    processo_id: int | None = None  # "pesquisar neste processo"
    # Items whose entries are being rebuilt (``sei.models.PendenciaIndice``): hidden until the
    # indexer has written them, so that a revocation holds from the very next search.
    excluir_processos: tuple[int, ...] = ()
    excluir_documentos: tuple[int, ...] = ()

    def exatos(self) -> list[tuple[str, object]]:
        """(field, value) of the filters that ask for one exact value, as every backend names
        them (the entry's field names), the unset ones left out."""
        return [(campo, getattr(self, campo)) for campo in CAMPOS_EXATOS if getattr(self, campo) is not None]

    def __post_init__(self):
        if not self.leitores:
            raise ValueError("uma busca sem leitores não encontra nada: falta o filtro de acesso")


@dataclass(frozen=True)
class Acerto:
    chave: str
    tipo: str
    natureza: str
    processo_id: int
    nup: str
    documento_id: int | None
    numero_sei: int | None
    titulo: str
    texto: str  # the stored text of the best-matching part, for the snippet
    data: datetime
    pontuacao: float = 0.0


@dataclass(frozen=True)
class Pagina:
    acertos: list[Acerto] = field(default_factory=list)
    total: int = 0
    exato: bool = True  # False: ``total`` is a lower bound


class Backend(ABC):
    nome: str = ""
    # Bumped when what is indexed changes: an index of another version is rebuilt.
    VERSAO_ESQUEMA = 1

    @abstractmethod
    def indexar(self, entradas: list, remover: list[str]) -> None:
        """Write ``entradas`` (replacing their keys' current entries) and delete ``remover``, as
        one batch: all of it visible to searches, or none of it."""

    @abstractmethod
    def buscar(
        self,
        consulta: No,
        filtro: Filtro,
        *,
        ordem: str = "relevancia",
        inicio: int = 0,
        quantidade: int = 20,
    ) -> Pagina:
        """One page of hits, one per key, best first (``ordem="data"``: newest first)."""

    @abstractmethod
    def impressoes(self) -> Iterator[tuple[str, str]]:
        """(key, ``Entrada.impressao``) of everything indexed, for ``verificar_indice``."""

    @abstractmethod
    def limpar(self) -> None:
        """Drop everything (``reindexar --do-zero``)."""

    @abstractmethod
    def estado(self) -> dict:
        """What ``manage.py verificar_indice`` and the admin show: entries, version..."""

    def precisa_reconstruir(self) -> bool:
        """The index on disk was built with another schema version."""
        return False
