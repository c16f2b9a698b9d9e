"""The signing keys for the tests: one internal root and one seal made per test session (RSA
3072 takes a second or two to generate), registered for each test's órgão."""


import pytest

from assinaturas import chaves
from assinaturas.models import Assinante, CertificadoOrgao

_SESSAO: dict = {}


@pytest.fixture(scope="session")
def _pasta_chaves(tmp_path_factory):
    return tmp_path_factory.mktemp("chaves")


@pytest.fixture
def selo(db, settings, orgao, _pasta_chaves):
    """The órgão's seal certificate in use (and the root above it), keys in a session folder."""
    settings.SEI_CHAVES_DIR = str(_pasta_chaves)
    settings.SEI_CHAVES_SENHA = "senha-das-chaves-de-teste"
    settings.SEI_CRC_CHAVES = "k1:chave-do-crc-de-teste-0123456789abcdefghij"
    if not _SESSAO:
        raiz = chaves.criar_raiz()
        selo = chaves.criar_selo(orgao)
        _SESSAO.update(
            raiz={c.name: getattr(raiz, c.name) for c in CertificadoOrgao._meta.concrete_fields if c.name not in ("id", "orgao")},
            selo={c.name: getattr(selo, c.name) for c in CertificadoOrgao._meta.concrete_fields if c.name not in ("id", "orgao")},
        )
        return selo
    CertificadoOrgao.objects.create(**_SESSAO["raiz"])
    return CertificadoOrgao.objects.create(orgao=orgao, **_SESSAO["selo"])


@pytest.fixture
def raiz_pem(selo) -> bytes:
    return chaves.cadeia_publica_pem().encode()


@pytest.fixture
def assinante():
    """``assinante(ator, cargo="Analista Administrativo", unidades=None)``: the user may sign with it."""

    def _criar(ator, cargo="Analista Administrativo", unidades=None):
        registro = Assinante.objects.create(orgao=ator.unidade.orgao, usuario=ator.usuario, cargo=cargo)
        if unidades:
            registro.unidades.set(unidades)
        return registro

    return _criar


