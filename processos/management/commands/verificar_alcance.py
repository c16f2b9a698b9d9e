"""Integrity check of who may see each process: the principals stored for every process
(``sei.models.Alcance``) must be what the access rule derives from its state
(``processos.services.alcance``), and the inbox counters what a recount gives
(``processos.services.contagem``). The services keep both up to date; run this after restoring a
backup, after editing rows by hand, or to audit. ``--corrigir`` stores the derived ones (run it
with the system quiet). Exit code 1 when something differed (and was not corrected)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from processos.models import Processo
from processos.services import alcance, contagem


class Command(BaseCommand):
    help = "Confere (e, com --corrigir, refaz) quem pode saber de e ler cada processo."

    def add_arguments(self, parser):
        parser.add_argument("--corrigir", action="store_true", help="Grava o alcance que a regra determina.")

    def handle(self, *args, **opcoes):
        divergentes = 0
        for nup, guardado, esperado in alcance.divergencias():
            divergentes += 1
            self.stderr.write(
                f"DIVERGE  {Processo(nup=nup).nup_formatado}: guardado {guardado}, regra {esperado}"
            )
            if opcoes["corrigir"]:
                with transaction.atomic():
                    alcance.atualizar(Processo.objects.select_for_update().get(nup=nup))
        contagens = 0
        for diferenca in contagem.divergencias():
            contagens += 1
            self.stderr.write(f"DIVERGE  contagem da caixa: {diferenca}")
        if contagens and opcoes["corrigir"]:
            contagem.recontar()
        if (divergentes or contagens) and not opcoes["corrigir"]:
            self.stderr.write(
                self.style.ERROR(
                    f"{divergentes} processo(s) com alcance fora da regra; {contagens} divergência(s) na contagem da caixa."
                )
            )
            raise SystemExit(1)
        feito = f"{divergentes} corrigido(s)" if divergentes else "todos conforme a regra"
        self.stdout.write(self.style.SUCCESS(f"Alcance dos processos conferido: {feito}."))
        feito = f"{contagens} divergência(s) corrigida(s)" if contagens else "conforme as linhas"
        self.stdout.write(self.style.SUCCESS(f"Contagem da caixa conferida: {feito}."))
