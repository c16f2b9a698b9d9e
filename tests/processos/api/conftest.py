"""Fixtures of the API tests: token clients acting in a unit, a second órgão, helpers."""

import pytest

from processos.models import NivelAcesso
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, hipotese, tipo_processo


@pytest.fixture
def cliente(cliente_api):
    """``cliente(ator)``: the token client of tests/conftest.py."""
    return cliente_api


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
