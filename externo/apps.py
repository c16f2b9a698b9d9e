from django.apps import AppConfig


class ExternoConfig(AppConfig):
    name = "externo"
    verbose_name = "Portal do usuário externo"
