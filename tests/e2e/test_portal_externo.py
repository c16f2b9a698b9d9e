"""The portal in a real Chromium, end to end: a citizen registers on a phone, opens the
confirmation link from the e-mail, cannot sign in while pending; an internal user holding the
permission finds the registration under "Usuários externos" (with the count) and approves it;
the citizen signs in to the portal. Then the second factor: enabled from the QR code page (the
SVG shows under the CSP, axe finds nothing), asked by the next login. No CSP violation on the way."""

import re
import time
from base64 import b32decode

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django_otp.oath import TOTP

from externo import services
from tests.e2e.conftest import entrar_no_navegador
from tests.e2e.test_acessibilidade import _violacoes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SENHA = "Cafe-com-pao-de-queijo-42"


@pytest.fixture
def liberador(atores):
    """Read before the browser starts (see test_fluxo)."""
    usuario = atores["A"].usuario
    usuario.user_permissions.add(Permission.objects.get(codename="liberar_cadastro"))
    return usuario.username


def test_cadastro_confirmacao_liberacao_e_login(
    _historico_descartavel, liberador, live_server, navegador, capturas
):
    base = live_server.url
    erros_csp = []
    celular = navegador.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR")
    pagina = celular.new_page()
    pagina.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))

    # Register, from the portal's login page.
    pagina.goto(f"{base}/externo/entrar/")
    pagina.get_by_role("link", name="Cadastre-se").click()
    pagina.get_by_label("CPF").fill("529.982.247-25")
    pagina.get_by_label("Nome completo").fill("Joana da Silva")
    pagina.get_by_label("E-mail").fill("joana@exemplo.com.br")
    pagina.get_by_label("Telefone").fill("(27) 99999-0000")
    pagina.get_by_label("Endereço").fill("Rua das Flores, 10, Vitória/ES")
    pagina.get_by_label(re.compile(r"^Senha:?$")).fill(SENHA)
    pagina.get_by_label("Confirme a senha").fill(SENHA)
    pagina.get_by_label("Li e aceito os termos de uso da assinatura eletrônica.").check()
    pagina.screenshot(path=str(capturas / "portal-cadastro-celular.png"), full_page=True)
    pagina.get_by_role("button", name="Cadastrar").click()
    pagina.wait_for_url(re.compile(r".*/externo/cadastro/enviado/$"))
    assert "joana@exemplo.com.br" in pagina.locator("main").inner_text()
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    # The confirmation link from the e-mail (the live server runs in this process: same outbox).
    (mensagem,) = mail.outbox
    link = re.search(r"https?://\S+/externo/cadastro/confirmar/\S+", mensagem.body).group(0)
    pagina.goto(link)
    pagina.get_by_role("button", name="Confirmar e-mail").click()
    assert "aguarda a liberação pelo órgão" in pagina.locator("main").inner_text()

    # Pending: the portal says so.
    pagina.goto(f"{base}/externo/entrar/")
    pagina.get_by_label("CPF ou e-mail").fill("joana@exemplo.com.br")
    pagina.get_by_label("Senha").fill(SENHA)
    pagina.get_by_role("button", name="Entrar").click()
    assert "aguarda a liberação pelo órgão" in pagina.locator("main").inner_text()

    # The internal user with the permission approves it.
    computador = navegador.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR")
    interno = computador.new_page()
    interno.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))
    entrar_no_navegador(interno, base, liberador)
    entrada = interno.locator("#menu-lateral").get_by_role("link", name=re.compile("Usuários externos"))
    assert "1" in entrada.inner_text()
    entrada.click()
    interno.get_by_role("link", name="Joana da Silva").click()
    interno.get_by_role("button", name="Liberar cadastro").click()
    assert "Cadastro liberado" in interno.locator(".mensagens").inner_text()
    assert "Joana da Silva" not in interno.locator("main").inner_text()  # no longer pending
    assert len(mail.outbox) == 2 and "liberado" in mail.outbox[1].subject.lower()

    # The citizen signs in to the portal.
    pagina.get_by_label("CPF ou e-mail").fill("529.982.247-25")
    pagina.get_by_label("Senha").fill(SENHA)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_url(re.compile(r".*/externo/$"))
    assert "Olá, Joana da Silva" in pagina.locator("main").inner_text()
    pagina.screenshot(path=str(capturas / "portal-inicio-celular.png"), full_page=True)
    assert erros_csp == []


@pytest.fixture
def joao(db):
    """An approved external user (read before the browser starts)."""
    return services.cadastro_criar(
        cpf="11144477735", nome="João Cidadão", email="joao@exemplo.com.br", senha=SENHA, liberado=True
    ).usuario.username


def test_verificacao_em_duas_etapas_no_navegador(
    _historico_descartavel, joao, live_server, navegador, settings
):
    settings.OTP_TOTP_SYNC = False
    base = live_server.url
    erros_csp = []
    pagina = navegador.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR").new_page()
    pagina.on("console", lambda msg: "Content Security Policy" in msg.text and erros_csp.append(msg.text))

    def entrar():
        pagina.goto(f"{base}/externo/entrar/")
        pagina.get_by_label("CPF ou e-mail").fill(joao)
        pagina.get_by_label("Senha").fill(SENHA)
        pagina.get_by_role("button", name="Entrar").click()

    entrar()
    pagina.get_by_role("link", name="Minha conta").click()
    pagina.get_by_label("Sua senha").fill(SENHA)
    pagina.get_by_role("button", name="Ativar a verificação em duas etapas").click()
    pagina.wait_for_url(re.compile(r".*/externo/conta/dois-fatores/confirmar/$"))
    qr = pagina.get_by_role("img", name=re.compile("Código QR"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the SVG QR code shows under the CSP
    assert _violacoes(pagina) == []
    segredo = pagina.locator(".segredo").inner_text().replace(" ", "")
    chave = b32decode(segredo + "=" * (-len(segredo) % 8))

    def codigo(passos):
        totp = TOTP(chave)
        totp.time = time.time() + 30 * passos
        return f"{totp.token():06d}"

    pagina.get_by_label("Código do aplicativo autenticador").fill(codigo(0))
    pagina.get_by_role("button", name="Ativar").click()
    assert "Verificação em duas etapas ativada" in pagina.locator(".mensagens").inner_text()

    pagina.get_by_role("button", name="Sair").click()
    entrar()
    pagina.wait_for_url(re.compile(r".*/externo/entrar/codigo/$"))
    pagina.get_by_label("Código do aplicativo autenticador").fill(codigo(1))
    pagina.get_by_role("button", name="Confirmar").click()
    pagina.wait_for_url(re.compile(r".*/externo/$"))
    assert "Olá, João Cidadão" in pagina.locator("main").inner_text()
    assert erros_csp == []
