"""PostgreSQL full text: the default whenever the database is PostgreSQL. The index is a table of
the product's own database (``busca_trecho``, created by ``busca``'s migration on PostgreSQL
only), so any number of web and worker nodes share it and a batch commits like any transaction.

- One row per part of an entry: a long text is split in parts of ``PALAVRAS_POR_PARTE`` words
  (a tsvector holds at most 1 MB and positions up to 16,383).
- ``termos`` holds the output of the Portuguese chain (``busca.analise``); ``vetor`` is a stored
  generated ``to_tsvector('simple', termos)`` under a GIN index: the chain runs once, in Python,
  at index and at query time, and PostgreSQL only splits on spaces (no unaccent or dictionary
  of its own that could disagree with the other backends).
- The access filter is an array overlap, ``leitores && <caller's principals>``, inside the query
  (GIN index), never applied to results afterwards.
- A global query does not rank every match: the candidates are cut at ``CANDIDATOS`` (an
  unordered LIMIT stops the scan early) and only those are ranked; the count stops at
  ``LIMITE_CONTAGEM`` + 1 and is then reported as a lower bound.
- ``statement_timeout`` cuts a query that runs too long (``BuscaDemorada``).
"""

import re
from collections.abc import Iterator

from django.conf import settings
from django.db import OperationalError, connection, transaction

from .. import analise
from ..consulta import E, Frase, No, Ou, Prefixo, Termo
from ..consulta import Nao as NaoNo
from .base import LIMITE_CONTAGEM, Acerto, Backend, BuscaDemorada, Filtro, Pagina

TABELA = "busca_trecho"
PALAVRAS_POR_PARTE = 4000
CANDIDATOS = 2000

CRIAR = f"""
CREATE TABLE IF NOT EXISTS {TABELA} (
    id bigserial PRIMARY KEY,
    chave varchar(30) NOT NULL,
    parte smallint NOT NULL,
    tipo varchar(10) NOT NULL,
    natureza varchar(10) NOT NULL,
    processo_id bigint NOT NULL,
    nup varchar(30) NOT NULL,
    documento_id bigint,
    numero_sei bigint,
    tipo_processo_id bigint,
    tipo_documento_id bigint,
    unidade_geradora_id bigint,
    data timestamptz NOT NULL,
    titulo text NOT NULL,
    texto text NOT NULL,
    termos text NOT NULL,
    interessados text NOT NULL,
    leitores text[] NOT NULL,
    unidades bigint[] NOT NULL,
    impressao varchar(32) NOT NULL,
    vetor tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, termos)) STORED,
    UNIQUE (chave, parte)
);
CREATE INDEX IF NOT EXISTS {TABELA}_vetor ON {TABELA} USING gin (vetor);
CREATE INDEX IF NOT EXISTS {TABELA}_leitores ON {TABELA} USING gin (leitores);
CREATE INDEX IF NOT EXISTS {TABELA}_processo ON {TABELA} (processo_id);
CREATE INDEX IF NOT EXISTS {TABELA}_data ON {TABELA} (data DESC);
"""
APAGAR = f"DROP TABLE IF EXISTS {TABELA};"

_COLUNAS = (
    "chave, parte, tipo, natureza, processo_id, nup, documento_id, numero_sei, tipo_processo_id, "
    "tipo_documento_id, unidade_geradora_id, data, titulo, texto, termos, interessados, leitores, unidades, impressao"
)
_ESPACOS = re.compile(r"\s+")


def tsquery(no: No) -> str:
    """The query tree as ``to_tsquery('simple', ...)`` text. Terms come out of the analysis chain
    (letters and digits only); they are quoted anyway."""
    if isinstance(no, Termo):
        return _lexema(no.valor)
    if isinstance(no, Prefixo):
        return _lexema(no.valor) + ":*"
    if isinstance(no, Frase):
        return "(" + " <-> ".join(_lexema(v) for v in no.valores) + ")"
    if isinstance(no, E):
        return "(" + " & ".join(tsquery(i) for i in no.itens) + ")"
    if isinstance(no, Ou):
        return "(" + " | ".join(tsquery(i) for i in no.itens) + ")"
    if isinstance(no, NaoNo):
        return "!" + tsquery(no.item)
    raise TypeError(no)


def _lexema(valor: str) -> str:
    return "'" + valor.replace("'", "''").replace("\\", "\\\\") + "'"


def partes(texto: str) -> list[str]:
    """``texto`` in parts of at most ``PALAVRAS_POR_PARTE`` words (at whitespace)."""
    palavras = texto.split()
    if len(palavras) <= PALAVRAS_POR_PARTE:
        return [texto]
    return [
        " ".join(palavras[i : i + PALAVRAS_POR_PARTE]) for i in range(0, len(palavras), PALAVRAS_POR_PARTE)
    ]


