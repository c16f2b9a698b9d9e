from django.apps import AppConfig


class BuscaConfig(AppConfig):
    name = "busca"
    verbose_name = "Busca"

    def ready(self):
        # Registers this app's Celery tasks: ``sei.indexacao`` publishes them by name.
        from . import tasks  # noqa: F401
