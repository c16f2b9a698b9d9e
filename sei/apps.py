from django.apps import AppConfig


class SeiConfig(AppConfig):
    name = "sei"
    verbose_name = "Organização"
