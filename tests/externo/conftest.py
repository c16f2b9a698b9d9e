import re
import secrets

import pytest

from externo import services
from tests.factories import SENHA_PADRAO, UsuarioFactory  # noqa: F401  (UsuarioFactory: for the tests here)

CPF_JOAO = "52998224725"


@pytest.fixture(autouse=True)
def _limites_folgados(settings):
    """The per-address counters (registration, resends, password reset) live in the shared cache,
    which other tests (and the other xdist worker) use too: out of the way here; the tests of the
    limits lower them for an address of their own (``endereco_novo``)."""
    settings.SEI_CADASTRO_PEDIDOS = 10_000
    settings.SEI_SENHA_PEDIDOS = 10_000


@pytest.fixture
def endereco_novo():
    """A client address no other test counted requests from."""
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


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
