"""The configured search backend (``SEI_BUSCA_BACKEND``: ``postgres``, ``whoosh`` or ``tantivy``;
by default PostgreSQL full text when the database is PostgreSQL, Whoosh otherwise)."""

from django.conf import settings
from django.db import connection

from .base import Backend


def nome_configurado() -> str:
    return settings.SEI_BUSCA_BACKEND or ("postgres" if connection.vendor == "postgresql" else "whoosh")


def obter(nome: str | None = None) -> Backend:
    nome = nome or nome_configurado()
    if nome == "postgres":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if nome == "whoosh":
        from .whoosh import WhooshBackend

        return WhooshBackend()
    if nome == "tantivy":
        from .tantivy import TantivyBackend

        return TantivyBackend()
    raise ValueError(f"SEI_BUSCA_BACKEND desconhecido: {nome!r} (postgres, whoosh ou tantivy)")
