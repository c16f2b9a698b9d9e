"""The external portal and the internal system are two doors: an external user never reaches an
internal page or endpoint (session or token), an internal user's session is not an external one,
and only an approved external user gets into the portal."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from externo.models import CadastroExterno
from sei.models import Usuario
from tests.factories import SENHA_PADRAO

pytestmark = pytest.mark.django_db


def entrar_no_portal(client, login, senha=SENHA_PADRAO):
    return client.post(reverse("externo:entrar"), {"username": login, "password": senha})


def test_comando_cria_o_usuario_externo_pendente_ou_liberado(db):
    call_command("criar_usuario_externo", cpf="529.982.247-25", nome="João", email="joao@exemplo.com", senha=SENHA_PADRAO)
    joao = Usuario.objects.get(cpf="52998224725")
    assert joao.tipo == Usuario.Tipo.EXTERNO and joao.username == "52998224725"
    assert joao.cadastro_externo.situacao == CadastroExterno.Situacao.PENDENTE
    assert not joao.lotacoes.exists()

    call_command(
        "criar_usuario_externo", cpf="11144477735", nome="Ana", email="ana@exemplo.com", senha=SENHA_PADRAO, liberado=True
    )
    assert Usuario.objects.get(cpf="11144477735").cadastro_externo.liberado


def test_comando_recusa_cpf_invalido_e_repetido_sem_criar_nada(criar_externo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="CPF inválido"):
        call_command("criar_usuario_externo", cpf="123", nome="X", email="x@exemplo.com", senha=SENHA_PADRAO)
    criar_externo()
    with pytest.raises(CommandError, match="CPF já cadastrado"):
        call_command("criar_usuario_externo", cpf="52998224725", nome="X", email="y@exemplo.com", senha=SENHA_PADRAO)
    assert Usuario.objects.filter(tipo=Usuario.Tipo.EXTERNO).count() == 1


def test_externo_liberado_entra_pelo_cpf_ou_email_e_ve_o_portal(client, externo):
    resposta = entrar_no_portal(client, "529.982.247-25")
    assert resposta.status_code == 302 and resposta.url == reverse("externo:inicio")
    assert "Olá, João Cidadão" in client.get(reverse("externo:inicio")).content.decode()

    client.post(reverse("externo:sair"))
    assert entrar_no_portal(client, externo.email.upper()).status_code == 302


def test_cadastro_pendente_nao_entra_no_portal(client, criar_externo):
    criar_externo(liberado=False)
    resposta = entrar_no_portal(client, "52998224725")
    assert resposta.status_code == 200
    assert "aguarda a liberação" in resposta.content.decode()
    assert client.get(reverse("externo:inicio")).status_code == 302


def test_externo_nao_entra_pelo_login_interno(client, externo):
    resposta = client.post(reverse("login"), {"username": externo.username, "password": SENHA_PADRAO})
    assert resposta.status_code == 200
    assert "Usuários externos entram pelo portal" in resposta.content.decode()


def test_sessao_externa_nao_alcanca_paginas_nem_api_internas(client, externo, processo):
    assert entrar_no_portal(client, externo.username).status_code == 302
    for url in (reverse("processos:controle"), reverse("processos:detalhe", args=[processo.nup]), "/admin/"):
        resposta = client.get(url)
        assert resposta.status_code == 302 and resposta.url == "/externo/", url
    resposta = client.get("/api/v1/processos/")
    assert resposta.status_code == 403 and resposta.json()["code"] == "usuario_externo"


def test_token_externo_nao_responde_na_api_interna(externo, processo):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=externo).key}")
    for url in ("/api/v1/processos/", f"/api/v1/processos/{processo.nup}/", "/api/v1/unidades/"):
        resposta = api.get(url)
        assert resposta.status_code == 403, url
        assert "usuários externos usam /api/v1/externo/" in resposta.json()["detail"]


def test_sessao_interna_nao_e_sessao_do_portal(client, entrar, atores):
    entrar(atores["A"])
    resposta = client.get(reverse("externo:inicio"))
    assert resposta.status_code == 302 and resposta.url.startswith(reverse("externo:entrar"))
    resposta = entrar_no_portal(client, atores["A"].usuario.username)
    assert "Servidores do órgão entram pelo SEI" in resposta.content.decode()
