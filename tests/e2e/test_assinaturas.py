"""Real browser (Debian's Chromium through Playwright), issue 9 §7: in unit A, start a process,
include an Ofício, write in it and sign it on the Assinar page (cargo and password); the tarja
shows on the document page. A user of unit B reads it (its content shows). An anonymous visitor
types the two codes on /conferir and sees "Documento autêntico" with the signer, downloads the
signed PDF there and, in "Comparar um arquivo", learns that it is identical."""

import os
import re

import pytest

from assinaturas import chaves
from assinaturas.models import Assinante
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import SENHA_PADRAO, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTURAS = os.environ.get("SEI_E2E_CAPTURAS", "/tmp")
CARGO = "Coordenador de Compras"
IFRAME_EDITOR = "iframe.tox-edit-area__iframe"
TEXTO = "Solicitamos a compra de papel reciclado."


@pytest.fixture
def _chaves(settings, tmp_path):
    """The órgão's root and seal made for this test; a local-memory cache of its own (the limit
    per address starts empty; the live server's threads share it)."""
    settings.SEI_CHAVES_DIR = str(tmp_path / "chaves")
    settings.SEI_CHAVES_SENHA = "senha-das-chaves-de-teste"
    settings.SEI_CRC_CHAVES = "k1:chave-do-crc-de-teste-0123456789abcdefghij"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e-assinaturas"}}


@pytest.fixture
def dados(_chaves, atores, orgao):
    """Everything from the database, read before the browser starts (see test_fluxo)."""
    chaves.criar_raiz()
    chaves.criar_selo(orgao)
    Assinante.objects.create(orgao=orgao, usuario=atores["A"].usuario, cargo=CARGO)
    return {"tipo": tipo_processo(nome="Material: Compras").nome, "signatario": atores["A"].usuario.nome}



def _capturar(page, nome):
    page.screenshot(path=os.path.join(CAPTURAS, f"sei-{nome}.png"), full_page=True)


def test_assinar_ler_em_outra_unidade_e_conferir(_historico_descartavel, dados, live_server, navegador, tmp_path):
    base = live_server.url
    erros_csp = []

    def novo_contexto(**opcoes):
        contexto = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR", **opcoes)
        contexto.set_default_timeout(20_000)
        pagina = contexto.new_page()
        pagina.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))
        return contexto, pagina

    # --- Unit A: a process, an Ofício, written and signed ---------------------------------------
    contexto, page = novo_contexto()
    entrar_no_navegador(page, base, "user_a")
    page.get_by_role("link", name="Iniciar Processo").click()
    page.wait_for_url(f"{base}/processos/iniciar/")
    page.get_by_label("Tipo do processo").select_option(label=dados["tipo"])
    page.get_by_label("Especificação").fill("Compra de papel")
    page.get_by_label("Público", exact=True).check()
    page.get_by_role("button", name="Salvar").click()
    page.wait_for_url(re.compile(r".*/processos/\d{17}/$"))

    page.get_by_role("link", name="Incluir documento", exact=True).click()
    page.get_by_label("Tipo do documento").select_option(label="Ofício")
    page.get_by_label("Destinatários").fill("Senhora Diretora")
    page.get_by_role("button", name="Gerar documento").click()
    page.wait_for_url(re.compile(r".*/documentos/\d{7}/editar/$"))
    numero_sei = page.url.rstrip("/").split("/")[-2]

    page.frame_locator(IFRAME_EDITOR).locator("body.mce-content-body").wait_for()
    page.frame_locator(IFRAME_EDITOR).locator("body").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(TEXTO)
    page.get_by_role("button", name="Salvar", exact=True).click()
    page.get_by_text("Documento salvo (versão 2).").wait_for()
    page.get_by_role("link", name="Fechar editor").click()
    page.wait_for_url(f"{base}/documentos/{numero_sei}/")

    page.get_by_role("link", name="Assinar documento").click()
    page.wait_for_url(f"{base}/documentos/{numero_sei}/assinar/")
    page.get_by_label("Cargo/função").select_option(label=CARGO)
    page.locator("section[aria-labelledby=h-eletronica]").get_by_label("Senha").fill(SENHA_PADRAO)
    _capturar(page, "assinar")
    page.get_by_role("button", name="Assinar", exact=True).click()
    page.wait_for_url(f"{base}/documentos/{numero_sei}/")
    page.get_by_text(re.compile(r"Documento .* assinado\.")).wait_for()
    tarja = page.locator("ul.tarjas li").first
    assert re.fullmatch(
        rf"Assinado eletronicamente por {re.escape(dados['signatario'])}, {CARGO} \(A\), em \d\d/\d\d/\d{{4}}, às \d\d:\d\d\.",
        tarja.inner_text().strip(),
    ), tarja.inner_text()
    # The codes, as printed under the tarja (and on the PDF).
    codigos = page.locator("p.ajuda").filter(has_text="Código verificador")
    cv, crc = codigos.locator("strong").all_inner_texts()
    assert cv == numero_sei and re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", crc)
    assert page.get_by_role("link", name="Assinar documento").count() == 0  # signed: not offered again
    _capturar(page, "documento-assinado")
    contexto.close()

    # --- Unit B reads it -------------------------------------------------------------------------
    contexto, page = novo_contexto()
    entrar_no_navegador(page, base, "user_b")
    page.goto(f"{base}/documentos/{numero_sei}/")
    quadro = page.frame_locator("iframe.folha-quadro")
    quadro.get_by_text(TEXTO).wait_for()
    assert page.locator("ul.tarjas li").first.inner_text().startswith(f"Assinado eletronicamente por {dados['signatario']}")
    assert page.get_by_role("link", name="Assinar documento").count() == 0  # another unit does not sign it
    contexto.close()

    # --- Anyone: /conferir, download the signed PDF, compare it ----------------------------------
    contexto, page = novo_contexto(accept_downloads=True)
    page.goto(f"{base}/conferir")
    page.get_by_label("Código verificador").fill(cv)
    page.get_by_label("Código CRC").fill(crc)
    page.get_by_role("button", name="Conferir").click()
    resultado = page.locator("section[aria-labelledby=h-resultado]")
    resultado.get_by_role("heading", name="Documento autêntico").wait_for()
    assert dados["signatario"] in resultado.locator("ul.tarjas").inner_text()
    assert CARGO in resultado.locator("ul.tarjas").inner_text()
    _capturar(page, "conferir")

    with page.expect_download() as baixado:
        page.get_by_role("link", name="Baixar o PDF assinado").click()
    assert baixado.value.suggested_filename.startswith(f"SEI {numero_sei}") and baixado.value.suggested_filename.endswith(".pdf")
    pdf = tmp_path / "assinado.pdf"
    baixado.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    page.get_by_label("Arquivo PDF").set_input_files(str(pdf))
    page.get_by_role("button", name="Comparar").click()
    comparado = page.locator("section[aria-labelledby=h-comparar]")
    comparado.get_by_role("heading", name="Arquivo idêntico ao documento assinado").wait_for()
    assert "byte a byte" in comparado.inner_text()
    _capturar(page, "conferir-comparar")

    # An altered copy is told apart.
    alterado = tmp_path / "alterado.pdf"
    conteudo = bytearray(pdf.read_bytes())
    conteudo[len(conteudo) // 2] ^= 0x01
    alterado.write_bytes(bytes(conteudo))
    page.get_by_label("Arquivo PDF").set_input_files(str(alterado))
    page.get_by_role("button", name="Comparar").click()
    comparado.get_by_role("heading", name=re.compile("Arquivo diferente")).wait_for()
    contexto.close()

    assert erros_csp == []
