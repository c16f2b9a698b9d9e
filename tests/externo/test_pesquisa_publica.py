"""The pesquisa pública is public: an external user's session reaches it like anybody (the
portals' separation lets ``/publico/`` pass), and it needs no login."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limite_zerado():
    cache.delete("sei:publico:127.0.0.1")
    yield
    cache.delete("sei:publico:127.0.0.1")


def test_sem_login_e_com_sessao_externa_a_pesquisa_publica_abre(client, externo):
    url = reverse("publico:pesquisa")
    assert url == "/publico/pesquisa/"
    assert client.get(url).status_code == 200
    client.force_login(externo)
    resposta = client.get(url)
    assert resposta.status_code == 200
    assert "Pesquisa pública de processos" in resposta.content.decode()
    # ...while internal pages still send the external session to its portal.
    assert client.get("/pesquisa/").status_code == 302
