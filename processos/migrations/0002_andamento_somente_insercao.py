"""The history is append-only: the database itself refuses UPDATE and DELETE on it.

TRUNCATE is left to the table owner (test flushes use it); in production the application's
database role should not own the tables (see README, "Banco de dados").
"""

from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION processos_andamento_imutavel() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'O histórico do processo (andamento) não pode ser alterado nem excluído';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER processos_andamento_imutavel
    BEFORE UPDATE OR DELETE ON processos_andamento
    FOR EACH ROW EXECUTE FUNCTION processos_andamento_imutavel();
    """,
]
POSTGRES_REVERSO = [
    "DROP TRIGGER IF EXISTS processos_andamento_imutavel ON processos_andamento;",
    "DROP FUNCTION IF EXISTS processos_andamento_imutavel();",
]
SQLITE = [
    """
    CREATE TRIGGER processos_andamento_sem_update BEFORE UPDATE ON processos_andamento
    BEGIN SELECT RAISE(ABORT, 'O histórico do processo (andamento) não pode ser alterado'); END;
    """,
    """
    CREATE TRIGGER processos_andamento_sem_delete BEFORE DELETE ON processos_andamento
    BEGIN SELECT RAISE(ABORT, 'O histórico do processo (andamento) não pode ser excluído'); END;
    """,
]
SQLITE_REVERSO = [
    "DROP TRIGGER IF EXISTS processos_andamento_sem_update;",
    "DROP TRIGGER IF EXISTS processos_andamento_sem_delete;",
]


def criar(apps, schema_editor):
    comandos = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in comandos:
        schema_editor.execute(sql)


def remover(apps, schema_editor):
    comandos = POSTGRES_REVERSO if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSO
    for sql in comandos:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("processos", "0001_initial")]
    operations = [migrations.RunPython(criar, remover)]
