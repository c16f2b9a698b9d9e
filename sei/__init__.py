"""Project package and organisation core app (Órgão, Unidade, Usuário, lotações, access policy)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
