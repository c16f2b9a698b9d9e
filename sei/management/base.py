"""Shared base of the provisioning commands: domain errors become a pt-BR ``CommandError``."""

from django.core.management.base import BaseCommand, CommandError

from sei.exceptions import ErroDominio


class Comando(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except ErroDominio as erro:
            raise CommandError(erro.mensagem) from erro
