"""API of the pesquisa pública: the page's read path as JSON — what the public may not see is a
404 exactly like a nonexistent process, CPF/CNPJ masked, CPF/CNPJ queries refused (400 in the
contract's shape), the limit per address, and a token gives no more than anonymous."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from busca import publica
from tests.busca.test_pesquisa_publica import _limite_zerado, cenario  # noqa: F401 - fixtures

URL = "/api/v1/publico/pesquisa/"


def _processo(nup):
    return f"/api/v1/publico/processos/{nup}/"


@pytest.mark.django_db
def test_processo_publico_mascarado_e_os_demais_404_como_inexistente(cenario, client):  # noqa: F811
    resposta = client.get(_processo(cenario["publico"].nup))
    assert resposta.status_code == 200
    dados = resposta.json()
    assert dados["nup_formatado"] == cenario["publico"].nup_formatado
    assert "Maria Zebrafina (***.982.247-**)" in dados["interessados"]
    assert "**.345.678/****-**" in dados["especificacao"]
    corpo = resposta.content.decode()
    assert "52998224725" not in corpo and "12.345.678/0001-90" not in corpo
    assert [d["numero_sei"] for d in dados["documentos"]] == [cenario["assinado"].numero_sei]
    assert any(a["descricao"] == "Processo gerado" for a in dados["andamentos"])
    inexistente = client.get(_processo("99999000001202699"))
    assert inexistente.status_code == 404
    for p in cenario["escondidos_procs"]:
        escondido = client.get(_processo(p.nup))
        assert escondido.status_code == 404 and escondido.json() == inexistente.json()


@pytest.mark.django_db
def test_pesquisa_por_nup_e_por_interessado(cenario, client):  # noqa: F811
    dados = client.get(URL, {"nup": cenario["publico"].nup_formatado}).json()
    assert [r["nup"] for r in dados["results"]] == [cenario["publico"].nup]
    assert dados["results"][0]["url"].endswith(_processo(cenario["publico"].nup))
    for p in cenario["escondidos_procs"]:
        assert client.get(URL, {"nup": p.nup}).json()["results"] == []
    nomes = client.get(URL, {"interessado": "Zebrafina"}).json()
    assert [r["nup"] for r in nomes["results"]] == [cenario["publico"].nup]


@pytest.mark.django_db
def test_erros_400_no_formato_do_contrato(client):
    vazia = client.get(URL)
    assert vazia.status_code == 400 and vazia.json()["code"] == "pesquisa_vazia"
    for parametros in ({"q": "529.982.247-25"}, {"interessado": "12345678000190"}):
        resposta = client.get(URL, parametros)
        assert resposta.status_code == 400
        corpo = resposta.json()
        assert corpo["code"] == "cpf_cnpj_na_pesquisa" and "não aceita CPF nem CNPJ" in corpo["detail"]
    malformada = client.get(URL, {"q": '"aspas sem fim'})
    assert malformada.status_code in (200, 400)
    periodo = client.get(URL, {"interessado": "Maria", "de": "2026-05-01", "ate": "2026-01-01"})
    assert periodo.status_code == 400 and "posterior" in periodo.json()["detail"]
    cursor = client.get(URL, {"interessado": "Maria", "cursor": "adulterado"})
    assert cursor.status_code == 400 and "cursor" in cursor.json()["errors"]
    data = client.get(URL, {"interessado": "Maria", "de": "ontem"})
    assert data.status_code == 400 and "de" in data.json()["errors"]


@pytest.mark.django_db
def test_cursor_percorre_as_paginas(atores, criar_processo, client, settings, monkeypatch):
    from processos import services
    from tests.factories import tipo_processo

    monkeypatch.setattr(publica, "POR_PAGINA", 2)
    aberto = tipo_processo(nome="Compras abertas")
    services.tipo_processo_definir_pesquisa_publica(tipo=aberto, pesquisa_publica=True)
    criados = {criar_processo(atores["A"], tipo=aberto, especificacao=f"Compra {i}").nup for i in range(5)}
    vistos, url = [], URL + f"?tipo_processo={aberto.pk}"
    while url:
        pagina = client.get(url).json()
        vistos += [r["nup"] for r in pagina["results"]]
        url = pagina["next"]
    assert len(vistos) == 5 and set(vistos) == criados


@pytest.mark.django_db
def test_token_interno_ou_externo_nao_da_mais_que_anonimo(cenario, atores, client):  # noqa: F811
    from externo import services as externo_services

    externo = externo_services.cadastro_criar(
        cpf="52998224725", nome="João", email="j@exemplo.com.br", senha="Senha-forte-123", liberado=True,
        email_confirmado=True,
    ).usuario  # fmt: skip
    restrito = cenario["escondidos_procs"][0]
    for usuario in (atores["A"].usuario, externo):
        api = APIClient()
        token, _ = Token.objects.get_or_create(user=usuario)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_UNIDADE="A")
        assert api.get(_processo(restrito.nup)).status_code == 404
        assert api.get(_processo(cenario["publico"].nup)).status_code == 200
        api.force_authenticate(user=None)
    # A browser session of the unit that generated the restrito gets no more either.
    client.force_login(atores["A"].usuario, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(_processo(restrito.nup)).status_code == 404


@pytest.mark.django_db
def test_limite_por_endereco_429(client):
    for _ in range(publica.LIMITE_POR_MINUTO):
        client.get(URL)
    resposta = client.get(URL)
    assert resposta.status_code == 429 and resposta.json()["code"] == "muitas_pesquisas"


@pytest.mark.django_db
def test_esquema_documenta_os_endpoints(client, atores, cliente_api):
    esquema = cliente_api(atores["A"]).get("/api/v1/schema/?format=json").json()
    assert "/api/v1/publico/pesquisa/" in esquema["paths"]
    assert "/api/v1/publico/processos/{nup}/" in esquema["paths"]
