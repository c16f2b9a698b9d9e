"""Real browser: on the process page, the destination units picker filters as one types and
sends to two units ticked without Ctrl-click (processos.widgets.UnidadesDestinoWidget)."""

import re

import pytest
from playwright.sync_api import expect

from processos import services
from processos.models import Atividade
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import UnidadeFactory, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def dados(atores, unidades, orgao):
    """Read before the browser starts (see test_fluxo)."""
    UnidadeFactory(orgao=orgao, sigla="DIRAD", nome="Diretoria Administrativa")
    UnidadeFactory(orgao=orgao, sigla="DIRFIN", nome="Diretoria de Finanças")
    UnidadeFactory(orgao=orgao, sigla="PROTOCOLO", nome="Protocolo Geral")
    processo = services.processo_criar(
        ator=atores["A"], tipo=tipo_processo(), nivel_acesso=0, hipotese_legal=None, especificacao="Compra"
    )
    return {"nup": processo.nup, "processo_id": processo.pk}


def test_filtrar_marcar_duas_e_enviar(_historico_descartavel, dados, live_server, navegador):
    base = live_server.url
    contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = contexto.new_page()
    erros_csp = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))
    entrar_no_navegador(page, base, "user_a")

    page.goto(f"{base}/processos/{dados['nup']}/")
    page.get_by_role("toolbar", name="Ações do processo").get_by_role("button", name="Enviar processo").click()
    dialogo = page.get_by_role("dialog", name="Enviar processo")
    grupo = dialogo.get_by_role("group", name="Unidades de destino")
    filtro = grupo.get_by_label("Filtrar unidades")
    expect(filtro).to_be_visible()  # the script showed the box
    filtro.fill("diretoria")
    expect(grupo.get_by_label(re.compile(r"^DIRAD — "))).to_be_visible()
    expect(grupo.get_by_label(re.compile(r"^DIRFIN — "))).to_be_visible()
    expect(grupo.get_by_label(re.compile(r"^PROTOCOLO — "))).to_be_hidden()
    assert "2 unidades encontradas" in grupo.locator(".unidades-destino-resumo").inner_text()
    grupo.get_by_label(re.compile(r"^DIRAD — ")).check()
    # Accents and case do not matter; a ticked unit stays in view while filtering for another.
    filtro.fill("FINANCAS")
    expect(grupo.get_by_label(re.compile(r"^DIRAD — "))).to_be_visible()
    grupo.get_by_label(re.compile(r"^DIRFIN — ")).check()
    filtro.press("Enter")  # does not send the form
    assert page.url == f"{base}/processos/{dados['nup']}/"
    assert "2 selecionadas" in grupo.locator(".unidades-destino-resumo").inner_text()
    dialogo.get_by_role("button", name="Enviar", exact=True).click()
    # Not kept open here: the dialog names both units before sending.
    assert "DIRAD" in dialogo.get_by_role("alert").inner_text() and "DIRFIN" in dialogo.get_by_role("alert").inner_text()
    dialogo.get_by_role("button", name="Confirmar envio").click()
    page.wait_for_load_state()
    expect(page.get_by_text(re.compile(r"Processo enviado para DIRAD, DIRFIN\."))).to_be_visible()
    assert erros_csp == []
    contexto.close()
    abertas = Atividade.objects.filter(processo_id=dados["processo_id"], aberta=True)
    assert sorted(abertas.values_list("unidade__sigla", flat=True)) == ["DIRAD", "DIRFIN"]
