"""The signing keys for the tests: one internal root and one seal made per test session (RSA
3072 takes a second or two to generate), registered for each test's órgão."""


import pytest

from assinaturas import chaves
from assinaturas.models import Assinante, CertificadoOrgao

_SESSAO: dict = {}
_PASTA: dict = {}


@pytest.fixture(autouse=True)
def _cache_proprio(settings, request):
    """A local-memory cache of its own for each test: the limit per address and the cached
    verdicts start empty, and tests run in parallel never share Redis counters (the settings pick
    Redis whenever the broker is Redis; ``test_conferir`` checks that path with its own keys)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }


@pytest.fixture(scope="session")
def _pasta_chaves(tmp_path_factory):
    return tmp_path_factory.mktemp("chaves")


@pytest.fixture
def selo(db, settings, orgao, _pasta_chaves):
    """The órgão's seal certificate in use (and the root above it), keys in a session folder."""
    # The keys live where the session's first seal was made: a module that imports
    # ``_pasta_chaves`` (tests/externo) gets a folder of its own, without them.
    settings.SEI_CHAVES_DIR = _PASTA.setdefault("pasta", str(_pasta_chaves))
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




# --- Assinatura qualificada: a test ICP-Brasil and a local TSA (tests/assinaturas/icp.py) --------


@pytest.fixture(scope="session")
def icp():
    """A test ICP-Brasil (root → AC) and a foreign hierarchy nobody trusts, made once."""
    from tests.assinaturas import icp as pki

    raiz = pki.raiz()
    estranha = pki.raiz("AC Raiz Estranha", organizacao="Outra PKI")
    return {
        "raiz": raiz,
        "ac": pki.emitir(raiz, "AC Intermediária de Teste", ac=True),
        "estranha": pki.emitir(estranha, "AC Estranha", ac=True),
    }


@pytest.fixture
def raizes_icp(settings, tmp_path, icp):
    """``SEI_ICP_RAIZES`` pointing at a PEM with the test ICP root; returns its bytes."""
    pem = icp["raiz"].pem
    caminho = tmp_path / "icp-raizes.pem"
    caminho.write_bytes(pem)
    settings.SEI_ICP_RAIZES = str(caminho)
    return pem


@pytest.fixture
def certificado_icp(icp, tmp_path):
    """``certificado_icp(cpf, emissor="ac", **kwargs)``: a titular certificate of the test ICP,
    and its .p12 (password ``icp.SENHA_P12``): (Entidade, path)."""
    from tests.assinaturas import icp as pki

    def _criar(cpf, emissor="ac", **kwargs):
        titular = pki.emitir(icp[emissor], "TITULAR DE TESTE:" + (cpf or "sem-cpf"), cpf=cpf, **kwargs)
        return titular, titular.p12(tmp_path / f"titular-{len(list(tmp_path.iterdir()))}.p12")

    return _criar


@pytest.fixture(scope="session")
def pki_tsa():
    from tests.assinaturas import icp as pki

    raiz = pki.raiz("Raiz do Carimbo de Tempo", organizacao="TSA de Teste")
    return {"raiz": raiz, "tsa": pki.emitir(raiz, "TSA de Teste", carimbo=True)}


@pytest.fixture
def tsa(settings, pki_tsa):
    """A local RFC 3161 TSA on 127.0.0.1, with ``SEI_TSA_URL`` pointing at it."""
    from tests.assinaturas import icp as pki

    servidor = pki.ServidorCarimbo(pki_tsa["tsa"])
    settings.SEI_TSA_URL = servidor.url
    yield servidor
    servidor.parar()
