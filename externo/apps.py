from django.apps import AppConfig


class ExternoConfig(AppConfig):
    name = "externo"
    verbose_name = "Portal do usuário externo"

    def ready(self):
        # The rule of who reads a process (processos.services.alcance) includes the external
        # principals of this app's grants; the process toolbar offers "Acesso externo".
        from processos.acoes import registrar_acoes_do_processo
        from processos.services import alcance

        from . import tasks  # noqa: F401  (Celery tasks, published by name)
        from .acessos import principais_externos
        from .acoes import acoes_no_processo

        alcance.registrar_fonte(principais_externos)
        registrar_acoes_do_processo(acoes_no_processo)
