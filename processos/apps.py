from django.apps import AppConfig


class ProcessosConfig(AppConfig):
    name = "processos"
    verbose_name = "Processos"
    # What a backup manifest counts of this app (sei.backup): {name in the manifest: model}.
    contagens_backup = {"processos": "Processo", "andamentos": "Andamento"}

    def ready(self):
        # Registers this app's Celery tasks: services publish them by name (sei.tarefas.publicar).
        from . import tasks  # noqa: F401
