"""Races between users, for the PostgreSQL tests: run callables at the same instant."""

import os
import threading

import pytest
from django.db import connection, connections


@pytest.fixture
def requer_postgresql():
    """Row locks are what these tests exercise: SQLite would serialise everything anyway."""
    if connection.vendor != "postgresql":
        if os.environ.get("SEI_EXIGIR_INTEGRACAO") == "1":
            pytest.fail("Testes de concorrência exigem PostgreSQL (DATABASE_URL).")
        pytest.skip("Testes de concorrência exigem PostgreSQL (DATABASE_URL).")


def em_paralelo(funcoes):
    """Run the callables at the same instant (Barrier), each on its own connection; returns
    each one's result or the exception it raised."""
    barreira = threading.Barrier(len(funcoes))
    resultados = [None] * len(funcoes)

    def executar(i, funcao):
        try:
            barreira.wait()
            resultados[i] = funcao()
        except Exception as erro:  # collected and asserted by the test
            resultados[i] = erro
        finally:
            connections.close_all()

    threads = [threading.Thread(target=executar, args=(i, f)) for i, f in enumerate(funcoes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return resultados
