"""The read side: every list and detail starts here, already filtered by the access policy."""

import base64
import binascii
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from django.db import connections, router
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.models import Unidade, Usuario
from sei.validators import somente_digitos

from .models import (
    Andamento,
    Atividade,
    ContagemCaixa,
    Credencial,
    Interessado,
    LeituraAuditada,
    NivelAcesso,
    Processo,
    Relacionamento,
    RetornoProgramado,
    TipoProcesso,
)
from .nup import formatar_nup, normalizar_nup
from .services.auditoria import registrar_leitura


def processos_visiveis(*, ator: Ator) -> QuerySet[Processo]:
    return acesso.filtrar_processos_visiveis(Processo.objects.all(), ator)


def processo_por_nup(*, ator: Ator, nup: str, exigir_senha: bool = True) -> Processo:
    """The process by its NUP (with or without punctuation); 404 when not visible to the actor.
    A browser must have typed the password again for a sigiloso (``ReautenticacaoNecessaria``),
    except on the page that asks for it (``exigir_senha=False``)."""
    digitos = normalizar_nup(nup)
    processo = (
        Processo.objects.select_related(
            "tipo", "hipotese_legal", "unidade_geradora", "orgao", "processo_principal"
        )
        .filter(nup=digitos)
        .first()
    )
    if processo is None or len(digitos) != 17:
        raise NaoEncontrado("Processo não encontrado.")
    acesso.exigir_visivel(ator, processo)
    if exigir_senha:
        acesso.exigir_reautenticacao(ator, processo)
    return processo


def processos_lista(
    *,
    ator: Ator,
    nup: str | None = None,
    tipo_id: int | None = None,
    aberto_na_unidade: str | None = None,
    interessado: str | None = None,
) -> QuerySet[Processo]:
    qs = processos_visiveis(ator=ator).select_related("tipo", "unidade_geradora")
    if nup:
        qs = qs.filter(nup__startswith=normalizar_nup(nup))
    if tipo_id:
        qs = qs.filter(tipo_id=tipo_id)
    if aberto_na_unidade:
        qs = qs.filter(
            Exists(
                Atividade.objects.filter(
                    processo=OuterRef("pk"), aberta=True, unidade__sigla__iexact=aberto_na_unidade
                )
            )
        )
    if interessado:
        termo = interessado.strip()
        digitos = somente_digitos(termo)
        filtro = Q(nome__icontains=termo)
        if len(digitos) in (11, 14):
            filtro |= Q(cpf_cnpj=digitos)
        # Interessados are content: a restrito process matches only where the actor may read it.
        visiveis_conteudo = acesso.filtrar_processos_conteudo(Processo.objects.all(), ator)
        qs = qs.filter(
            Exists(Interessado.objects.filter(filtro, processo=OuterRef("pk"))),
            pk__in=visiveis_conteudo.values("pk"),
        )
    return qs.order_by("-criado_em", "-id")


def andamentos(*, ator: Ator, processo: Processo, canal: str | None = None) -> QuerySet[Andamento]:
    """The history, newest first. With ``canal`` (the history asked on its own: the API's
    endpoint), a reader of the content — who sees its free text — is recorded in the read audit;
    the process page records its one read of the process instead."""
    acesso.exigir_visivel(ator, processo)
    if canal and acesso.pode_ver_conteudo(ator, processo):
        registrar_leitura(ator=ator, processo=processo, objeto=LeituraAuditada.Objeto.HISTORICO, canal=canal)
    return (
        Andamento.objects.filter(processo=processo)
        .select_related("unidade", "usuario")
        .order_by("-criado_em", "-id")
    )


def relacionados(processo: Processo) -> QuerySet[Processo]:
    """Processes related to ``processo`` (either side of the pair), unfiltered."""
    ids_a = Relacionamento.objects.filter(processo_b=processo).values("processo_a")
    ids_b = Relacionamento.objects.filter(processo_a=processo).values("processo_b")
    return Processo.objects.filter(Q(pk__in=ids_a) | Q(pk__in=ids_b))


