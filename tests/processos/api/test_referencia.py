"""Reference lists: unidades, tipos de processo, hipóteses legais."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from processos.models import HipoteseLegal, TipoProcesso
from tests.factories import UnidadeFactory

LISTAS = ["/api/v1/unidades/", "/api/v1/tipos-processo/", "/api/v1/hipoteses-legais/"]


def _todos(c, url):
    r = c.get(url, {"page_size": 200})
    assert r.status_code == 200
    assert set(r.json()) == {"count", "next", "previous", "results"}
    return r.json()["results"]


def test_unidades_do_orgao_do_usuario(atores, unidades, ator_x, cliente):
    sub = UnidadeFactory(
        orgao=unidades["A"].orgao, sigla="A-SUB", superior=unidades["A"], recebe_processos=False
    )
    UnidadeFactory(orgao=unidades["A"].orgao, sigla="EXTINTA", ativa=False)
    resultado = {u["sigla"]: u for u in _todos(cliente(atores["A"]), "/api/v1/unidades/")}
    assert set(resultado) == {"A", "B", "C", "A-SUB"}  # nem X (outro órgão) nem unidade inativa
    assert resultado["A-SUB"]["superior"] == "A"
    assert resultado["A-SUB"]["recebe_processos"] is False
    assert resultado["A-SUB"]["nome"] == sub.nome
    assert resultado["A"]["superior"] is None
    assert resultado["A"]["orgao"] == "ORG"
    assert {u["sigla"] for u in _todos(cliente(ator_x), "/api/v1/unidades/")} == {"X"}


def test_tipos_de_processo_com_niveis_permitidos(atores, cliente):
    inativo = TipoProcesso.objects.create(nome="Tipo desativado", ativo=False)
    resultado = {t["nome"]: t for t in _todos(cliente(atores["A"]), "/api/v1/tipos-processo/")}
    assert inativo.nome not in resultado
    pad = resultado["Correição: Processo Administrativo Disciplinar"]
    assert pad["niveis_permitidos"] == ["restrito", "sigiloso"]
    assert pad["nivel_sugerido"] == "restrito"
    assert (
        pad["hipotese_sugerida"] == HipoteseLegal.objects.get(nome="Processo Administrativo Disciplinar").pk
    )
    oficio = resultado["Administração Geral: Ofício e Correspondência"]
    assert oficio["niveis_permitidos"] == ["publico", "restrito"]
    assert oficio["nivel_sugerido"] == "publico"
    assert oficio["hipotese_sugerida"] is None


def test_hipoteses_legais_com_nivel(atores, cliente):
    HipoteseLegal.objects.create(nome="Revogada", base_legal="Lei antiga", nivel=1, ativa=False)
    resultado = {h["nome"]: h for h in _todos(cliente(atores["A"]), "/api/v1/hipoteses-legais/")}
    assert "Revogada" not in resultado
    assert resultado["Informação Pessoal"]["nivel"] == "restrito"
    assert resultado["Informação Pessoal"]["base_legal"] == "Art. 31 da Lei nº 12.527/2011"
    assert resultado["Sigilo de Inquérito Policial"]["nivel"] == "sigiloso"


@pytest.mark.parametrize("url", LISTAS)
def test_listas_de_referencia_exigem_autenticacao_e_unidade(atores, cliente, url):
    assert cliente().get(url).status_code == 401
    assert cliente(atores["A"], unidade="B").get(url).status_code == 403


@pytest.mark.parametrize("url", LISTAS)
def test_listas_de_referencia_paginam(atores, cliente, url):
    r = cliente(atores["A"]).get(url, {"page_size": 2})
    assert len(r.json()["results"]) == 2
    assert r.json()["count"] > 2
    assert "page=2" in r.json()["next"]


def test_consultas_de_unidades_nao_crescem_com_o_numero_de_linhas(atores, unidades, cliente):
    c = cliente(atores["A"])
    pai = unidades["A"]
    with CaptureQueriesContext(connection) as poucas:
        assert len(_todos(c, "/api/v1/unidades/")) == 3
    for i in range(27):
        UnidadeFactory(orgao=pai.orgao, sigla=f"S{i}", superior=pai)
    with CaptureQueriesContext(connection) as muitas:
        assert len(_todos(c, "/api/v1/unidades/")) == 30
    assert len(muitas) == len(poucas)
