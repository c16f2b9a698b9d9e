"""The whole external flow in a real Chromium, as the two sides do it: a citizen registers in the
portal, confirms the e-mail and is approved by the destination unit's user; files a new petition
(main document written in the portal, identity document uploaded, password), downloads the signed
receipt; the unit finds the process unread in its inbox, opens it and intimates the citizen over
the identity document from the process toolbar; the citizen sees the intimação, takes ciência and
answers it with an intercorrente petition; the unit sees it answered. No CSP violation on the way,
and nothing duplicated in the database at the end."""

import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from documentos.models import Documento, TipoDocumento
from externo.models import CadastroExterno, Intimacao, Peticao, TipoPeticionamento
from processos.models import Processo
from tests.assinaturas.conftest import _pasta_chaves, selo  # noqa: F401 - the órgão's seal, for the receipt
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import SENHA_PADRAO, pdf_simples, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SENHA = "Cafe-com-pao-de-queijo-42"
CPF = "529.982.247-25"


def _tipo_doc(nome):
    return TipoDocumento.objects.get_or_create(
        nome=nome, defaults={"aplicabilidade": "externo", "numeracao": "sem"}
    )[0]


@pytest.fixture
def cenario(atores, unidades, selo):  # noqa: F811 - the imported fixture
    """Unit B takes the petitions of "Requerimento de licença" (main document written in the
    portal, identity document required, a receipt optional); its user approves registrations.
    Read before the browser starts (see test_fluxo)."""
    tipo = TipoPeticionamento.objects.create(
        nome="Requerimento de licença",
        tipo_processo=tipo_processo(),
        unidade=unidades["B"],
        instrucoes="Escreva o requerimento e envie o documento de identidade.",
        principal=TipoPeticionamento.Principal.FORMULARIO,
        tipo_principal=_tipo_doc("Requerimento (petição)"),
    )
    tipo.tipos_essenciais.add(_tipo_doc("Documento de identidade"))
    tipo.tipos_complementares.add(_tipo_doc("Comprovante"))
    usuario = atores["B"].usuario
    usuario.user_permissions.add(Permission.objects.get(codename="liberar_cadastro"))
    return {"interno": usuario.username}


def _pdf(nome):
    return {"name": nome, "mimeType": "application/pdf", "buffer": pdf_simples()}


