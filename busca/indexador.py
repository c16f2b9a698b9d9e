"""The indexer: turns the outbox (``sei.models.PendenciaIndice``) into index writes, in batches
of ``SEI_BUSCA_LOTE`` items, each committed by the backend before its rows are deleted — a
worker killed mid-batch leaves them for the next run. Run by ``busca.tasks.indexar_pendentes``
on the ``busca`` queue (concurrency 1: one writer), woken after each change commits and by the
beat sweeper.
"""

import logging
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from documentos.models import Documento
from processos.models import Processo
from sei import indexacao
from sei.models import PendenciaIndice

from . import backends, entradas

logger = logging.getLogger("sei.busca")


def indexar_pendentes(*, backend=None, lote: int | None = None) -> int:
    """Index everything pending; returns how many items were written or removed."""
    indexacao.indexador_acordado()
    backend = backend or backends.obter()
    lote = lote or settings.SEI_BUSCA_LOTE
    if backend.precisa_reconstruir():
        reconstruir(backend)
    feitos = 0
    while True:
        linhas = list(PendenciaIndice.objects.order_by("id").values_list("id", "chave")[: lote * 4])
        if not linhas:
            return feitos
        chaves = list(dict.fromkeys(chave for _, chave in linhas))[:lote]
        escolhidas = set(chaves)
        ate_id = max(i for i, chave in linhas if chave in escolhidas)
        novas, remover = entradas.construir(chaves)
        backend.indexar(novas, remover)
        PendenciaIndice.objects.filter(chave__in=chaves, id__lte=ate_id).delete()
        feitos += len(novas) + len(remover)


def reconstruir(backend) -> None:
    """An empty index (new, or of another schema version): every process and its documents are
    marked, and the normal pipeline fills it."""
    logger.warning("Índice de busca %s vazio ou de outra versão: reconstruindo.", backend.nome)
    backend.limpar()
    with transaction.atomic():
        for inicio in range(0, _maior_processo() + 1, 5000):
            ids = Processo.objects.filter(pk__gte=inicio, pk__lt=inicio + 5000).values_list("pk", flat=True)
            PendenciaIndice.objects.bulk_create([PendenciaIndice(chave=f"P:{pid}") for pid in ids])


def _maior_processo() -> int:
    return Processo.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def varrer() -> bool:
    """Beat: wake the indexer when something waits for more than a few seconds (its message was
    lost, or its worker died)."""
    antigas = PendenciaIndice.objects.filter(marcada_em__lt=timezone.now() - timedelta(seconds=10))
    if not antigas.exists():
        return False
    indexacao.indexador_acordado()
    indexacao.acordar_indexador()
    return True


# --- Whole-index work: reindexar and verificar_indice -------------------------------------------

FASES = (("p", Processo), ("d", Documento))


def total_de_itens() -> int:
    return sum(modelo.objects.count() for _, modelo in FASES)


def lotes(lote: int, *, a_partir: tuple[str, int] | None = None) -> Iterator[tuple[str, int, list[str]]]:
    """Every item of the database as index keys, ``lote`` at a time, in primary-key order:
    (phase, last primary key, keys). ``a_partir``: (phase, last key done) to resume after."""
    fases = [f for f, _ in FASES]
    for fase, modelo in FASES:
        if a_partir and fases.index(fase) < fases.index(a_partir[0]):
            continue
        ultimo = a_partir[1] if a_partir and a_partir[0] == fase else 0
        while True:
            ids = list(
                modelo.objects.filter(pk__gt=ultimo).order_by("pk").values_list("pk", flat=True)[:lote]
            )
            if not ids:
                break
            ultimo = ids[-1]
            yield fase, ultimo, [f"{fase}:{i}" for i in ids]


def reindexar_lote(backend, chaves: list[str]) -> int:
    novas, remover = entradas.construir(chaves)
    backend.indexar(novas, remover)
    return len(chaves)


def divergencias(backend, lote: int = 500) -> tuple[list[str], list[str]]:
    """(keys to rewrite: missing or different in the index, keys to delete: in the index but not
    what the database says), comparing every entry's ``impressao``. Holds the index's key →
    digest map in memory (some 100 bytes per entry)."""
    no_indice = dict(backend.impressoes())
    refazer = []
    for _, _, chaves in lotes(lote):
        novas, _ = entradas.construir(chaves)
        for entrada in novas:
            if no_indice.pop(entrada.chave, None) != entrada.impressao:
                refazer.append(entrada.chave)
    return refazer, sorted(no_indice)
