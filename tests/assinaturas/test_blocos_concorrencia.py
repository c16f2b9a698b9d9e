"""Races on a bloco (PostgreSQL row locks): units returning it at the same time, the origin
cancelling while a unit returns it. The bloco ends in one consistent state, with no access left
behind."""

import pytest

from assinaturas import blocos
from assinaturas.models import Bloco
from documentos.models import Compartilhamento
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401

pytestmark = [
    pytest.mark.integracao,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("requer_postgresql"),
]


@pytest.fixture
def bloco(atores, unidades, processo, criar_documento):
    a = atores["A"]
    documentos = [criar_documento(a, processo, conteudo=f"<p>{i}</p>") for i in range(3)]
    bloco = blocos.bloco_criar(ator=a, descricao="Corrida", documentos=[d.numero_sei for d in documentos])
    return blocos.bloco_disponibilizar(ator=a, bloco=bloco, unidades=[unidades["B"], unidades["C"]])


def test_duas_unidades_devolvem_ao_mesmo_tempo(atores, bloco):
    resultados = em_paralelo([lambda: blocos.bloco_devolver(ator=atores["B"], bloco=bloco),
                              lambda: blocos.bloco_devolver(ator=atores["C"], bloco=bloco)])  # fmt: skip
    assert all(isinstance(r, Bloco) for r in resultados), resultados
    bloco.refresh_from_db()
    assert bloco.estado == Bloco.Estado.RETORNADO
    assert not Compartilhamento.objects.exists()


def test_cancelar_enquanto_uma_unidade_devolve(atores, bloco):
    resultados = em_paralelo([lambda: blocos.bloco_cancelar_disponibilizacao(ator=atores["A"], bloco=bloco),
                              lambda: blocos.bloco_devolver(ator=atores["B"], bloco=bloco)])  # fmt: skip
    bloco.refresh_from_db()
    assert isinstance(resultados[0], Bloco)  # the origin always cancels
    assert bloco.estado == Bloco.Estado.ABERTO
    assert not Compartilhamento.objects.exists()
