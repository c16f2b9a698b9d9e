"""Numbering races on PostgreSQL: row locks are what is being tested."""

import pytest

from documentos import services
from documentos.models import Documento
from processos.models import NivelAcesso
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401
from tests.documentos.conftest import tipo_documento

pytestmark = [
    pytest.mark.integracao,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("requer_postgresql"),
]


def test_20_oficios_simultaneos_na_unidade_tem_numeros_distintos_e_consecutivos(atores, processo):
    ator = atores["A"]
    tipo = tipo_documento("Ofício")

    def criar():
        return services.documento_interno_criar(
            ator=ator, processo=processo, tipo=tipo, nivel_acesso=NivelAcesso.PUBLICO
        )

    documentos = em_paralelo([criar] * 20)
    erros = [d for d in documentos if not isinstance(d, Documento)]
    assert not erros, erros
    assert sorted(int(d.numero) for d in documentos) == list(range(1, 21))
    numeros_sei = [d.numero_sei for d in documentos]
    assert len(set(numeros_sei)) == 20


def test_excluido_queima_o_numero_tambem_sob_concorrencia(atores, processo):
    ator = atores["A"]
    tipo = tipo_documento("Ofício")
    primeiro = services.documento_interno_criar(ator=ator, processo=processo, tipo=tipo, nivel_acesso=0)
    services.documento_excluir(ator=ator, documento=primeiro)
    documentos = em_paralelo(
        [lambda: services.documento_interno_criar(ator=ator, processo=processo, tipo=tipo, nivel_acesso=0)]
        * 5
    )
    assert sorted(int(d.numero) for d in documentos) == [2, 3, 4, 5, 6]
