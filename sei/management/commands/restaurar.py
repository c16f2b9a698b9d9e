"""manage.py restaurar PASTA: restore a backup, then run the integrity checks on the result."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sei.backup import ErroBackup, restaurar


class Command(BaseCommand):
    help = (
        "Restaura um backup (feito com manage.py backup) no banco e na pasta de arquivos configurados "
        "e confere o resultado com verificar_arquivos e verificar_historico."
    )

    def add_arguments(self, parser):
        parser.add_argument("pasta", help="A pasta do backup (a que contém manifesto.json).")
        parser.add_argument(
            "--substituir",
            action="store_true",
            help="Permite restaurar sobre um banco ou uma pasta de arquivos que já têm dados (apaga o que houver).",
        )

    def handle(self, *args, **opcoes):
        try:
            manifesto = restaurar(opcoes["pasta"], substituir=opcoes["substituir"])
        except ErroBackup as erro:
            raise CommandError(erro.mensagem) from None
        contagens = manifesto["contagens"]
        self.stdout.write(
            f"Restaurado o backup de {manifesto['criado_em']}: {contagens['processos']} processo(s), "
            f"{contagens['documentos']} documento(s), {contagens['andamentos']} andamento(s)."
        )
        if manifesto.get("arquivos_em_bucket"):
            self.stdout.write("Os arquivos estavam num bucket S3: não fazem parte deste backup.")
        falhas = [nome for nome in ("verificar_arquivos", "verificar_historico") if not self._conferir(nome)]
        if falhas:
            self.stderr.write(self.style.ERROR(f"Restaurado, mas a conferência falhou: {', '.join(falhas)}."))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("Restauração conferida: arquivos e histórico íntegros."))

    def _conferir(self, comando: str) -> bool:
        saida, erros = StringIO(), StringIO()
        try:
            call_command(comando, stdout=saida, stderr=erros)
            ok = True
        except (SystemExit, CommandError):
            ok = False
        self.stdout.write(f"== {comando}\n{saida.getvalue()}")
        if erros.getvalue():
            self.stderr.write(erros.getvalue())
        return ok
