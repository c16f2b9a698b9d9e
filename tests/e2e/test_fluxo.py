"""Real browser (Debian's Chromium through Playwright): create a restrito process in unit A,
send it to B; in B find it unread, open it (received), conclude it."""

import os
import re

import pytest
from playwright.sync_api import expect

from processos.models import NivelAcesso
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import hipotese, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTURAS = os.environ.get("SEI_E2E_CAPTURAS", "/tmp")


@pytest.fixture
def dados(atores, unidades):
    """Everything the test needs from the database, read before the browser starts: while
    Playwright's loop runs, the ORM would open a connection of its own that nobody closes."""
    return {
        "tipo": tipo_processo(nome="Pessoal: Férias"),
        "hipotese": hipotese(NivelAcesso.RESTRITO),
        "unidade_b": unidades["B"],
    }



def _sair(page):
    page.get_by_role("button", name="Sair").click()
    page.wait_for_url(re.compile(r".*/entrar/$"))


SEM_ROTULO = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""


def _verificar_acessibilidade(page):
    """Every form control has a label, and the first Tab reaches the skip link."""
    assert page.evaluate(SEM_ROTULO) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Pular para o conteúdo"


def _capturar(page, nome):
    page.screenshot(path=os.path.join(CAPTURAS, f"sei-{nome}.png"), full_page=True)


def test_criar_restrito_enviar_receber_concluir(_historico_descartavel, dados, live_server, navegador):
    tipo, hip = dados["tipo"], dados["hipotese"]
    base = live_server.url
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = contexto.new_page()
    erros_csp = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))

    # Unit A creates a restrito process and sends it to B.
    entrar_no_navegador(page, base, "user_a")
    page.get_by_role("link", name="Iniciar Processo").click()
    page.wait_for_url(f"{base}/processos/iniciar/")
    _verificar_acessibilidade(page)
    page.get_by_label("Tipo do processo").select_option(label=tipo.nome)
    page.get_by_label("Especificação").fill("Férias de servidor da unidade")
    page.get_by_label("Interessados").fill("Maria da Silva; 529.982.247-25")
    page.get_by_label("Restrito").check()
    page.get_by_label("Hipótese legal").select_option(value=str(hip.pk))
    _capturar(page, "iniciar")
    page.get_by_role("button", name="Salvar").click()
    page.wait_for_url(re.compile(r".*/processos/\d{17}/$"))
    nup = page.url.rstrip("/").rsplit("/", 1)[1]
    nup_formatado = f"{nup[:5]}.{nup[5:11]}/{nup[11:15]}-{nup[15:]}"
    assert page.get_by_role("heading", level=1).inner_text() == f"Processo {nup_formatado}"
    assert page.get_by_text(hip.nome).count() >= 1

    barra = page.get_by_role("toolbar", name="Ações do processo")
    barra.get_by_role("button", name="Enviar processo").click()
    dialogo = page.get_by_role("dialog", name="Enviar processo")
    dialogo.get_by_role("group", name="Unidades de destino").get_by_label(re.compile(r"^B — ")).check()
    _capturar(page, "enviar")
    dialogo.get_by_role("button", name="Enviar", exact=True).click()
    # Without "manter aberto" the process leaves the unit: the dialog says where it goes and asks.
    assert "enviado para B" in dialogo.get_by_role("alert").inner_text()
    dialogo.get_by_role("button", name="Confirmar envio").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Processo enviado para B.")).to_be_visible()
    _sair(page)

    # Unit B finds it unread in Recebidos.
    entrar_no_navegador(page, base, "user_b")
    recebidos = page.locator("#caixa-recebido")
    item = recebidos.locator("li", has=page.get_by_role("link", name=nup_formatado))
    assert item.count() == 1
    assert "nao-lido" in item.get_attribute("class")
    assert "(não visualizado)" in item.inner_text()
    _capturar(page, "controle")
    _verificar_acessibilidade(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _capturar(page, "controle-celular")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Opening it receives it.
    item.get_by_role("link", name=nup_formatado).click()
    page.wait_for_url(f"{base}/processos/{nup}/")
    historico = page.locator("table.historico")
    assert historico.get_by_text("Processo recebido na unidade B").count() == 1
    assert "Processo de acesso restrito" not in page.content()
    _capturar(page, "processo")
    _verificar_acessibilidade(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _capturar(page, "processo-celular")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The inbox no longer marks it; then B concludes it and it leaves the inbox.
    page.get_by_role("toolbar", name="Ações do processo").get_by_role("button", name="Concluir processo nesta unidade").click()
    dialogo = page.get_by_role("dialog", name="Concluir processo nesta unidade?")
    assert "sai do Controle de Processos de B" in dialogo.inner_text()
    dialogo.get_by_role("button", name="Concluir processo").click()
    page.wait_for_url(f"{base}/")
    expect(page.get_by_text(f"Processo {nup_formatado} concluído nesta unidade.")).to_be_visible()
    assert page.locator("#caixa-recebido, #caixa-gerado").get_by_role("link", name=nup_formatado).count() == 0
    assert erros_csp == []
    contexto.close()