def processos_relacionados(*, ator: Ator, processo: Processo) -> QuerySet[Processo]:
    """The related processes the actor may know exist (a sigiloso only with a credential)."""
    return (
        processos_visiveis(ator=ator)
        .filter(pk__in=relacionados(processo).values("pk"))
        .select_related("tipo")
    )


def processos_anexados(*, ator: Ator, processo: Processo) -> QuerySet[Processo]:
    return processos_visiveis(ator=ator).filter(processo_principal=processo).select_related("tipo")


def credenciais_ativas(*, ator: Ator, processo: Processo) -> QuerySet[Credencial]:
    """Active credentials of a sigiloso: only its holders may list them."""
    acesso.exigir_conteudo(ator, processo)
    return (
        Credencial.objects.filter(processo=processo, cassada_em__isnull=True)
        .select_related("usuario", "unidade", "concedida_por")
        .order_by("unidade__sigla", "usuario__username", "id")
    )


def unidades_destino(*, unidade: Unidade) -> QuerySet[Unidade]:
    """Units of the órgão that may receive a process sent from ``unidade``."""
    return (
        Unidade.objects.filter(orgao_id=unidade.orgao_id, ativa=True, recebe_processos=True)
        .exclude(pk=unidade.pk)
        .order_by("sigla")
    )


def usuarios_da_unidade(*, unidade: Unidade) -> QuerySet[Usuario]:
    """Active users with an active membership of ``unidade`` (attribution, credentials)."""
    return Usuario.objects.filter(
        pk__in=unidade.lotacoes.filter(ativa=True).values("usuario_id"), is_active=True
    ).order_by("username")


def unidades_abertas(*, processo: Processo) -> list[Atividade]:
    return list(
        Atividade.objects.filter(processo=processo, aberta=True)
        .select_related("unidade", "atribuida_a")
        .order_by("unidade__sigla")
    )


# --- Controle de Processos (the unit inbox), keyset-paginated --------------------------------
#
# The one list every user opens all day. Written as fixed SQL mapped to slim rows: through the
# ORM, building the queryset, compiling it and instantiating ~250 model objects cost three times
# the query itself (bench/README.md). The access condition still comes from the access policy
# (``acesso.sql_atividades_visiveis``), and tests/processos/test_caixa.py holds this query to the
# same rows as the ORM policy.


@dataclass(frozen=True, slots=True)
class ItemCaixa:
    """One open process in the unit's inbox: what the list shows of it."""

    pk: int  # the Atividade
    processo_id: int
    nup: str
    especificacao: str
    nivel_acesso: int
    tipo_id: int
    tipo_nome: str
    origem: str
    aberta_em: datetime
    recebida_em: datetime | None
    atribuida_a: str | None  # login
    remetente: str | None  # unit sigla
    retorno_data: date | None  # this unit owes the process back by then
    aguardando_retorno_data: date | None  # this unit waits for it back by then
    chave: object = None  # the value of the page's order (its keyset position with ``pk``)
    # The detailed view's columns (``caixa_detalhar``): empty in the compact one.
    ultimo_andamento_id: int | None = None
    ultimo_andamento_em: datetime | None = None
    ultimo_andamento: str = ""
    interessados: tuple[str, ...] = ()

    @property
    def nao_lida(self) -> bool:
        """Received and not yet opened by anyone of the unit (SEI: "não visualizado")."""
        return self.origem == Atividade.Origem.RECEBIDO and self.recebida_em is None

    @property
    def sigiloso(self) -> bool:
        return self.nivel_acesso == NivelAcesso.SIGILOSO

    @property
    def restrito(self) -> bool:
        return self.nivel_acesso == NivelAcesso.RESTRITO

    @property
    def nup_formatado(self) -> str:
        return formatar_nup(self.nup)


@dataclass
class Pagina:
    """One page of the inbox. ``proximo``/``anterior``: the cursors of the pages around it
    (``anterior`` is ``""`` when the previous page is the first, None on the first page);
    ``total``: how many rows the whole inbox has, when counted."""

    itens: list[ItemCaixa]
    proximo: str | None
    anterior: str | None
    total: int | None = None
    total_exato: bool = True  # False: "more than ``total - 1``" (a count stopped at its bound)

    @property
    def tem_anterior(self) -> bool:
        return self.anterior is not None


