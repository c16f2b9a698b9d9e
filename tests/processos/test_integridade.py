"""The history and the read audit hold against more than the application: TRUNCATE is refused,
the application's database role cannot rewrite them nor lift their triggers, and the chains are
keyed with a secret the database does not hold, so a rewrite with recomputed hashes is found."""

import hashlib
import os
import subprocess
import sys
from importlib import import_module
from io import StringIO

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from processos import services
from processos.models import Andamento, LeituraAuditada, NivelAcesso, Processo
from processos.services.historico import verificar_cadeia
from sei.banco import conceder_papel_aplicacao
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401
from tests.integracao.conftest import RAIZ, _url_banco

PAPEL = "sei_app_teste"
MIGRACAO = import_module("processos.migrations.0009_somente_insercao_truncate_e_selos")


def _verificar() -> tuple[int, str, str]:
    saida, erros = StringIO(), StringIO()
    try:
        call_command("verificar_historico", stdout=saida, stderr=erros)
        codigo = 0
    except SystemExit as fim:
        codigo = fim.code
    return codigo, saida.getvalue(), erros.getvalue()


def _sem_gatilhos(sql: str, params=()) -> None:
    """What the owner of the tables or a superuser can do (never the application's role)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def historico(atores, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    services.processo_atualizar_andamento(ator=atores["A"], processo=p, texto="Primeira anotação")
    services.processo_atualizar_andamento(ator=atores["A"], processo=p, texto="Segunda anotação")
    return p


# --- TRUNCATE -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "comando",
    [
        "TRUNCATE processos_andamento",
        "TRUNCATE processos_andamento CASCADE",
        "TRUNCATE processos_processo CASCADE",  # reaches the history through its foreign key
        "TRUNCATE processos_leituraauditada",
    ],
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed rows, no pending FK checks
@pytest.mark.usefixtures("requer_postgresql")
def test_truncate_das_tabelas_so_de_insercao_e_recusado(historico, comando):
    antes = Andamento.objects.count()
    with pytest.raises(DatabaseError, match="TRUNCATE recusado"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(comando)
    assert Andamento.objects.count() == antes


# --- The application's role ---------------------------------------------------------------------


@pytest.fixture
def papel_da_aplicacao(django_db_blocker, request):
    """A login role that owns nothing, granted as ``migrate`` grants SEI_BANCO_PAPEL_APLICACAO."""
    request.getfixturevalue("requer_postgresql")
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PAPEL}') "
            f"THEN CREATE ROLE {PAPEL} LOGIN; END IF; END $$;"
        )
    return PAPEL


def _conectar_como(papel: str) -> psycopg.Connection:
    dados = connection.settings_dict
    return psycopg.connect(
        host=dados.get("HOST") or "127.0.0.1", port=dados.get("PORT") or 5432, dbname=dados["NAME"],
        user=papel, autocommit=True,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_papel_da_aplicacao_nao_reescreve_nem_desliga_o_historico(papel_da_aplicacao, atores, criar_processo):
    p = criar_processo(atores["A"])
    assert conceder_papel_aplicacao(papel_da_aplicacao)
    recusados = [
        "UPDATE processos_andamento SET descricao = 'x'",
        "DELETE FROM processos_andamento",
        "TRUNCATE processos_andamento CASCADE",
        "TRUNCATE processos_processo CASCADE",
        "UPDATE processos_leituraauditada SET objeto = 'x'",
        "DELETE FROM processos_leituraauditada",
        "TRUNCATE processos_leituraauditada",
        "ALTER TABLE processos_andamento DISABLE TRIGGER ALL",
        "ALTER TABLE processos_leituraauditada DISABLE TRIGGER processos_leituraauditada_imutavel",
        "DROP TRIGGER processos_andamento_imutavel ON processos_andamento",
        "SET session_replication_role = replica",
        "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'x', now())",
        "CREATE TABLE sei_intrusa (id int)",
    ]
    with _conectar_como(papel_da_aplicacao) as conexao:
        for comando in recusados:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conexao.execute(comando)
        assert conexao.execute("SELECT count(*) FROM processos_andamento").fetchone()[0] == 1
    assert verificar_cadeia(p)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_o_sistema_funciona_com_o_papel_da_aplicacao(papel_da_aplicacao, atores, criar_processo):
    """The product itself (a service creating and sending a process, writing history and a read
    audit) runs as the role that owns nothing."""
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    conceder_papel_aplicacao(papel_da_aplicacao)
    dados = {**connection.settings_dict, "USER": papel_da_aplicacao, "PASSWORD": ""}
    script = (
        "from processos import services\n"
        "from processos.models import Processo, LeituraAuditada\n"
        "from sei.acesso import Ator\n"
        "from sei.models import Unidade, Usuario\n"
        f"a = Ator(usuario=Usuario.objects.get(pk={atores['A'].usuario.pk}), unidade=Unidade.objects.get(pk={atores['A'].unidade.pk}))\n"  # noqa: E501
        f"p = Processo.objects.get(pk={p.pk})\n"
        "services.processo_atualizar_andamento(ator=a, processo=p, texto='pelo papel da aplicação')\n"
        f"services.processo_enviar(ator=a, processo=p, destinos=[Unidade.objects.get(pk={atores['B'].unidade.pk})])\n"
        "services.registrar_leitura(ator=a, processo=p, objeto='processo', canal='api')\n"
        "print('OK', LeituraAuditada.objects.count())\n"
    )
    ambiente = {**os.environ, "DATABASE_URL": _url_banco(dados), "SEI_SECRET_KEY": settings.SECRET_KEY}
    ambiente["SEI_HISTORICO_CHAVES"] = ",".join(
        f"{k}:{v.decode()}" for k, v in settings.SEI_HISTORICO_CHAVES.items()
    )
    feito = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=RAIZ, env=ambiente, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert feito.returncode == 0, feito.stderr[-3000:]
    assert "OK 1" in feito.stdout
    assert Andamento.objects.filter(processo=p, descricao="pelo papel da aplicação").exists()
    assert _verificar()[0] == 0


# --- The keyed chain -----------------------------------------------------------------------------


@pytest.mark.usefixtures("requer_postgresql")
def test_reescrita_com_hashes_recalculados_sem_a_chave_e_encontrada(historico):
    """The attack that passed before: rewrite an entry and recompute a plain SHA-256 chain."""
    entradas = list(Andamento.objects.filter(processo=historico).order_by("id"))
    anterior = ""
    for entrada in entradas:
        descricao = "Texto trocado" if entrada.descricao == "Primeira anotação" else entrada.descricao
        conteudo = MIGRACAO._conteudo_andamento(
            anterior, historico.nup, entrada.unidade_id, entrada.usuario_id, entrada.criado_em, entrada.tipo,
            descricao, entrada.atributos,
        )  # fmt: skip
        novo = hashlib.sha256(conteudo.encode()).hexdigest()
        _sem_gatilhos(
            "UPDATE processos_andamento SET descricao = %s, hash_anterior = %s, hash = %s WHERE id = %s",
            [descricao, anterior, novo, entrada.pk],
        )
        anterior = novo
    _sem_gatilhos(
        "UPDATE processos_processo SET hash_andamentos = %s WHERE id = %s", [anterior, historico.pk]
    )

    assert not verificar_cadeia(historico)
    codigo, _, erros = _verificar()
    assert codigo == 1 and historico.nup_formatado in erros and "entrada 1 do histórico alterada" in erros


def test_chave_girada_mantem_os_selos_antigos_validos(historico, atores, settings):
    antiga = dict(settings.SEI_HISTORICO_CHAVES)
    settings.SEI_HISTORICO_CHAVES = {"t9": b"nova-chave-do-historico-0123456789abcdef", **antiga}
    services.processo_atualizar_andamento(ator=atores["A"], processo=historico, texto="Depois da troca")
    chaves = list(
        Andamento.objects.filter(processo=historico).order_by("id").values_list("chave_id", flat=True)
    )
    assert chaves[-1] == "t9" and set(chaves[:-1]) == set(antiga)
    assert verificar_cadeia(historico)

    # Without the old key the installation can no longer vouch for the older entries.
    settings.SEI_HISTORICO_CHAVES = {"t9": b"nova-chave-do-historico-0123456789abcdef"}
    codigo, _, erros = _verificar()
    assert codigo == 1 and "selada com uma chave desconhecida" in erros


@pytest.mark.usefixtures("requer_postgresql")
def test_registro_de_leituras_encadeado_por_usuario(historico, atores):
    a, b = atores["A"], atores["B"]
    for _ in range(3):
        services.registrar_leitura(ator=a, processo=historico, objeto="processo", canal="web")
    services.registrar_leitura(ator=a, processo=historico, objeto="processo", canal="api")
    assert _verificar()[0] == 0
    leituras = list(LeituraAuditada.objects.filter(usuario=a.usuario).order_by("id"))
    assert [x.hash_anterior for x in leituras[1:]] == [x.hash for x in leituras[:-1]]

    _sem_gatilhos("UPDATE processos_leituraauditada SET canal = 'web' WHERE id = %s", [leituras[-1].pk])
    codigo, _, erros = _verificar()
    assert codigo == 1 and f"registro de leituras de {a.usuario.username}" in erros
    assert b.usuario.username not in erros


@pytest.mark.usefixtures("requer_postgresql")
def test_leitura_removida_do_meio_e_encontrada(historico, atores):
    for _ in range(3):
        services.registrar_leitura(ator=atores["A"], processo=historico, objeto="processo", canal="web")
    meio = LeituraAuditada.objects.order_by("id")[1]
    _sem_gatilhos("DELETE FROM processos_leituraauditada WHERE id = %s", [meio.pk])
    codigo, _, erros = _verificar()
    assert codigo == 1 and "fora da cadeia" in erros


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("requer_postgresql")
def test_leituras_simultaneas_do_mesmo_usuario_formam_uma_cadeia(atores, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    a = atores["A"]
    resultados = em_paralelo(
        [lambda: services.registrar_leitura(ator=a, processo=p, objeto="processo", canal="web")] * 6
    )
    assert not [r for r in resultados if isinstance(r, Exception)]
    anteriores = list(
        LeituraAuditada.objects.filter(usuario=a.usuario).values_list("hash_anterior", flat=True)
    )
    assert len(set(anteriores)) == 6  # no two reads chained to the same one
    assert _verificar()[0] == 0


# --- Sealing the entries written before the keyed chain (migration 0009) ----------------------


@pytest.mark.usefixtures("requer_postgresql")
def test_migracao_sela_historicos_intactos_e_deixa_os_adulterados_acusados(atores, criar_processo):
    intacto = criar_processo(atores["A"])
    adulterado = criar_processo(atores["A"])
    for processo, trocar in ((intacto, False), (adulterado, True)):
        # Rewrite the history as the plain SHA-256 chain it was before the keys.
        anterior = ""
        for entrada in Andamento.objects.filter(processo=processo).order_by("id"):
            conteudo = MIGRACAO._conteudo_andamento(
                anterior, processo.nup, entrada.unidade_id, entrada.usuario_id, entrada.criado_em, entrada.tipo,
                entrada.descricao, entrada.atributos,
            )  # fmt: skip
            novo = hashlib.sha256(conteudo.encode()).hexdigest()
            descricao = "adulterado depois" if trocar else entrada.descricao
            _sem_gatilhos(
                "UPDATE processos_andamento SET hash_anterior = %s, hash = %s, chave_id = '', descricao = %s"
                " WHERE id = %s",
                [anterior, novo, descricao, entrada.pk],
            )
            anterior = novo
        _sem_gatilhos(
            "UPDATE processos_processo SET hash_andamentos = %s WHERE id = %s", [anterior, processo.pk]
        )
    assert not verificar_cadeia(intacto)

    chave_id, chave = next(iter(settings.SEI_HISTORICO_CHAVES.items()))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    MIGRACAO._selar_historicos(apps, chave_id, chave)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")

    assert verificar_cadeia(Processo.objects.get(pk=intacto.pk))
    assert not verificar_cadeia(Processo.objects.get(pk=adulterado.pk))
