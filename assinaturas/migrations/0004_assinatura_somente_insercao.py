"""The signature log is append-only, like the history: the database refuses to delete a row or
change it, except marking it dropped (``descartada_em``, once) while its document is not
bloqueado (editing before the bloqueio drops the signatures; afterwards nothing does)."""

from django.db import migrations

MENSAGEM = "O registro de assinaturas não pode ser alterado nem excluído"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION assinaturas_assinatura_imutavel() RETURNS trigger AS $$
    DECLARE
        descartada timestamptz;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION '{MENSAGEM}';
        END IF;
        descartada := NEW.descartada_em;
        IF OLD.descartada_em IS NOT NULL OR descartada IS NULL THEN
            RAISE EXCEPTION '{MENSAGEM}';
        END IF;
        IF EXISTS (SELECT 1 FROM documentos_documento d
                   WHERE d.id = OLD.documento_id AND d.bloqueado_em IS NOT NULL) THEN
            RAISE EXCEPTION 'Documento bloqueado: as assinaturas não podem ser descartadas';
        END IF;
        NEW.descartada_em := OLD.descartada_em;
        IF NEW IS DISTINCT FROM OLD THEN
            RAISE EXCEPTION '{MENSAGEM}';
        END IF;
        NEW.descartada_em := descartada;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER assinaturas_assinatura_imutavel BEFORE UPDATE OR DELETE ON assinaturas_assinatura
    FOR EACH ROW EXECUTE FUNCTION assinaturas_assinatura_imutavel();
    """,
]
POSTGRES_REVERSO = [
    "DROP TRIGGER IF EXISTS assinaturas_assinatura_imutavel ON assinaturas_assinatura;",
    "DROP FUNCTION IF EXISTS assinaturas_assinatura_imutavel();",
]
SQLITE_REVERSO = [
    "DROP TRIGGER IF EXISTS assinaturas_assinatura_sem_delete;",
    "DROP TRIGGER IF EXISTS assinaturas_assinatura_sem_update;",
]


def _sqlite(apps) -> list[str]:
    Assinatura = apps.get_model("assinaturas", "Assinatura")
    colunas = [c.column for c in Assinatura._meta.concrete_fields if c.column != "descartada_em"]
    mudou = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in colunas)
    return [
        f"""
        CREATE TRIGGER assinaturas_assinatura_sem_delete BEFORE DELETE ON assinaturas_assinatura
        BEGIN SELECT RAISE(ABORT, '{MENSAGEM}'); END;
        """,
        f"""
        CREATE TRIGGER assinaturas_assinatura_sem_update BEFORE UPDATE ON assinaturas_assinatura
        WHEN OLD.descartada_em IS NOT NULL OR NEW.descartada_em IS NULL OR {mudou}
          OR EXISTS (SELECT 1 FROM documentos_documento d WHERE d.id = OLD.documento_id AND d.bloqueado_em IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, '{MENSAGEM}'); END;
        """,
    ]


def criar(apps, schema_editor):
    comandos = POSTGRES if schema_editor.connection.vendor == "postgresql" else _sqlite(apps)
    for sql in comandos:
        schema_editor.execute(sql)


def remover(apps, schema_editor):
    comandos = POSTGRES_REVERSO if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSO
    for sql in comandos:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("assinaturas", "0003_fundamento_legal"),
        ("documentos", "0008_bloqueio"),
    ]
    operations = [migrations.RunPython(criar, remover)]
