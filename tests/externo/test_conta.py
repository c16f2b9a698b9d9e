"""The external user's account: password reset by e-mail inside the portal (external accounts
only), lockout as for internal users (the portal's login is django-axes's), the account page
(contact data, password) and the optional second factor (TOTP): enabled with the password and a
first code, asked by the login before the session counts, disabled with the password."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from externo.models import CadastroExterno
from tests.externo.conftest import link_do_email
from tests.factories import SENHA_PADRAO, UsuarioFactory

pytestmark = pytest.mark.django_db
SENHA_NOVA = "Cafe-com-pao-de-queijo-42"


@pytest.fixture(autouse=True)
def _otp_previsivel(settings):
    # Codes of the current and next 30 s step, without drift tracking or back-off between tries.
    settings.OTP_TOTP_SYNC = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def codigo(dispositivo, passos=0) -> str:
    totp = TOTP(dispositivo.bin_key, dispositivo.step, dispositivo.t0, dispositivo.digits, 0)
    totp.time = time.time() + passos * dispositivo.step
    return f"{totp.token():06d}"


def entrar_no_portal(client, login, senha=SENHA_PADRAO):
    return client.post(reverse("externo:entrar"), {"username": login, "password": senha})


# --- Esqueci minha senha ---------------------------------------------------------------------------


def test_senha_nova_pelo_email_no_portal(client, externo, settings):
    settings.SEI_LOGIN_TENTATIVAS = 3
    for _ in range(3):
        entrar_no_portal(client, externo.username, "errada")
    assert entrar_no_portal(client, externo.username).status_code == 429  # locked out

    resposta = client.post(reverse("externo:senha_esqueci"), {"email": externo.email})
    assert resposta.status_code == 302 and resposta.url == reverse("externo:senha_enviada")
    (mensagem,) = mail.outbox
    link = link_do_email(mensagem, "/externo/senha/nova/")
    resposta = client.get(link, follow=True)
    assert (
        "Criar senha nova" in resposta.content.decode()
        and "Portal do usuário externo" in resposta.content.decode()
    )
    url = resposta.redirect_chain[-1][0]
    resposta = client.post(url, {"new_password1": SENHA_NOVA, "new_password2": SENHA_NOVA})
    assert resposta.status_code == 302 and resposta.url == reverse("externo:senha_redefinida")

    # The new password works at once: the lockout was cleared with it.
    assert entrar_no_portal(client, externo.username, SENHA_NOVA).status_code == 302
    assert client.get(reverse("externo:inicio")).status_code == 200


def test_cada_portal_so_envia_link_para_as_suas_contas(client, externo):
    UsuarioFactory(username="servidora", email="servidora@orgao.gov.br")
    client.post(reverse("externo:senha_esqueci"), {"email": "servidora@orgao.gov.br"})
    client.post(reverse("senha_esqueci"), {"email": externo.email})
    assert not mail.outbox

    client.post(reverse("senha_esqueci"), {"email": "servidora@orgao.gov.br"})
    client.post(reverse("externo:senha_esqueci"), {"email": externo.email})
    assert [m.to[0] for m in mail.outbox] == ["servidora@orgao.gov.br", externo.email]
    assert "/senha/nova/" in mail.outbox[0].body and "/externo/" not in mail.outbox[0].body
    # The internal user's reset link does not open in the portal.
    interno = re.search(r"/senha/nova/(\S+)/(\S+)/", mail.outbox[0].body)
    resposta = client.get(reverse("externo:senha_nova", args=interno.groups()), follow=True)
    html = resposta.content.decode()
    assert "Link inválido ou vencido" in html
    # In the portal's frame, asking the portal (not the internal page) for a new link.
    assert "Portal do usuário externo" in html and f'href="{reverse("externo:senha_esqueci")}"' in html


# --- Lockout ------------------------------------------------------------------------------------------


def test_login_do_portal_bloqueia_depois_de_n_senhas_erradas(client, externo, settings):
    settings.SEI_LOGIN_TENTATIVAS = 4
    for _ in range(4):
        resposta = entrar_no_portal(client, externo.email, "errada")  # by e-mail or CPF: the same account
    resposta = entrar_no_portal(client, "529.982.247-25")

    assert resposta.status_code == 429
    html = resposta.content.decode()
    assert "Acesso bloqueado temporariamente" in html and "Portal do usuário externo" in html
    assert reverse("externo:senha_esqueci") in html
    assert client.get(reverse("externo:inicio")).status_code == 302


# --- Account page -------------------------------------------------------------------------------------


def test_conta_atualiza_contato_e_troca_a_senha(client, externo):
    entrar_no_portal(client, externo.username)
    html = client.get(reverse("externo:conta")).content.decode()
    assert externo.email in html and "Verificação em duas etapas" in html

    client.post(reverse("externo:conta"), {"telefone": "(27) 3333-4444", "endereco": "Rua Nova, 5"})
    cadastro = CadastroExterno.objects.get(usuario=externo)
    assert (cadastro.telefone, cadastro.endereco) == ("(27) 3333-4444", "Rua Nova, 5")

    dados = {"old_password": "errada", "new_password1": SENHA_NOVA, "new_password2": SENHA_NOVA}
    resposta = client.post(reverse("externo:conta_senha"), dados)
    assert resposta.status_code == 400 and "Senha incorreta" in resposta.content.decode()
    resposta = client.post(reverse("externo:conta_senha"), {**dados, "new_password2": "outra"})
    assert resposta.status_code == 400
    resposta = client.post(
        reverse("externo:conta_senha"), {**dados, "old_password": SENHA_PADRAO}, follow=True
    )
    assert "Senha alterada" in resposta.content.decode()
    externo.refresh_from_db()
    assert externo.check_password(SENHA_NOVA)
    assert client.get(reverse("externo:conta")).status_code == 200  # this session stays


def test_conta_exige_externo_liberado(client, entrar, atores):
    assert client.get(reverse("externo:conta")).status_code == 302
    entrar(atores["A"])
    assert client.get(reverse("externo:conta")).status_code == 302


# --- Second factor -------------------------------------------------------------------------------------


def ativar(client, capturar):
    resposta = client.post(reverse("externo:segundo_fator_ativar"), {"senha": SENHA_PADRAO})
    assert resposta.status_code == 302 and resposta.url == reverse("externo:segundo_fator_confirmar")
    dispositivo = TOTPDevice.objects.get(confirmed=False)
    with capturar(execute=True):
        resposta = client.post(reverse("externo:segundo_fator_confirmar"), {"codigo": codigo(dispositivo)})
    assert resposta.status_code == 302
    dispositivo.refresh_from_db()
    assert dispositivo.confirmed
    return dispositivo


def test_ativar_o_segundo_fator_com_senha_e_primeiro_codigo(
    client, externo, django_capture_on_commit_callbacks
):
    entrar_no_portal(client, externo.username)
    resposta = client.post(reverse("externo:segundo_fator_ativar"), {"senha": "errada"})
    assert resposta.status_code == 400 and "Senha incorreta" in resposta.content.decode()
    assert not TOTPDevice.objects.exists()

    client.post(reverse("externo:segundo_fator_ativar"), {"senha": SENHA_PADRAO})
    resposta = client.get(reverse("externo:segundo_fator_confirmar"))
    html = resposta.content.decode()
    assert resposta["Cache-Control"] == "no-store"
    assert 'src="data:image/svg+xml' in html and 'alt="Código QR' in html
    dispositivo = TOTPDevice.objects.get()
    assert not dispositivo.confirmed and re.search(r'<code class="segredo">[A-Z2-7 ]{20,}</code>', html)
    resposta = client.post(reverse("externo:segundo_fator_confirmar"), {"codigo": "000000"})
    assert resposta.status_code == 400 and "Código incorreto" in resposta.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("externo:segundo_fator_confirmar"), {"codigo": codigo(dispositivo)})
    dispositivo.refresh_from_db()
    assert dispositivo.confirmed
    assert "<strong>Ativada.</strong>" in client.get(reverse("externo:conta")).content.decode()
    (mensagem,) = mail.outbox
    assert "ativada" in mensagem.subject


def test_login_pede_o_codigo_antes_de_valer(client, externo, django_capture_on_commit_callbacks, settings):
    entrar_no_portal(client, externo.username)
    dispositivo = ativar(client, django_capture_on_commit_callbacks)
    client.post(reverse("externo:sair"))

    resposta = entrar_no_portal(client, externo.username)
    assert resposta.status_code == 302 and resposta.url == reverse("externo:entrar_codigo")
    assert "_auth_user_id" not in client.session  # not logged in before the code
    assert client.get(reverse("externo:inicio")).status_code == 302

    resposta = client.post(reverse("externo:entrar_codigo"), {"codigo": "123456"})
    assert resposta.status_code == 200 and "Código incorreto" in resposta.content.decode()
    resposta = client.post(reverse("externo:entrar_codigo"), {"codigo": codigo(dispositivo, 1)})
    assert resposta.status_code == 302 and resposta.url == reverse("externo:inicio")
    assert client.get(reverse("externo:inicio")).status_code == 200


def test_codigos_errados_contam_para_o_bloqueio(
    client, externo, django_capture_on_commit_callbacks, settings
):
    entrar_no_portal(client, externo.username)
    dispositivo = ativar(client, django_capture_on_commit_callbacks)
    client.post(reverse("externo:sair"))
    settings.SEI_LOGIN_TENTATIVAS = 3

    entrar_no_portal(client, externo.username)
    for _ in range(3):
        resposta = client.post(reverse("externo:entrar_codigo"), {"codigo": "000000"})
    assert resposta.status_code == 429
    resposta = client.post(reverse("externo:entrar_codigo"), {"codigo": codigo(dispositivo, 1)})
    assert resposta.status_code == 429 and "Acesso bloqueado temporariamente" in resposta.content.decode()
    assert client.get(reverse("externo:inicio")).status_code == 302


def test_sessao_aberta_antes_da_ativacao_passa_a_pedir_o_codigo(
    client, externo, django_capture_on_commit_callbacks
):
    outra = client.__class__()
    entrar_no_portal(outra, externo.username)
    entrar_no_portal(client, externo.username)
    dispositivo = ativar(client, django_capture_on_commit_callbacks)
    assert client.get(reverse("externo:inicio")).status_code == 200  # the session that typed the code

    resposta = outra.get(reverse("externo:conta"))
    assert resposta.status_code == 302 and resposta.url.startswith(reverse("externo:entrar_codigo"))
    resposta = outra.post(resposta.url, {"codigo": codigo(dispositivo, 1)})
    assert resposta.status_code == 302 and resposta.url == reverse("externo:conta")
    assert outra.get(reverse("externo:conta")).status_code == 200


def test_desativar_o_segundo_fator_com_senha(client, externo, django_capture_on_commit_callbacks):
    entrar_no_portal(client, externo.username)
    ativar(client, django_capture_on_commit_callbacks)

    resposta = client.post(reverse("externo:segundo_fator_desativar"), {"senha": "errada"})
    assert resposta.status_code == 400 and TOTPDevice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("externo:segundo_fator_desativar"), {"senha": SENHA_PADRAO})
    assert not TOTPDevice.objects.exists()
    assert "desativada" in mail.outbox[-1].subject

    client.post(reverse("externo:sair"))
    resposta = entrar_no_portal(client, externo.username)
    assert resposta.status_code == 302 and resposta.url == reverse("externo:inicio")
