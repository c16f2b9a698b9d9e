"""Login, logout, lockout after repeated failures, unit switcher."""

import pytest
from django.urls import reverse

from sei.contexto import SESSAO_UNIDADE
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


def test_controle_exige_login(client, db):
    resposta = client.get(reverse("processos:controle"))
    assert resposta.status_code == 302
    assert resposta.url.startswith(reverse("login"))


def test_logout_somente_por_post(entrar, atores):
    cliente = entrar(atores["A"])
    assert cliente.get(reverse("logout")).status_code == 405
    resposta = cliente.post(reverse("logout"))
    assert resposta.status_code == 302
    assert resposta.url == reverse("login")
    assert cliente.get(reverse("processos:controle")).status_code == 302


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
