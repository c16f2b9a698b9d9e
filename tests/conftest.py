import pytest

from processos import services
from processos.models import NivelAcesso
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, hipotese, tipo_documento, tipo_processo


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


@pytest.fixture(autouse=True)
def armazenamento(request, settings, tmp_path_factory):
    """Files written by a test go to its own temporary folder, never to var/ (the integration
    tests keep the configured storage: their worker runs in another process)."""
    if request.node.get_closest_marker("integracao"):
        return None
    pasta = tmp_path_factory.mktemp("armazenamento")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(pasta)},
        },
    }
    return pasta


@pytest.fixture
def processo(atores, criar_processo):
    """A público process open in unit A."""
    return criar_processo(atores["A"])


@pytest.fixture
def criar_documento(db):
    """``criar_documento(ator, processo, tipo="Ofício", nivel=..., **kwargs)`` through the service."""
    from documentos import services as documentos_services

    def _criar(ator, processo, tipo="Ofício", nivel=NivelAcesso.PUBLICO, **kwargs):
        hip = kwargs.pop("hipotese_legal", None)
        if hip is None and nivel != NivelAcesso.PUBLICO:
            hip = hipotese(nivel)
        return documentos_services.documento_interno_criar(
            ator=ator,
            processo=processo,
            tipo=tipo_documento(tipo) if isinstance(tipo, str) else tipo,
            nivel_acesso=nivel,
            hipotese_legal=hip,
            **kwargs,
        )

    return _criar


def pytest_collection_modifyitems(items):
    """Every transactional test must use serialized_rollback: one plain flush re-runs
    post_migrate (content types), which then collide with the next serialized restore."""
    for item in items:
        marcador = item.get_closest_marker("django_db")
        if marcador and marcador.kwargs.get("transaction") and not marcador.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)")
