"""SEI's "bloqueado", enforced by the database: once ``bloqueado_em`` is set (by
``documentos.services.bloqueio`` only) a document's content, file and código CRC (once it has
one) never change and it never becomes a minuta again (only further signatures and cancelar remain); the versions
of a signed or bloqueado document are never altered or removed, and a bloqueado one gets no new
version. Documents included before a process was sent on or concluded are marked bloqueado
here, as the rule now records it.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

MENSAGEM_DOCUMENTO = "Documento bloqueado: conteúdo, arquivo e código não podem ser alterados"
MENSAGEM_VERSAO = "Versão de documento assinado ou bloqueado não pode ser alterada nem excluída"
MENSAGEM_NOVA_VERSAO = "Documento bloqueado não recebe nova versão"

ALTERADO_PG = """
    NEW.bloqueado_em IS DISTINCT FROM OLD.bloqueado_em
    OR NEW.versao_atual IS DISTINCT FROM OLD.versao_atual
    OR (NEW.codigo_crc IS DISTINCT FROM OLD.codigo_crc AND OLD.codigo_crc <> '')
    OR (NEW.codigo_crc_chave IS DISTINCT FROM OLD.codigo_crc_chave AND OLD.codigo_crc_chave <> '')
    OR NEW.arquivo_nome IS DISTINCT FROM OLD.arquivo_nome
    OR NEW.arquivo_sha256 IS DISTINCT FROM OLD.arquivo_sha256
    OR NEW.processo_id IS DISTINCT FROM OLD.processo_id
    OR NEW.natureza IS DISTINCT FROM OLD.natureza
    OR (NEW.estado IS DISTINCT FROM OLD.estado AND NEW.estado NOT IN ('assinado', 'cancelado'))
"""
ALTERADO_SQLITE = ALTERADO_PG.replace("IS DISTINCT FROM", "IS NOT")
PROTEGIDA = "(d.estado = 'assinado' OR d.bloqueado_em IS NOT NULL)"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION documentos_documento_bloqueado() RETURNS trigger AS $$
    BEGIN
        IF OLD.bloqueado_em IS NOT NULL AND ({ALTERADO_PG}) THEN
            RAISE EXCEPTION '{MENSAGEM_DOCUMENTO}';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER documentos_documento_bloqueado BEFORE UPDATE ON documentos_documento
    FOR EACH ROW EXECUTE FUNCTION documentos_documento_bloqueado();
    """,
    f"""
    CREATE OR REPLACE FUNCTION documentos_versao_protegida() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF EXISTS (SELECT 1 FROM documentos_documento d
                       WHERE d.id = NEW.documento_id AND d.bloqueado_em IS NOT NULL) THEN
                RAISE EXCEPTION '{MENSAGEM_NOVA_VERSAO}';
            END IF;
            RETURN NEW;
        END IF;
        IF EXISTS (SELECT 1 FROM documentos_documento d WHERE d.id = OLD.documento_id AND {PROTEGIDA}) THEN
            RAISE EXCEPTION '{MENSAGEM_VERSAO}';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER documentos_versao_protegida BEFORE INSERT OR UPDATE OR DELETE ON documentos_versaodocumento
    FOR EACH ROW EXECUTE FUNCTION documentos_versao_protegida();
    """,
]
POSTGRES_REVERSO = [
    "DROP TRIGGER IF EXISTS documentos_documento_bloqueado ON documentos_documento;",
    "DROP FUNCTION IF EXISTS documentos_documento_bloqueado();",
    "DROP TRIGGER IF EXISTS documentos_versao_protegida ON documentos_versaodocumento;",
    "DROP FUNCTION IF EXISTS documentos_versao_protegida();",
]
SQLITE = [
    f"""
    CREATE TRIGGER documentos_documento_bloqueado BEFORE UPDATE ON documentos_documento
    WHEN OLD.bloqueado_em IS NOT NULL AND ({ALTERADO_SQLITE})
    BEGIN SELECT RAISE(ABORT, '{MENSAGEM_DOCUMENTO}'); END;
    """,
    f"""
    CREATE TRIGGER documentos_versao_sem_insercao BEFORE INSERT ON documentos_versaodocumento
    WHEN EXISTS (SELECT 1 FROM documentos_documento d WHERE d.id = NEW.documento_id AND d.bloqueado_em IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, '{MENSAGEM_NOVA_VERSAO}'); END;
    """,
    f"""
    CREATE TRIGGER documentos_versao_sem_update BEFORE UPDATE ON documentos_versaodocumento
    WHEN EXISTS (SELECT 1 FROM documentos_documento d WHERE d.id = OLD.documento_id AND {PROTEGIDA})
    BEGIN SELECT RAISE(ABORT, '{MENSAGEM_VERSAO}'); END;
    """,
    f"""
    CREATE TRIGGER documentos_versao_sem_delete BEFORE DELETE ON documentos_versaodocumento
    WHEN EXISTS (SELECT 1 FROM documentos_documento d WHERE d.id = OLD.documento_id AND {PROTEGIDA})
    BEGIN SELECT RAISE(ABORT, '{MENSAGEM_VERSAO}'); END;
    """,
]
SQLITE_REVERSO = [
    "DROP TRIGGER IF EXISTS documentos_documento_bloqueado;",
    "DROP TRIGGER IF EXISTS documentos_versao_sem_insercao;",
    "DROP TRIGGER IF EXISTS documentos_versao_sem_update;",
    "DROP TRIGGER IF EXISTS documentos_versao_sem_delete;",
]


def marcar_bloqueados(apps, schema_editor):
    """Signed or external documents whose process was sent on or concluded after they were
    included: bloqueado (``services.bloqueio`` keeps it from now on)."""
    Documento = apps.get_model("documentos", "Documento")
    Andamento = apps.get_model("processos", "Andamento")
    saiu_depois = Andamento.objects.filter(
        processo_id=OuterRef("processo_id"), tipo__in=["remessa", "conclusao"], criado_em__gte=OuterRef("criado_em")
    )
    bloqueaveis = Q(natureza="interno", estado="assinado") | Q(natureza="externo", estado__in=["minuta", "assinado"])
    Documento.objects.filter(bloqueaveis, bloqueado_em__isnull=True).filter(Exists(saiu_depois)).update(
        bloqueado_em=timezone.now()
    )


def criar(apps, schema_editor):
    comandos = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in comandos:
        schema_editor.execute(sql)


def remover(apps, schema_editor):
    comandos = POSTGRES_REVERSO if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSO
    for sql in comandos:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("documentos", "0007_compartilhamento"),
        ("processos", "0014_andamento_autenticacao_e_descarte"),
    ]
    operations = [
        migrations.RunPython(marcar_bloqueados, migrations.RunPython.noop),
        migrations.RunPython(criar, remover),
    ]