_ORIGENS = (Atividade.Origem.RECEBIDO, Atividade.Origem.GERADO)  # the inbox's order: received first

# The orders of the inbox: the key's SQL (aliases ``a``, ``p``), whether it is a date, and its
# label. "-chave" is descending. ``chegada`` (when the process arrived in the unit) is the one the
# ``atividade_caixa`` index answers; the others read the unit's open rows and sort them.
ORDENS = {
    "chegada": ("a.aberta_em", True),
    "andamento": (
        "(SELECT MAX(an.criado_em) FROM {andamento} an WHERE an.processo_id = a.processo_id)",
        True,
    ),
    "nup": ("p.nup", False),
    "tipo": ("(SELECT t.nome FROM {tipo} t WHERE t.id = p.tipo_id)", False),
}
ORDEM_PADRAO = "-chegada"
ROTULOS_ORDEM = {"chegada": "chegada", "andamento": "último andamento", "nup": "NUP", "tipo": "tipo"}
# The orders the index does not answer read and sort every open row of the unit (~150 ms for
# 6,000 rows on the benchmark, bench/README.md): offered only up to this many, to keep the page
# within its budget.
LIMITE_ORDENACAO = 500


def ordem_valida(ordem: str | None) -> str:
    return ordem if ordem and ordem.lstrip("-") in ORDENS else ORDEM_PADRAO


def _cursor(item: ItemCaixa, ordem: str, direcao: str, total: int | None, exato: bool) -> str:
    # A position (origem, order, key, id), a direction, and the total when counted (``+``: a
    # lower bound): following pages need no COUNT over the whole inbox. One format for the page's
    # columns and the API, whatever the order.
    chave = item.chave.isoformat() if isinstance(item.chave, datetime) else str(item.chave)
    contagem = "" if total is None else f"{total}{'' if exato else '+'}"
    bruto = f"{item.origem}|{ordem}|{chave}|{item.pk}|{direcao}|{contagem}"
    return base64.urlsafe_b64encode(bruto.encode()).decode().rstrip("=")


def _ler_cursor(cursor: str) -> tuple[str, str, object, int, str, int | None, bool]:
    try:
        bruto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        origem, ordem, resto = bruto.split("|", 2)
        chave, pk, direcao, total = resto.rsplit("|", 3)  # a type's name may hold a "|"
        if ordem_valida(ordem) != ordem or origem not in _ORIGENS or direcao not in ("n", "p"):
            raise ValueError
        if ORDENS[ordem.lstrip("-")][1]:
            chave = datetime.fromisoformat(chave)
            if chave.tzinfo is None:
                raise ValueError
        exato = not total.endswith("+")
        total = int(total.rstrip("+")) if total else None
        if (total or 0) < 0:
            raise ValueError
        return origem, ordem, chave, int(pk), direcao, total, exato
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise EntradaInvalida("Cursor de paginação inválido.", errors={"cursor": ["Inválido."]}) from None


def _tabelas() -> dict[str, str]:
    return {
        "atividade": Atividade._meta.db_table,
        "processo": Processo._meta.db_table,
        "tipo": TipoProcesso._meta.db_table,
        "usuario": Usuario._meta.db_table,
        "unidade": Unidade._meta.db_table,
        "retorno": RetornoProgramado._meta.db_table,
        "contagem": ContagemCaixa._meta.db_table,
        "andamento": Andamento._meta.db_table,
        "interessado": Interessado._meta.db_table,
    }


def _filtros_caixa(ator: Ator, origem: str | None, meus: bool, tipo_id: int | None) -> tuple[list[str], list]:
    """The WHERE of the inbox (open here, not sobrestado nor anexado, visible to the actor)."""
    visivel, parametros = acesso.sql_atividades_visiveis(ator, atividade="a", processo="p")
    condicoes = ["a.aberta = %s", "p.estado = %s", visivel]
    parametros = [True, Processo.Estado.NORMAL.value, *parametros]
    if origem:
        condicoes.append("a.origem = %s")
        parametros.append(str(origem))
    if meus:
        condicoes.append("a.atribuida_a_id = %s")
        parametros.append(ator.usuario.pk)
    if tipo_id:
        condicoes.append("p.tipo_id = %s")
        parametros.append(tipo_id)
    return condicoes, parametros


