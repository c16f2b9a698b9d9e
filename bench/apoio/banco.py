"""Creating a benchmark's database, copied from a migrated template when one is given.

The smoke tests (``tests/bench/test_fumaca.py``) migrate one template database per run and pass
its name in ``SEI_BENCH_BANCO_MODELO``: each script's database is then a copy (``CREATE DATABASE
... TEMPLATE``, under a second) instead of a fresh migration of every app (~25 s of CPU each)."""

import os

from psycopg import sql

VARIAVEL = "SEI_BENCH_BANCO_MODELO"


def criar(manutencao, nome: str) -> bool:
    """``CREATE DATABASE nome`` on the maintenance connection; a copy of the template when
    ``SEI_BENCH_BANCO_MODELO`` names one (migrated with this code). True when copied: nothing to
    migrate then."""
    modelo = os.environ.get(VARIAVEL, "")
    if modelo:
        manutencao.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(nome), sql.Identifier(modelo))
        )
        return True
    manutencao.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nome)))
    return False


def migrar(copiado: bool) -> None:
    """Migrate the database Django points at, unless it was copied from the template."""
    if not copiado:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
