"""Real browser: the Incluir documento externo form starts at the process's level, offers only
the hipóteses of the level chosen (static/js/documentos.js), and keeps the chosen file after an
error in another field; no CSP violation."""

import re

import pikepdf
import pytest
from playwright.sync_api import expect

from processos.models import NivelAcesso
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import hipotese

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def _armazenamento(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "armazenamento")},
        },
    }


@pytest.fixture
def dados(atores, criar_processo, tmp_path):
    restrita, sigilosa = hipotese(NivelAcesso.RESTRITO), hipotese(NivelAcesso.SIGILOSO)
    processo = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO, hipotese_legal=restrita)
    pdf = tmp_path / "proposta.pdf"
    with pikepdf.new() as documento:
        documento.add_blank_page()
        documento.save(pdf)
    return {"nup": processo.nup, "pdf": str(pdf), "restrita": str(restrita.pk), "sigilosa": str(sigilosa.pk)}


def _visiveis(page) -> list[str]:
    return page.eval_on_selector_all(
        "#id_hipotese_legal option[data-nivel]",
        "os => os.filter(o => !o.hidden && !o.disabled).map(o => o.value)",
    )


def test_nivel_hipoteses_e_arquivo_mantido(
    _historico_descartavel, _armazenamento, dados, live_server, navegador
):
    base, nup = live_server.url, dados["nup"]
    contexto = navegador.new_context(locale="pt-BR")
    page = contexto.new_page()
    erros_csp = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))
    entrar_no_navegador(page, base, "user_a")

    page.goto(f"{base}/processos/{nup}/documentos/externo/")
    assert page.get_by_label("Restrito").is_checked()  # the process's level
    assert page.locator("#id_hipotese_legal").input_value() == dados["restrita"]
    assert dados["restrita"] in _visiveis(page) and dados["sigilosa"] not in _visiveis(page)
    page.get_by_label("Sigiloso").check()
    assert dados["sigilosa"] in _visiveis(page) and dados["restrita"] not in _visiveis(page)
    assert page.locator("#id_hipotese_legal").input_value() == ""  # the restrito one was dropped
    page.get_by_label("Público").check()
    assert page.locator("#id_hipotese_legal").is_disabled()
    page.get_by_label("Restrito").check()
    page.locator("#id_hipotese_legal").select_option(dados["restrita"])

    # An error in another field (digitalizado without the conferência): the file is kept.
    page.get_by_label("Tipo do documento").select_option(label="Anexo")
    page.locator("#id_arquivo").set_input_files(dados["pdf"])
    page.get_by_label("Digitalizado").check()
    page.get_by_role("button", name="Incluir documento").click()
    expect(page.get_by_text("Documento digitalizado exige o tipo de conferência.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Arquivo escolhido: proposta\.pdf \(\d"))).to_be_visible()
    page.get_by_label("Tipo de conferência").select_option(label="Cópia simples")
    page.get_by_role("button", name="Incluir documento").click()  # no file chosen again
    page.wait_for_url(re.compile(r".*/documentos/\d{7}/$"))
    expect(page.get_by_text(re.compile(r"Documento externo Anexo \d{7} incluído\."))).to_be_visible()
    assert erros_csp == []
    contexto.close()
