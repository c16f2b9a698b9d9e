"""Races on a grant (PostgreSQL row locks): two users of the unit cancel the same grant at once,
or the órgão approves the recipient while the unit cancels the e-mail grant."""

import pytest

from externo import acessos, services
from externo.models import AcessoExterno
from processos.models import Andamento
from sei.exceptions import RegraDeNegocio
from sei.senhas import SenhaConfirmada
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401
from tests.externo.conftest import com_permissao_de_liberar
from tests.factories import ator_em

pytestmark = [
    pytest.mark.integracao,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("requer_postgresql"),
]


def _conceder(ator, processo, **destino):
    return acessos.acesso_externo_conceder(
        ator=ator, processo=processo, senha=SenhaConfirmada(usuario_id=ator.usuario.pk), tipo="integral",
        motivo="Vista", validade_dias=5, **destino,
    )  # fmt: skip


def test_dois_cancelamentos_simultaneos_um_so_vale(atores, processo, externo):
    a, colega = atores["A"], ator_em(atores["A"].unidade, username="colega_a")
    concessao = _conceder(a, processo, cpf=externo.cpf)

    def cancelar(ator):
        return lambda: acessos.acesso_externo_cancelar(
            ator=ator, processo=processo, acesso_id=concessao.pk, motivo=f"Por {ator.usuario.username}"
        )

    resultados = em_paralelo([cancelar(a), cancelar(colega)])
    assert sum(isinstance(r, AcessoExterno) for r in resultados) == 1
    assert sum(isinstance(r, RegraDeNegocio) for r in resultados) == 1
    assert processo.andamentos.filter(tipo=Andamento.Tipo.ACESSO_EXTERNO_CANCELAMENTO).count() == 1


def test_liberar_o_cadastro_enquanto_a_unidade_cancela_o_acesso_por_email(atores, processo, criar_externo):
    a = atores["A"]
    concessao = _conceder(a, processo, email="nova@exemplo.com.br")
    nova = criar_externo(
        cpf="39053344705", nome="Nova", email="nova@exemplo.com.br", liberado=False, email_confirmado=True
    ).usuario
    liberador = com_permissao_de_liberar(a)

    resultados = em_paralelo(
        [
            lambda: services.cadastro_liberar(ator=liberador, usuario=nova),
            lambda: acessos.acesso_externo_cancelar(
                ator=a, processo=processo, acesso_id=concessao.pk, motivo="Fim"
            ),
        ]
    )
    assert not [r for r in resultados if isinstance(r, Exception)], resultados
    concessao.refresh_from_db()
    assert concessao.cancelado_em is not None
    # Whatever the order, the stored principals are what the rule derives (checked after the test).
