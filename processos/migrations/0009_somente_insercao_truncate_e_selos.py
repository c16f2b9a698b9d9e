"""The append-only tables (history, read audit) hold against more than the application:

- the database refuses TRUNCATE on them too (a statement trigger; with CASCADE as well), not only
  UPDATE and DELETE; only a superuser who turns triggers off (session_replication_role) gets past;
- every entry already stored is sealed with the keyed chain (HMAC, ``SEI_HISTORICO_CHAVES``,
  ``sei.integridade``) in place of the plain SHA-256 one: a history whose plain chain no longer
  matched is left unsealed, so ``verificar_historico`` keeps reporting it.

Self-contained on purpose (the code of the app may change after this migration is written): the
plain chain and the seal are computed here as they were on the day it was written.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION sei_somente_insercao_truncate() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'A tabela % só aceita inclusões: TRUNCATE recusado', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER processos_andamento_sem_truncate
    BEFORE TRUNCATE ON processos_andamento
    FOR EACH STATEMENT EXECUTE FUNCTION sei_somente_insercao_truncate();
    """,
    """
    CREATE TRIGGER processos_leituraauditada_sem_truncate
    BEFORE TRUNCATE ON processos_leituraauditada
    FOR EACH STATEMENT EXECUTE FUNCTION sei_somente_insercao_truncate();
    """,
]
POSTGRES_REVERSO = [
    "DROP TRIGGER IF EXISTS processos_andamento_sem_truncate ON processos_andamento;",
    "DROP TRIGGER IF EXISTS processos_leituraauditada_sem_truncate ON processos_leituraauditada;",
    "DROP FUNCTION IF EXISTS sei_somente_insercao_truncate();",
]

# SQLite has no TRUNCATE; its row triggers (0002, 0007) are dropped when a migration rebuilds the
# table (0008 did, to add columns), so they are created again here.
SQLITE_TRIGGERS = {
    "processos_andamento_sem_update": (
        "BEFORE UPDATE ON processos_andamento",
        "O histórico do processo (andamento) não pode ser alterado",
    ),
    "processos_andamento_sem_delete": (
        "BEFORE DELETE ON processos_andamento",
        "O histórico do processo (andamento) não pode ser excluído",
    ),
    "processos_leituraauditada_sem_update": (
        "BEFORE UPDATE ON processos_leituraauditada",
        "O registro de leituras não pode ser alterado",
    ),
    "processos_leituraauditada_sem_delete": (
        "BEFORE DELETE ON processos_leituraauditada",
        "O registro de leituras não pode ser excluído",
    ),
}
POSTGRES_ROW_TRIGGERS = {
    "processos_andamento": "processos_andamento_imutavel",
    "processos_leituraauditada": "processos_leituraauditada_imutavel",
}


def _suspender_gatilhos(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for tabela, gatilho in POSTGRES_ROW_TRIGGERS.items():
            schema_editor.execute(f"ALTER TABLE {tabela} DISABLE TRIGGER {gatilho};")
    else:
        for nome in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {nome};")


def _restaurar_gatilhos(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for tabela, gatilho in POSTGRES_ROW_TRIGGERS.items():
            schema_editor.execute(f"ALTER TABLE {tabela} ENABLE TRIGGER {gatilho};")
    else:
        for nome, (quando, mensagem) in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {nome} {quando} BEGIN SELECT RAISE(ABORT, '{mensagem}'); END;")


def _conteudo_andamento(anterior, nup, unidade_id, usuario_id, criado_em, tipo, descricao, atributos) -> str:
    campos = [anterior, nup, str(unidade_id), str(usuario_id), criado_em.isoformat(), tipo, descricao]
    return "|".join([*campos, json.dumps(atributos, sort_keys=True, ensure_ascii=False)])


def _conteudo_leitura(anterior, leitura) -> str:
    campos = [
        anterior, leitura.usuario_id, leitura.unidade_id, leitura.processo_id, leitura.documento_id or "",
        leitura.numero_sei, leitura.objeto, leitura.nivel_acesso, leitura.canal, leitura.criado_em.isoformat(),
    ]  # fmt: skip
    return "|".join(str(campo) for campo in campos)


def _selar(chave: bytes, conteudo: str) -> str:
    return hmac.new(chave, conteudo.encode(), hashlib.sha256).hexdigest()


def _selar_historicos(apps, chave_id: str, chave: bytes, lote: int = 1000) -> None:
    Processo = apps.get_model("processos", "Processo")
    Andamento = apps.get_model("processos", "Andamento")
    ultimo = 0
    while True:
        processos = list(Processo.objects.filter(pk__gt=ultimo).order_by("pk")[:lote])
        if not processos:
            return
        ultimo = processos[-1].pk
        por_processo = {p.pk: [] for p in processos}
        for andamento in Andamento.objects.filter(processo_id__in=por_processo, chave_id="").order_by("id"):
            por_processo[andamento.processo_id].append(andamento)
        andamentos, cabecas = [], []
        for processo in processos:
            entradas = por_processo[processo.pk]
            if not entradas:
                continue
            anterior, intacta = "", True
            for a in entradas:
                conteudo = _conteudo_andamento(
                    anterior, processo.nup, a.unidade_id, a.usuario_id, a.criado_em, a.tipo, a.descricao, a.atributos
                )
                if a.hash_anterior != anterior or a.hash != hashlib.sha256(conteudo.encode()).hexdigest():
                    intacta = False
                    break
                anterior = a.hash
            if not intacta or anterior != processo.hash_andamentos:
                continue  # altered before this migration: left for verificar_historico to report
            anterior = ""
            for a in entradas:
                conteudo = _conteudo_andamento(
                    anterior, processo.nup, a.unidade_id, a.usuario_id, a.criado_em, a.tipo, a.descricao, a.atributos
                )
                a.hash_anterior, a.hash, a.chave_id = anterior, _selar(chave, conteudo), chave_id
                anterior = a.hash
                andamentos.append(a)
            processo.hash_andamentos = anterior
            cabecas.append(processo)
        Andamento.objects.bulk_update(andamentos, ["hash_anterior", "hash", "chave_id"], batch_size=2000)
        Processo.objects.bulk_update(cabecas, ["hash_andamentos"], batch_size=2000)


def _selar_leituras(apps, chave_id: str, chave: bytes, lote: int = 5000) -> None:
    LeituraAuditada = apps.get_model("processos", "LeituraAuditada")
    anteriores: dict[int, str] = {}
    ultimo = 0
    while True:
        leituras = list(LeituraAuditada.objects.filter(pk__gt=ultimo).order_by("pk")[:lote])
        if not leituras:
            return
        ultimo = leituras[-1].pk
        for leitura in leituras:
            anterior = anteriores.get(leitura.usuario_id, "")
            leitura.hash_anterior, leitura.chave_id = anterior, chave_id
            leitura.hash = _selar(chave, _conteudo_leitura(anterior, leitura))
            anteriores[leitura.usuario_id] = leitura.hash
        LeituraAuditada.objects.bulk_update(leituras, ["hash_anterior", "hash", "chave_id"], batch_size=2000)


def avancar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql, params=None)  # no placeholders: RAISE's % is its own
    chave_id, chave = next(iter(settings.SEI_HISTORICO_CHAVES.items()))
    _suspender_gatilhos(schema_editor)
    _selar_historicos(apps, chave_id, chave)
    _selar_leituras(apps, chave_id, chave)
    _restaurar_gatilhos(schema_editor)


def reverter(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_REVERSO:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("processos", "0008_selos_hmac")]
    operations = [migrations.RunPython(avancar, reverter)]