def _data_hora(valor) -> datetime | None:
    # PostgreSQL gives aware datetimes; SQLite (the embedded default) gives naive UTC or text.
    if valor is None or (isinstance(valor, datetime) and valor.tzinfo is not None):
        return valor
    if isinstance(valor, str):
        valor = datetime.fromisoformat(valor)
    return valor.replace(tzinfo=UTC) if valor.tzinfo is None else valor


def _data(valor) -> date | None:
    return date.fromisoformat(valor) if isinstance(valor, str) else valor


def _datas_pelo_carregador_em_c(conexao, cursor) -> None:
    """Read this cursor's timestamps with psycopg's own loader (C, with psycopg[binary]).

    Django registers a pure-Python ``timestamptz`` loader on its PostgreSQL connections, to pin
    the time zone: ~5 µs a value, most of the Python time of an inbox page (100 timestamps). The
    connection's time zone is UTC (``USE_TZ``), and psycopg's loader then gives the same aware
    UTC datetimes."""
    if conexao.vendor != "postgresql" or conexao.timezone_name != "UTC":
        return
    from psycopg import adapters
    from psycopg.pq import Format

    carregador = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)
    cursor.cursor.adapters.register_loader("timestamptz", carregador)


def _chave_sql(ordem: str, t: dict[str, str]) -> tuple[str, bool, bool]:
    """The order's key as SQL, whether it is a date, whether it descends."""
    sql, data = ORDENS[ordem.lstrip("-")]
    return sql.format(**t), data, ordem.startswith("-")


