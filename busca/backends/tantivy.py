"""tantivy (``tantivy`` on PyPI, a Rust engine): embedded like Whoosh, for one machine with more
documents than Whoosh handles comfortably.

The index is a folder, ``SEI_BUSCA_TANTIVY_DIR/sei_v<VERSAO_ESQUEMA>``: an index of another
schema version lives in another folder, so it is never read, and ``precisa_reconstruir`` tells
the indexer to fill the new one. tantivy allows one writer per index (a lock file; a second one
fails at once): every write goes through the indexing task, on the ``busca`` queue of concurrency
1, in batches committed only on success (``rollback()`` otherwise); a writer waits for the lock a
few seconds rather than fail at once, like Whoosh's.

- ``termos`` and ``interessados`` hold the output of the Portuguese chain (``busca.analise``),
  split by tantivy's built-in ``whitespace`` tokenizer (no lowercasing, stemming or length
  filter of its own), with positions for phrases. Queries are built from the query tree with
  tantivy's Query API (no query parser): a term is a term query, a prefix a regex query, a
  phrase a phrase query.
- Filter fields are raw terms (``leitores``, ``tipo``, ``natureza``, one term per value) or
  indexed integers (``unidades`` multi-valued); ``data`` is a fast field (date range, newest
  first). The big stored strings (``titulo``, ``texto``) are bytes fields: tantivy-py indexes
  every text field, and these are only shown, never searched.
- The access filter and the other filters are Must clauses of the query itself (scored 0, so
  they do not change the ranking): counts and pages only ever see what the caller may read.
- tantivy counts every match exactly (a Count collector alongside the top docs), cheaply; past
  ``LIMITE_CONTAGEM`` the count is reported as a lower bound, as on the other backends.
- Time limit: tantivy-py has no per-query timeout nor a way to cancel a running search. The
  search runs in a thread the caller waits for at most ``SEI_BUSCA_TEMPO_LIMITE_MS``; past it
  the caller gets ``BuscaDemorada`` at once, and the abandoned search finishes in its thread
  (in Rust, without the GIL) and is dropped. The costliest shape, a short prefix that expands to
  many terms, is bounded before it gets here (``busca.consulta``: three characters at least).
"""

import logging
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import tantivy
from django.conf import settings
from tantivy import FieldType, Occur, Order, Query

from .. import analise
from ..consulta import E, Frase, No, Ou, Prefixo, Termo
from ..consulta import Nao as NaoNo
from .base import LIMITE_CONTAGEM, Acerto, Backend, BuscaDemorada, Filtro, Pagina

logger = logging.getLogger("sei.busca")

MEMORIA_ESCRITOR = 64_000_000  # bytes of the writer's indexing heap (tantivy's minimum: 15 MB)
ESPERA_TRAVA_S = 10.0  # how long a writer waits for another one's lock
JANELA_PROCESSOS = 2000  # processo_id values read per step by ``impressoes``


def _esquema() -> tantivy.Schema:
    esquema = tantivy.SchemaBuilder()

    def termo_bruto(nome: str, stored: bool = False) -> None:
        esquema.add_text_field(nome, stored=stored, tokenizer_name="raw", index_option="basic")

    termo_bruto("chave", stored=True)
    termo_bruto("tipo", stored=True)
    termo_bruto("natureza", stored=True)
    termo_bruto("nup", stored=True)
    termo_bruto("leitores")  # one term per principal
    esquema.add_integer_field("processo_id", stored=True, indexed=True, fast=True)
    esquema.add_integer_field("documento_id", stored=True, indexed=True)
    esquema.add_integer_field("numero_sei", stored=True)
    esquema.add_integer_field("tipo_processo_id", indexed=True)
    esquema.add_integer_field("tipo_documento_id", indexed=True)
    esquema.add_integer_field("unidade_geradora_id", indexed=True)
    esquema.add_integer_field("unidades", indexed=True)  # one value per unit
    esquema.add_date_field("data", stored=True, indexed=True, fast=True)
    esquema.add_text_field("termos", tokenizer_name="whitespace", index_option="position")
    esquema.add_text_field("interessados", tokenizer_name="whitespace", index_option="position")
    esquema.add_bytes_field("titulo", stored=True)
    esquema.add_bytes_field("texto", stored=True)
    termo_bruto("impressao", stored=True)
    return esquema.build()


ESQUEMA = _esquema()


def _utc(momento: datetime) -> datetime:
    return momento.astimezone(UTC) if momento.tzinfo else momento.replace(tzinfo=UTC)


