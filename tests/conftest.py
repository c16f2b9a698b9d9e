import pytest

from processos import services
from processos.models import NivelAcesso
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, hipotese, tipo_processo


@pytest.fixture
def orgao(db):
    return OrgaoFactory(sigla="ORG", codigo_protocolo="52402")


@pytest.fixture
def unidades(orgao):
    """Three units of one órgão: A, B and C."""
    return {s: UnidadeFactory(orgao=orgao, sigla=s) for s in ("A", "B", "C")}


@pytest.fixture
def atores(unidades):
    """One user in each unit."""
    return {s: ator_em(u, username=f"user_{s.lower()}") for s, u in unidades.items()}


@pytest.fixture
def criar_processo(db):
    def _criar(ator, nivel=NivelAcesso.PUBLICO, **kwargs):
        hip = kwargs.pop("hipotese_legal", None)
        if hip is None and nivel != NivelAcesso.PUBLICO:
            hip = hipotese(nivel)
        return services.processo_criar(
            ator=ator,
            tipo=kwargs.pop("tipo", None) or tipo_processo(),
            nivel_acesso=nivel,
            hipotese_legal=hip,
            especificacao=kwargs.pop("especificacao", "Especificação de teste"),
            **kwargs,
        )

    return _criar


@pytest.fixture(autouse=True)
def _hasher_rapido(settings):
    """Argon2 is deliberately slow; tests hash hundreds of passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tarefas_no_processo(request):
    """Outside the integration tests (which run a real worker), tasks run in the test's process,
    even when CELERY_BROKER_URL points at a real Redis."""
    if request.node.get_closest_marker("integracao"):
        yield
        return
    from sei.celery import app

    antes = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = antes
