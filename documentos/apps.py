from django.apps import AppConfig


class DocumentosConfig(AppConfig):
    name = "documentos"
    verbose_name = "Documentos"
    # What a backup manifest counts of this app (sei.backup): {name in the manifest: model}.
    contagens_backup = {"documentos": "Documento"}

    def ready(self):
        # Registers this app's Celery tasks: services publish them by name (sei.tarefas.publicar).
        # A signed document is bloqueado once its process is sent on or concluded.
        from processos.models import Andamento
        from processos.services.historico import registrar_efeito

        from . import tasks  # noqa: F401
        from .services import bloqueio

        registrar_efeito([Andamento.Tipo.REMESSA, Andamento.Tipo.CONCLUSAO], bloqueio.ao_sair)
