"""Login page and "Esqueci minha senha": Django's reset views, by e-mail, in pt-BR, never telling
whether an address exists, with a per-hour limit; the new password goes through the validators."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.cache_local import limpar_cache
from tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db
SENHA_NOVA = "Cafe-com-pao-de-queijo-42"


@pytest.fixture(autouse=True)
def cache_limpo():
    limpar_cache()
    yield
    limpar_cache()


@pytest.fixture
def maria(db):
    return UsuarioFactory(username="maria", email="maria@orgao.gov.br", nome="Maria Oliveira")


def pedir(client, email):
    return client.post(reverse("senha_esqueci"), {"email": email})


def link_do_email(mensagem) -> str:
    return re.search(r"https?://[^/\s]+(/senha/nova/\S+/)", mensagem.body).group(1)


def test_login_mostra_o_orgao_e_o_link_de_senha(client, settings):
    settings.SEI_NOME_ORGAO = ""
    html = client.get(reverse("login")).content.decode()
    assert "Sistema Eletrônico de Informações" in html
    assert f'href="{reverse("senha_esqueci")}"' in html and "Esqueci minha senha" in html

    settings.SEI_NOME_ORGAO = "Governo do Estado da Bahia"
    assert "Governo do Estado da Bahia" in client.get(reverse("login")).content.decode()


def test_troca_de_senha_pelo_email_do_inicio_ao_fim(client, maria):
    resposta = pedir(client, "MARIA@orgao.gov.br")
    assert resposta.status_code == 302 and resposta.url == reverse("senha_enviada")
    assert "Verifique seu e-mail" in client.get(resposta.url).content.decode()
    assert len(mail.outbox) == 1
    mensagem = mail.outbox[0]
    assert mensagem.to == ["maria@orgao.gov.br"]
    assert mensagem.subject == "SEI — criar senha nova"
    assert "Maria Oliveira" in mensagem.body and "usuário maria" in mensagem.body

    link = link_do_email(mensagem)
    formulario = client.get(link, follow=True)
    assert "Criar senha nova" in formulario.content.decode()
    endereco = formulario.redirect_chain[-1][0]  # Django moves the token out of the address

    fraca = client.post(endereco, {"new_password1": "12345678", "new_password2": "12345678"})
    assert fraca.status_code == 200
    assert "inteiramente numérica" in fraca.content.decode()  # AUTH_PASSWORD_VALIDATORS, in pt-BR
    maria.refresh_from_db()
    assert not maria.check_password("12345678")

    pronta = client.post(endereco, {"new_password1": SENHA_NOVA, "new_password2": SENHA_NOVA})
    assert pronta.status_code == 302 and pronta.url == reverse("senha_redefinida")
    assert "Senha alterada" in client.get(pronta.url).content.decode()
    maria.refresh_from_db()
    assert maria.check_password(SENHA_NOVA)

    entrou = client.post(reverse("login"), {"username": "maria", "password": SENHA_NOVA})
    assert entrou.status_code == 302
    client.post(reverse("logout"))
    # The link is good once.
    de_novo = client.get(link, follow=True).content.decode()
    assert "Link inválido ou vencido" in de_novo


def test_email_desconhecido_recebe_a_mesma_resposta_e_nenhum_email(client, maria):
    conhecido = pedir(client, "maria@orgao.gov.br")
    desconhecido = pedir(client, "ninguem@orgao.gov.br")
    assert (conhecido.status_code, conhecido.url) == (desconhecido.status_code, desconhecido.url)
    assert [m.to for m in mail.outbox] == [["maria@orgao.gov.br"]]


def test_usuario_inativo_nao_recebe_link(client, maria):
    maria.is_active = False
    maria.save()
    assert pedir(client, "maria@orgao.gov.br").url == reverse("senha_enviada")
    assert mail.outbox == []


def test_pedidos_demais_param_de_enviar_sem_dizer(client, maria, settings):
    settings.SEI_SENHA_PEDIDOS = 2
    respostas = [pedir(client, "maria@orgao.gov.br") for _ in range(4)]
    assert {r.url for r in respostas} == {reverse("senha_enviada")}
    assert len(mail.outbox) == 2


def test_link_adulterado_nao_troca_a_senha(client, maria):
    pedir(client, "maria@orgao.gov.br")
    link = link_do_email(mail.outbox[0])
    adulterado = re.sub(r"/([^/]+)/$", "/x-errado/", link)
    html = client.get(adulterado, follow=True).content.decode()
    assert "Link inválido ou vencido" in html
    assert f'href="{reverse("senha_esqueci")}"' in html and "Portal do usuário externo" not in html


def test_senha_nova_pelo_email_desfaz_o_bloqueio_do_login(client, maria, settings):
    settings.SEI_LOGIN_TENTATIVAS = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "maria", "password": "errada-errada"})
    bloqueado = client.post(reverse("login"), {"username": "maria", "password": SENHA_NOVA})
    assert bloqueado.status_code == 429  # django-axes' lockout page

    pedir(client, "maria@orgao.gov.br")
    endereco = client.get(link_do_email(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(endereco, {"new_password1": SENHA_NOVA, "new_password2": SENHA_NOVA})

    assert client.post(reverse("login"), {"username": "maria", "password": SENHA_NOVA}).status_code == 302