def caixa_itens(
    *,
    ator: Ator,
    origem: str | None = None,
    meus: bool = False,
    tipo_id: int | None = None,
    apos: tuple[object, int] | None = None,
    para_tras: bool = False,
    limite: int = 50,
    ordem: str = ORDEM_PADRAO,
    detalhes: bool = False,
) -> list[ItemCaixa]:
    """The inbox's open processes in ``ordem`` (default: newest arrival first; ``para_tras``: the
    other way), after the keyset position ``apos`` = (key, atividade id). One query. In the
    default order it is answered from the ``atividade_caixa`` index (unit, origem, aberta_em, id):
    a deep page costs what the first one costs. Without ``origem``, each origem is read from its
    own index range and the two merged. ``detalhes``: the id of each process's last andamento too
    (``caixa_detalhar`` reads the rest).

    The keyset is a row comparison, ``(aberta_em, id) < (x, y)``, which PostgreSQL uses as an index
    condition (an ``a < x OR (a = x AND id < y)`` filter makes it read and discard every earlier row).
    """
    conexao = connections[router.db_for_read(Atividade)]
    t = _tabelas()
    chave, chave_data, descendente = _chave_sql(ordem_valida(ordem), t)
    descendo = descendente != para_tras
    sentido = "DESC" if descendo else "ASC"
    ultimo = (
        f", (SELECT ua.id FROM {t['andamento']} ua WHERE ua.processo_id = a.processo_id"
        "   ORDER BY ua.criado_em DESC, ua.id DESC LIMIT 1)"
        if detalhes
        else ""
    )
    partes = []
    for cada_origem in [origem] if origem else Atividade.Origem.values:
        condicoes, parametros = _filtros_caixa(ator, cada_origem, meus, tipo_id)
        if apos is not None:
            condicoes.append(f"({chave}, a.id) {'<' if descendo else '>'} (%s, %s)")
            valor = conexao.ops.adapt_datetimefield_value(apos[0]) if chave_data else apos[0]
            parametros += [valor, apos[1]]
        # Type, attributed user and sender unit as scalar subqueries, not joins: the planner
        # would weigh every order of five joined tables on each call (~1.3 ms of planning for a
        # ~0.3 ms execution on the benchmark); subqueries are planned alone (bench/README.md).
        sql = (
            "SELECT a.id, a.processo_id, p.nup, p.especificacao, p.nivel_acesso_global, p.tipo_id,"
            f" (SELECT t.nome FROM {t['tipo']} t WHERE t.id = p.tipo_id),"
            " a.origem, a.aberta_em, a.recebida_em,"
            f" (SELECT u.username FROM {t['usuario']} u WHERE u.id = a.atribuida_a_id),"
            f" (SELECT r.sigla FROM {t['unidade']} r WHERE r.id = a.remetente_id),"
            f" (SELECT rd.data FROM {t['retorno']} rd WHERE rd.processo_id = a.processo_id"
            "   AND rd.unidade_destino_id = %s AND rd.devolvido_em IS NULL ORDER BY rd.data LIMIT 1),"
            f" (SELECT ro.data FROM {t['retorno']} ro WHERE ro.processo_id = a.processo_id"
            "   AND ro.unidade_origem_id = %s AND ro.devolvido_em IS NULL ORDER BY ro.data LIMIT 1),"
            f" {chave}{ultimo}"
            f" FROM {t['atividade']} a"
            f" JOIN {t['processo']} p ON p.id = a.processo_id"
            f" WHERE {' AND '.join(condicoes)}"
            f" ORDER BY {chave} {sentido}, a.id {sentido} LIMIT %s"
        )
        partes.append((sql, [ator.unidade.pk, ator.unidade.pk, *parametros, limite]))
    if len(partes) == 1:
        sql, parametros = partes[0]
    else:  # columns 15 and 1: the key, id
        sql = " UNION ALL ".join(f"SELECT * FROM ({parte}) parte{n}" for n, (parte, _) in enumerate(partes))
        sql += f" ORDER BY 15 {sentido}, 1 {sentido} LIMIT %s"
        parametros = [valor for _, valores in partes for valor in valores] + [limite]
    with conexao.cursor() as cursor:
        _datas_pelo_carregador_em_c(conexao, cursor)
        cursor.execute(sql, parametros)
        linhas = cursor.fetchall()
    return [
        ItemCaixa(
            pk=linha[0],
            processo_id=linha[1],
            nup=linha[2],
            especificacao=linha[3],
            nivel_acesso=linha[4],
            tipo_id=linha[5],
            tipo_nome=linha[6],
            origem=linha[7],
            aberta_em=_data_hora(linha[8]),
            recebida_em=_data_hora(linha[9]),
            atribuida_a=linha[10],
            remetente=linha[11],
            retorno_data=_data(linha[12]),
            aguardando_retorno_data=_data(linha[13]),
            chave=_data_hora(linha[14]) if chave_data else linha[14],
            ultimo_andamento_id=linha[15] if detalhes else None,
        )
        for linha in linhas
    ]


def caixa_detalhar(itens: list[ItemCaixa]) -> list[ItemCaixa]:
    """The detailed view's columns for one page (``caixa_itens(detalhes=True)``): the last
    andamento (date and text) and the interessados — two queries for the page, none per row.
    Interessados of a restrito or sigiloso are personal data whose every read is recorded
    (``registrar_leitura``, on the process page): the list shows those of público processes only.
    The text typed in a sigiloso's history is shown only on its page once the password is typed
    again: here, the event alone."""
    if not itens:
        return itens
    andamentos = {
        a.pk: a
        for a in Andamento.objects.filter(
            pk__in=[i.ultimo_andamento_id for i in itens if i.ultimo_andamento_id]
        )
        .only("id", "criado_em", "tipo", "descricao", "atributos")
        .order_by()
    }
    interessados: dict[int, list[str]] = {}
    abertos = [i.processo_id for i in itens if i.nivel_acesso == NivelAcesso.PUBLICO]
    for processo_id, nome in (
        Interessado.objects.filter(processo_id__in=abertos)
        .order_by("processo_id", "ordem", "id")
        .values_list("processo_id", "nome")
        if abertos
        else []
    ):
        interessados.setdefault(processo_id, []).append(nome)
    detalhados = []
    for item in itens:
        andamento = andamentos.get(item.ultimo_andamento_id)
        texto = ""
        if andamento is not None:
            texto = andamento.get_tipo_display() if item.sigiloso else andamento.descricao
        detalhados.append(
            replace(
                item,
                ultimo_andamento_em=andamento.criado_em if andamento else None,
                ultimo_andamento=texto,
                interessados=tuple(interessados.get(item.processo_id, ())),
            )
        )
    return detalhados


