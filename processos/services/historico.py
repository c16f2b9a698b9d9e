"""Locking and the history (``Andamento``) with its hash chain: shared by every service."""

import hashlib
import json
from collections.abc import Iterator

from django.utils import timezone

from sei.acesso import Ator
from sei.exceptions import NaoEncontrado

from ..models import Andamento, Atividade, Processo


def travar(processo: Processo) -> Processo:
    """The process row, locked for the rest of the transaction, freshly read."""
    try:
        return Processo.objects.select_for_update().get(pk=processo.pk)
    except Processo.DoesNotExist:
        raise NaoEncontrado("Processo não encontrado.") from None


def travar_varios(*processos: Processo) -> list[Processo]:
    """Lock several processes in id order (no deadlock between two services)."""
    ids = sorted({p.pk for p in processos})
    travados = {p.pk: p for p in Processo.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return [travados[p.pk] for p in processos]


def atividade_aberta(processo: Processo, unidade) -> Atividade | None:
    return Atividade.objects.filter(processo=processo, unidade=unidade, aberta=True).first()


def _hash(anterior: str, processo: Processo, ator: Ator, criado_em, tipo: str, descricao: str, atributos) -> str:
    return _hash_campos(anterior, processo.nup, ator.unidade.pk, ator.usuario.pk, criado_em, tipo, descricao, atributos)


def _hash_campos(
    anterior: str, nup: str, unidade_id: int, usuario_id: int, criado_em, tipo: str, descricao: str, atributos
) -> str:
    conteudo = "|".join(
        [
            anterior,
            nup,
            str(unidade_id),
            str(usuario_id),
            criado_em.isoformat(),
            tipo,
            descricao,
            json.dumps(atributos, sort_keys=True, ensure_ascii=False),
        ]
    )
    return hashlib.sha256(conteudo.encode()).hexdigest()


def registrar(
    processo: Processo, ator: Ator, tipo: str, descricao: str, atributos: dict | None = None, *, em=None
) -> Andamento:
    """Append one history entry; ``processo`` must be the locked row."""
    criado_em = em or timezone.now()
    atributos = atributos or {}
    anterior = processo.hash_andamentos
    novo = _hash(anterior, processo, ator, criado_em, tipo, descricao, atributos)
    andamento = Andamento.objects.create(
        processo=processo,
        unidade=ator.unidade,
        usuario=ator.usuario,
        criado_em=criado_em,
        tipo=tipo,
        descricao=descricao,
        atributos=atributos,
        hash_anterior=anterior,
        hash=novo,
    )
    Processo.objects.filter(pk=processo.pk).update(hash_andamentos=novo)
    processo.hash_andamentos = novo
    return andamento


def verificar_cadeia(processo: Processo) -> bool:
    """True when the stored history matches its hash chain (nothing altered or removed)."""
    anterior = ""
    for a in Andamento.objects.filter(processo=processo).select_related("unidade", "usuario").order_by("id"):
        ator = Ator(usuario=a.usuario, unidade=a.unidade)
        if a.hash_anterior != anterior or a.hash != _hash(
            anterior, processo, ator, a.criado_em, a.tipo, a.descricao, a.atributos
        ):
            return False
        anterior = a.hash
    return anterior == Processo.objects.values_list("hash_andamentos", flat=True).get(pk=processo.pk)


def cadeias_quebradas(processos=None, *, lote: int = 1000) -> Iterator[tuple[str, str]]:
    """(NUP, what is wrong) for every process whose stored history no longer matches its hash
    chain, streaming the whole history in ``lote``-process batches (two queries a batch), as the
    integrity check after a restore needs; ``processos`` narrows it (a queryset of Processo)."""
    base = (processos if processos is not None else Processo.objects.all()).order_by("pk")
    ultimo = 0
    while True:
        cabecas = list(base.filter(pk__gt=ultimo).values_list("pk", "nup", "hash_andamentos")[:lote])
        if not cabecas:
            return
        ultimo = cabecas[-1][0]
        historicos: dict[int, list] = {pk: [] for pk, _, _ in cabecas}
        entradas = (
            Andamento.objects.filter(processo_id__in=historicos)
            .order_by("processo_id", "id")
            .values_list(
                "processo_id", "unidade_id", "usuario_id", "criado_em", "tipo", "descricao", "atributos",
                "hash_anterior", "hash",
            )  # fmt: skip
        )
        for entrada in entradas.iterator(chunk_size=5000):
            historicos[entrada[0]].append(entrada[1:])
        for pk, nup, cabeca in cabecas:
            problema = _problema_na_cadeia(nup, cabeca, historicos[pk])
            if problema:
                yield nup, problema


def _problema_na_cadeia(nup: str, cabeca: str, entradas: list) -> str | None:
    anterior = ""
    for n, (unidade_id, usuario_id, criado_em, tipo, descricao, atributos, hash_anterior, guardado) in enumerate(
        entradas, start=1
    ):
        if hash_anterior != anterior:
            return f"entrada {n} do histórico fora da cadeia (removida, inserida ou reordenada antes dela)"
        if guardado != _hash_campos(anterior, nup, unidade_id, usuario_id, criado_em, tipo, descricao, atributos):
            return f"entrada {n} do histórico alterada"
        anterior = guardado
    if anterior != cabeca:
        return "o fim do histórico não confere (entradas finais removidas)"
    return None
