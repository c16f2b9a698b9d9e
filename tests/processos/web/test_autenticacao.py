"""Login, logout, lockout after repeated failures, unit switcher."""

import time

import pytest
from django.urls import reverse

from sei.contexto import SESSAO_UNIDADE
from sei.middleware import SESSAO_INICIO, SESSAO_ULTIMO_USO
from tests.factories import lotar


@pytest.fixture(autouse=True)
def _axes_limpo(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def test_pagina_de_login_em_portugues(client, db):
    resposta = client.get(reverse("login"))
    html = resposta.content.decode()
    assert resposta.status_code == 200
    assert '<html lang="pt-BR">' in html
    assert 'for="id_username"' in html and "Usuário" in html
    assert 'for="id_password"' in html and "Senha" in html


def test_login_leva_ao_controle_na_primeira_unidade(client, atores, unidades, senha):
    usuario = atores["B"].usuario
    lotar(usuario, unidades["A"])  # A comes first alphabetically
    resposta = client.post(reverse("login"), {"username": usuario.username, "password": senha})
    assert resposta.status_code == 302
    assert resposta.url == reverse("processos:controle")
    assert client.session[SESSAO_UNIDADE] == unidades["A"].pk
    pagina = client.get(reverse("processos:controle"))
    assert "Controle de Processos" in pagina.content.decode()


def test_senha_errada_mostra_erro(client, atores):
    resposta = client.post(reverse("login"), {"username": atores["A"].usuario.username, "password": "errada"})
    assert resposta.status_code == 200
    assert "Usuário ou senha incorretos." in resposta.content.decode()


def test_bloqueio_apos_cinco_tentativas(client, atores, senha):
    usuario = atores["A"].usuario.username
    for _ in range(5):
        client.post(reverse("login"), {"username": usuario, "password": "errada"})
    # Even the right password is refused while the lockout lasts.
    resposta = client.post(reverse("login"), {"username": usuario, "password": senha})
    assert resposta.status_code == 429
    html = resposta.content.decode()
    assert "Acesso bloqueado temporariamente" in html
    assert "_auth_user_id" not in client.session


def _tentar(client, usuario: str, senha: str, endereco: str):
    return client.post(reverse("login"), {"username": usuario, "password": senha}, REMOTE_ADDR=endereco)


def test_uma_conta_atacada_de_muitos_enderecos_e_bloqueada(client, atores, senha, settings):
    settings.SEI_LOGIN_TENTATIVAS_CONTA = 8
    usuario = atores["A"].usuario.username
    for n in range(7):  # one failure from each address: no (login, address) pair reaches 5
        assert _tentar(client, usuario, "errada", f"198.51.100.{n}").status_code == 200
    assert _tentar(client, usuario, "errada", "198.51.100.7").status_code == 429  # the 8th locks
    # The account is locked from any address, even with the right password...
    assert _tentar(client, usuario, senha, "203.0.113.9").status_code == 429
    # ...and another account is not.
    assert _tentar(client, atores["B"].usuario.username, senha, "203.0.113.9").status_code == 302


def test_uma_senha_espalhada_por_muitas_contas_bloqueia_o_endereco(client, db, senha, settings):
    from tests.factories import UsuarioFactory

    settings.SEI_LOGIN_TENTATIVAS_ENDERECO = 10
    contas = [UsuarioFactory(username=f"alvo{n}").username for n in range(11)]
    for conta in contas[:9]:  # one attempt per account: neither a pair nor an account reaches its limit
        assert _tentar(client, conta, "Primavera2026", "192.0.2.50").status_code == 200
    assert _tentar(client, contas[9], "Primavera2026", "192.0.2.50").status_code == 429  # the 10th locks
    # The address is locked, for any account...
    assert _tentar(client, contas[10], senha, "192.0.2.50").status_code == 429
    # ...while the same accounts still log in from elsewhere.
    assert _tentar(client, contas[10], senha, "192.0.2.51").status_code == 302


def test_login_certo_nao_apaga_as_falhas_do_endereco(client, atores, senha, settings):
    settings.SEI_LOGIN_TENTATIVAS_ENDERECO = 6
    from tests.factories import UsuarioFactory

    for n in range(5):
        _tentar(client, UsuarioFactory(username=f"vitima{n}").username, "errada", "192.0.2.70")
    # The sprayer knows one password: logging in with it does not wipe the address's count.
    assert _tentar(client, atores["A"].usuario.username, senha, "192.0.2.70").status_code == 302
    client.post(reverse("logout"))
    assert _tentar(client, UsuarioFactory(username="vitima5").username, "errada", "192.0.2.70").status_code == 429
    assert _tentar(client, atores["B"].usuario.username, senha, "192.0.2.70").status_code == 429


def test_controle_exige_login(client, db):
    resposta = client.get(reverse("processos:controle"))
    assert resposta.status_code == 302
    assert resposta.url.startswith(reverse("login"))


def test_logout_somente_por_post(entrar, atores, caplog):
    cliente = entrar(atores["A"])
    assert cliente.get(reverse("logout")).status_code == 405
    resposta = cliente.post(reverse("logout"))
    assert resposta.status_code == 302
    assert resposta.url == reverse("login")
    assert cliente.get(reverse("processos:controle")).status_code == 302
    assert f"saída: usuario={atores['A'].usuario.pk}" in caplog.text  # an authentication event, logged


def test_trocar_para_unidade_propria(entrar, atores, unidades):
    lotar(atores["A"].usuario, unidades["B"])
    cliente = entrar(atores["A"])
    html = cliente.get(reverse("processos:controle")).content.decode()
    assert f'<option value="{unidades["B"].pk}">B (ORG)</option>' in html
    assert "C (ORG)" not in html
    resposta = cliente.post(reverse("trocar_unidade"), {"unidade": unidades["B"].pk})
    assert resposta.status_code == 302
    assert cliente.session[SESSAO_UNIDADE] == unidades["B"].pk
    assert "Controle de Processos <span class=\"subtitulo\">B</span>" in cliente.get(
        reverse("processos:controle")
    ).content.decode()


def test_trocar_para_unidade_alheia_e_recusado(entrar, atores, unidades):
    cliente = entrar(atores["A"])
    resposta = cliente.post(reverse("trocar_unidade"), {"unidade": unidades["C"].pk})
    assert resposta.status_code == 403
    assert cliente.session[SESSAO_UNIDADE] == unidades["A"].pk


def test_trocar_unidade_por_get_nao_permitido(entrar, atores, unidades):
    cliente = entrar(atores["A"])
    assert cliente.get(reverse("trocar_unidade"), {"unidade": unidades["A"].pk}).status_code == 405


def test_usuario_sem_unidade_ve_acesso_negado(client, db):
    from tests.factories import UsuarioFactory

    usuario = UsuarioFactory(username="sem_unidade")
    client.force_login(usuario, backend="django.contrib.auth.backends.ModelBackend")
    resposta = client.get(reverse("processos:controle"))
    assert resposta.status_code == 403
    assert "Acesso negado" in resposta.content.decode()


# --- Session timeouts ---------------------------------------------------------------------------


def _recuar(cliente, chave: str, segundos: int) -> None:
    """Move one of the session's clocks ``segundos`` into the past."""
    sessao = cliente.session
    sessao[chave] -= segundos
    sessao.save()


def test_login_marca_o_inicio_e_o_uso_da_sessao(client, atores, senha):
    client.post(reverse("login"), {"username": atores["A"].usuario.username, "password": senha})
    sessao = client.session
    assert SESSAO_INICIO in sessao and sessao[SESSAO_ULTIMO_USO] == sessao[SESSAO_INICIO]


def test_sessao_ociosa_alem_do_limite_e_encerrada(client, atores, senha, settings):
    settings.SEI_SESSAO_INATIVIDADE_SEGUNDOS = 1800
    client.post(reverse("login"), {"username": atores["A"].usuario.username, "password": senha})
    _recuar(client, SESSAO_ULTIMO_USO, 1700)  # 28 minutes idle: still in
    assert client.get(reverse("processos:controle")).status_code == 200
    _recuar(client, SESSAO_ULTIMO_USO, 1801)
    resposta = client.get(reverse("processos:controle"), follow=True)
    assert resposta.redirect_chain[-1][0].startswith(reverse("login"))
    assert "encerrada por inatividade" in resposta.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("processos:controle")).status_code == 302  # logged out for good