def test_cadastro_peticao_caixa_intimacao_e_resposta(_historico_descartavel, cenario, live_server, navegador):
    base = live_server.url
    csp = []

    def vigiar(pagina):
        pagina.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
        return pagina

    portal = vigiar(navegador.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR").new_page())
    interno = vigiar(
        navegador.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR").new_page()
    )

    # 1. The citizen registers and confirms the e-mail.
    portal.goto(f"{base}/externo/entrar/")
    portal.get_by_role("link", name="Cadastre-se").click()
    portal.get_by_label("CPF").fill(CPF)
    portal.get_by_label("Nome completo").fill("Joana da Silva")
    portal.get_by_label("E-mail").fill("joana@exemplo.com.br")
    portal.get_by_label("Telefone").fill("(27) 99999-0000")
    portal.get_by_label("Endereço").fill("Rua das Flores, 10, Vitória/ES")
    portal.get_by_label(re.compile(r"^Senha:?$")).fill(SENHA)
    portal.get_by_label("Confirme a senha").fill(SENHA)
    portal.get_by_label("Li e aceito os termos de uso da assinatura eletrônica.").check()
    portal.get_by_role("button", name="Cadastrar").click()
    portal.wait_for_url(re.compile(r".*/externo/cadastro/enviado/$"))
    (mensagem,) = mail.outbox
    portal.goto(re.search(r"https?://\S+/externo/cadastro/confirmar/\S+", mensagem.body).group(0))
    portal.get_by_role("button", name="Confirmar e-mail").click()
    assert "aguarda a liberação pelo órgão" in portal.locator("main").inner_text()

    # 2. The unit's user approves it.
    entrar_no_navegador(interno, base, cenario["interno"])
    interno.locator("#menu-lateral").get_by_role("link", name=re.compile("Usuários externos")).click()
    interno.get_by_role("link", name="Joana da Silva").click()
    interno.get_by_role("button", name="Liberar cadastro").click()
    assert "Cadastro liberado" in interno.locator(".mensagens").inner_text()

    # 3. The citizen signs in and files a new petition.
    portal.goto(f"{base}/externo/entrar/")
    portal.get_by_label("CPF ou e-mail").fill(CPF)
    portal.get_by_label("Senha").fill(SENHA)
    portal.get_by_role("button", name="Entrar").click()
    portal.wait_for_url(f"{base}/externo/")
    portal.get_by_role("link", name="Nova petição").click()
    portal.get_by_role("link", name="Requerimento de licença").click()
    assert "Escreva o requerimento" in portal.locator("main").inner_text()
    portal.get_by_label("Especificação (opcional)").fill("Licença de obra na Rua das Flores")
    portal.get_by_label("Texto").fill("Requeiro a licença de obra para o imóvel da Rua das Flores, 10.")
    portal.get_by_label("Documento de identidade (PDF)").set_input_files(_pdf("rg.pdf"))
    portal.get_by_label("Sua senha (assinatura da petição)").fill(SENHA)
    portal.get_by_role("button", name="Assinar e enviar").click()
    portal.wait_for_url(f"{base}/externo/peticoes/")
    aviso = portal.locator(".mensagens").inner_text()
    nup_formatado = re.search(r"Petição recebida no processo (\S+)\.", aviso).group(1)
    assert "recibo eletrônico de protocolo" in aviso
    linha = portal.locator("main tr", has_text=nup_formatado)
    assert "Processo novo — Requerimento de licença" in linha.inner_text()

    # The receipt: a PDF signed with the órgão's seal, intact.
    with portal.expect_download() as baixado:
        linha.get_by_role("link", name=re.compile(r"Recibo SEI nº \d+ \(PDF\)")).click()
    recibo = open(baixado.value.path(), "rb").read()
    assert recibo.startswith(b"%PDF") and baixado.value.suggested_filename.startswith("recibo-")
    (assinatura,) = PdfFileReader(io.BytesIO(recibo)).embedded_signatures
    with ThreadPoolExecutor(
        1
    ) as fora_do_laco:  # pyHanko runs its own event loop; Playwright's is running here
        assert fora_do_laco.submit(validate_pdf_signature, assinatura).result().intact
    assert any(m.to == ["joana@exemplo.com.br"] and m.attachments for m in mail.outbox)  # mailed too

    # 4. Unit B finds it unread in its inbox and opens it.
    interno.goto(f"{base}/")
    item = interno.locator("#caixa-recebido li", has=interno.get_by_role("link", name=nup_formatado))
    assert "nao-lido" in item.get_attribute("class")
    assert "(não visualizado)" in item.inner_text()
    item.get_by_role("link", name=nup_formatado).click()
    interno.wait_for_url(re.compile(r".*/processos/\d{17}/$"))
    nup = interno.url.rstrip("/").rsplit("/", 1)[1]
    assert interno.locator("table.historico").get_by_text("Processo recebido na unidade B").count() == 1

    # 5. It intimates the citizen over the identity document, from the process toolbar.
    interno.get_by_role("toolbar").get_by_role("link", name="Intimação eletrônica").click()
    interno.wait_for_url(f"{base}/processos/{nup}/intimacoes/")
    interno.get_by_label("CPF do usuário externo liberado").fill(CPF)
    interno.get_by_role("group", name=re.compile("Documentos intimados")).get_by_label(
        re.compile("Documento de identidade")
    ).check()
    interno.get_by_label(re.compile(r"^Resposta:?$")).select_option(label="Resposta exigida")
    interno.get_by_label("Prazo para responder (dias corridos da ciência)").fill("15")
    interno.get_by_label("Sua senha").fill(SENHA_PADRAO)
    interno.get_by_role("button", name="Expedir").click()
    intimacoes_internas = interno.locator("table.tabela-intimacoes")
    intimacoes_internas.get_by_role("cell", name="Joana da Silva").wait_for()
    assert "Aguardando ciência" in intimacoes_internas.inner_text()

    # 6. The citizen sees it, takes ciência and answers it.
    portal.goto(f"{base}/externo/")
    minhas = portal.locator("table.tabela-intimacoes")
    assert "Aguardando ciência" in minhas.inner_text() and nup_formatado in minhas.inner_text()
    minhas.get_by_role("link", name=re.compile(r"^Intimação de ")).click()
    assert "Aguardando ciência" in portal.locator("main").inner_text()
    assert portal.get_by_role("link", name=re.compile(r"^Documento de identidade")).count() == 1
    portal.get_by_role("button", name="Tomo ciência").click()
    assert "Ciência registrada" in portal.locator(".mensagens").inner_text()
    assert "Ciência expressa em" in portal.locator("main").inner_text()
    assert portal.get_by_role("button", name="Tomo ciência").count() == 0
    portal.get_by_role("link", name="Responder").click()
    assert "Esta petição responde à intimação eletrônica" in portal.locator("main").inner_text()
    portal.get_by_label("Comprovante", exact=True).set_input_files(_pdf("comprovante-de-endereco.pdf"))
    portal.get_by_label("Sua senha (assinatura da petição)").fill(SENHA)
    portal.get_by_role("button", name="Assinar e enviar").click()
    portal.wait_for_url(f"{base}/externo/peticoes/")
    assert f"Petição recebida no processo {nup_formatado}" in portal.locator(".mensagens").inner_text()
    assert portal.locator("main tr", has_text="Intercorrente").count() == 1
    portal.goto(f"{base}/externo/")
    assert "Respondida" in portal.locator("table.tabela-intimacoes").inner_text()

    # 7. The unit sees it answered.
    interno.goto(f"{base}/processos/{nup}/intimacoes/")
    assert "Respondida em" in interno.locator("table.tabela-intimacoes").inner_text()
    assert csp == []

    # Nothing duplicated: one user, one process, two petitions, one intimação, distinct documents.
    assert CadastroExterno.objects.count() == 1
    assert Processo.objects.count() == 1
    assert Peticao.objects.count() == 2 and Intimacao.objects.count() == 1
    numeros = list(Documento.objects.values_list("numero_sei", flat=True))
    # Main document, identity, receipt; then the comprovante and its receipt.
    assert len(numeros) == len(set(numeros)) == 5
