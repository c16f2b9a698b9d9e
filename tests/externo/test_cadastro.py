"""Public registration at /externo/cadastro/: all or nothing, each refusal said on its field;
the e-mail confirmed by a signed link that expires; per-address limit; the pending user told
what is still missing when trying to sign in."""

import pytest
from django.core import mail, signing
from django.urls import reverse

from externo import services
from externo.models import CadastroExterno, TermosDeUso
from sei.models import Usuario
from tests.externo.conftest import link_do_email

pytestmark = pytest.mark.django_db

SENHA = "Cafe-com-pao-de-queijo-42"


def dados(**mudancas):
    _, versao = services.termos_vigentes()
    base = {
        "cpf": "529.982.247-25",
        "nome": "Joana da Silva",
        "email": "joana@exemplo.com.br",
        "telefone": "(27) 99999-0000",
        "endereco": "Rua das Flores, 10, Vitória/ES",
        "senha": SENHA,
        "senha_confirmacao": SENHA,
        "termos_versao": versao,
        "aceite": "on",
    }
    base.update(mudancas)
    return {k: v for k, v in base.items() if v is not None}


def cadastrar(client, capturar, endereco="127.0.0.1", **mudancas):
    with capturar(execute=True):
        return client.post(reverse("externo:cadastro"), dados(**mudancas), REMOTE_ADDR=endereco)


def test_pagina_de_cadastro_mostra_os_termos_do_orgao(client):
    TermosDeUso.objects.create(texto="Termos do órgão: a senha é pessoal e intransferível.")
    html = client.get(reverse("externo:cadastro")).content.decode()
    assert "Termos do órgão: a senha é pessoal e intransferível." in html
    assert 'name="aceite"' in html and 'name="cpf"' in html


def test_cadastro_cria_pendente_e_envia_o_link_de_confirmacao(client, django_capture_on_commit_callbacks):
    resposta = cadastrar(client, django_capture_on_commit_callbacks)

    assert resposta.status_code == 302 and resposta.url == reverse("externo:cadastro_enviado")
    joana = Usuario.objects.get(cpf="52998224725")
    assert joana.tipo == Usuario.Tipo.EXTERNO and joana.username == "52998224725"
    cadastro = joana.cadastro_externo
    assert cadastro.situacao == CadastroExterno.Situacao.PENDENTE and cadastro.email_confirmado_em is None
    assert cadastro.telefone == "(27) 99999-0000" and cadastro.endereco.startswith("Rua das Flores")
    texto, versao = services.termos_vigentes()
    assert cadastro.termos_versao == versao == TermosDeUso.resumo(texto) and cadastro.termos_aceitos_em
    assert joana.check_password(SENHA)
    assert "joana@exemplo.com.br" in client.get(resposta.url).content.decode()

    (mensagem,) = mail.outbox
    assert mensagem.to == ["joana@exemplo.com.br"] and "Confirme seu e-mail" in mensagem.subject
    assert "48 horas" in mensagem.body
    link = link_do_email(mensagem, "/externo/cadastro/confirmar/")

    # The link shows a button (a GET changes nothing); the POST confirms.
    assert "Confirmar e-mail" in client.get(link).content.decode()
    cadastro.refresh_from_db()
    assert cadastro.email_confirmado_em is None
    resposta = client.post(link)
    assert resposta.status_code == 200 and "aguarda a liberação pelo órgão" in resposta.content.decode()
    cadastro.refresh_from_db()
    assert cadastro.email_confirmado_em is not None and cadastro.situacao == CadastroExterno.Situacao.PENDENTE
    # A second use changes nothing.
    confirmado_em = cadastro.email_confirmado_em
    assert client.post(link).status_code == 200
    cadastro.refresh_from_db()
    assert cadastro.email_confirmado_em == confirmado_em


