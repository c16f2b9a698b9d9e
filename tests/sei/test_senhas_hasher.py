"""The password hasher: Argon2id with OWASP's parameters, and passwords stored with Django's
defaults still accepted and rewritten at the next login."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

from sei import settings as modulo_de_configuracao
from tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db

SENHA = "Uma-senha-boa-de-teste-42"


@pytest.fixture
def hashers_de_producao(settings):
    """The project's hashers (the suite swaps them for MD5, for speed)."""
    settings.PASSWORD_HASHERS = modulo_de_configuracao.PASSWORD_HASHERS


def test_senha_nova_usa_argon2id_com_os_parametros_da_owasp(hashers_de_producao):
    guardada = make_password(SENHA)
    assert guardada.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_senha_guardada_com_os_parametros_antigos_entra_e_e_regravada(hashers_de_producao, rf):
    usuario = UsuarioFactory()
    usuario.password = Argon2PasswordHasher().encode(SENHA, Argon2PasswordHasher().salt())
    usuario.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in usuario.password

    pedido = rf.post("/entrar/")
    assert authenticate(pedido, username=usuario.username, password=SENHA) == usuario

    usuario.refresh_from_db()
    assert "m=19456,t=2,p=1" in usuario.password
    assert authenticate(rf.post("/entrar/"), username=usuario.username, password="outra") is None
