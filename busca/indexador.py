"""The indexer: turns the outbox (``sei.models.PendenciaIndice``) into index writes, in batches
of ``SEI_BUSCA_LOTE`` items, each committed by the backend before its rows are deleted — a
worker killed mid-batch leaves them for the next run. Run by ``busca.tasks.indexar_pendentes``
on the ``busca`` queue (concurrency 1: one writer), woken after each change commits and by the
beat sweeper.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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