@pytest.mark.parametrize(
    ("mudancas", "campo", "mensagem"),
    [
        ({"cpf": "123.456.789-00"}, "cpf", "CPF inválido"),
        ({"cpf": "111.111.111-11"}, "cpf", "CPF inválido"),
        ({"senha": "12345678", "senha_confirmacao": "12345678"}, "senha", "comum"),
        ({"senha": "curta", "senha_confirmacao": "curta"}, "senha", "muito curta"),
        ({"senha_confirmacao": "Outra-senha-qualquer-9"}, "senha_confirmacao", "não conferem"),
        ({"aceite": None}, "aceite", "Aceite os termos de uso"),
        ({"email": "nao-e-email"}, "email", "e-mail válido"),
        ({"nome": ""}, "nome", "obrigatório"),
    ],
)
def test_cadastro_recusado_nao_cria_nada(
    client, django_capture_on_commit_callbacks, mudancas, campo, mensagem
):
    resposta = cadastrar(client, django_capture_on_commit_callbacks, **mudancas)

    assert resposta.status_code == 200
    erros = resposta.context["form"].errors
    assert campo in erros and mensagem.lower() in " ".join(erros[campo]).lower(), erros
    assert not Usuario.objects.filter(tipo=Usuario.Tipo.EXTERNO).exists()
    assert not CadastroExterno.objects.exists() and not mail.outbox


def test_cpf_ou_email_repetidos_sao_recusados_sem_criar_nada(
    client, criar_externo, django_capture_on_commit_callbacks
):
    criar_externo(cpf="52998224725", email="ja@exemplo.com.br")

    resposta = cadastrar(client, django_capture_on_commit_callbacks)
    assert "Já existe um cadastro com este CPF." in resposta.content.decode()
    resposta = cadastrar(
        client, django_capture_on_commit_callbacks, cpf="111.444.777-35", email="JA@exemplo.com.br"
    )
    assert "Já existe um cadastro com este e-mail." in resposta.content.decode()

    assert Usuario.objects.filter(tipo=Usuario.Tipo.EXTERNO).count() == 1 and not mail.outbox


def test_termos_trocados_durante_o_preenchimento_pedem_novo_aceite(
    client, django_capture_on_commit_callbacks
):
    antigos = dados()["termos_versao"]
    TermosDeUso.objects.create(texto="Termos novos do órgão.")

    resposta = cadastrar(client, django_capture_on_commit_callbacks, termos_versao=antigos)

    assert "Os termos de uso foram atualizados" in resposta.content.decode()
    assert "Termos novos do órgão." in resposta.content.decode()
    assert not Usuario.objects.filter(tipo=Usuario.Tipo.EXTERNO).exists()


def test_limite_de_cadastros_por_endereco(
    client, settings, django_capture_on_commit_callbacks, endereco_novo
):
    settings.SEI_CADASTRO_PEDIDOS = 2
    cadastrar(client, django_capture_on_commit_callbacks, endereco_novo, cpf="abc")  # refused, but counted
    cadastrar(client, django_capture_on_commit_callbacks, endereco_novo, cpf="def")

    resposta = cadastrar(client, django_capture_on_commit_callbacks, endereco_novo)

    assert "Muitos cadastros feitos deste endereço" in resposta.content.decode()
    assert not Usuario.objects.filter(tipo=Usuario.Tipo.EXTERNO).exists()


def test_link_vencido_ou_adulterado_nao_confirma(client, criar_externo, settings, monkeypatch):
    cadastro = criar_externo(liberado=False)
    token = services.token_confirmacao(cadastro.usuario)
    url = reverse("externo:confirmar_email", args=[token])

    adulterado = reverse(
        "externo:confirmar_email", args=[token[:-2] + ("AA" if token[-2:] != "AA" else "BB")]
    )
    resposta = client.post(adulterado)
    assert resposta.status_code == 400 and "Link de confirmação inválido" in resposta.content.decode()

    # Signed for another e-mail (the address changed since): refused too.
    outro = signing.dumps(
        {"u": cadastro.usuario.pk, "e": "outro@exemplo.com"}, salt="externo.confirmar-email", compress=True
    )
    assert client.post(reverse("externo:confirmar_email", args=[outro])).status_code == 400

    settings.SEI_CADASTRO_LINK_HORAS = 48
    agora = signing.time.time()
    monkeypatch.setattr(signing.time, "time", lambda: agora + 49 * 3600)
    resposta = client.post(url)
    assert resposta.status_code == 400 and "venceu" in resposta.content.decode()

    cadastro.refresh_from_db()
    assert cadastro.email_confirmado_em is None


