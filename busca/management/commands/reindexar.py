"""Rebuild the search index from the database: every process (with its observações) and every
document, ``--lote`` at a time (bounded memory), with a progress bar. Resumable: the position is
kept in the cache after each batch, and ``--continuar`` starts after it. ``--do-zero`` empties
the index first. Writes directly to the backend (for Whoosh and tantivy the index lock makes a
running indexer wait for each batch)."""

import sys
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand

from busca import backends, indexador

POSICAO = "busca:reindexar:posicao"


def barra(feitos: int, total: int, inicio: float) -> str:
    fracao = feitos / total if total else 1
    taxa = feitos / max(time.monotonic() - inicio, 1e-6)
    cheios = int(fracao * 30)
    return f"\r[{'#' * cheios}{' ' * (30 - cheios)}] {fracao:6.1%} {feitos}/{total} itens, {taxa:,.0f}/s"


class Command(BaseCommand):
    help = "Reconstrói o índice de busca a partir do banco (em lotes, retomável, com progresso)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--lote", type=int, default=2000, help="Itens por lote, um commit cada (padrão 2.000)."
        )
        parser.add_argument("--do-zero", action="store_true", help="Esvazia o índice antes.")
        parser.add_argument("--continuar", action="store_true", help="Retoma depois do último lote gravado.")
        parser.add_argument("--backend", help="postgres, whoosh ou tantivy (padrão: o configurado).")
        parser.add_argument(
            "--se-vazio", action="store_true", help="Só se o índice estiver vazio (início do produto)."
        )

    def handle(self, *args, **opcoes):
        backend = backends.obter(opcoes["backend"])
        if opcoes["se_vazio"] and backend.estado()["entradas"]:
            return
        a_partir = cache.get(POSICAO) if opcoes["continuar"] else None
        if opcoes["continuar"] and not a_partir:
            self.stderr.write("Nada a retomar: começando do início.")
        if opcoes["do_zero"]:
            backend.limpar()
        total = indexador.total_de_itens()
        feitos, inicio = 0, time.monotonic()
        mostrar = self.stderr.isatty() if hasattr(self.stderr, "isatty") else sys.stderr.isatty()
        for fase, ultimo, chaves in indexador.lotes(
            opcoes["lote"], a_partir=tuple(a_partir) if a_partir else None
        ):
            feitos += indexador.reindexar_lote(backend, chaves)
            cache.set(POSICAO, [fase, ultimo], timeout=None)
            if mostrar:
                self.stderr.write(barra(feitos, total, inicio), ending="")
        cache.delete(POSICAO)
        if mostrar:
            self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Índice {backend.nome} reconstruído: {feitos} itens em {time.monotonic() - inicio:.1f} s."
            )
        )
