"""What the browser tests share: Debian's Chromium driven by Playwright against the live
server, the login through the real form, where screenshots are kept, and the clean-up the
append-only history needs on SQLite."""

import os
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from tests.factories import SENHA_PADRAO

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def _async_inseguro(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are fine.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The live server's request threads must not keep persistent connections to the test database.
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "CONN_MAX_AGE", 0)


@pytest.fixture
def _historico_descartavel(transactional_db):
    """On SQLite the append-only trigger would refuse the flush after a transactional test:
    empty the history with the trigger lifted for a moment (PostgreSQL flushes with TRUNCATE)."""
    yield
    if connection.vendor != "sqlite":
        return
    from importlib import import_module

    migracao = import_module("processos.migrations.0002_andamento_somente_insercao")
    with connection.cursor() as cursor:
        for sql in migracao.SQLITE_REVERSO:
            cursor.execute(sql)
        cursor.execute("DELETE FROM processos_andamento")
        for sql in migracao.SQLITE:
            cursor.execute(sql)


@pytest.fixture
def navegador(_async_inseguro):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium não instalado")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def entrar_no_navegador(page, base: str, usuario: str) -> None:
    """Log in through the login page, as a user does (the Controle de Processos opens)."""
    page.goto(f"{base}/entrar/")
    page.get_by_label("Usuário").fill(usuario)
    page.get_by_label("Senha").fill(SENHA_PADRAO)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(f"{base}/")


@pytest.fixture
def capturas(tmp_path) -> Path:
    """Where screenshots are kept (the test artefacts): $SEI_E2E_CAPTURAS, else the test's tmp_path."""
    pasta = Path(os.environ.get("SEI_E2E_CAPTURAS") or tmp_path)
    pasta.mkdir(parents=True, exist_ok=True)
    return pasta
