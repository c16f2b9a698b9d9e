"""Delete the abandoned files of the Incluir Documento externo form (kept after a validation
error and never used). The beat does it every 5 minutes (``documentos.tasks.varrer_pendentes``);
this runs it now, e.g. from cron in an installation without the beat."""

from django.core.management.base import BaseCommand

from documentos.services.pendentes import UPLOAD_PENDENTE_HORAS, descartar_uploads_abandonados


class Command(BaseCommand):
    help = "Apaga os arquivos enviados no formulário de documento externo e abandonados."

    def add_arguments(self, parser):
        parser.add_argument(
            "--horas", type=int, default=UPLOAD_PENDENTE_HORAS,
            help=f"idade mínima, em horas (padrão: {UPLOAD_PENDENTE_HORAS}, a validade do arquivo no formulário)",
        )  # fmt: skip

    def handle(self, *args, **opcoes):
        total = 0
        while descartados := descartar_uploads_abandonados(horas=opcoes["horas"]):
            total += descartados
        self.stdout.write(f"{total} upload(s) pendente(s) apagado(s).")
