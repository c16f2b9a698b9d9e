"""The audit of reads is append-only, like the history: the database refuses UPDATE and DELETE."""

from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION processos_leituraauditada_imutavel() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'O registro de leituras não pode ser alterado nem excluído';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER processos_leituraauditada_imutavel
    BEFORE UPDATE OR DELETE ON processos_leituraauditada
    FOR EACH ROW EXECUTE FUNCTION processos_leituraauditada_imutavel();
    """,
]
POSTGRES_REVERSO = [
    "DROP TRIGGER IF EXISTS processos_leituraauditada_imutavel ON processos_leituraauditada;",
    "DROP FUNCTION IF EXISTS processos_leituraauditada_imutavel();",
]
SQLITE = [
    """
    CREATE TRIGGER processos_leituraauditada_sem_update BEFORE UPDATE ON processos_leituraauditada
    BEGIN SELECT RAISE(ABORT, 'O registro de leituras não pode ser alterado'); END;
    """,
    """
    CREATE TRIGGER processos_leituraauditada_sem_delete BEFORE DELETE ON processos_leituraauditada
    BEGIN SELECT RAISE(ABORT, 'O registro de leituras não pode ser excluído'); END;
    """,
]
SQLITE_REVERSO = [
    "DROP TRIGGER IF EXISTS processos_leituraauditada_sem_update;",
    "DROP TRIGGER IF EXISTS processos_leituraauditada_sem_delete;",
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
    dependencies = [("processos", "0006_leitura_auditada")]
    operations = [migrations.RunPython(criar, remover)]
