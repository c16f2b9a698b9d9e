"""Tramitação → e-mail to the destination unit, through Redis and a real Celery worker."""

import uuid

import pytest

from processos import services
from processos.models import NivelAcesso, NotificacaoEmail
from processos.tasks import enviar_notificacao
from tests.factories import UnidadeFactory, ator_em, tipo_processo

from .conftest import esperar

pytestmark = [pytest.mark.integracao, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def envio(worker_celery, orgao):
    """A process created in A and sent to B, whose unit e-mail is unique to this test."""
    email_b = f"protocolo-{uuid.uuid4().hex[:10]}@exemplo.gov.br"
    origem = UnidadeFactory(orgao=orgao, sigla="A", email="")
    destino = UnidadeFactory(orgao=orgao, sigla="B", email=email_b)
    ator = ator_em(origem)
    processo = services.processo_criar(
        ator=ator, tipo=tipo_processo(), nivel_acesso=NivelAcesso.PUBLICO, especificacao="Compra de papel"
    )
    services.processo_enviar(ator=ator, processo=processo, destinos=[destino])
    notificacao = NotificacaoEmail.objects.get(processo=processo, unidade=destino)
    return processo, notificacao, email_b


def _enviada(notificacao):
    notificacao.refresh_from_db()
    return notificacao.estado == NotificacaoEmail.Estado.ENVIADA


def test_envio_gera_email_para_a_unidade_de_destino(worker_celery, envio):
    processo, notificacao, email_b = envio

    esperar(lambda: _enviada(notificacao), limite=30)

    emails = esperar(lambda: worker_celery.emails_para(email_b), limite=10)
    assert len(emails) == 1
    assert processo.nup_formatado in emails[0]
    assert notificacao.tentativas == 1
    assert notificacao.enviada_em is not None


def test_tarefa_executada_de_novo_nao_reenvia(worker_celery, envio):
    processo, notificacao, email_b = envio
    # Two more deliveries of the same message, as a broker redelivery would do.
    copias = [enviar_notificacao.delay(notificacao.pk) for _ in range(2)]

    esperar(lambda: _enviada(notificacao), limite=30)
    linhas = [esperar(lambda c=copia: worker_celery.resultado(c.id), limite=30) for copia in copias]

    assert len(worker_celery.emails_para(email_b)) == 1
    assert any("'ignorada'" in linha for linha in linhas)
    notificacao.refresh_from_db()
    assert notificacao.tentativas == 1
    assert processo.nup_formatado in worker_celery.emails_para(email_b)[0]
