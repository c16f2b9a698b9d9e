"""The API documentation page in a real browser: only after login, and Swagger UI works under the
site's CSP (no inline script or style allowed)."""

import re

import pytest

from tests.e2e.conftest import entrar_no_navegador

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_documentacao_da_api_depois_do_login_e_sob_a_csp(
    _historico_descartavel, atores, live_server, navegador
):
    usuario = atores["A"].usuario.username
    base = live_server.url
    pagina = navegador.new_context(locale="pt-BR").new_page()
    violacoes = []
    pagina.on("console", lambda m: violacoes.append(m.text) if "Content Security Policy" in m.text else None)

    pagina.goto(f"{base}/api/v1/docs/")
    pagina.wait_for_url(re.compile(r".*/entrar/\?next=.*"))  # the login page first

    entrar_no_navegador(pagina, base, usuario)
    pagina.goto(f"{base}/api/v1/docs/")
    pagina.wait_for_selector(".opblock-summary-path", timeout=30000)
    caminhos = pagina.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/processos/" in c for c in caminhos)
    assert violacoes == []
