from django.apps import AppConfig


class ExternoConfig(AppConfig):
    name = "externo"
    verbose_name = "Portal do usuário externo"
    # Read by the demo loader (assinaturas' carregar_demo), which may not import this app.
    demo = "externo.demo.carregar"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .contexto import marcar_permissao

        user_logged_in.connect(marcar_permissao, dispatch_uid="externo_pode_liberar")
