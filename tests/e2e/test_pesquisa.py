"""Real browser (Debian's Chromium through Playwright): in unit A, words typed in the top bar's
quick box and Enter land on the search page, the hit highlighted; clicking it opens the
document. A NUP typed in the same box opens the process. The page is checked for labels and
for fitting a phone's width."""

import os
import re

import pytest

from busca.backends.postgres import PostgresBackend
from busca.indexador import indexar_pendentes
from tests.e2e.conftest import entrar_no_navegador

pytestmark = [pytest.mark.e2e, pytest.mark.busca, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTURAS = os.environ.get("SEI_E2E_CAPTURAS", "/tmp")
CAIXA = "Pesquisar processo, documento ou palavras"
SEM_ROTULO = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""


@pytest.fixture
def dados(_historico_descartavel, atores, criar_processo, criar_documento):
    """Everything from the database, read before the browser starts (see test_fluxo); the
    search index (a table without a Django model) is emptied afterwards."""
    a = atores["A"]
    processo = criar_processo(a, especificacao="Compra de material de escritório")
    documento = criar_documento(
        a,
        processo,
        conteudo="<p>Solicitamos a compra de papel ornitorrinco para a copa.</p>",
        descricao="Pedido",
    )
    indexar_pendentes()  # the services' on_commit already woke it; idempotent
    yield {"nup": processo.nup, "numero": documento.numero_sei_formatado, "rotulo": documento.rotulo}
    PostgresBackend().limpar()



def test_caixa_do_topo_pesquisa_palavras_e_abre_nup(dados, live_server, navegador):
    base = live_server.url
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    contexto.set_default_timeout(20_000)
    page = contexto.new_page()
    erros_csp = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))
    entrar_no_navegador(page, base, "user_a")

    # Words: the search page, the hit highlighted.
    page.get_by_label(CAIXA).fill("ornitorrinco")
    page.get_by_label(CAIXA).press("Enter")
    page.wait_for_url(f"{base}/pesquisa/?q=ornitorrinco")
    resultados = page.locator("ol.resultados > li")
    assert resultados.count() == 1
    assert page.get_by_role("heading", level=2).inner_text() == "1 resultado"
    assert resultados.locator("mark").first.inner_text() == "ornitorrinco"
    assert page.get_by_label("Pesquisar", exact=True).input_value() == "ornitorrinco"
    assert page.evaluate(SEM_ROTULO) == []
    page.screenshot(path=os.path.join(CAPTURAS, "sei-pesquisa.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=os.path.join(CAPTURAS, "sei-pesquisa-celular.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # A filter: only processes finds nothing; only internal documents, the hit again.
    page.get_by_text("Filtros e ordem").click()
    page.get_by_label("Processos", exact=True).check()
    page.get_by_role("button", name="Aplicar").click()
    page.wait_for_url(re.compile(r".*/pesquisa/\?.*tipo=processo"))
    assert page.get_by_role("heading", level=2).inner_text() == "Nenhum resultado"
    assert page.get_by_label("Processos", exact=True).is_checked()  # kept, panel open
    page.get_by_label("Documentos internos").check()
    page.get_by_label("Ordenar por").select_option("data")
    page.get_by_role("button", name="Aplicar").click()
    page.wait_for_url(re.compile(r".*/pesquisa/\?.*tipo=interno"))
    assert resultados.count() == 1
    page.screenshot(path=os.path.join(CAPTURAS, "sei-pesquisa-filtros.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=os.path.join(CAPTURAS, "sei-pesquisa-filtros-celular.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Clicking the hit opens the document.
    resultados.get_by_role("link", name=re.compile(re.escape(dados["rotulo"]))).click()
    page.wait_for_url(f"{base}/documentos/{dados['numero']}/")

    # A NUP typed in the same box opens the process.
    page.get_by_label(CAIXA).fill(
        f"{dados['nup'][:5]}.{dados['nup'][5:11]}/{dados['nup'][11:15]}-{dados['nup'][15:]}"
    )
    page.get_by_label(CAIXA).press("Enter")
    page.wait_for_url(f"{base}/processos/{dados['nup']}/")
    assert erros_csp == []
    contexto.close()
