"""Real browser (Debian's Chromium through Playwright): in unit A, include an Ofício from the
model, write in the editor (heading, bullet list), save, see it in the tree and on its page (the
body in the sandboxed frame), then Gerar PDF do processo and watch the progress bar, polled by
static/js/documentos.js, reach 100 % and the download link appear; no CSP violation anywhere."""

import os
import re
import threading

import pikepdf
import pytest
from django.db import connection
from PIL import Image
from playwright.sync_api import expect

from processos.models import NivelAcesso
from tests.e2e.conftest import entrar_no_navegador

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTURAS = os.environ.get("SEI_E2E_CAPTURAS", "/tmp")
IFRAME_EDITOR = "iframe.tox-edit-area__iframe"
CELULAR = {"width": 390, "height": 844}
COMPUTADOR = {"width": 1280, "height": 900}


@pytest.fixture
def _armazenamento(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def exportacao_liberada(monkeypatch):
    """Without a broker the export would finish inside the POST. Here it runs in a thread of its
    own, as a worker would, once the test has seen the page waiting (set the returned event):
    the page really watches it progress, and on SQLite no write races the page's first load."""
    from documentos import tasks
    from documentos.services import executar_exportacao

    liberar, threads = threading.Event(), []

    def executar(pk):
        try:
            liberar.wait(30)
            executar_exportacao(pk)
        finally:
            connection.close()

    def adiar(args=(), **opcoes):  # what sei.tarefas.publicar calls
        threads.append(threading.Thread(target=executar, args=list(args)))
        threads[-1].start()

    monkeypatch.setattr(tasks.exportar_processo, "apply_async", adiar)
    yield liberar
    liberar.set()
    for t in threads:
        t.join(60)


@pytest.fixture
def dados(atores, criar_processo, tmp_path):
    """Everything from the database, read before the browser starts (see test_fluxo)."""
    processo = criar_processo(atores["A"], nivel=NivelAcesso.PUBLICO, especificacao="Compra de material")
    imagem = tmp_path / "nota fiscal digitalizada.png"
    Image.new("RGB", (120, 80), (200, 220, 255)).save(imagem)
    pdf = tmp_path / "anexo.pdf"
    with pikepdf.new() as documento:
        documento.add_blank_page()
        documento.save(pdf)
    return {
        "nup": processo.nup,
        "nup_formatado": processo.nup_formatado,
        "imagem": str(imagem),
        "pdf": str(pdf),
    }


SEM_ROTULO = """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""


def _capturar(page, nome, quadro=False):
    page.screenshot(path=os.path.join(CAPTURAS, f"sei-{nome}.png"), full_page=True)
    page.set_viewport_size(CELULAR)
    if quadro:
        # Chromium paints a cross-origin (sandboxed) frame only once it is in the viewport: the
        # full-page capture shows it blank, so capture it scrolled into view as well.
        page.locator("iframe").first.scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(CAPTURAS, f"sei-{nome}-celular-quadro.png"))
    page.screenshot(path=os.path.join(CAPTURAS, f"sei-{nome}-celular.png"), full_page=True)
    largura = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(COMPUTADOR)
    assert largura <= CELULAR["width"], f"{nome}: rolagem horizontal no celular ({largura}px)"


def _violacao(msg) -> bool:
    """A CSP violation in our pages. The stored file's own response (documentos/arquivos) is
    left out: Chromium's built-in image viewer styles itself inline, which that response's
    ``default-src 'none'`` blocks; only the viewer's centring is lost."""
    return "Content Security Policy" in msg.text and "/arquivo" not in (msg.location or {}).get("url", "")


def test_oficio_no_editor_arvore_e_pdf_do_processo(
    _historico_descartavel, _armazenamento, exportacao_liberada, dados, live_server, navegador
):
    base, nup = live_server.url, dados["nup"]
    contexto = navegador.new_context(viewport=COMPUTADOR, locale="pt-BR", accept_downloads=True)
    page = contexto.new_page()
    erros_csp = []
    page.on("console", lambda msg: _violacao(msg) and erros_csp.append(msg.text))

    entrar_no_navegador(page, base, "user_a")
    page.goto(f"{base}/processos/{nup}/")
    expect(page.get_by_role("tree").get_by_role("treeitem", name="Nenhum documento")).to_be_visible()

    # Incluir documento → Ofício, from the type's model.
    page.get_by_role("link", name="Incluir documento", exact=True).click()
    page.wait_for_url(f"{base}/processos/{nup}/documentos/novo/")
    assert page.evaluate(SEM_ROTULO) == []
    assert page.get_by_label("Número SEI do documento modelo").is_hidden()  # shown only for that choice
    page.get_by_label("Tipo do documento").select_option(label="Ofício")
    assert page.locator("#id_numero").is_hidden()  # numbered by the system
    page.get_by_label("Destinatários").fill("Senhora Diretora")
    _capturar(page, "documento-incluir")
    page.get_by_role("button", name="Gerar documento").click()
    page.wait_for_url(re.compile(r".*/documentos/\d{7}/editar/$"))
    numero_sei = page.url.rstrip("/").split("/")[-2]
    rotulo = f"Ofício 1 ({numero_sei})"
    expect(page.get_by_text(f"Documento {rotulo} gerado.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"OFÍCIO Nº 1/\d{4}/A"))).to_be_visible()

    # Write: a heading, a paragraph, a bullet list; then Salvar.
    page.frame_locator(IFRAME_EDITOR).locator("body.mce-content-body").wait_for()
    corpo = page.frame_locator(IFRAME_EDITOR).locator("body")
    corpo.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.locator(".tox-tbtn--select").filter(has_text="Parágrafo").click()
    page.get_by_role("menuitemcheckbox", name="Título 2").click()
    page.keyboard.type("Da aquisição")
    page.keyboard.press("Enter")
    page.keyboard.type("Solicitamos os itens abaixo:")
    page.keyboard.press("Enter")
    page.locator(".tox-toolbar__group").get_by_role("button", name="Lista com marcadores", exact=True).click()
    page.keyboard.type("papel A4")
    page.keyboard.press("Enter")
    page.keyboard.type("canetas azuis")
    _capturar(page, "documento-editor")
    # Leaving with unsaved text asks first (dismissed: the user stays, the text too).
    dialogos = []
    page.once("dialog", lambda d: (dialogos.append(d.type), d.dismiss()))
    page.get_by_role("link", name="Fechar editor").click()
    assert dialogos == ["beforeunload"] and page.url.endswith("/editar/")
    page.get_by_role("button", name="Salvar", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("Documento salvo (versão 2).")).to_be_visible()

    # The document page: in the tree, the body in the sandboxed frame.
    page.get_by_role("link", name="Fechar editor").click()
    page.wait_for_url(f"{base}/documentos/{numero_sei}/")
    arvore = page.get_by_role("tree")
    assert arvore.get_by_role("treeitem", name=rotulo).get_attribute("aria-current") == "page"
    quadro = page.frame_locator("iframe.folha-quadro")
    expect(quadro.get_by_role("heading", name="Da aquisição")).to_be_visible()
    assert quadro.locator("ul > li").all_inner_texts() == ["papel A4", "canetas azuis"]
    assert page.locator("iframe.folha-quadro").get_attribute("sandbox") == "allow-top-navigation-by-user-activation"
    cor = quadro.locator(".folha").evaluate("e => getComputedStyle(e).backgroundColor")
    assert cor == "rgb(255, 255, 255)"  # our stylesheet loaded inside the sandbox
    assert page.evaluate(SEM_ROTULO) == []
    _capturar(page, "documento", quadro=True)

    # Versões: compare 1 → 2 (the words added in the editor, as marked text).
    page.get_by_role("link", name="Versões do documento").click()
    page.wait_for_url(f"{base}/documentos/{numero_sei}/versoes/")
    assert page.evaluate(SEM_ROTULO) == []
    _capturar(page, "documento-versoes")
    page.get_by_role("button", name="Comparar versões").click()
    page.wait_for_url(re.compile(r".*/versoes/comparar/.*"))
    page.locator(".diff ins").filter(has_text="Da aquisição").first.wait_for()
    assert page.locator(".diff ins").filter(has_text="Da aquisição").count() == 1
    _capturar(page, "documento-comparar")
    page.go_back()
    page.go_back()

    # The process page's tree; Gerar PDF do processo.
    page.get_by_role("tree").get_by_role("treeitem", name=dados["nup_formatado"]).first.click()
    page.wait_for_url(f"{base}/processos/{nup}/")
    expect(page.get_by_role("tree").get_by_role("treeitem", name=rotulo)).to_be_visible()
    _capturar(page, "processo-arvore")
    page.get_by_role("link", name="Gerar PDF do processo").click()
    page.wait_for_url(f"{base}/processos/{nup}/exportar/")
    assert page.get_by_label(rotulo).is_checked()
    assert page.evaluate(SEM_ROTULO) == []
    page.get_by_role("button", name="Gerar", exact=True).click()
    page.wait_for_url(re.compile(r".*/exportacoes/\d+/$"))
    barra = page.get_by_label("Progresso da geração")
    assert barra.get_attribute("value") == "0"  # still queued
    expect(page.get_by_role("link", name="Atualizar")).to_be_visible()
    _capturar(page, "exportacao-fila")
    exportacao_liberada.set()  # the worker starts; documentos.js polls every second
    baixar = page.get_by_role("link", name="Baixar o PDF")
    baixar.wait_for(state="visible", timeout=30_000)
    assert barra.get_attribute("value") == "100"
    expect(page.get_by_role("status").filter(has_text="100 %")).to_be_visible()
    assert page.get_by_role("link", name="Atualizar").is_hidden()
    _capturar(page, "exportacao")
    with page.expect_download() as download:
        baixar.click()
    assert download.value.suggested_filename == f"processo-{nup}.pdf"
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"

    # Incluir documento externo: a scanned image, shown in the sandboxed frame.
    page.goto(f"{base}/processos/{nup}/")
    page.get_by_role("link", name="Incluir documento externo").click()
    page.wait_for_url(f"{base}/processos/{nup}/documentos/externo/")
    assert page.evaluate(SEM_ROTULO) == []
    page.get_by_label("Tipo do documento").select_option(label="Nota Fiscal")
    page.get_by_label("Arquivo").set_input_files(dados["imagem"])
    page.locator("#id_numero").fill("345")
    page.get_by_label("Digitalizado").check()
    page.get_by_label("Tipo de conferência").select_option(label="Cópia simples")
    page.get_by_label("Remetente").fill("Papelaria Central Ltda.")
    _capturar(page, "documento-externo-incluir")
    page.get_by_role("button", name="Incluir documento").click()
    page.wait_for_url(re.compile(r".*/documentos/\d{7}/$"))
    externo = f"Nota Fiscal 345 ({page.url.rstrip('/').split('/')[-1]})"
    expect(page.get_by_text(f"Documento externo {externo} incluído.")).to_be_visible()
    expect(page.get_by_role("tree").get_by_role("treeitem", name=externo)).to_be_visible()
    imagem = page.frame_locator("iframe.folha-quadro").locator("img")
    imagem.wait_for()
    assert imagem.evaluate("i => i.complete && i.naturalWidth") == 120
    assert page.locator("iframe.folha-quadro").get_attribute("sandbox") == ""
    _capturar(page, "documento-externo", quadro=True)

    # A PDF: shown by the browser's viewer (its response is sandboxed by CSP, not by the frame
    # attribute, which Chromium answers with "This page has been blocked").
    page.goto(f"{base}/processos/{nup}/")
    page.get_by_role("link", name="Incluir documento externo").click()
    page.get_by_label("Tipo do documento").select_option(label="Anexo")
    page.get_by_label("Arquivo").set_input_files(dados["pdf"])
    page.get_by_role("button", name="Incluir documento").click()
    page.wait_for_url(re.compile(r".*/documentos/\d{7}/$"))
    page.locator("iframe.folha-quadro").element_handle().content_frame().wait_for_load_state()
    assert "blocked" not in page.frame_locator("iframe.folha-quadro").locator("body").inner_text()

    assert erros_csp == []
    contexto.close()
