"""Whoosh (``whoosh-reloaded``): the embedded default, for one machine up to ~100,000 documents.

The index is a folder (``SEI_BUSCA_WHOOSH_DIR``). Whoosh allows one writer at a time (its lock
file fails a second one): every write goes through the indexing task, on one Celery queue of
concurrency 1 (``busca``), in batches committed only on success (``writer.cancel()`` otherwise);
a writer waits for the lock a few seconds rather than fail at once.

The index name carries the schema version: an index built by another version is not read, and
``precisa_reconstruir`` tells the indexer to rebuild it. Text fields hold the output of the
Portuguese chain (``busca.analise``), split on spaces only. The access filter and the other
filters are a clause of the query itself, ``And``-ed with constant score 0 (so they do not change
the ranking): the matcher intersects their postings with the query's, skipping ahead, so counts
and pages only ever see what the caller may read, and the set of every document the caller may
read is never built (as the searcher's ``filter=`` does: ~300 ms a query at 100,000 documents).
The hidden items (being reindexed: a handful) are dropped by the collector (an ``AndNot`` clause
failed to drop a document updated in place), which also cuts a slow query at its deadline.
"""

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from whoosh import index, query, writing
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.collectors import FilterCollector, TimeLimit
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .. import analise
from ..consulta import E, Frase, No, Ou, Prefixo, Termo
from ..consulta import Nao as NaoNo
from .base import LIMITE_CONTAGEM, Acerto, Backend, BuscaDemorada, Filtro, Pagina


def _esquema() -> Schema:
    espacos = SpaceSeparatedTokenizer()
    return Schema(
        chave=ID(stored=True, unique=True),
        tipo=ID(stored=True),
        natureza=ID(stored=True),
        processo_id=NUMERIC(stored=True, bits=64),
        nup=ID(stored=True),
        documento_id=NUMERIC(stored=True, bits=64),
        numero_sei=NUMERIC(stored=True, bits=64),
        tipo_processo_id=ID,
        tipo_documento_id=ID,
        unidade_geradora_id=ID,
        processo=ID,
        documento=ID,
        data=DATETIME(stored=True, sortable=True),
        titulo=STORED,
        texto=STORED,
        termos=TEXT(analyzer=espacos, phrase=True),
        interessados=TEXT(analyzer=espacos, phrase=False),
        leitores=KEYWORD,
        unidades=KEYWORD,
        impressao=STORED,
    )


# Whoosh keeps ``processo_id`` stored as a number and indexed as text in ``processo``.
_CAMPO_DO_FILTRO = {"processo_id": "processo"}


def _utc(momento: datetime) -> datetime:
    """Whoosh keeps naive datetimes: UTC, the same for every caller."""
    return momento.astimezone(UTC).replace(tzinfo=None) if momento.tzinfo else momento


def _query(no: No, campo: str = "termos") -> query.Query:
    if isinstance(no, Termo):
        return query.Term(campo, no.valor)
    if isinstance(no, Prefixo):
        return query.Prefix(campo, no.valor)
    if isinstance(no, Frase):
        return query.Phrase(campo, list(no.valores))
    if isinstance(no, Ou):
        return query.Or([_query(i, campo) for i in no.itens])
    if isinstance(no, E):
        positivos = [_query(i, campo) for i in no.itens if not isinstance(i, NaoNo)]
        negativos = [_query(i.item, campo) for i in no.itens if isinstance(i, NaoNo)]
        base = positivos[0] if len(positivos) == 1 else query.And(positivos)
        return query.AndNot(base, query.Or(negativos)) if negativos else base
    raise TypeError(no)


class _FiltroComPrazo(FilterCollector):
    """Whoosh's ``FilterCollector`` for the hidden items (a handful of processes being reindexed:
    their set is small), that also stops at a deadline: ``TimeLimitCollector`` cannot wrap it (a
    wrapper outside the filter would bypass it, inside it would never be asked)."""

    def __init__(self, child, restrict, *, prazo: float):
        super().__init__(child, None, restrict)
        self.prazo = prazo

    def prepare(self, top_searcher, q, context):
        self.limite = time.monotonic() + self.prazo
        super().prepare(top_searcher, q, context)

    def collect_matches(self):
        child, ocultos = self.child, self._restrict
        for vistos, sub_docnum in enumerate(child.matches()):
            if vistos % 64 == 0 and time.monotonic() > self.limite:
                raise TimeLimit
            if ocultos is not None and self.offset + sub_docnum in ocultos:
                self.filtered_count += 1
                continue
            child.collect(sub_docnum)


# Open searchers, per thread and index folder: opening one reads every segment's files (~250 ms
# of system time at 100,000 documents), so a search reuses the last one while no commit made a
# newer generation (checked by listing the folder).
_buscadores = threading.local()


