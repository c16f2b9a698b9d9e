"""Compare the search index with the database: every item's entry must be in the index as the
database says it now (same text, same readers: ``Entrada.impressao``), and nothing else. Reports
what is missing, different or left over; ``--corrigir`` queues the first two for the indexer
and deletes the rest. Exit code 1 when something differed (and was not corrected)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from busca import backends, indexador
from processos.models import Atividade
from sei import indexacao


def _marca(chave: str) -> str:
    """The outbox key that rebuilds an index key (an observação is rebuilt with its process)."""
    prefixo, _, valor = chave.partition(":")
    if prefixo == "a":
        processo_id = Atividade.objects.filter(pk=valor).values_list("processo_id", flat=True).first()
        return f"p:{processo_id}"
    return chave


class Command(BaseCommand):
    help = "Confere o índice de busca com o banco (e, com --corrigir, reindexa o que divergiu)."

    def add_arguments(self, parser):
        parser.add_argument("--corrigir", action="store_true", help="Reindexa e remove o que divergiu.")
        parser.add_argument("--backend", help="postgres, whoosh ou tantivy (padrão: o configurado).")

    def handle(self, *args, **opcoes):
        backend = backends.obter(opcoes["backend"])
        refazer, sobrando = indexador.divergencias(backend)
        for chave in refazer:
            self.stderr.write(f"DIVERGE  {chave}: ausente ou desatualizado no índice")
        for chave in sobrando:
            self.stderr.write(f"SOBRA    {chave}: no índice, mas não no banco (ou não mais pesquisável)")
        if opcoes["corrigir"]:
            if refazer:
                with transaction.atomic():
                    indexacao.marcar(*sorted({_marca(c) for c in refazer}))
            if sobrando:
                backend.indexar([], sobrando)
        elif refazer or sobrando:
            self.stderr.write(
                self.style.ERROR(
                    f"Índice {backend.nome}: {len(refazer)} item(ns) a reindexar, {len(sobrando)} a remover."
                )
            )
            raise SystemExit(1)
        feito = (
            f"{len(refazer)} reenviado(s) ao indexador, {len(sobrando)} removido(s)"
            if refazer or sobrando
            else "conforme o banco"
        )
        self.stdout.write(self.style.SUCCESS(f"Índice {backend.nome} conferido: {feito}."))