class PostgresBackend(Backend):
    nome = "postgres"

    def __init__(self, tempo_limite_ms: int | None = None):
        self.tempo_limite_ms = tempo_limite_ms or settings.SEI_BUSCA_TEMPO_LIMITE_MS

    # --- Writing ----------------------------------------------------------------------------

    def _linhas(self, entrada) -> Iterator[tuple]:
        interessados = " ".join(analise.termos(entrada.interessados))
        for numero, parte in enumerate(partes(entrada.texto)):
            cabeca = entrada.titulo if numero == 0 else ""
            yield (
                entrada.chave, numero, entrada.tipo, entrada.natureza, entrada.processo_id, entrada.nup,
                entrada.documento_id, entrada.numero_sei, entrada.tipo_processo_id, entrada.tipo_documento_id,
                entrada.unidade_geradora_id, entrada.data, entrada.titulo, parte,
                " ".join(analise.termos(f"{cabeca}\n{parte}")), interessados, list(entrada.leitores),
                list(entrada.unidades), entrada.impressao,
            )  # fmt: skip

    def indexar(self, entradas: list, remover: list[str]) -> None:
        chaves = list({*remover, *(e.chave for e in entradas)})
        linhas = [linha for e in entradas for linha in self._linhas(e)]
        marcadores = "(" + ", ".join(["%s"] * 19) + ")"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABELA} WHERE chave = ANY(%s)", [chaves])
            if linhas:
                cursor.executemany(f"INSERT INTO {TABELA} ({_COLUNAS}) VALUES {marcadores}", linhas)

    def limpar(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABELA}")  # the application role may not TRUNCATE

    # --- Reading ----------------------------------------------------------------------------

    def _onde(self, consulta: No, filtro: Filtro) -> tuple[str, list]:
        condicoes = ["vetor @@ to_tsquery('simple', %s)", "leitores && %s::text[]"]
        parametros: list = [tsquery(consulta), list(filtro.leitores)]
        for coluna, valor in filtro.exatos():
            condicoes.append(f"{coluna} = %s")
            parametros.append(valor)
        if filtro.de is not None:
            condicoes.append("data >= %s")
            parametros.append(filtro.de)
        if filtro.ate is not None:
            condicoes.append("data < %s")
            parametros.append(filtro.ate)
        if filtro.unidade_tramitacao is not None:
            condicoes.append("unidades @> ARRAY[%s]::bigint[]")
            parametros.append(filtro.unidade_tramitacao)
        if filtro.excluir_processos:
            condicoes.append("processo_id <> ALL(%s::bigint[])")
            parametros.append(list(filtro.excluir_processos))
        if filtro.excluir_documentos:
            condicoes.append("coalesce(documento_id, 0) <> ALL(%s::bigint[])")
            parametros.append(list(filtro.excluir_documentos))
        if filtro.interessado is not None:
            condicoes.append("to_tsvector('simple'::regconfig, interessados) @@ to_tsquery('simple', %s)")
            parametros.append(tsquery(filtro.interessado))
        return " AND ".join(condicoes), parametros

    def buscar(self, consulta, filtro, *, ordem="relevancia", inicio=0, quantidade=20) -> Pagina:
        onde, parametros = self._onde(consulta, filtro)
        campos = "chave, tipo, natureza, processo_id, nup, documento_id, numero_sei, titulo, texto, data"
        if ordem == "data":
            selecao = (
                f"SELECT DISTINCT ON (data, chave) {campos}, 0.0 AS pontos FROM {TABELA} WHERE {onde}"
                " ORDER BY data DESC, chave LIMIT %s OFFSET %s"
            )
            parametros_selecao = [*parametros, quantidade, inicio]
        else:
            selecao = (
                f"SELECT * FROM (SELECT DISTINCT ON (t.chave) {', '.join('t.' + c for c in campos.split(', '))},"
                f" ts_rank(t.vetor, to_tsquery('simple', %s)) AS pontos FROM {TABELA} t"
                f" JOIN (SELECT id FROM {TABELA} WHERE {onde} LIMIT {CANDIDATOS}) c ON c.id = t.id"
                " ORDER BY t.chave, pontos DESC) r ORDER BY pontos DESC, data DESC, chave LIMIT %s OFFSET %s"
            )
            parametros_selecao = [tsquery(consulta), *parametros, quantidade, inicio]
        contagem = (
            f"SELECT count(DISTINCT chave), count(*) FROM (SELECT chave FROM {TABELA} WHERE {onde}"
            f" LIMIT {LIMITE_CONTAGEM + 1}) c"
        )
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # set_config, not SET: a SET takes no bound parameter ($1) with server-side binding.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(max(1, int(self.tempo_limite_ms)))],
                )
                cursor.execute(selecao, parametros_selecao)
                linhas = cursor.fetchall()
                cursor.execute(contagem, parametros)
                total, partes_contadas = cursor.fetchone()
        except OperationalError as erro:
            if getattr(erro.__cause__, "sqlstate", None) == "57014":  # query_canceled
                raise BuscaDemorada(
                    "A pesquisa demorou demais e foi interrompida. Use palavras mais específicas ou filtros."
                ) from None
            raise
        # The columns are selected in ``Acerto``'s field order.
        acertos = [Acerto(*linha[:10], pontuacao=float(linha[10])) for linha in linhas]
        # Rows are parts: the count stopped early when it read more than the limit of them.
        exato = partes_contadas <= LIMITE_CONTAGEM
        return Pagina(acertos=acertos, total=min(total, LIMITE_CONTAGEM), exato=exato)

    def impressoes(self) -> Iterator[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT chave, impressao FROM {TABELA} WHERE parte = 0 ORDER BY chave")
            while linhas := cursor.fetchmany(2000):
                yield from linhas

    def estado(self) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FILTER (WHERE parte = 0), count(*) FROM {TABELA}")
            entradas, partes_ = cursor.fetchone()
        return {"backend": self.nome, "entradas": entradas, "partes": partes_, "versao": self.VERSAO_ESQUEMA}