def _query(no: No, campo: str = "termos") -> Query:
    if isinstance(no, Termo):
        return Query.term_query(ESQUEMA, campo, no.valor)
    if isinstance(no, Prefixo):
        return Query.regex_query(ESQUEMA, campo, re.escape(no.valor) + ".*")
    if isinstance(no, Frase):
        if len(no.valores) == 1:  # tantivy panics on a one-word phrase
            return Query.term_query(ESQUEMA, campo, no.valores[0])
        return Query.phrase_query(ESQUEMA, campo, list(no.valores))
    if isinstance(no, Ou):
        return Query.boolean_query([(Occur.Should, _query(i, campo)) for i in no.itens])
    if isinstance(no, E):
        return Query.boolean_query(
            [(Occur.MustNot, _query(i.item, campo)) if isinstance(i, NaoNo) else (Occur.Must, _query(i, campo))
             for i in no.itens]
        )  # fmt: skip
    raise TypeError(no)


def _filtro(filtro: Filtro) -> Query:
    leitores = Query.boolean_query(
        [(Occur.Should, Query.term_query(ESQUEMA, "leitores", p)) for p in filtro.leitores]
    )
    partes = [leitores]
    for campo, valor in filtro.exatos():
        partes.append(Query.term_query(ESQUEMA, campo, valor))
    if filtro.unidade_tramitacao is not None:
        partes.append(Query.term_query(ESQUEMA, "unidades", filtro.unidade_tramitacao))
    if filtro.de is not None or filtro.ate is not None:
        de, ate = (_utc(d) if d else None for d in (filtro.de, filtro.ate))
        # An unbounded side must be given as inclusive.
        partes.append(Query.range_query(ESQUEMA, "data", FieldType.Date, de, ate, include_upper=ate is None))
    if filtro.interessado is not None:
        partes.append(_query(filtro.interessado, "interessados"))
    ocultos = [Query.term_query(ESQUEMA, "processo_id", p) for p in filtro.excluir_processos]
    ocultos += [Query.term_query(ESQUEMA, "documento_id", d) for d in filtro.excluir_documentos]
    clausulas = [(Occur.Must, p) for p in partes]
    if ocultos:
        clausulas.append((Occur.MustNot, Query.boolean_query([(Occur.Should, q) for q in ocultos])))
    return Query.boolean_query(clausulas)


def _documento(e) -> tantivy.Document:
    doc = tantivy.Document()
    for campo in ("chave", "tipo", "natureza", "nup", "impressao"):
        doc.add_text(campo, getattr(e, campo))
    for principal in e.leitores:
        doc.add_text("leitores", principal)
    for campo in ("processo_id", "documento_id", "numero_sei", "tipo_processo_id", "tipo_documento_id",
                  "unidade_geradora_id"):  # fmt: skip
        if (valor := getattr(e, campo)) is not None:
            doc.add_integer(campo, valor)
    for unidade in e.unidades:
        doc.add_integer("unidades", unidade)
    doc.add_date("data", _utc(e.data))
    doc.add_text("termos", " ".join(analise.termos(f"{e.titulo}\n{e.texto}")))
    doc.add_text("interessados", " ".join(analise.termos(e.interessados)))
    doc.add_bytes("titulo", e.titulo.encode())
    doc.add_bytes("texto", e.texto.encode())
    return doc


def _acerto(doc: tantivy.Document, pontuacao: float) -> Acerto:
    return Acerto(
        chave=doc.get_first("chave"),
        tipo=doc.get_first("tipo"),
        natureza=doc.get_first("natureza"),
        processo_id=doc.get_first("processo_id"),
        nup=doc.get_first("nup"),
        documento_id=doc.get_first("documento_id"),
        numero_sei=doc.get_first("numero_sei"),
        titulo=doc.get_first("titulo").decode(),
        texto=doc.get_first("texto").decode(),
        data=doc.get_first("data"),
        pontuacao=pontuacao,
    )