def test_reenviar_confirmacao_responde_igual_e_so_envia_a_pendente_nao_confirmado(
    client, criar_externo, settings, endereco_novo
):
    criar_externo(liberado=False, email="pendente@exemplo.com.br")
    criar_externo(cpf="11144477735", email="liberado@exemplo.com.br")

    for email in ("pendente@exemplo.com.br", "liberado@exemplo.com.br", "ninguem@exemplo.com.br"):
        resposta = client.post(reverse("externo:reenviar_confirmacao"), {"email": email}, follow=True)
        assert "Se houver um cadastro com este e-mail aguardando confirmação" in resposta.content.decode()

    (mensagem,) = mail.outbox
    assert mensagem.to == ["pendente@exemplo.com.br"]
    assert client.post(link_do_email(mensagem, "/externo/cadastro/confirmar/")).status_code == 200

    settings.SEI_CADASTRO_PEDIDOS = 1
    mail.outbox.clear()
    CadastroExterno.objects.update(email_confirmado_em=None)
    for _ in range(2):
        client.post(
            reverse("externo:reenviar_confirmacao"),
            {"email": "outro@exemplo.com.br"},
            REMOTE_ADDR=endereco_novo,
        )
    client.post(
        reverse("externo:reenviar_confirmacao"),
        {"email": "pendente@exemplo.com.br"},
        REMOTE_ADDR=endereco_novo,
    )
    assert not mail.outbox  # past the limit: the same answer, nothing sent


def test_pendente_nao_entra_e_sabe_o_que_falta(client, criar_externo):
    cadastro = criar_externo(liberado=False)
    entrar = {"username": cadastro.usuario.username, "password": "Senha-de-teste-123"}

    html = client.post(reverse("externo:entrar"), entrar).content.decode()
    assert "Seu e-mail ainda não foi confirmado" in html

    CadastroExterno.objects.update(email_confirmado_em=cadastro.criado_em)
    html = client.post(reverse("externo:entrar"), entrar).content.decode()
    assert "Seu e-mail foi confirmado e o cadastro aguarda a liberação pelo órgão" in html

    # A wrong password says nothing of the record.
    html = client.post(reverse("externo:entrar"), {**entrar, "password": "errada"}).content.decode()
    assert "CPF/e-mail ou senha incorretos" in html and "confirmado" not in html
    assert client.get(reverse("externo:inicio")).status_code == 302


def test_login_do_portal_tem_links_de_cadastro_e_de_senha(client):
    html = client.get(reverse("externo:entrar")).content.decode()
    assert reverse("externo:cadastro") in html and "Cadastre-se" in html
    assert reverse("externo:senha_esqueci") in html and "Esqueci minha senha" in html


def test_cadastro_nunca_confirmado_e_apagado_depois_que_o_link_vence_e_o_cpf_volta_a_servir(
    client, django_capture_on_commit_callbacks, endereco_novo
):
    """Someone who typed another person's CPF and never confirmed does not hold it for good: once
    the link is dead, the beat deletes the registration and the real owner can register."""
    from datetime import timedelta

    from django.utils import timezone

    from externo.tasks import apagar_cadastros_nao_confirmados

    cadastrar(client, django_capture_on_commit_callbacks)
    confirmado = services.cadastro_criar(
        cpf="111.444.777-35", nome="Caio Confirmado", email="caio@exemplo.com.br", senha=SENHA, email_confirmado=True
    )
    antigo = timezone.now() - timedelta(hours=49)
    CadastroExterno.objects.update(criado_em=antigo)

    assert apagar_cadastros_nao_confirmados() == 1
    assert not Usuario.objects.filter(cpf="52998224725").exists()
    assert CadastroExterno.objects.filter(pk=confirmado.pk).exists()  # confirmed: waits for the órgão
    assert apagar_cadastros_nao_confirmados() == 0

    resposta = cadastrar(client, django_capture_on_commit_callbacks, endereco=endereco_novo)
    assert resposta.status_code == 302
    assert Usuario.objects.get(cpf="52998224725").cadastro_externo.situacao == CadastroExterno.Situacao.PENDENTE


def test_cadastro_nao_confirmado_dentro_do_prazo_do_link_fica(client, django_capture_on_commit_callbacks):
    from externo.tasks import apagar_cadastros_nao_confirmados

    cadastrar(client, django_capture_on_commit_callbacks)
    assert apagar_cadastros_nao_confirmados() == 0
    assert Usuario.objects.filter(cpf="52998224725").exists()
