"""Fixtures of the API tests: token clients acting in a unit, a second órgão, helpers."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from processos.models import NivelAcesso
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, hipotese, tipo_processo


@pytest.fixture
def cliente(db):
    """``cliente(ator)``: an API client with the actor's token and ``X-Unidade`` of their unit."""

    def _cliente(ator=None, unidade: str | None = None) -> APIClient:
        c = APIClient()
        if ator is not None:
            token, _ = Token.objects.get_or_create(user=ator.usuario)
            c.credentials(
                HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_UNIDADE=unidade or ator.unidade.sigla
            )
        return c

    return _cliente


@pytest.fixture
def outro_orgao(db):
    return OrgaoFactory(sigla="MUN", codigo_protocolo="19957")


@pytest.fixture
def ator_x(outro_orgao):
    """A user of unit X of another órgão."""
    return ator_em(UnidadeFactory(orgao=outro_orgao, sigla="X"), username="user_x")


@pytest.fixture
def tipo(db):
    return tipo_processo()


@pytest.fixture
def corpo_criacao(tipo):
    """``corpo_criacao(nivel)``: a valid POST /processos/ body."""

    def _corpo(nivel: str = "publico", **extra) -> dict:
        corpo = {"tipo": tipo.pk, "especificacao": "Aquisição de material", "nivel_acesso": nivel}
        if nivel != "publico":
            corpo["hipotese_legal"] = hipotese(NivelAcesso.de_chave(nivel)).pk
        corpo.update(extra)
        return corpo

    return _corpo


def url_processo(processo_ou_nup, acao: str = "") -> str:
    nup = getattr(processo_ou_nup, "nup", processo_ou_nup)
    return f"/api/v1/processos/{nup}/" + (f"{acao}/" if acao else "")
