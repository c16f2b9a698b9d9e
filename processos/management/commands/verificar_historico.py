"""Integrity check of the audit trails: every process's history must still match its keyed chain,
and so must every user's chain of restricted reads. Run it after restoring a backup, and now and
then (e-ARQ 6.4.1: the trail cannot be changed, even by an administrator; the database refuses
UPDATE, DELETE and TRUNCATE, and this finds what was changed around it, by whoever held the
tables). Reports NUPs and logins only, never content. Exit code 1 when anything does not match."""

from django.core.management.base import BaseCommand, CommandError

from processos.models import Processo
from processos.nup import normalizar_nup
from processos.services.auditoria import leituras_quebradas
from processos.services.historico import cadeias_quebradas


class Command(BaseCommand):
    help = "Confere a cadeia de hashes do histórico de todos os processos (ou de um, com --processo)."

    def add_arguments(self, parser):
        parser.add_argument("--processo", metavar="NUP", help="Confere só este processo (com ou sem pontuação).")

    def handle(self, *args, **opcoes):
        processos = Processo.objects.all()
        if opcoes["processo"]:
            processos = processos.filter(nup=normalizar_nup(opcoes["processo"]))
            if not processos.exists():
                raise CommandError(f"Processo não encontrado: {opcoes['processo']}")
        total = processos.count()
        quebrados = 0
        for nup, problema in cadeias_quebradas(processos):
            quebrados += 1
            self.stderr.write(f"ALTERADO  {Processo(nup=nup).nup_formatado}: {problema}")
        self.stdout.write(f"{total} processo(s) conferido(s).")
        leituras = 0
        if not opcoes["processo"]:
            for login, problema in leituras_quebradas():
                leituras += 1
                self.stderr.write(f"ALTERADO  registro de leituras de {login}: {problema}")
            self.stdout.write("Registro de leituras de conteúdo restrito conferido.")
        if quebrados:
            self.stderr.write(self.style.ERROR(f"{quebrados} processo(s) com histórico que não confere."))
        if leituras:
            self.stderr.write(self.style.ERROR(f"{leituras} usuário(s) com registro de leituras que não confere."))
        if quebrados or leituras:
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("Histórico íntegro em todos os processos conferidos."))
