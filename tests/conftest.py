import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from documentos import services as documentos_services
from processos import services
from processos.models import NivelAcesso
from sei.contexto import SESSAO_UNIDADE
from tests.factories import (
    OrgaoFactory,
    UnidadeFactory,
    ator_em,
    bloquear,
    hipotese,
    pdf_simples,
    tipo_documento,
    tipo_processo,
)


@pytest.fixture
def cliente_api(db):
    """``cliente_api(ator)``: an API client with the actor's token and ``X-Unidade`` of their unit."""

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
def entrar(client):
    """Log a test client in as ``ator.usuario`` acting in ``ator.unidade``."""

    def _entrar(ator, cliente=None):
        cliente = cliente or client
        cliente.force_login(ator.usuario, backend="django.contrib.auth.backends.ModelBackend")
        sessao = cliente.session
        sessao[SESSAO_UNIDADE] = ator.unidade.pk
        sessao.save()
        return cliente

    return _entrar


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


def pytest_configure(config):
    """Under pytest-xdist each process gets its own cache prefix (the shared Redis), as it gets its
    own test database: counters and flags of one run never reach the other."""
    trabalhador = os.environ.get("PYTEST_XDIST_WORKER")
    if trabalhador:
        from django.conf import settings

        settings.CACHES["default"]["KEY_PREFIX"] = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}-{trabalhador}"


@pytest.fixture(autouse=True)
def _cache_vazio():
    """Each test starts with this process's cache empty, as with its database: the per-address
    counters (registration, ouvidoria, public search, password) live in the shared Redis for an
    hour, so without this they carried over between tests and between runs, and a test that
    registers from 127.0.0.1 failed once earlier ones had spent the limit."""
    from tests.cache_local import limpar_cache

    limpar_cache()


@pytest.fixture(scope="session", autouse=True)
def _flush_com_gatilhos_suspensos():
    """The history and the read audit refuse TRUNCATE (processos migration 0009), and the flush
    after a transactional test truncates every table: the tests' superuser flushes with triggers
    off for that one transaction (session_replication_role is a superuser's setting; the
    application's role could not do this). The flush empties the PostgreSQL search index too."""
    from django.db import transaction
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                # The search index's table has no Django model: flushed here, with the rows it indexes.
                cursor.execute("DELETE FROM busca_trecho")
            original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _alcance_em_dia(request):
    """After every test that used the database, the principals stored for each process are
    what the rule derives from its state (processos.services.alcance), and so are the inbox
    counters (processos.services.contagem): a service that changes who may see a process, or
    where it is open, without refreshing them fails here, whatever test drove it."""
    marcador = request.node.get_closest_marker("django_db")
    nomes = set(request.fixturenames)
    if not (marcador or {"db", "transactional_db"} & nomes) or request.node.get_closest_marker("sem_conferir_alcance"):
        yield
        return
    # The database fixture first, so that it is still there when this one checks, after the test.
    transacional = "transactional_db" in nomes or (marcador is not None and marcador.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transacional else "db")
    yield
    from processos.services import alcance, contagem

    divergentes = list(alcance.divergencias())
    assert not divergentes, f"principais fora da regra (processo, guardado, esperado): {divergentes}"
    contagens = list(contagem.divergencias())
    assert not contagens, f"contadores da caixa fora da regra: {contagens}"


@pytest.fixture(autouse=True)
def _hasher_rapido(settings):
    """Argon2 is deliberately slow; tests hash hundreds of passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _indexador_so_onde_a_busca_e_testada(request, monkeypatch):
    """The search indexer, woken after every commit, runs in the test's process (tasks are eager
    here): only the tests of the search (``tests/busca``, and those marked ``busca``) pay for it.
    Elsewhere the outbox rows are still written (``sei.indexacao.marcar``); nobody is woken."""
    if request.node.get_closest_marker("busca") or "tests/busca/" in str(request.node.path).replace("\\", "/"):
        return
    from sei import indexacao

    monkeypatch.setattr(indexacao, "acordar_indexador", lambda: None)


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


# --- What the first black-box attack used: restrito free text, an annex to a restrito -----------

CANARIOS = ("CANARIO-ANDAMENTO", "CANARIO-SOBRESTAMENTO", "CANARIO-CANCELAMENTO", "CANARIO-DESCRICAO")


@pytest.fixture
def restrito_com_texto_livre(atores, criar_processo, criar_documento):
    """A restrito process of unit A carrying free text in every place a user types it."""
    a = atores["A"]
    p = criar_processo(a, nivel=NivelAcesso.RESTRITO)
    services.processo_atualizar_andamento(ator=a, processo=p, texto="Ligar para CANARIO-ANDAMENTO, CPF 123")
    documento = criar_documento(a, p, conteudo="<p>Texto</p>", descricao="Sobre CANARIO-DESCRICAO")
    bloquear(documento)
    documentos_services.documento_cancelar(ator=a, documento=documento, motivo="Erro: CANARIO-CANCELAMENTO")
    services.processo_sobrestar(ator=a, processo=p, motivo="Aguarda CANARIO-SOBRESTAMENTO")
    return p, documento


@pytest.fixture
def anexado_a_restrito(atores, criar_processo):
    """A público process (especificação, interessado, a received document) annexed by unit A
    to a restrito one."""
    a = atores["A"]
    principal = criar_processo(a, nivel=NivelAcesso.RESTRITO, especificacao="Principal")
    anexado = criar_processo(a, especificacao="CANARIO-ESPEC", interessados=["Zuleica Anexada"])
    documento = documentos_services.documento_externo_criar(
        ator=a, processo=anexado, tipo=tipo_documento("Nota Fiscal"), numero="345",
        arquivo=SimpleUploadedFile("nota.pdf", pdf_simples()), nome_arquivo="nota.pdf", nivel_acesso=NivelAcesso.PUBLICO,
    )  # fmt: skip
    services.processo_anexar(ator=a, processo=principal, anexado=anexado)
    return principal, anexado, documento
