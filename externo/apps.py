from django.apps import AppConfig


class ExternoConfig(AppConfig):
    name = "externo"
    verbose_name = "Portal do usuário externo"
    # Read by the demo loader (assinaturas' carregar_demo), which may not import this app.
    demo = "externo.demo.carregar"

    def ready(self):
        # The rule of who reads a process (processos.services.alcance) includes the external
        # principals of this app's grants; the process toolbar offers "Acesso externo".
        from django.contrib.auth.signals import user_logged_in

        from documentos.acoes import registrar_acoes_do_documento
        from processos.acoes import registrar_acoes_do_processo
        from processos.services import alcance
        from processos.services.tramitacao import registrar_impedimento_de_conclusao

        from . import tasks  # noqa: F401  (Celery tasks, published by name)
        from .acessos import principais_externos
        from .acoes import acoes_no_documento, acoes_no_processo
        from .assinaturas_externas import impedimento_de_conclusao
        from .contexto import marcar_permissao

        user_logged_in.connect(marcar_permissao, dispatch_uid="externo_pode_liberar")
        alcance.registrar_fonte(principais_externos)
        registrar_acoes_do_processo(acoes_no_processo)
        registrar_acoes_do_documento(acoes_no_documento)
        # A liberação para assinatura externa still pending holds the process open in its unit.
        registrar_impedimento_de_conclusao(impedimento_de_conclusao)
