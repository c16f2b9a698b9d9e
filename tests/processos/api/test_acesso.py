"""The access matrix through the API: público, restrito and sigiloso, as seen by the creator's
unit, another unit of the órgão, a colleague without credential and another órgão."""

import pytest

from processos.models import NivelAcesso
from tests.factories import lotar
from tests.processos.api.conftest import url_processo


def _lista(c) -> set[str]:
    r = c.get("/api/v1/processos/")
    assert r.status_code == 200
    return {i["nup"] for i in r.json()["results"]}


def _caixa(c) -> tuple[int, set[str]]:
    r = c.get("/api/v1/controle-processos/")
    assert r.status_code == 200
    return r.json()["count"], {i["nup"] for i in r.json()["results"]}


def test_publico_todo_o_orgao_ve_tudo_outro_orgao_nada(atores, ator_x, cliente, criar_processo):
    p = criar_processo(atores["A"], interessados=["Maria"])
    b = cliente(atores["B"])
    assert p.nup in _lista(b)
    d = b.get(url_processo(p)).json()
    assert d["acesso_conteudo"] is True and d["especificacao"] == "Especificação de teste"
    assert d["interessados"] == [{"nome": "Maria", "cpf_cnpj": ""}]
    assert d["observacao"] is None  # B não tem observação própria neste processo
    assert b.get(url_processo(p, "andamentos")).json()["results"][0]["atributos"] is not None
    x = cliente(ator_x)
    assert p.nup not in _lista(x)
    assert x.get(url_processo(p)).status_code == 404
    assert x.get(url_processo(p, "andamentos")).status_code == 404


def test_restrito_quem_nao_tramitou_ve_existencia_e_historico_sem_conteudo(
    atores, ator_x, cliente, criar_processo
):
    p = criar_processo(
        atores["A"], nivel=NivelAcesso.RESTRITO, interessados=["Zuleica Interessada"], observacao="nota"
    )
    b = cliente(atores["B"])
    r = b.get("/api/v1/processos/")
    linha = next(i for i in r.json()["results"] if i["nup"] == p.nup)
    assert linha["especificacao"] is None and linha["acesso_conteudo"] is False
    assert b.get("/api/v1/processos/", {"interessado": "Zuleica"}).json()["count"] == 0

    d = b.get(url_processo(p.nup_formatado)).json()
    assert d["acesso_conteudo"] is False
    assert d["especificacao"] is None and d["interessados"] is None and d["observacao"] is None
    assert d["nivel_acesso"] == "restrito" and d["hipotese_legal"]["nome"]
    assert d["tipo"]["nome"] and d["nup"] == p.nup
    assert [u["sigla"] for u in d["unidades_abertas"]] == ["A"]

    historico = b.get(url_processo(p, "andamentos"))
    assert historico.status_code == 200
    assert [h["tipo"] for h in historico.json()["results"]] == ["geracao"]
    assert historico.json()["results"][0]["atributos"] is None
    assert "Zuleica" not in historico.content.decode()

    # quem criou vê tudo; outro órgão não sabe que existe
    assert (
        cliente(atores["A"]).get(url_processo(p)).json()["interessados"][0]["nome"] == "Zuleica Interessada"
    )
    assert cliente(ator_x).get(url_processo(p)).status_code == 404
    assert p.nup not in _lista(cliente(ator_x))


def test_restrito_alteracao_nao_vaza_conteudo_no_historico(atores, cliente, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    cliente(atores["A"]).patch(url_processo(p), {"especificacao": "Denúncia contra Xisto"}, format="json")
    r = cliente(atores["B"]).get(url_processo(p, "andamentos"))
    assert "Xisto" not in r.content.decode()
    r = cliente(atores["A"]).get(url_processo(p, "andamentos"))
    assert "Xisto" in r.content.decode()


@pytest.fixture
def sigiloso(atores, criar_processo):
    return criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)


def test_sigiloso_invisivel_sem_credencial(atores, unidades, ator_x, cliente, sigiloso):
    colega = lotar(atores["C"].usuario, unidades["A"])  # user_c também lotado em A, sem credencial
    for c in (cliente(atores["B"]), cliente(colega, unidade="A"), cliente(ator_x)):
        assert sigiloso.nup not in _lista(c)
        assert c.get(url_processo(sigiloso)).status_code == 404
        assert c.get(url_processo(sigiloso, "andamentos")).status_code == 404
        assert c.get(url_processo(sigiloso, "credenciais")).status_code == 404
        assert c.post(url_processo(sigiloso, "concluir")).status_code == 404
    assert _caixa(cliente(colega, unidade="A")) == (0, set())
    assert _caixa(cliente(atores["A"])) == (1, {sigiloso.nup})


