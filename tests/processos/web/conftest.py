import pytest

from sei.contexto import SESSAO_UNIDADE
from tests.factories import SENHA_PADRAO


@pytest.fixture
def entrar(client):
    """Log a test client in as ``ator.usuario`` acting in ``ator.unidade``."""

    def _entrar(ator, cliente=None):
        cliente = cliente or client
        cliente.force_login(ator.usuario, backend="django.contrib.auth.backends.ModelBackend")
        sessao = cliente.session
        sessao[SESSAO_UNIDADE] = ator.unidade.pk
        sessao.save()
        return cliente

    return _entrar


@pytest.fixture
def senha():
    return SENHA_PADRAO
