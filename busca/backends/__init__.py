"""The configured search backend (``SEI_BUSCA_BACKEND``: ``postgres``, ``whoosh`` or ``tantivy``;
by default PostgreSQL full text when the database is PostgreSQL, Whoosh otherwise)."""

from django.conf import settings
from django.db import connection

from .base import Backend
from .postgres import PostgresBackend
from .tantivy import TantivyBackend
from .whoosh import WhooshBackend

BACKENDS = {"postgres": PostgresBackend, "whoosh": WhooshBackend, "tantivy": TantivyBackend}


def nome_configurado() -> str:
    return settings.SEI_BUSCA_BACKEND or ("postgres" if connection.vendor == "postgresql" else "whoosh")


def obter(nome: str | None = None) -> Backend:
    nome = nome or nome_configurado()
    if nome not in BACKENDS:
        raise ValueError(f"SEI_BUSCA_BACKEND desconhecido: {nome!r} (postgres, whoosh ou tantivy)")
    return BACKENDS[nome]()