def test_credencial_concedida_aparece_e_cassada_some_na_hora(atores, unidades, cliente, sigiloso):
    a, b = cliente(atores["A"]), cliente(atores["B"])
    r = a.post(url_processo(sigiloso, "credenciais"), {"usuario": "user_b"}, format="json")
    assert r.status_code == 201, r.json()
    credencial = r.json()
    assert (credencial["usuario"], credencial["unidade"], credencial["concedida_por"]) == (
        "user_b",
        "B",
        "user_a",
    )
    assert credencial["cassada_em"] is None

    assert sigiloso.nup in _lista(b)
    assert b.get(url_processo(sigiloso)).json()["acesso_conteudo"] is True
    assert _caixa(b) == (1, {sigiloso.nup})
    titulares = a.get(url_processo(sigiloso, "credenciais")).json()
    assert {c["usuario"] for c in titulares["results"]} == {"user_a", "user_b"}

    r = a.post(url_processo(sigiloso, f"credenciais/{credencial['id']}/cassar"))
    assert r.status_code == 200
    assert r.json()["cassada_em"] is not None and r.json()["cassada_por"] == "user_a"
    assert sigiloso.nup not in _lista(b)
    assert _caixa(b) == (0, set())
    assert b.get(url_processo(sigiloso)).status_code == 404
    assert {c["usuario"] for c in a.get(url_processo(sigiloso, "credenciais")).json()["results"]} == {
        "user_a"
    }
    historico = [h["tipo"] for h in a.get(url_processo(sigiloso, "andamentos")).json()["results"]]
    assert historico[:2] == ["credencial_cassacao", "credencial_concessao"]


def test_credenciais_erros(atores, unidades, cliente, criar_processo, sigiloso):
    a = cliente(atores["A"])
    url = url_processo(sigiloso, "credenciais")
    r = a.post(url, {"usuario": "ninguem"}, format="json")
    assert r.status_code == 400 and "usuario" in r.json()["errors"]
    r = a.post(url, {"usuario": "user_b", "unidade": "NAOEXISTE"}, format="json")
    assert r.status_code == 400 and "unidade" in r.json()["errors"]
    r = a.post(url, {"usuario": "user_b", "unidade": "C"}, format="json")  # user_b não é de C
    assert r.status_code == 400 and "usuario" in r.json()["errors"]
    lotar(atores["B"].usuario, unidades["C"])
    r = a.post(url, {"usuario": "user_b"}, format="json")  # várias unidades, nenhuma é a atual
    assert r.status_code == 400 and "unidade" in r.json()["errors"]
    assert a.post(url, {"usuario": "user_b", "unidade": "C"}, format="json").status_code == 201
    r = a.post(url, {"usuario": "user_b", "unidade": "C"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "credencial_existente"
    propria = next(c for c in a.get(url).json()["results"] if c["usuario"] == "user_a")
    outra = next(c for c in a.get(url).json()["results"] if c["usuario"] == "user_b")
    assert a.post(url_processo(sigiloso, f"credenciais/{outra['id']}/cassar")).status_code == 200
    r = a.post(url_processo(sigiloso, f"credenciais/{propria['id']}/cassar"))
    assert r.status_code == 409 and r.json()["code"] == "ultima_credencial"
    assert a.post(url_processo(sigiloso, "credenciais/999999/cassar")).status_code == 404
    publico = criar_processo(atores["A"])
    r = a.post(url_processo(publico, "credenciais"), {"usuario": "user_b", "unidade": "B"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "nao_sigiloso"
    assert cliente().post(url, {"usuario": "user_b"}, format="json").status_code == 401
    assert cliente().get(url).status_code == 401


def test_credencial_para_usuario_de_outro_orgao_e_recusada(atores, ator_x, cliente, sigiloso):
    """A sigiloso never leaves its órgão through the system."""
    r = cliente(atores["A"]).post(
        url_processo(sigiloso, "credenciais"), {"usuario": "user_x", "unidade": "MUN:X"}, format="json"
    )
    assert r.status_code == 409 and r.json()["code"] == "credencial_outro_orgao"
    assert "órgão do processo" in r.json()["detail"]
    assert cliente(ator_x).get(url_processo(sigiloso)).status_code == 404