class WhooshBackend(Backend):
    nome = "whoosh"

    def __init__(self, pasta: str | Path | None = None, tempo_limite_ms: int | None = None):
        self.pasta = Path(pasta or settings.SEI_BUSCA_WHOOSH_DIR)
        self.tempo_limite_ms = tempo_limite_ms or settings.SEI_BUSCA_TEMPO_LIMITE_MS
        self.nome_indice = f"sei_v{self.VERSAO_ESQUEMA}"

    def _indice(self):
        self.pasta.mkdir(parents=True, exist_ok=True)
        if index.exists_in(self.pasta, indexname=self.nome_indice):
            return index.open_dir(self.pasta, indexname=self.nome_indice)
        return index.create_in(self.pasta, _esquema(), indexname=self.nome_indice)

    def precisa_reconstruir(self) -> bool:
        return not index.exists_in(self.pasta, indexname=self.nome_indice)

    def _buscador(self):
        """This thread's searcher on the index's latest commit (see ``_buscadores``)."""
        abertos = _buscadores.__dict__.setdefault("por_indice", {})
        chave = (str(self.pasta), self.nome_indice)
        anterior = abertos.get(chave)
        if anterior is None:
            if len(abertos) >= 4:  # other folders (tests, benchmarks): keep few files open
                for velho in abertos.values():
                    velho.close()
                abertos.clear()
            atual = self._indice().searcher()
        elif anterior.up_to_date():
            atual = anterior
        else:
            # Not ``refresh()``: it reuses the reader of a segment still there with the deletions
            # it had when opened (a document updated since would show in both versions), and
            # fails on an empty index. The first search after a commit opens the index again.
            anterior.close()
            atual = self._indice().searcher()
        abertos[chave] = atual
        return atual

    # --- Writing ----------------------------------------------------------------------------

    def indexar(self, entradas: list, remover: list[str]) -> None:
        escritor = self._indice().writer(timeout=10.0)
        try:
            for chave in remover:
                escritor.delete_by_term("chave", chave)
            for e in entradas:
                escritor.update_document(
                    chave=e.chave,
                    tipo=e.tipo,
                    natureza=e.natureza,
                    processo_id=e.processo_id,
                    nup=e.nup,
                    documento_id=e.documento_id or 0,
                    numero_sei=e.numero_sei or 0,
                    tipo_processo_id=str(e.tipo_processo_id),
                    tipo_documento_id=str(e.tipo_documento_id or ""),
                    unidade_geradora_id=str(e.unidade_geradora_id or ""),
                    processo=str(e.processo_id),
                    documento=str(e.documento_id or ""),
                    data=_utc(e.data),
                    titulo=e.titulo,
                    texto=e.texto,
                    termos=" ".join(analise.termos(f"{e.titulo}\n{e.texto}")),
                    interessados=" ".join(analise.termos(e.interessados)),
                    leitores=" ".join(e.leitores),
                    unidades=" ".join(str(u) for u in e.unidades),
                    impressao=e.impressao,
                )
        except BaseException:
            escritor.cancel()
            raise
        escritor.commit()

    def limpar(self) -> None:
        if self.precisa_reconstruir():
            self._indice()  # created empty
            return
        # A commit that drops every segment, not a new index: the generation keeps growing, so a
        # searcher kept by another process (``_buscadores``) never takes the emptied index for
        # the one it opened (a recreated index would count generations from zero again).
        escritor = self._indice().writer(timeout=10.0)
        escritor.commit(mergetype=writing.CLEAR)

    # --- Reading ----------------------------------------------------------------------------

    def _filtro(self, filtro: Filtro) -> query.Query:
        partes = [query.Or([query.Term("leitores", p) for p in filtro.leitores])]
        for campo, valor in filtro.exatos():
            partes.append(query.Term(_CAMPO_DO_FILTRO.get(campo, campo), str(valor)))
        if filtro.unidade_tramitacao is not None:
            partes.append(query.Term("unidades", str(filtro.unidade_tramitacao)))
        if filtro.de is not None or filtro.ate is not None:
            de, ate = (_utc(d) if d else None for d in (filtro.de, filtro.ate))
            partes.append(query.DateRange("data", de, ate, endexcl=True))
        if filtro.interessado is not None:
            partes.append(_query(filtro.interessado, "interessados"))
        return query.And(partes)

    def _mascara(self, filtro: Filtro) -> query.Query | None:
        ocultos = [query.Term("processo", str(p)) for p in filtro.excluir_processos]
        ocultos += [query.Term("documento", str(d)) for d in filtro.excluir_documentos]
        return query.Or(ocultos) if ocultos else None

    def buscar(self, consulta, filtro, *, ordem="relevancia", inicio=0, quantidade=20) -> Pagina:
        buscador = self._buscador()
        # ``optimize=False``: a top-N collector that skips blocks does not count every match,
        # and the page shows the count.
        coletor = buscador.collector(
            limit=inicio + quantidade,
            sortedby="data" if ordem == "data" else None,
            reverse=ordem == "data",
            optimize=False,
        )
        limitado = _FiltroComPrazo(coletor, self._mascara(filtro), prazo=self.tempo_limite_ms / 1000)
        pedido = query.And([_query(consulta), query.ConstantScoreQuery(self._filtro(filtro), 0.0)])
        try:
            buscador.search_with_collector(pedido, limitado)
        except TimeLimit:
            raise BuscaDemorada(
                "A pesquisa demorou demais e foi interrompida. Use palavras mais específicas ou filtros."
            ) from None
        resultados = limitado.results()
        total = len(resultados)
        acertos = []
        for hit in resultados[inicio : inicio + quantidade]:
            c = hit.fields()
            acertos.append(
                Acerto(
                    chave=c["chave"],
                    tipo=c["tipo"],
                    natureza=c["natureza"],
                    processo_id=c["processo_id"],
                    nup=c["nup"],
                    documento_id=c["documento_id"] or None,
                    numero_sei=c["numero_sei"] or None,
                    titulo=c["titulo"],
                    texto=c["texto"],
                    data=c["data"].replace(tzinfo=UTC),
                    pontuacao=float(hit.score or 0.0),
                )  # fmt: skip
            )
        return Pagina(acertos=acertos, total=min(total, LIMITE_CONTAGEM), exato=total <= LIMITE_CONTAGEM)

    def impressoes(self) -> Iterator[tuple[str, str]]:
        with self._indice().searcher() as buscador:
            for campos in buscador.all_stored_fields():
                yield campos["chave"], campos["impressao"]

    def estado(self) -> dict:
        indice = self._indice()
        return {
            "backend": self.nome,
            "entradas": indice.doc_count(),
            "versao": self.VERSAO_ESQUEMA,
            "pasta": str(self.pasta),
        }
