"""The ouvidoria in a real Chromium, no login: fill the public form on a phone (with a PDF),
follow the confirmation link from the e-mail, confirm, see the NUP and download the signed
recibo. No CSP violation on the way."""

import re

import pytest
from django.core import mail

from assinaturas import chaves
from externo.models import TipoManifestacao
from processos.models import HipoteseLegal, NivelAcesso, Processo
from tests.externo.peticoes_apoio import _tipo_doc
from tests.factories import pdf_simples, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def ouvidoria_configurada(settings, tmp_path, unidades, orgao):
    """Seal and manifestation type, made before the browser starts (see test_fluxo); a cache of
    its own, so the limit per address starts empty."""
    settings.SEI_CHAVES_DIR = str(tmp_path / "chaves")
    settings.SEI_CHAVES_SENHA = "senha-das-chaves-de-teste"
    settings.SEI_CRC_CHAVES = "k1:chave-do-crc-de-teste-0123456789abcdefghij"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e-ouv"}
    }
    chaves.criar_raiz()
    chaves.criar_selo(orgao)
    hipotese = HipoteseLegal.objects.filter(
        nivel=NivelAcesso.RESTRITO
    ).first() or HipoteseLegal.objects.create(
        nome="Informação Pessoal", nivel=NivelAcesso.RESTRITO, base_legal="Art. 31 da Lei 12.527/2011"
    )
    TipoManifestacao.objects.create(
        nome="Reclamação", tipo_processo=tipo_processo(nome="Ouvidoria: Reclamação"), unidade=unidades["B"],
        tipo_documento=_tipo_doc("Manifestação"), nivel_acesso=NivelAcesso.RESTRITO, hipotese_legal=hipotese,
    )  # fmt: skip
    caminho = tmp_path / "foto.pdf"
    caminho.write_bytes(pdf_simples())
    return caminho


def test_manifestacao_confirmada_pelo_link_e_recibo_baixado(
    _historico_descartavel, ouvidoria_configurada, live_server, navegador, tmp_path
):
    base = live_server.url
    erros_csp = []
    celular = navegador.new_context(
        viewport={"width": 390, "height": 844}, locale="pt-BR", accept_downloads=True
    )
    pagina = celular.new_page()
    pagina.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))

    pagina.goto(f"{base}/publico/ouvidoria/")
    pagina.get_by_label("Tipo de manifestação").select_option(label="Reclamação")
    pagina.get_by_label(re.compile(r"^Nome:?$")).fill("Joana da Silva")
    pagina.get_by_label("E-mail").fill("joana@exemplo.com.br")
    pagina.get_by_label("Assunto").fill("Fila no protocolo")
    pagina.get_by_label(re.compile(r"^Manifestação:?$")).fill("Esperei três horas na fila.")
    pagina.get_by_label("Anexos em PDF (opcional)").set_input_files(str(ouvidoria_configurada))
    pagina.get_by_role("button", name="Enviar manifestação").click()
    pagina.wait_for_url(re.compile(r".*/publico/ouvidoria/enviada/$"))
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 390

    (mensagem,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/publico/ouvidoria/confirmar/\S+)", mensagem.body).group(1)
    pagina.goto(base + link)
    pagina.get_by_role("button", name="Confirmar e registrar a manifestação").click()
    nup = Processo.objects.get().nup_formatado
    assert nup in pagina.locator("main").inner_text()

    with pagina.expect_download() as baixando:
        pagina.get_by_role("link", name="Baixar o recibo (PDF)").click()
    destino = tmp_path / "recibo.pdf"
    baixando.value.save_as(destino)
    assert destino.read_bytes().startswith(b"%PDF") and b"/ByteRange" in destino.read_bytes()
    assert erros_csp == []
    celular.close()
