"""The frame around every page: the left menu, the unit switcher that says what it did, the
footer's link to the API docs and the icon."""

import pytest
from django.urls import reverse

from tests.factories import lotar

pytestmark = pytest.mark.django_db


def test_menu_lateral_rodape_e_icone(entrar, atores):
    html = entrar(atores["A"]).get(reverse("processos:controle")).content.decode()

    assert 'id="menu-lateral"' in html and 'aria-label="Menu principal"' in html
    for entrada in ("Controle de Processos", "Iniciar Processo", "Pesquisa", "Blocos"):
        assert f">{entrada}" in html
    assert 'aria-controls="menu-lateral" aria-expanded="true" hidden' in html  # shown by sei.js
    assert f'<a href="{reverse("api-docs")}">Documentação da API</a>' in html
    assert 'rel="icon" href="/static/img/sei.svg"' in html


def test_favicon_ico_leva_ao_icone(client):
    resposta = client.get("/favicon.ico")
    assert resposta.status_code == 301 and resposta.url == "/static/img/sei.svg"


def test_trocar_unidade_diz_para_qual(entrar, atores, unidades):
    lotar(atores["A"].usuario, unidades["B"])
    cliente = entrar(atores["A"])
    html = cliente.get(reverse("processos:controle")).content.decode()
    assert "data-trocar-ao-escolher" in html  # sei.js submits on choice; the button stays without JS

    resposta = cliente.post(reverse("trocar_unidade"), {"unidade": unidades["B"].pk}, follow=True)

    assert f"Unidade alterada para B — {unidades['B'].nome}." in resposta.content.decode()
