"""The inbox counters (``ContagemCaixa``): how many processes each unit's inbox lists, per origem,
kept by the services instead of recounted on every request.

A row of ``Atividade`` is counted (``contada_como`` = its origem) when it is open, its process
is in the normal state and the unit's own principal sees the process (``u:<unidade>`` among its
``Alcance`` rows, written just before by ``alcance.atualizar``): then everyone in the unit sees
it, whoever asks. What is left out — a sigiloso seen only through a credential, a sobrestado —
stays out of the counter and is counted per request, under the full access rule, from those few
rows (``processos.selectors.caixa_total``). The counter states no access rule of its own.

``atualizar`` is called by ``historico.registrar``, after ``alcance.atualizar``, so every service
that opens, closes, sends, sobrestá, annexes or changes the level of a process keeps the counters
in the same transaction. Counter rows are updated in (unit, origem) order, so two transactions
never wait on each other's rows in opposite orders. ``divergencias`` compares them with a recount
(``manage.py verificar_alcance``, and the test suite after every test).
"""

from collections import Counter
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Count, F, Q

from sei.models import Alcance

from ..models import Atividade, ContagemCaixa, Processo


def _deve_contar(aberta: bool, estado: str, unidade_id: int, principais: set[str]) -> bool:
    return aberta and estado == Processo.Estado.NORMAL and f"u:{unidade_id}" in principais


def atualizar(processo: Processo) -> None:
    """Re-derive the counted rows of ``processo`` and of the processes annexed to it, and move the
    counters by the difference. Call it inside the transaction that changed the process."""
    linhas = list(
        Atividade.objects.filter(Q(processo_id=processo.pk) | Q(processo__processo_principal_id=processo.pk))
        .values_list("pk", "processo_id", "unidade_id", "origem", "aberta", "contada_como", "processo__estado")
    )
    principais: dict[int, set[str]] = {}
    for processo_id, principal in Alcance.objects.filter(
        processo_id__in={linha[1] for linha in linhas}, principal__startswith="u:"
    ).values_list("processo_id", "principal"):
        principais.setdefault(processo_id, set()).add(principal)
    diferenca: Counter[tuple[int, str]] = Counter()
    mudadas: dict[str, list[int]] = {}
    for pk, processo_id, unidade_id, origem, aberta, contada_como, estado in linhas:
        deve = origem if _deve_contar(aberta, estado, unidade_id, principais.get(processo_id, set())) else ""
        if deve == contada_como:
            continue
        if contada_como:
            diferenca[(unidade_id, contada_como)] -= 1
        if deve:
            diferenca[(unidade_id, deve)] += 1
        mudadas.setdefault(deve, []).append(pk)
    for deve, pks in mudadas.items():
        Atividade.objects.filter(pk__in=pks).update(contada_como=deve)
    _mover(diferenca)


def _mover(diferenca: Counter[tuple[int, str]]) -> None:
    chaves = sorted(chave for chave, valor in diferenca.items() if valor)
    if not chaves:
        return
    ContagemCaixa.objects.bulk_create(
        [ContagemCaixa(unidade_id=unidade_id, origem=origem) for unidade_id, origem in chaves], ignore_conflicts=True
    )
    for unidade_id, origem in chaves:
        ContagemCaixa.objects.filter(unidade_id=unidade_id, origem=origem).update(
            total=F("total") + diferenca[(unidade_id, origem)]
        )


def _sql_deve() -> str:
    """``_deve_contar`` as SQL over an ``Atividade`` row aliased ``a``: its origem or ''."""
    return (
        "CASE WHEN a.aberta"
        f" AND EXISTS (SELECT 1 FROM {Processo._meta.db_table} p WHERE p.id = a.processo_id AND p.estado = %s)"
        f" AND EXISTS (SELECT 1 FROM {Alcance._meta.db_table} al WHERE al.processo_id = a.processo_id"
        "  AND al.principal = 'u:' || CAST(a.unidade_id AS TEXT))"
        " THEN a.origem ELSE '' END"
    )


def divergencias() -> Iterator[str]:
    """What differs between the stored flags and counters and a recount under the rule (in SQL:
    it runs over the whole table)."""
    atividade = Atividade._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, a.contada_como, {_sql_deve()} FROM {atividade} a"
            f" WHERE a.contada_como <> {_sql_deve()} ORDER BY a.id",
            [Processo.Estado.NORMAL, Processo.Estado.NORMAL],
        )
        for pk, contada_como, deve in cursor.fetchall():
            yield f"atividade {pk}: contada como {contada_como!r}, a regra diz {deve!r}"
    esperado = _totais_das_linhas()
    guardado = {(u, o): t for u, o, t in ContagemCaixa.objects.values_list("unidade_id", "origem", "total") if t}
    for chave in sorted(set(guardado) | set(esperado)):
        if guardado.get(chave, 0) != esperado.get(chave, 0):
            yield f"unidade {chave[0]}, {chave[1]}: contador {guardado.get(chave, 0)}, linhas {esperado.get(chave, 0)}"


def _totais_das_linhas() -> dict[tuple[int, str], int]:
    return {
        (linha["unidade_id"], linha["contada_como"]): linha["n"]
        for linha in Atividade.objects.exclude(contada_como="").values("unidade_id", "contada_como").annotate(n=Count("pk"))
    }


def recontar() -> None:
    """Rebuild every flag and counter from the rule (``verificar_alcance --corrigir``; run it with
    the system quiet, as a repair)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Atividade._meta.db_table} AS a SET contada_como = {_sql_deve()}"
                f" WHERE a.contada_como <> {_sql_deve()}",
                [Processo.Estado.NORMAL, Processo.Estado.NORMAL],
            )
        reais = _totais_das_linhas()
        for contagem in ContagemCaixa.objects.select_for_update().order_by("unidade_id", "origem"):
            total = reais.pop((contagem.unidade_id, contagem.origem), 0)
            if contagem.total != total:
                ContagemCaixa.objects.filter(pk=contagem.pk).update(total=total)
        ContagemCaixa.objects.bulk_create([ContagemCaixa(unidade_id=u, origem=o, total=t) for (u, o), t in reais.items()])