def caixa_total(
    *,
    ator: Ator,
    origem: str | None = None,
    meus: bool = False,
    tipo_id: int | None = None,
    ate: int | None = None,
) -> int:
    """How many processes the inbox lists. Unfiltered, ``caixa_totais`` (the unit's counters plus
    the rows they leave out). Filtered, a count; with ``ate``, one that stops at ``ate + 1`` rows
    (the answer is then a lower bound: "more than ``ate``")."""
    if not (meus or tipo_id):
        return sum(caixa_totais(ator=ator, origens=[origem] if origem else _ORIGENS).values())
    conexao = connections[router.db_for_read(Atividade)]
    condicoes, parametros = _filtros_caixa(ator, origem, meus, tipo_id)
    t = _tabelas()
    linhas = f"SELECT 1 FROM {t['atividade']} a JOIN {t['processo']} p ON p.id = a.processo_id WHERE {' AND '.join(condicoes)}"
    if ate is not None:
        linhas += " LIMIT %s"
        parametros.append(ate + 1)
    with conexao.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({linhas}) linhas", parametros)
        return cursor.fetchone()[0]


def exigir_ordem_viavel(*, ator: Ator, ordem: str, origem: str | None = None) -> None:
    """``EntradaInvalida`` (on ``ordem``) when ``ordem`` is not the index's and the unit's list
    (unfiltered: the filters narrow what is shown, not what the sort reads) is longer than
    ``LIMITE_ORDENACAO``. One read of the unit's counters."""
    chave = ordem_valida(ordem).lstrip("-")
    if chave == "chegada":
        return
    total = caixa_total(ator=ator, origem=origem)
    if total > LIMITE_ORDENACAO:
        mensagem = (
            f"A ordenação por {ROTULOS_ORDEM[chave]} vale para listas de até {LIMITE_ORDENACAO} processos; "
            f"esta tem {total:_}.".replace("_", ".")
        )
        raise EntradaInvalida(mensagem, errors={"ordem": [mensagem]})


def caixa_totais(*, ator: Ator, origens=_ORIGENS) -> dict[str, int]:
    """The unfiltered total of each column (``origens``), in one query: the unit's counters (what
    everyone in the unit sees, kept by ``processos.services.contagem``) plus the rows they leave
    out that this actor sees, counted under the access rule from the ``atividade_fora_da_contagem``
    index — a read of a few rows, not a count of the whole inbox. The Controle de Processos page
    counts both columns: one round trip instead of two, on the most requested page."""
    conexao = connections[router.db_for_read(Atividade)]
    condicoes, parametros = _filtros_caixa(ator, None, False, None)
    t = _tabelas()
    origens = [str(o) for o in origens]
    valores = " UNION ALL ".join(["SELECT %s AS origem"] * len(origens))  # VALUES ... AS o(c): not SQLite
    sql = (
        f"SELECT o.origem, (SELECT COALESCE(SUM(c.total), 0) FROM {t['contagem']} c "
        f"WHERE c.unidade_id = %s AND c.origem = o.origem) + (SELECT COUNT(*) FROM {t['atividade']} a "
        f"JOIN {t['processo']} p ON p.id = a.processo_id WHERE {' AND '.join(condicoes)} "
        f"AND a.contada_como = %s AND a.origem = o.origem) FROM ({valores}) o"
    )
    with conexao.cursor() as cursor:
        cursor.execute(sql, [ator.unidade.pk, *parametros, "", *origens])
        return {origem: total for origem, total in cursor.fetchall()}


