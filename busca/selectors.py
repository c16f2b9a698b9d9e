"""The search, one read path for the page and the API: what the caller typed, under the
caller's access filter (their principals, inside the backend's query), as a page of items with
highlighted snippets.

A NUP or a número SEI typed anywhere opens the item (``destino_direto``) through the policy:
a process the caller may know of — an outsider included, for a restrito (its existence is not a
secret) — or a document whose entry the caller may see. Words never find what the caller may not
read, sigilosos never appear, and the counts only ever count what the caller may read.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.core import signing
from django.utils import timezone
from django.utils.html import escape

from documentos import selectors as documentos_selectors
from documentos.models import Documento
from processos import selectors as processos_selectors
from processos.nup import gerar_nup, normalizar_nup
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado, ReautenticacaoNecessaria
from sei.models import Orgao, PendenciaIndice

from . import backends, consulta, trechos
from .backends.base import LIMITE_CONTAGEM, Filtro

POR_PAGINA = 20
OCULTOS_NO_MAXIMO = 2000
_SO_NUMERO = re.compile(r"[0-9][0-9./\-\s]*")
# A partial NUP as people write it: sequence and year ("123/2026", "000123/2026", optionally
# with the check digits "000123/2026-45"), in the caller's órgão.
_NUP_PARCIAL = re.compile(r"0*([0-9]{1,6})\s*/\s*([0-9]{4})(?:\s*-\s*([0-9]{2}))?")
_SAL_CURSOR = "busca.cursor"


@dataclass(frozen=True)
class Filtros:
    """What the page and the API let the caller narrow (None: any)."""

    tipo: str | None = None  # "processo" | "interno" | "externo"
    tipo_processo_id: int | None = None
    tipo_documento_id: int | None = None
    unidade_geradora_id: int | None = None
    de: date | None = None
    ate: date | None = None
    interessado: str = ""
    tramitacao_aqui: bool = False
    processo_id: int | None = None


@dataclass(frozen=True)
class Item:
    tipo: str  # "processo" | "documento"
    natureza: str  # "processo" | "interno" | "externo"
    nup: str
    numero_sei: int | None
    titulo: str
    trecho: str  # HTML: escaped text, matches in <mark>
    data: datetime


@dataclass(frozen=True)
class Resultado:
    itens: list[Item]
    total: int
    exato: bool  # False: more than ``total`` ("mais de 10.000")
    proximo: str | None  # cursors
    anterior: str | None


@dataclass(frozen=True)
class Destino:
    """What a NUP or número SEI typed opens, with what a result line shows of it."""

    tipo: str  # "processo" | "documento"
    nup: str
    numero_sei: int | None = None
    natureza: str = "processo"  # "processo" | "interno" | "externo"
    titulo: str = ""  # as the index titles it; never content the caller may not read
    data: datetime | None = None


def _destino_do_processo(processo) -> Destino:
    return Destino(tipo="processo", nup=processo.nup, titulo=processo.tipo.nome, data=processo.criado_em)


def _processo_visivel(ator: Ator, nup: str):
    try:
        return processos_selectors.processo_por_nup(ator=ator, nup=nup, exigir_senha=False)
    except NaoEncontrado:
        return None


def _nups_parciais(ator: Ator, sequencial: int, ano: int) -> list[str]:
    """The NUPs a "sequence/year" names: one per órgão the caller works in (the current unit's
    first, then those of the caller's other active units). The 15 digits fix the check digits,
    so each is one exact (indexed) lookup, never a scan."""
    codigos = list(
        Orgao.objects.filter(
            unidades__lotacoes__usuario=ator.usuario, unidades__lotacoes__ativa=True, unidades__ativa=True
        )
        .exclude(pk=ator.unidade.orgao_id)
        .values_list("codigo_protocolo", flat=True)
        .distinct()
    )
    codigos.insert(0, ator.unidade.orgao.codigo_protocolo)
    try:
        return [gerar_nup(codigo_protocolo=c, sequencial=sequencial, ano=ano) for c in dict.fromkeys(codigos)]
    except ValueError:  # sequence 0
        return []


def _destino_parcial(ator: Ator, texto: str) -> Destino | None:
    casamento = _NUP_PARCIAL.fullmatch(texto)
    if casamento is None:
        return None
    sequencial, ano, dv = int(casamento[1]), int(casamento[2]), casamento[3]
    nups = [n for n in _nups_parciais(ator, sequencial, ano) if dv is None or n.endswith(dv)]
    # Only the processes the policy lets the caller know of count: an outsider sees the same
    # "not a direct hit" (the search page) whether the process exists or not.
    achados = [p for p in (_processo_visivel(ator, nup) for nup in nups) if p is not None]
    # Several órgãos' processes with that number: the search page, not a random one.
    return _destino_do_processo(achados[0]) if len(achados) == 1 else None


def destino_direto(*, ator: Ator, texto: str) -> Destino | None:
    """The process or document ``texto`` names (a NUP, with or without punctuation; a partial
    NUP, "sequence/year", in the caller's órgão; or a número SEI), if it exists and the policy
    lets the caller know of it; None for anything else (the search page)."""
    texto = (texto or "").strip()
    if not _SO_NUMERO.fullmatch(texto):
        return None
    digitos = normalizar_nup(texto)
    if len(digitos) == 17:
        processo = _processo_visivel(ator, digitos)
        return _destino_do_processo(processo) if processo is not None else None
    if "/" in texto:
        return _destino_parcial(ator, texto)
    if len(digitos) <= 12 and digitos == texto:
        try:
            # Knowing of the document is enough to be sent to its page, which asks for the password
            # of a sigiloso itself (as for a process above): no ReautenticacaoNecessaria here.
            documento = documentos_selectors.documento_por_numero(
                ator=replace(ator, sigilosos_liberados=None), numero_sei=digitos
            )
        except NaoEncontrado:
            return None
        return Destino(
            tipo="documento",
            nup=documento.processo.nup,
            numero_sei=documento.numero_sei,
            natureza=documento.natureza,
            titulo=_titulo_documento(ator, documento),
            data=documento.criado_em,
        )
    return None


def item_do_destino(destino: Destino) -> Item:
    """A direct hit as one result line (the API answers it so): its title as the snippet."""
    return Item(
        tipo=destino.tipo,
        natureza=destino.natureza,
        nup=destino.nup,
        numero_sei=destino.numero_sei,
        titulo=destino.titulo,
        trecho=str(escape(destino.titulo)),
        data=destino.data,
    )


def _titulo_documento(ator: Ator, documento) -> str:
    """The tree label; an internal document's description (free text: content) only for who
    reads the document's content, and of a sigiloso only once its password was typed again."""
    if not (documento.interno and documento.descricao):
        return documento.rotulo
    try:
        acesso.exigir_reautenticacao(ator, documento.processo)
    except ReautenticacaoNecessaria:
        return documento.rotulo
    if not acesso.pode_ver_conteudo_documento(ator, documento):
        return documento.rotulo
    return f"{documento.rotulo} {documento.descricao}"


def _inicio(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        inicio = signing.loads(cursor, salt=_SAL_CURSOR)
    except signing.BadSignature:
        raise EntradaInvalida(
            "Cursor inválido.", errors={"cursor": ["Use o endereço de next/previous."]}
        ) from None
    if not isinstance(inicio, int) or inicio < 0:
        raise EntradaInvalida("Cursor inválido.", errors={"cursor": ["Use o endereço de next/previous."]})
    return inicio


def _cursor(inicio: int) -> str:
    return signing.dumps(inicio, salt=_SAL_CURSOR)


def _momento(dia: date | None, *, fim: bool = False) -> datetime | None:
    if dia is None:
        return None
    if fim:
        if dia == date.max:  # the day after it does not exist: no upper bound
            return None
        dia = dia + timedelta(days=1)  # "até" includes the whole day
    return timezone.make_aware(datetime.combine(dia, time.min))


def em_reconstrucao() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(processes, documents) whose entries wait for the indexer because who may read them or
    their state changed (``sei.models.PendenciaIndice``): hidden from searches until rewritten,
    so a revocation, a cancellation or a level raised holds from the very next search. Normally
    a handful of rows; the newest ``OCULTOS_NO_MAXIMO`` are read."""
    chaves = PendenciaIndice.objects.order_by("-id").values_list("chave", flat=True)[:OCULTOS_NO_MAXIMO]
    processos, documentos, numeros = set(), set(), set()
    for chave in chaves:
        prefixo, _, valor = chave.partition(":")
        destino = {"P": processos, "d": documentos, "n": numeros}.get(prefixo)
        if destino is not None and valor.isdigit():
            destino.add(int(valor))
    if numeros:
        documentos |= set(Documento.objects.filter(numero_sei__in=numeros).values_list("pk", flat=True))
    return tuple(sorted(processos)), tuple(sorted(documentos))


def filtro_do_ator(ator: Ator, filtros: Filtros) -> Filtro:
    """The backend's filter: the caller's principals (the access rule's data) and the narrowing."""
    tipo, natureza = {
        "processo": ("processo", None),
        "interno": ("documento", "interno"),
        "externo": ("documento", "externo"),
        "documento": ("documento", None),
    }.get(filtros.tipo or "", (None, None))
    if filtros.de and filtros.ate and filtros.de > filtros.ate:
        mensagem = "A data inicial do período é posterior à final."
        raise EntradaInvalida(mensagem, errors={"ate": [mensagem]})
    interessado = None
    if filtros.interessado.strip():
        try:
            interessado = consulta.interpretar(filtros.interessado)
        except consulta.ConsultaInvalida as erro:
            raise EntradaInvalida(erro.mensagem, errors={"interessado": [erro.mensagem]}) from None
    processos, documentos = em_reconstrucao()
    return Filtro(
        leitores=acesso.principais(ator),
        tipo=tipo,
        natureza=natureza,
        tipo_processo_id=filtros.tipo_processo_id,
        tipo_documento_id=filtros.tipo_documento_id,
        unidade_geradora_id=filtros.unidade_geradora_id,
        de=_momento(filtros.de),
        ate=_momento(filtros.ate, fim=True),
        interessado=interessado,
        unidade_tramitacao=ator.unidade.pk if filtros.tramitacao_aqui else None,
        processo_id=filtros.processo_id,
        excluir_processos=processos,
        excluir_documentos=documentos,
    )


def pesquisar(
    *,
    ator: Ator,
    texto: str,
    filtros: Filtros | None = None,
    ordem: str = "relevancia",
    cursor: str | None = None,
    quantidade: int = POR_PAGINA,
    backend=None,
) -> Resultado:
    """One page of what ``texto`` finds among what the caller may read. A malformed query is an
    ``EntradaInvalida`` (``consulta.ConsultaInvalida``) saying why; a query past the time limit
    a ``BuscaDemorada``."""
    if ordem not in ("relevancia", "data"):
        raise EntradaInvalida("Ordem inválida.", errors={"ordem": ["Use relevancia ou data."]})
    arvore = consulta.interpretar(texto)
    inicio = _inicio(cursor)
    if inicio >= LIMITE_CONTAGEM:
        raise EntradaInvalida(
            "A pesquisa só mostra os primeiros 10.000 resultados: refine os termos ou use os filtros.",
            code="pagina_alem_do_limite",
        )
    backend = backend or backends.obter()
    pagina = backend.buscar(
        arvore, filtro_do_ator(ator, filtros or Filtros()), ordem=ordem, inicio=inicio, quantidade=quantidade
    )
    itens = [
        Item(
            tipo=a.tipo,
            natureza=a.natureza,
            nup=a.nup,
            numero_sei=a.numero_sei,
            titulo=a.titulo,
            trecho=trechos.destacar(a.texto, arvore),
            data=a.data,
        )
        for a in pagina.acertos
    ]
    fim = inicio + len(itens)
    ha_mais = fim < pagina.total or (not pagina.exato and fim < LIMITE_CONTAGEM)
    return Resultado(
        itens=itens,
        total=pagina.total,
        exato=pagina.exato,
        proximo=_cursor(fim) if ha_mais and itens else None,
        anterior=_cursor(max(0, inicio - quantidade)) if inicio > 0 else None,
    )
