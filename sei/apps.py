from django.apps import AppConfig


class SeiConfig(AppConfig):
    name = "sei"
    verbose_name = "Organização"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .middleware import marcar_inicio_da_sessao, registrar_saida

        user_logged_in.connect(marcar_inicio_da_sessao, dispatch_uid="sei_inicio_da_sessao")
        user_logged_out.connect(registrar_saida, dispatch_uid="sei_registrar_saida")
