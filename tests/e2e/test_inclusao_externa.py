"""Acesso externo com inclusão de documentos in a real Chromium: the external user opens the
granted process in the portal, follows "Incluir documento", chooses the allowed type, attaches
a PDF and signs with the password; the document (by its description) is listed on the process
page. The form page without axe violations on a phone and with no CSP violation."""

import pytest

from assinaturas import chaves
from externo import acessos
from sei.senhas import SenhaConfirmada
from tests.e2e.test_acessibilidade import TAMANHOS, _violacoes
from tests.externo.peticoes_apoio import _tipo_doc
from tests.factories import SENHA_PADRAO, pdf_simples

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def cenario(settings, tmp_path, atores, orgao, criar_processo):
    from externo.services import cadastro_criar

    settings.SEI_CHAVES_DIR = str(tmp_path / "chaves")
    settings.SEI_CHAVES_SENHA = "senha-das-chaves-de-teste"
    settings.SEI_CRC_CHAVES = "k1:chave-do-crc-de-teste-0123456789abcdefghij"
    chaves.criar_raiz()
    chaves.criar_selo(orgao)
    a = atores["A"]
    processo = criar_processo(a, especificacao="Licença de obra")
    joao = cadastro_criar(
        cpf="52998224725", nome="João Cidadão", email="joao@exemplo.com.br", senha=SENHA_PADRAO, liberado=True
    ).usuario
    acessos.acesso_externo_conceder(
        ator=a, processo=processo, senha=SenhaConfirmada(usuario_id=a.usuario.pk), tipo="integral",
        motivo="Instrução", validade_dias=10, cpf=joao.cpf, permite_inclusao=True,
        tipos_documento=[_tipo_doc("Comprovante")],
    )  # fmt: skip
    arquivo = tmp_path / "comprovante.pdf"
    arquivo.write_bytes(pdf_simples())
    return {"nup": processo.nup, "cpf": joao.cpf, "arquivo": str(arquivo)}


def test_incluir_documento_pelo_portal(_historico_descartavel, cenario, live_server, navegador):
    base = live_server.url
    csp = []
    contexto = navegador.new_context(viewport=TAMANHOS["celular"], locale="pt-BR")
    contexto.set_default_timeout(20_000)
    pagina = contexto.new_page()
    pagina.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    pagina.goto(f"{base}/externo/entrar/")
    pagina.get_by_label("CPF ou e-mail").fill(cenario["cpf"])
    pagina.get_by_label("Senha").fill(SENHA_PADRAO)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_url(f"{base}/externo/")
    pagina.goto(f"{base}/externo/processos/{cenario['nup']}/")
    pagina.get_by_role("link", name="Incluir documento").click()
    pagina.wait_for_url(f"{base}/externo/processos/{cenario['nup']}/incluir/")
    problemas = _violacoes(pagina)
    pagina.get_by_label("Tipo de documento").select_option(label="Comprovante")
    pagina.get_by_label("Arquivo (PDF)").set_input_files(cenario["arquivo"])
    pagina.get_by_label("Descrição (opcional)").fill("Conta de luz")
    pagina.get_by_label("Sua senha").fill(SENHA_PADRAO)
    pagina.get_by_role("button", name="Assinar e incluir").click()
    pagina.wait_for_url(f"{base}/externo/processos/{cenario['nup']}/")
    pagina.get_by_text("incluído no processo").wait_for()
    assert pagina.get_by_role("link", name="Conta de luz").count() >= 1  # the content and its PDF
    contexto.close()
    assert problemas == [], "\n".join(map(str, problemas))
    assert csp == []
