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
