from django.apps import AppConfig


class SeiConfig(AppConfig):
    name = "sei"
    verbose_name = "Organização"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_migrate

        from .banco import apos_migrar
        from .middleware import marcar_inicio_da_sessao, registrar_saida

        post_migrate.connect(apos_migrar, sender=self, dispatch_uid="sei_papel_da_aplicacao")
        user_logged_in.connect(marcar_inicio_da_sessao, dispatch_uid="sei_inicio_da_sessao")
        user_logged_out.connect(registrar_saida, dispatch_uid="sei_registrar_saida")