class TantivyBackend(Backend):
    nome = "tantivy"

    def __init__(self, pasta: str | Path | None = None, tempo_limite_ms: int | None = None):
        self.pasta = Path(pasta or settings.SEI_BUSCA_TANTIVY_DIR)
        self.tempo_limite_ms = tempo_limite_ms or settings.SEI_BUSCA_TEMPO_LIMITE_MS
        self.caminho = self.pasta / f"sei_v{self.VERSAO_ESQUEMA}"
        self._aberto: tantivy.Index | None = None

    def _indice(self) -> tantivy.Index:
        """The index (created when missing), opened once per backend object; ``reuse`` refuses
        an index whose schema differs from ``ESQUEMA`` (a change without a version bump)."""
        if self._aberto is None:
            self.caminho.mkdir(parents=True, exist_ok=True)
            indice = tantivy.Index(ESQUEMA, path=str(self.caminho), reuse=True)
            indice.config_reader(reload_policy="manual")  # reloaded before each read instead
            self._aberto = indice
        return self._aberto

    def _buscador(self) -> tantivy.Searcher:
        """A searcher on the last commit, this process's or another's."""
        indice = self._indice()
        indice.reload()
        return indice.searcher()

    def precisa_reconstruir(self) -> bool:
        return not (self.caminho / "meta.json").exists()

    # --- Writing ----------------------------------------------------------------------------

    def _escritor(self) -> tantivy.IndexWriter:
        limite = time.monotonic() + ESPERA_TRAVA_S
        while True:
            try:
                return self._indice().writer(heap_size=MEMORIA_ESCRITOR, num_threads=1)
            except ValueError as erro:
                if "LockBusy" not in str(erro) or time.monotonic() > limite:
                    raise
                time.sleep(0.1)

    def _escrever(self, operacao) -> None:
        """Run ``operacao(escritor)`` as one commit; nothing of it stays on error. The writer
        (and its lock) is released before returning, after its merges finish."""
        escritor = self._escritor()
        try:
            operacao(escritor)
            escritor.commit()
        except BaseException:
            escritor.rollback()
            raise
        finally:
            escritor.wait_merging_threads()

    def indexar(self, entradas: list, remover: list[str]) -> None:
        novas = {e.chave: e for e in entradas}  # a key twice in a batch: the last one wins

        def operacao(escritor):
            # A delete applies to what was added before it, so the new entries survive it.
            for chave in {*remover, *novas}:
                escritor.delete_documents_by_term("chave", chave)
            for e in novas.values():
                escritor.add_document(_documento(e))

        self._escrever(operacao)

    def limpar(self) -> None:
        self._escrever(lambda escritor: escritor.delete_all_documents())

    # --- Reading ----------------------------------------------------------------------------

    def buscar(self, consulta, filtro, *, ordem="relevancia", inicio=0, quantidade=20) -> Pagina:
        buscador = self._buscador()
        pedido = Query.boolean_query(
            [(Occur.Must, _query(consulta)), (Occur.Must, Query.const_score_query(_filtro(filtro), 0.0))]
        )
        opcoes = {"order_by_field": "data", "order": Order.Desc} if ordem == "data" else {}
        saida: dict = {}

        def pesquisar():
            try:  # tantivy refuses a limit of 0: a page of none still counts.
                saida["resultado"] = buscador.search(
                    pedido, max(quantidade, 1), count=True, offset=inicio, **opcoes
                )
            except BaseException as erro:  # handed to the caller's thread
                saida["erro"] = erro

        linha = threading.Thread(target=pesquisar, daemon=True, name="busca-tantivy")
        prazo = self.tempo_limite_ms / 1000
        comeco = time.monotonic()
        linha.start()
        linha.join(prazo)
        if linha.is_alive() or time.monotonic() - comeco > prazo:
            # Cut for the caller; tantivy cannot cancel it, so it finishes unheard in its thread.
            raise BuscaDemorada(
                "A pesquisa demorou demais e foi interrompida. Use palavras mais específicas ou filtros."
            )
        if "erro" in saida:
            raise saida["erro"]
        resultado = saida["resultado"]
        acertos = [
            _acerto(buscador.doc(endereco), 0.0 if ordem == "data" else float(valor))
            for valor, endereco in resultado.hits[: max(quantidade, 0)]
        ]
        total = resultado.count
        return Pagina(acertos=acertos, total=min(total, LIMITE_CONTAGEM), exato=total <= LIMITE_CONTAGEM)

    def impressoes(self) -> Iterator[tuple[str, str]]:
        """Walks the index by windows of ``processo_id`` (a fast field), one snapshot throughout:
        memory bounded by the largest window, not by the index."""
        buscador = self._buscador()

        def seguinte(desde: int | None) -> int | None:
            faixa = (
                Query.all_query()
                if desde is None
                else Query.range_query(ESQUEMA, "processo_id", FieldType.Integer, desde, None)
            )
            hits = buscador.search(faixa, 1, count=False, order_by_field="processo_id", order=Order.Asc).hits
            return hits[0][0] if hits else None

        inicio = seguinte(None)
        while inicio is not None:
            fim = inicio + JANELA_PROCESSOS
            janela = Query.range_query(
                ESQUEMA, "processo_id", FieldType.Integer, inicio, fim, include_upper=False
            )
            quantos = buscador.search(janela, 1, count=True).count
            for _, endereco in buscador.search(janela, max(quantos, 1), count=False).hits:
                doc = buscador.doc(endereco)
                yield doc.get_first("chave"), doc.get_first("impressao")
            inicio = seguinte(fim)

    def estado(self) -> dict:
        buscador = self._buscador()
        return {
            "backend": self.nome,
            "entradas": buscador.num_docs,
            "segmentos": buscador.num_segments,
            "versao": self.VERSAO_ESQUEMA,
            "pasta": str(self.caminho),
        }
