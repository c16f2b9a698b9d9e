"""pytest plugin loaded by scripts/test: a skipped integration or browser test fails the run.

Those tests skip themselves on a laptop without PostgreSQL, Redis or Chromium; in the full
run (and in CI) a skip would hide that the real components were never exercised.
"""

import pytest

MARCADORES = ("integracao", "e2e")
PASTAS = ("tests/integracao/", "tests/e2e/")

_pulados: list[str] = []


def _exigido(relatorio) -> bool:
    palavras = getattr(relatorio, "keywords", {}) or {}
    if any(marcador in palavras for marcador in MARCADORES):
        return True
    caminho = relatorio.nodeid.replace("\\", "/")
    return any(caminho.startswith(pasta) or f"/{pasta}" in caminho for pasta in PASTAS)


def _registrar(relatorio) -> None:
    if relatorio.skipped and not hasattr(relatorio, "wasxfail") and _exigido(relatorio):
        motivo = relatorio.longrepr[-1] if isinstance(relatorio.longrepr, tuple) else str(relatorio.longrepr)
        _pulados.append(f"{relatorio.nodeid}: {motivo}")


def pytest_runtest_logreport(report):
    _registrar(report)


def pytest_collectreport(report):
    _registrar(report)


def pytest_terminal_summary(terminalreporter):
    if _pulados:
        terminalreporter.section("testes de integração/e2e pulados (proibido nesta execução)", red=True)
        for linha in _pulados:
            terminalreporter.line(linha)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _pulados and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