class TotaisDaCaixa:
    """The unfiltered totals of the columns, counted together on first use (``caixa_totais``) and
    shared by the columns of one page (``caixa_pagina(totais=)``)."""

    def __init__(self, ator: Ator):
        self.ator = ator
        self._totais: dict[str, int] | None = None

    def __call__(self, origem: str) -> int:
        if self._totais is None:
            self._totais = caixa_totais(ator=self.ator)
        return self._totais[str(origem)]


def caixa_pagina(
    *,
    ator: Ator,
    cursor: str | None = None,
    limite: int = 50,
    origem: str | None = None,
    meus: bool = False,
    tipo_id: int | None = None,
    contar: bool = False,
    contar_ate: int | None = None,
    ordem: str = ORDEM_PADRAO,
    detalhes: bool = False,
    totais: TotaisDaCaixa | None = None,
) -> Pagina:
    """One page of the inbox — the page's columns (one ``origem``), compact or detailed, and the
    API (both, received first) — in ``ordem``, forwards or backwards from ``cursor``, keyset on
    ``caixa_itens``. ``contar``: the total too (counted on the first page only when it does not
    hold every row; then carried by the cursors); ``contar_ate``: a filtered count stops there
    (``Pagina.total_exato`` False); ``totais``: the unfiltered counts shared by a page's columns.
    ``detalhes``: the detailed view's columns (``caixa_detalhar``).
    A cursor of another order is invalid (``EntradaInvalida``), and so is an order the index does
    not answer over a long list (``exigir_ordem_viavel``)."""
    ordem = ordem_valida(ordem)
    exigir_ordem_viavel(ator=ator, ordem=ordem, origem=origem)
    origens = [origem] if origem else list(_ORIGENS)
    exato = True
    if cursor:
        fase, ordem_cursor, chave, pk, direcao, total, exato = _ler_cursor(cursor)
        if fase not in origens or ordem_cursor != ordem:
            raise EntradaInvalida("Cursor de paginação inválido.", errors={"cursor": ["Inválido."]})
        apos = (chave, pk)
    else:
        fase, apos, direcao, total = origens[0], None, "n", None
    indice = origens.index(fase)

    def itens_de(cada_origem, apos=None, para_tras=False, quantos=limite + 1):
        return caixa_itens(
            ator=ator,
            origem=cada_origem,
            meus=meus,
            tipo_id=tipo_id,
            apos=apos,
            para_tras=para_tras,
            limite=quantos,
            ordem=ordem,
            detalhes=detalhes,
        )

    if direcao == "n":
        itens = itens_de(fase, apos)
        for seguinte in origens[indice + 1 :]:
            if len(itens) > limite:
                break
            itens += itens_de(seguinte, quantos=limite + 1 - len(itens))
        tem_proximo, tem_anterior = len(itens) > limite, apos is not None
        itens = itens[:limite]
    else:
        itens = itens_de(fase, apos, para_tras=True)
        for anterior in reversed(origens[:indice]):
            if len(itens) > limite:
                break
            itens += itens_de(anterior, para_tras=True, quantos=limite + 1 - len(itens))
        tem_proximo, tem_anterior = True, len(itens) > limite
        itens = list(reversed(itens[:limite]))

    if contar and total is None:
        # The first page holds every row: nothing left to count.
        if not tem_proximo:
            total = len(itens)
        elif totais is not None and origem and not (meus or tipo_id):
            total = totais(origem)
        else:
            total = caixa_total(ator=ator, origem=origem, meus=meus, tipo_id=tipo_id, ate=contar_ate)
            exato = not ((meus or tipo_id) and contar_ate is not None and total > contar_ate)
    if detalhes:
        itens = caixa_detalhar(itens)
    proximo = _cursor(itens[-1], ordem, "n", total, exato) if tem_proximo and itens else None
    anterior = None
    if tem_anterior:
        anterior = _cursor(itens[0], ordem, "p", total, exato) if itens else ""
    return Pagina(itens=itens, proximo=proximo, anterior=anterior, total=total, total_exato=exato)


def processo_detalhe_prefetch() -> list:
    return [Prefetch("interessados", queryset=Interessado.objects.order_by("ordem", "id"))]
