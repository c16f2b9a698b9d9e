"""Tramitação → e-mail to the destination unit, through Redis and a real Celery worker."""

import os
import socket
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from processos import services
from processos.models import NivelAcesso, NotificacaoEmail
from processos.tasks import enviar_notificacao, varrer_notificacoes_pendentes
from tests.factories import UnidadeFactory, ator_em, tipo_processo

from .conftest import RAIZ, _url_banco, esperar

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


def _porta_fechada() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free once closed: nothing listens there


def test_fila_fora_do_ar_no_envio_nao_perde_o_email(worker_celery, orgao):
    """Redis down while a unit sends a process: the send succeeds (no error for the user), the
    e-mail waits in the outbox, and once Redis is back the beat sweeper delivers it, once."""
    email_b = f"protocolo-{uuid.uuid4().hex[:10]}@exemplo.gov.br"
    origem = UnidadeFactory(orgao=orgao, sigla="A", email="")
    destino = UnidadeFactory(orgao=orgao, sigla="B", email=email_b)
    ator = ator_em(origem)
    processo = services.processo_criar(
        ator=ator, tipo=tipo_processo(), nivel_acesso=NivelAcesso.PUBLICO, especificacao="Compra de papel"
    )
    script = (
        "from processos import services\n"
        "from processos.models import Processo\n"
        "from sei.acesso import Ator\n"
        "from sei.models import Unidade, Usuario\n"
        f"ator = Ator(usuario=Usuario.objects.get(pk={ator.usuario.pk}), unidade=Unidade.objects.get(pk={origem.pk}))\n"
        f"services.processo_enviar(ator=ator, processo=Processo.objects.get(pk={processo.pk}),"
        f" destinos=[Unidade.objects.get(pk={destino.pk})])\n"
        "print('ENVIADO')\n"
    )
    ambiente = dict(
        os.environ,
        DATABASE_URL=_url_banco(connection.settings_dict),
        CELERY_BROKER_URL=f"redis://127.0.0.1:{_porta_fechada()}/0",
        SEI_SECRET_KEY=settings.SECRET_KEY,
    )
    web = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=RAIZ, env=ambiente, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert web.returncode == 0, web.stderr[-2000:]
    assert "ENVIADO" in web.stdout
    assert "Fila indisponível" in web.stderr and "o varredor a reenviará" in web.stderr
    notificacao = NotificacaoEmail.objects.get(processo=processo, unidade=destino)
    assert notificacao.estado == NotificacaoEmail.Estado.PENDENTE and notificacao.tentativas == 0
    assert processo.atividades.filter(unidade=destino, aberta=True).exists()  # the send itself holds

    # Redis is back: the sweeper (beat, every 5 minutes) finds the old pending e-mail and resends it.
    NotificacaoEmail.objects.filter(pk=notificacao.pk).update(criada_em=timezone.now() - timedelta(minutes=6))
    assert varrer_notificacoes_pendentes() == 1
    esperar(lambda: _enviada(notificacao), limite=30)
    assert len(esperar(lambda: worker_celery.emails_para(email_b), limite=10)) == 1
