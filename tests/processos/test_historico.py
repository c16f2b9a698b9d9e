"""The history cannot be changed: the database refuses, and the hash chain shows tampering."""

import pytest
from django.db import DatabaseError, connection, transaction

from processos.models import Andamento
from processos.services.historico import verificar_cadeia


@pytest.fixture
def processo(atores, criar_processo):
    from processos import services

    p = criar_processo(atores["A"])
    services.processo_atualizar_andamento(ator=atores["A"], processo=p, texto="Primeira anotação")
    return p


def test_andamento_nao_pode_ser_alterado(processo):
    with pytest.raises(DatabaseError), transaction.atomic():
        Andamento.objects.filter(processo=processo).update(descricao="adulterado")
    assert not Andamento.objects.filter(descricao="adulterado").exists()


def test_andamento_nao_pode_ser_excluido(processo):
    with pytest.raises(DatabaseError), transaction.atomic():
        Andamento.objects.filter(processo=processo).delete()
    assert Andamento.objects.filter(processo=processo).count() == 2


def test_sql_cru_tambem_e_recusado(processo):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM processos_andamento")
    assert Andamento.objects.count() == 2


def test_cadeia_de_hash_detecta_adulteracao(processo):
    assert verificar_cadeia(processo)
    # Simulate a tamper that bypassed the trigger (e.g. a restored, edited backup).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # superuser: triggers off
            cursor.execute("UPDATE processos_andamento SET descricao = 'adulterado' WHERE tipo = 'atualizacao'")
            cursor.execute("SET LOCAL session_replication_role = origin")
        else:
            cursor.execute("DROP TRIGGER processos_andamento_sem_update")
            cursor.execute("UPDATE processos_andamento SET descricao = 'adulterado' WHERE tipo = 'atualizacao'")
    assert not verificar_cadeia(processo)


# --- verificar_historico: the check an administrator runs after restoring a backup ---------------


def _rodar(*args):
    from io import StringIO

    from django.core.management import call_command

    saida, erros = StringIO(), StringIO()
    try:
        call_command("verificar_historico", *args, stdout=saida, stderr=erros)
        codigo = 0
    except SystemExit as fim:
        codigo = fim.code
    return codigo, saida.getvalue(), erros.getvalue()


def _sem_gatilho(*comandos):
    """Run SQL around the append-only trigger, as a superuser editing a restored dump could."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for sql in comandos:
            cursor.execute(sql)
        cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def varios(atores, unidades, criar_processo, processo):
    from processos import services

    outros = [criar_processo(atores["A"]) for _ in range(3)]
    services.processo_enviar(ator=atores["A"], processo=outros[0], destinos=[unidades["B"]], manter_aberto=True)
    services.processo_receber(ator=atores["B"], processo=outros[0])
    return [processo, *outros]


def test_historico_integro_sai_com_zero(varios):
    codigo, saida, erros = _rodar()
    assert codigo == 0 and erros == ""
    assert "4 processo(s) conferido(s)." in saida and "Histórico íntegro" in saida


@pytest.mark.skipif(connection.vendor != "postgresql", reason="session_replication_role é do PostgreSQL")
@pytest.mark.parametrize(
    ("sql", "problema"),
    [
        ("UPDATE processos_andamento SET descricao = 'outra coisa' WHERE processo_id = {pk} AND tipo = 'atualizacao'",
         "entrada 2 do histórico alterada"),
        ("DELETE FROM processos_andamento WHERE processo_id = {pk} AND tipo = 'geracao'",
         "entrada 1 do histórico fora da cadeia"),
        ("DELETE FROM processos_andamento WHERE processo_id = {pk} AND tipo = 'atualizacao'",
         "o fim do histórico não confere"),
    ],
)  # fmt: skip
def test_historico_adulterado_aparece_pelo_nup_sem_conteudo(varios, sql, problema):
    adulterado = varios[0]
    _sem_gatilho(sql.format(pk=adulterado.pk))

    codigo, saida, erros = _rodar()

    assert codigo == 1
    assert f"ALTERADO  {adulterado.nup_formatado}: {problema}" in erros
    assert erros.count("ALTERADO") == 1  # the other three are intact
    assert "outra coisa" not in saida + erros and "Primeira anotação" not in saida + erros
    assert "1 processo(s) com histórico que não confere." in erros
    assert _rodar("--processo", varios[1].nup_formatado)[0] == 0


def test_processo_inexistente_e_erro_claro(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Processo não encontrado"):
        _rodar("--processo", "00000.000000/0000-00")
