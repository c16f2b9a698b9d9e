from django.apps import AppConfig


class DocumentosConfig(AppConfig):
    name = "documentos"
    verbose_name = "Documentos"
    # What a backup manifest counts of this app (sei.backup): {name in the manifest: model}.
    contagens_backup = {"documentos": "Documento"}

    def ready(self):
        # Registers this app's Celery tasks: services publish them by name (sei.tarefas.publicar).
        from . import tasks  # noqa: F401
