"""Real browser: Controle de Processos in its detailed view — switching views, sorting by a
column header (aria-sort), the level icons, every control labelled, no CSP violation."""

import os
import re

import pytest
from playwright.sync_api import expect

from processos import services
from processos.models import NivelAcesso
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import hipotese, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTURAS = os.environ.get("SEI_E2E_CAPTURAS", "/tmp")
SEM_ROTULO = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""


@pytest.fixture
def dados(atores):
    a = atores["A"]
    criados = [
        services.processo_criar(
            ator=a,
            tipo=tipo_processo(nome=f"Teste: Tipo {letra}"),
            nivel_acesso=nivel,
            hipotese_legal=hipotese(nivel) if nivel else None,
            especificacao=f"Especificação {letra}",
            interessados=[f"Interessado {letra}"],
        )
        for letra, nivel in (
            ("B", NivelAcesso.PUBLICO),
            ("A", NivelAcesso.RESTRITO),
            ("C", NivelAcesso.PUBLICO),
        )
    ]
    return sorted(p.nup_formatado for p in criados)


def test_visao_detalhada_ordenada_pelo_cabecalho(_historico_descartavel, dados, live_server, navegador):
    base = live_server.url
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = contexto.new_page()
    erros_csp = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))
    entrar_no_navegador(page, base, "user_a")

    page.get_by_role("link", name="Visualização detalhada").click()
    tabela = page.locator("#caixa-gerado")
    assert tabela.evaluate("e => e.tagName") == "TABLE"
    expect(tabela.get_by_text("Interessado B")).to_be_visible()
    assert tabela.locator(".nivel-icone-restrito").count() == 1
    assert page.evaluate(SEM_ROTULO) == []
    page.get_by_role("link", name=re.compile(r"^NUP")).first.click()
    page.wait_for_url(re.compile(r".*ordem=nup"))
    cabecalho = page.locator("#caixa-gerado th[aria-sort]")
    assert cabecalho.get_attribute("aria-sort") == "ascending" and cabecalho.inner_text().startswith("NUP")
    assert page.locator("#caixa-gerado tbody .nup").all_inner_texts() == dados
    page.screenshot(path=os.path.join(CAPTURAS, "sei-controle-detalhado.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(CAPTURAS, "sei-controle-detalhado-celular.png"), full_page=True)
    # Batch send: the inbox names the action; the next step lists the processes and asks the
    # units, in the picker that filters here too.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#caixa-gerado tbody input[type=checkbox]").first.check()
    page.get_by_role("group", name="Com os processos selecionados:").get_by_role("button", name="Enviar…").click()
    expect(page.get_by_role("heading", name="Enviar processos")).to_be_visible()
    expect(page.get_by_text(dados[0])).to_be_visible()
    # (the filter is added by sei.js once the page has loaded)
    expect(page.get_by_role("group", name="Enviar para").get_by_label("Filtrar unidades")).to_be_visible()
    page.get_by_role("link", name="Cancelar").click()
    # The choice is remembered; back to the compact view by its link.
    page.goto(f"{base}/")
    assert page.locator("table.tabela-caixa").count() == 1  # Gerados (Recebidos is empty)
    page.get_by_role("link", name="Visualização resumida").click()
    assert page.locator("table.tabela-caixa").count() == 0
    assert erros_csp == []
    contexto.close()
