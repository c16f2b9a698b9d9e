"""django-axes (the login lockout) under a Portuguese name in the admin. Its own module: a second
AppConfig in ``sei/apps.py`` would stop Django from picking ``SeiConfig`` by itself."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    """The labels of its models are translated in ``locale/pt_BR`` (the package ships no Portuguese)."""

    verbose_name = "Bloqueio de login"
