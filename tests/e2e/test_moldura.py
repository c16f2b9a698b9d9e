"""The frame in a real Chromium: the left menu folds away and stays so (localStorage), becomes a
drawer on a phone (Escape closes it, focus back on the button), the header fits one row on a
phone, and the unit switcher changes unit on choice and says so."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import entrar_no_navegador
from tests.e2e.test_acessibilidade import _violacoes
from tests.factories import lotar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def dados(atores, unidades):
    lotar(atores["A"].usuario, unidades["B"])
    return {"usuario": atores["A"].usuario.username, "nome_b": unidades["B"].nome}


def test_menu_recolhe_e_lembra_no_computador(_historico_descartavel, dados, live_server, navegador):
    base = live_server.url
    pagina = navegador.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR").new_page()
    entrar_no_navegador(pagina, base, dados["usuario"])
    botao = pagina.locator(".botao-menu")
    menu = pagina.locator("#menu-lateral")
    assert menu.is_visible() and botao.get_attribute("aria-expanded") == "true"

    botao.click()
    assert not menu.is_visible() and botao.get_attribute("aria-expanded") == "false"
    pagina.reload()
    expect(pagina.locator("#menu-lateral")).to_be_hidden()  # remembered
    assert pagina.locator(".botao-menu").get_attribute("aria-expanded") == "false"

    pagina.locator(".botao-menu").click()
    expect(pagina.locator("#menu-lateral")).to_be_visible()


def test_celular_topo_numa_linha_e_menu_em_gaveta(_historico_descartavel, dados, live_server, navegador):
    base = live_server.url
    pagina = navegador.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR").new_page()
    entrar_no_navegador(pagina, base, dados["usuario"])
    assert pagina.locator(".topo").bounding_box()["height"] < 60  # one row
    botao = pagina.locator(".botao-menu")
    menu = pagina.locator("#menu-lateral")
    assert not menu.is_visible() and botao.get_attribute("aria-expanded") == "false"

    botao.click()
    assert menu.is_visible() and botao.get_attribute("aria-expanded") == "true"
    assert pagina.evaluate("document.activeElement.textContent").strip() == "Controle de Processos"
    assert _violacoes(pagina) == []  # the open drawer too
    pagina.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert pagina.evaluate("document.activeElement.classList.contains('botao-menu')")

    botao.click()
    pagina.get_by_role("link", name="Iniciar Processo").click()
    pagina.wait_for_url(re.compile(r".*/processos/iniciar/$"))


def test_troca_de_unidade_ao_escolher(_historico_descartavel, dados, live_server, navegador):
    base = live_server.url
    pagina = navegador.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR").new_page()
    entrar_no_navegador(pagina, base, dados["usuario"])
    assert pagina.get_by_role("button", name="Trocar").bounding_box()["width"] <= 1  # kept for no-JS only

    with pagina.expect_navigation():
        pagina.get_by_label("Unidade", exact=True).select_option(label="B (ORG)")

    assert pagina.locator(".msg-success").inner_text() == f"Unidade alterada para B — {dados['nome_b']}."
    assert "Controle de Processos B" in pagina.locator("h1").inner_text()
