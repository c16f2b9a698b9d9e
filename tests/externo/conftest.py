import re

import pytest
from django.core.cache import cache

from externo import services
from tests.factories import SENHA_PADRAO, UsuarioFactory  # noqa: F401  (UsuarioFactory: for the tests here)

CPF_JOAO = "52998224725"


@pytest.fixture(autouse=True)
def _limites_zerados():
    """The per-address counters (registration, resends, password reset) live in the shared cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def criar_externo(db):
    """``criar_externo(cpf=..., liberado=True)``: an external user's record (``CadastroExterno``)."""

    def _criar(
        cpf=CPF_JOAO,
        nome="João Cidadão",
        email=None,
        liberado=True,
        senha=SENHA_PADRAO,
        email_confirmado=None,
    ):
        return services.cadastro_criar(
            cpf=cpf,
            nome=nome,
            email=email or f"{cpf}@exemplo.com.br",
            senha=senha,
            liberado=liberado,
            email_confirmado=liberado if email_confirmado is None else email_confirmado,
        )

    return _criar


@pytest.fixture
def externo(criar_externo):
    """João, an approved external user."""
    return criar_externo().usuario


def link_do_email(mensagem, trecho: str) -> str:
    """The path of the first link in the e-mail's body that starts with ``trecho``."""
    return re.search(r"https?://[^/\s]+(" + re.escape(trecho) + r"\S*)", mensagem.body).group(1)
