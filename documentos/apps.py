from django.apps import AppConfig


class DocumentosConfig(AppConfig):
    name = "documentos"
    verbose_name = "Documentos"
    # What a backup manifest counts of this app (sei.backup): {name in the manifest: model}.
    contagens_backup = {"documentos": "Documento"}

    def ready(self):
        # Registers this app's Celery tasks: services publish them by name (sei.tarefas.publicar).
        # A signed document is bloqueado once its process is sent on or concluded.
        from processos.acoes import registrar_acoes_do_processo
        from processos.models import Andamento
        from processos.services.historico import registrar_efeito

        from . import tasks  # noqa: F401
        from .acoes import acoes_no_processo
        from .services import bloqueio

        registrar_efeito([Andamento.Tipo.REMESSA, Andamento.Tipo.CONCLUSAO], bloqueio.ao_sair)
        # Incluir documento, Gerar PDF / ZIP on the process toolbar.
        registrar_acoes_do_processo(acoes_no_processo)
