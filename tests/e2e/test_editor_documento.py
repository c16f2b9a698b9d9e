"""The editor and what it writes, in the real pages (Chromium): the Editar page under its CSP
with no console error, the save bar within the page on a phone, the browser draft offered back
after a reload and dropped once saved; the document page showing SEI's numbered styles numbered
and the link SEI as a link for a reader who may see its target, as the plain number for one who
may not. Screenshots at desktop and phone size in the test's tmp_path."""


import pytest

from documentos.html import link_sei
from processos.models import NivelAcesso
from tests.factories import SENHA_PADRAO, bloquear

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IFRAME_EDITOR = "iframe.tox-edit-area__iframe"
CELULAR = {"width": 390, "height": 844}
COMPUTADOR = {"width": 1280, "height": 900}

CORPO_NUMERADO = (
    '<p class="Item_Nivel1">Do objeto</p><p class="Item_Nivel2">Escopo</p><p class="Item_Nivel2">Prazo</p>'
    '<p class="Item_Nivel1">Do valor</p>'
    '<p class="Paragrafo_Numerado_Nivel1">Considerando o pedido;</p>'
    '<p class="Paragrafo_Numerado_Nivel1">Considerando o parecer;</p>'
    '<p class="Citacao">Citação do parecer.</p>'
)



@pytest.fixture
def dados(atores, criar_processo, criar_documento):
    """Read before the browser starts. A signed document of unit A (público) citing, by link SEI,
    a document of A's sigiloso process; a minuta of A to edit."""
    a = atores["A"]
    sigiloso = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    alvo = criar_documento(a, sigiloso, conteudo="<p>Alvo</p>")
    publico = criar_processo(a)
    citante = criar_documento(
        a,
        publico,
        conteudo=CORPO_NUMERADO + f"<p>Conforme {link_sei(numero_sei=str(alvo.numero_sei))}.</p>",
    )
    bloquear(citante)
    minuta = criar_documento(a, publico, conteudo="<p>Texto inicial</p>")
    return {
        "alvo": alvo.numero_sei_formatado,
        "citante": citante.numero_sei_formatado,
        "minuta": minuta.numero_sei_formatado,
        "usuario_a": a.usuario.pk,
    }


def _entrar(navegador, base, usuario, **contexto):
    page = navegador.new_context(locale="pt-BR", **contexto).new_page()
    page.erros = []
    # The favicon is not this test's business (the site may not have one yet).
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "favicon" not in (m.location or {}).get("url", "")
            and page.erros.append(f"{m.text} {(m.location or {}).get('url', '')}")
        ),
    )
    page.on("pageerror", lambda e: page.erros.append(str(e)))
    page.goto(f"{base}/entrar/")
    page.get_by_label("Usuário").fill(usuario)
    page.get_by_label("Senha").fill(SENHA_PADRAO)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(f"{base}/")
    return page


def _texto_impresso(page, seletor_quadro) -> str:
    """The frame's text as Chromium prints it (CSS counters included), via its PDF."""
    import io

    from pypdf import PdfReader

    url = page.locator(seletor_quadro).get_attribute("src")
    outra = page.context.new_page()
    outra.goto(page.url.split("/documentos/")[0] + url)
    pdf = outra.pdf(format="A4")
    outra.close()
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_pagina_do_documento_numera_estilos_e_link_sei_conforme_o_leitor(
    _historico_descartavel, dados, live_server, navegador, capturas
):
    base = live_server.url
    page = _entrar(navegador, base, "user_a", viewport=COMPUTADOR)
    page.goto(f"{base}/documentos/{dados['citante']}/")
    quadro = page.frame_locator("iframe.folha-quadro")
    link = quadro.locator("a.link-sei")
    assert link.text_content() == dados["alvo"]
    assert link.get_attribute("href") == f"/documentos/{dados['alvo']}/"
    assert link.get_attribute("target") == "_top"
    impresso = _texto_impresso(page, "iframe.folha-quadro")
    for linha in ("1. Do objeto", "1.1. Escopo", "1.2. Prazo", "2. Do valor", "1. Considerando o pedido;",
                  "2. Considerando o parecer;"):  # fmt: skip
        assert linha in impresso, linha
    page.locator("iframe.folha-quadro").scroll_into_view_if_needed()
    page.screenshot(path=capturas / "documento-estilos.png")
    assert page.erros == []

    # Unit B reads the same signed document, and may not see the sigiloso target: the number only,
    # exactly as for a number that does not exist.
    outra = _entrar(navegador, base, "user_b", viewport=COMPUTADOR)
    outra.goto(f"{base}/documentos/{dados['citante']}/")
    quadro_b = outra.frame_locator("iframe.folha-quadro")
    quadro_b.get_by_text(f"Conforme {dados['alvo']}.").wait_for()
    assert quadro_b.locator("a").count() == 0
    assert outra.erros == []


def test_editar_no_celular_e_rascunho_restaurado_depois_de_recarregar(
    _historico_descartavel, dados, live_server, navegador, capturas
):
    base = live_server.url
    page = _entrar(navegador, base, "user_a", viewport=COMPUTADOR)
    editar = f"{base}/documentos/{dados['minuta']}/editar/"
    page.goto(editar)
    page.frame_locator(IFRAME_EDITOR).locator("body.mce-content-body").wait_for()
    page.screenshot(path=capturas / "editor-pagina-desktop.png", full_page=True)
    folha = page.locator(".folha-edicao").bounding_box()
    barra = page.locator(".barra-salvar").bounding_box()
    assert barra["x"] >= folha["x"] - 1 and barra["x"] + barra["width"] <= folha["x"] + folha["width"] + 1

    # Phone: the editor and the save bar fit the screen, no sideways scrolling.
    page.set_viewport_size(CELULAR)
    page.wait_for_timeout(300)
    largura = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= largura
    for seletor in (".tox-tinymce", ".barra-salvar", ".folha-edicao"):
        caixa = page.locator(seletor).bounding_box()
        assert caixa["x"] >= 0 and caixa["x"] + caixa["width"] <= largura, seletor
    page.screenshot(path=capturas / "editor-pagina-celular.png", full_page=True)
    page.set_viewport_size(COMPUTADOR)

    # Unsaved text, then a reload: the editor offers it back.
    page.frame_locator(IFRAME_EDITOR).locator("body").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" e um acréscimo não salvo")
    chave = f"sei-rascunho-u{dados['usuario_a']}-{dados['minuta']}-v1-draft"
    page.wait_for_function(
        f"() => (localStorage.getItem({chave!r}) || '').includes('acréscimo')", timeout=15000
    )
    page.on("dialog", lambda d: d.accept())  # "leave the page?"
    page.goto(editar)
    dialogo = page.get_by_role("dialog")
    dialogo.wait_for()
    assert "alterações deste documento que não foram salvas" in dialogo.text_content()
    dialogo.get_by_role("button", name="Restaurar").click()
    page.frame_locator(IFRAME_EDITOR).get_by_text("acréscimo não salvo").wait_for()

    # Saved: version 2, and the draft of version 1 is gone.
    page.get_by_role("button", name="Salvar", exact=True).click()
    page.get_by_text("Documento salvo (versão 2).").wait_for()
    page.frame_locator(IFRAME_EDITOR).locator("body.mce-content-body").wait_for()
    assert page.evaluate(f"localStorage.getItem({chave!r})") is None
    assert page.get_by_role("dialog").count() == 0
    assert page.erros == []