def test_uso_renova_a_inatividade_mas_nao_a_duracao_maxima(client, atores, senha, settings):
    settings.SEI_SESSAO_INATIVIDADE_SEGUNDOS = 1800
    settings.SESSION_COOKIE_AGE = 8 * 3600
    client.post(reverse("login"), {"username": atores["A"].usuario.username, "password": senha})
    _recuar(client, SESSAO_INICIO, 8 * 3600 - 120)
    _recuar(client, SESSAO_ULTIMO_USO, 1700)
    assert client.get(reverse("processos:controle")).status_code == 200
    assert time.time() - client.session[SESSAO_ULTIMO_USO] < 5  # the click renewed it
    _recuar(client, SESSAO_INICIO, 121)  # in use all along, but 8 hours since login
    resposta = client.get(reverse("processos:controle"), follow=True)
    assert "duração máxima" in resposta.content.decode()
    assert "_auth_user_id" not in client.session


def test_api_com_token_nao_depende_de_sessao(atores, settings):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    settings.SEI_SESSAO_INATIVIDADE_SEGUNDOS = 0
    token, _ = Token.objects.get_or_create(user=atores["A"].usuario)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_UNIDADE="A")
    assert api.get("/api/v1/controle-processos/").status_code == 200
    assert api.get("/api/v1/controle-processos/").status_code == 200
