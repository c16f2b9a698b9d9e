import pytest

from externo import services
from tests.factories import SENHA_PADRAO, UsuarioFactory  # noqa: F401  (UsuarioFactory: for the tests here)

CPF_JOAO = "52998224725"


@pytest.fixture
def criar_externo(db):
    """``criar_externo(cpf=..., liberado=True)``: an external user's record (``CadastroExterno``)."""

    def _criar(cpf=CPF_JOAO, nome="João Cidadão", email=None, liberado=True, senha=SENHA_PADRAO):
        return services.cadastro_criar(
            cpf=cpf,
            nome=nome,
            email=email or f"{cpf}@exemplo.com.br",
            senha=senha,
            liberado=liberado,
            email_confirmado=liberado,
        )

    return _criar


@pytest.fixture
def externo(criar_externo):
    """João, an approved external user."""
    return criar_externo().usuario
