"""The process screen in a real Chromium, by keyboard as a screen-reader user works: the tree
(arrow keys move, Enter opens, folders open and close), the toolbar (arrow keys), a dialog that
says what will happen before excluding, and the tree as a drawer on a phone."""

import os
import re

import pytest
from playwright.sync_api import expect

from documentos import services as documentos_services
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import tipo_documento

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTURAS = os.environ.get("SEI_E2E_CAPTURAS", "/tmp")


@pytest.fixture
def dados(atores, criar_processo):
    a = atores["A"]
    processo = criar_processo(a, especificacao="Compra de material")
    despacho = tipo_documento("Despacho")
    docs = [
        documentos_services.documento_interno_criar(ator=a, processo=processo, tipo=despacho, nivel_acesso=0)
        for _ in range(22)
    ]
    return {
        "nup": processo.nup,
        "nup_formatado": processo.nup_formatado,
        "rotulos": [d.rotulo for d in docs],
        "numeros": [d.numero_sei_formatado for d in docs],
    }



def _foco(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_arvore_barra_e_dialogos_pelo_teclado(_historico_descartavel, dados, live_server, navegador):
    base = live_server.url
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = contexto.new_page()
    erros = []
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and erros.append(m.text))
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and erros.append(r.url))
    page.on("pageerror", lambda e: erros.append(str(e)))
    entrar_no_navegador(page, base, "user_a")
    page.goto(f"{base}/processos/{dados['nup']}/")

    arvore = page.get_by_role("tree")
    raiz = arvore.get_by_role("treeitem", name=dados["nup_formatado"])
    assert raiz.get_attribute("aria-selected") == "true" and raiz.get_attribute("tabindex") == "0"
    # 22 documents: two folders, the last one open; the first folder's documents are hidden.
    pasta1 = arvore.get_by_role("treeitem", name="Documentos 1 a 20")
    pasta2 = arvore.get_by_role("treeitem", name="Documentos 21 a 22")
    assert pasta1.get_attribute("aria-expanded") == "false" and pasta2.get_attribute("aria-expanded") == "true"
    assert arvore.get_by_role("treeitem", name=dados["rotulos"][0]).is_hidden()
    expect(arvore.get_by_role("treeitem", name=dados["rotulos"][21])).to_be_visible()
    page.screenshot(path=os.path.join(CAPTURAS, "sei-tela-processo.png"), full_page=True)

    # Keyboard: root → first folder → open it (→) → into it (→) → down to the 2nd document → Enter.
    raiz.focus()
    page.keyboard.press("ArrowDown")
    assert _foco(page) == "Documentos 1 a 20"
    page.keyboard.press("ArrowRight")
    assert pasta1.get_attribute("aria-expanded") == "true"
    expect(arvore.get_by_role("treeitem", name=dados["rotulos"][0])).to_be_visible()
    page.keyboard.press("ArrowRight")
    assert _foco(page).startswith(dados["rotulos"][0])
    page.keyboard.press("ArrowDown")
    assert _foco(page).startswith(dados["rotulos"][1])
    page.keyboard.press("ArrowLeft")  # to the folder
    assert _foco(page) == "Documentos 1 a 20"
    page.keyboard.press("ArrowLeft")  # closes it
    assert pasta1.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/documentos/{dados['numeros'][1]}/")
    documento = page.get_by_role("tree").get_by_role("treeitem", name=dados["rotulos"][1])
    expect(documento.get_attribute("aria-current") == "page" and documento).to_be_visible()

    # The document's toolbar: the first button takes the focus, arrows move, labels for all.
    barra = page.get_by_role("toolbar", name="Ações do documento")
    primeiro = barra.get_by_role("link", name="Editar conteúdo")
    assert primeiro.get_attribute("tabindex") == "0"
    primeiro.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('data-rotulo')") != "Editar conteúdo"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.getAttribute('data-rotulo')") == "Excluir documento"
    # The viewer: the document fills most of the window, not a frame under the metadata.
    altura = page.locator("iframe.folha-quadro").bounding_box()["height"]
    assert altura >= 900 - 250, altura

    # Excluir asks first, saying what happens; Voltar leaves everything as it was.
    page.keyboard.press("Enter")
    dialogo = page.get_by_role("dialog", name="Excluir documento?")
    assert dialogo.is_visible() and "não pode ser desfeita" in dialogo.inner_text()
    dialogo.get_by_role("link", name="Voltar").click()
    assert dialogo.is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('data-rotulo')") == "Excluir documento"
    barra.get_by_role("button", name="Excluir documento").click()
    dialogo.get_by_role("button", name="Excluir documento").click()
    page.wait_for_url(re.compile(rf".*/processos/{dados['nup']}/$"))
    assert page.get_by_role("tree").get_by_role("treeitem", name=dados["rotulos"][1]).count() == 0
    assert erros == []

    # Phone: the header and the toolbar stay, the tree is a drawer opened by a button.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/processos/{dados['nup']}/")
    gaveta = page.get_by_role("button", name="Árvore do processo")
    assert gaveta.is_visible() and page.get_by_role("tree").is_hidden()
    page.screenshot(path=os.path.join(CAPTURAS, "sei-tela-processo-celular.png"), full_page=True)
    gaveta.click()
    expect(gaveta.get_attribute("aria-expanded") == "true" and page.get_by_role("tree")).to_be_visible()
    assert _foco(page).startswith(dados["nup_formatado"])
    page.screenshot(path=os.path.join(CAPTURAS, "sei-tela-processo-gaveta.png"))
    page.keyboard.press("Escape")
    assert page.get_by_role("tree").is_hidden() and gaveta.get_attribute("aria-expanded") == "false"
    contexto.close()
