"""manage.py backup PASTA: a new folder with the database, the stored files and a manifest."""

from django.core.management.base import BaseCommand, CommandError

from sei.backup import ErroBackup, fazer_backup


class Command(BaseCommand):
    help = "Faz o backup do banco e dos arquivos numa nova pasta dentro de PASTA (com manifesto e SHA-256)."

    def add_arguments(self, parser):
        parser.add_argument("pasta", help="Pasta onde o backup é criado (uma subpasta sei-AAAAMMDD-HHMMSS-...).")

    def handle(self, *args, **opcoes):
        try:
            criada = fazer_backup(opcoes["pasta"])
        except ErroBackup as erro:
            raise CommandError(erro.mensagem) from None
        self.stdout.write(self.style.SUCCESS(f"Backup criado em {criada}"))
