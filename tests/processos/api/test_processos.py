"""POST/GET/PATCH /api/v1/processos/ and /processos/{nup}/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from processos.models import Andamento, NivelAcesso, TipoProcesso
from processos.nup import nup_valido
from tests.factories import hipotese
from tests.processos.api.conftest import url_processo

CPF = "529.982.247-25"
CNPJ = "11.222.333/0001-81"


# --- Criar -----------------------------------------------------------------------------------


def test_criar_processo_responde_201_com_nup_e_detalhe(atores, cliente, corpo_criacao):
    corpo = corpo_criacao(
        "restrito",
        interessados=["Maria da Silva", CPF, {"nome": "Empresa Exemplo", "cpf_cnpj": CNPJ}],
        observacao="Nota da unidade A",
    )
    r = cliente(atores["A"]).post("/api/v1/processos/", corpo, format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert len(d["nup"]) == 17 and d["nup"].isdigit() and nup_valido(d["nup"])
    assert d["nup"].startswith("52402")
    assert d["nup_formatado"] == f"{d['nup'][:5]}.{d['nup'][5:11]}/{d['nup'][11:15]}-{d['nup'][15:]}"
    assert r["Location"].endswith(f"/api/v1/processos/{d['nup']}/")
    assert d["especificacao"] == "Aquisição de material"
    assert d["nivel_acesso"] == "restrito"
    assert d["hipotese_legal"]["id"] == corpo["hipotese_legal"]
    assert d["tipo"]["id"] == corpo["tipo"]
    assert d["estado"] == "normal"
    assert d["acesso_conteudo"] is True
    assert d["interessados"] == [
        {"nome": "Maria da Silva", "cpf_cnpj": ""},
        {"nome": CPF, "cpf_cnpj": "52998224725"},
        {"nome": "Empresa Exemplo", "cpf_cnpj": "11222333000181"},
    ]
    assert d["observacao"] == "Nota da unidade A"
    assert d["unidades_abertas"] == [
        {"sigla": "A", "nome": atores["A"].unidade.nome, "atribuido_a": "user_a", "nao_lida": False}
    ]
    assert d["aberto_na_unidade_atual"] is True
    assert d["documentos"] == [] and d["relacionados"] == [] and d["anexados"] == []
    assert d["processo_principal"] is None


def test_nups_sao_sequenciais_no_orgao(atores, cliente, corpo_criacao):
    c = cliente(atores["A"])
    nups = [c.post("/api/v1/processos/", corpo_criacao(), format="json").json()["nup"] for _ in range(2)]
    assert int(nups[1][5:11]) == int(nups[0][5:11]) + 1


@pytest.mark.parametrize(
    "alteracao, campo",
    [
        ({"tipo": None}, "tipo"),
        ({"tipo": 999999}, "tipo"),
        ({"nivel_acesso": "secreto"}, "nivel_acesso"),
        ({"nivel_acesso": "restrito"}, "hipotese_legal"),  # restrito sem hipótese
        ({"especificacao": "x" * 101}, "especificacao"),
        ({"interessados": ["Fulano", "111.111.111-11"]}, "interessados"),
        ({"interessados": [42]}, "interessados"),
        ({"interessados": "não é lista"}, "interessados"),
        ({"hipotese_legal": 999999}, "hipotese_legal"),
    ],
)
def test_criar_com_entrada_invalida_responde_400_com_erros_por_campo(
    atores, cliente, corpo_criacao, alteracao, campo
):
    corpo = {k: v for k, v in {**corpo_criacao(), **alteracao}.items() if v is not None}
    r = cliente(atores["A"]).post("/api/v1/processos/", corpo, format="json")
    assert r.status_code == 400, r.json()
    assert r.json()["code"] == "entrada_invalida"
    assert r.json()["detail"]
    assert campo in r.json()["errors"]


def test_hipotese_em_processo_publico_e_nivel_nao_permitido_pelo_tipo(atores, cliente, corpo_criacao):
    c = cliente(atores["A"])
    r = c.post("/api/v1/processos/", corpo_criacao(hipotese_legal=hipotese().pk), format="json")
    assert r.status_code == 400 and "hipotese_legal" in r.json()["errors"]
    so_restrito = TipoProcesso.objects.get(nome="Pessoal: Aposentadoria")
    r = c.post("/api/v1/processos/", corpo_criacao(tipo=so_restrito.pk), format="json")
    assert r.status_code == 400 and "nivel_acesso" in r.json()["errors"]
    r = c.post(
        "/api/v1/processos/",
        corpo_criacao("sigiloso", hipotese_legal=hipotese(NivelAcesso.RESTRITO).pk),
        format="json",
    )
    assert r.status_code == 400 and "hipotese_legal" in r.json()["errors"]


def test_criar_sem_autenticacao_ou_em_unidade_alheia(atores, cliente, corpo_criacao):
    assert cliente().post("/api/v1/processos/", corpo_criacao(), format="json").status_code == 401
    assert (
        cliente(atores["A"], unidade="B")
        .post("/api/v1/processos/", corpo_criacao(), format="json")
        .status_code
        == 403
    )
    assert Andamento.objects.count() == 0


# --- Consultar -------------------------------------------------------------------------------


def test_consultar_com_e_sem_pontuacao(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    c = cliente(atores["A"])
    com = c.get(url_processo(p.nup_formatado))
    sem = c.get(url_processo(p.nup))
    assert com.status_code == sem.status_code == 200
    assert com.json() == sem.json()
    assert com.json()["nup"] == p.nup
    assert c.get(url_processo(p, "andamentos")).status_code == 200
    assert c.get(url_processo(p.nup_formatado, "andamentos")).status_code == 200


def test_consultar_nup_inexistente_ou_de_outro_orgao_responde_404(atores, ator_x, cliente, criar_processo):
    p = criar_processo(atores["A"])
    r = cliente(atores["A"]).get(url_processo("52402000099202600"))
    assert r.status_code == 404
    assert r.json() == {"detail": "Processo não encontrado.", "code": "nao_encontrado"}
    r = cliente(ator_x).get(url_processo(p))
    assert r.status_code == 404
    assert r.json()["code"] == "nao_encontrado"
    assert cliente().get(url_processo(p)).status_code == 401


# --- Listar ----------------------------------------------------------------------------------


def test_listar_com_filtros(atores, unidades, cliente, criar_processo):
    outro_tipo = TipoProcesso.objects.get(nome="Licitação: Pregão Eletrônico")
    p1 = criar_processo(atores["A"], interessados=["Maria da Silva", CPF])
    p2 = criar_processo(atores["A"], tipo=outro_tipo)
    p3 = criar_processo(atores["B"], interessados=["João Souza"])
    c = cliente(atores["A"])

    def nups(**params):
        r = c.get("/api/v1/processos/", params)
        assert r.status_code == 200, r.json()
        return {i["nup"] for i in r.json()["results"]}

    assert nups() == {p1.nup, p2.nup, p3.nup}
    assert nups(nup=p2.nup_formatado) == {p2.nup}
    assert nups(nup=p2.nup) == {p2.nup}
    assert nups(tipo=outro_tipo.pk) == {p2.nup}
    assert nups(aberto_na_unidade="B") == {p3.nup}
    assert nups(interessado="maria") == {p1.nup}
    assert nups(interessado=CPF) == {p1.nup}
    assert nups(interessado="João") == {p3.nup}
    r = c.get("/api/v1/processos/", {"tipo": "abc"})
    assert r.status_code == 400 and "tipo" in r.json()["errors"]


def test_listar_pagina_mais_recentes_primeiro(atores, cliente, criar_processo):
    criados = [criar_processo(atores["A"]).nup for _ in range(3)]
    c = cliente(atores["A"])
    r = c.get("/api/v1/processos/", {"page_size": 2})
    assert r.json()["count"] == 3
    assert [i["nup"] for i in r.json()["results"]] == criados[::-1][:2]
    assert r.json()["previous"] is None
    r2 = c.get(r.json()["next"])
    assert [i["nup"] for i in r2.json()["results"]] == criados[:1]
    assert r2.json()["next"] is None


def test_listar_nao_faz_consultas_por_linha(atores, unidades, cliente, criar_processo):
    c = cliente(atores["B"])  # B vê os públicos e restritos de A (sem conteúdo destes)
    for i in range(3):
        criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO if i % 2 else NivelAcesso.PUBLICO)
    with CaptureQueriesContext(connection) as poucas:
        assert len(c.get("/api/v1/processos/").json()["results"]) == 3
    for i in range(27):
        criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO if i % 2 else NivelAcesso.PUBLICO)
    with CaptureQueriesContext(connection) as muitas:
        assert len(c.get("/api/v1/processos/").json()["results"]) == 30
    assert len(muitas) == len(poucas)


# --- Alterar ---------------------------------------------------------------------------------


def test_alterar_muda_so_o_que_foi_enviado_e_registra_andamento(atores, cliente, criar_processo):
    p = criar_processo(atores["A"], interessados=["Maria"])
    c = cliente(atores["A"])
    hip = hipotese(NivelAcesso.RESTRITO)
    r = c.patch(
        url_processo(p.nup_formatado),
        {
            "especificacao": "Nova especificação",
            "nivel_acesso": "restrito",
            "hipotese_legal": hip.pk,
            "interessados": [{"nome": "José", "cpf_cnpj": CPF}],
            "observacao": "obs",
        },
        format="json",
    )
    assert r.status_code == 200, r.json()
    d = r.json()
    assert d["especificacao"] == "Nova especificação"
    assert d["nivel_acesso"] == "restrito" and d["hipotese_legal"]["id"] == hip.pk
    assert d["interessados"] == [{"nome": "José", "cpf_cnpj": "52998224725"}]
    assert d["observacao"] == "obs"
    assert d["tipo"]["id"] == p.tipo_id
    ultimo = c.get(url_processo(p, "andamentos")).json()["results"][0]
    assert ultimo["tipo"] == "alteracao"
    assert ultimo["atributos"]["especificacao"] == {
        "de": "Especificação de teste",
        "para": "Nova especificação",
    }
    # volta a público: a hipótese cai junto
    r = c.patch(url_processo(p), {"nivel_acesso": "publico"}, format="json")
    assert r.status_code == 200 and r.json()["hipotese_legal"] is None


def test_alterar_entrada_invalida_400_fora_da_unidade_409_sem_acesso_404(
    atores, ator_x, cliente, criar_processo
):
    p = criar_processo(atores["A"])
    r = cliente(atores["A"]).patch(url_processo(p), {"nivel_acesso": "restrito"}, format="json")
    assert r.status_code == 400 and "hipotese_legal" in r.json()["errors"]
    r = cliente(atores["B"]).patch(url_processo(p), {"especificacao": "B muda"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "processo_nao_aberto"
    assert cliente(ator_x).patch(url_processo(p), {"especificacao": "X"}, format="json").status_code == 404
    assert cliente().patch(url_processo(p), {"especificacao": "X"}, format="json").status_code == 401
    assert cliente(atores["A"]).get(url_processo(p)).json()["especificacao"] == "Especificação de teste"


def test_nup_com_barra_codificada_no_caminho(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    r = cliente(atores["A"]).get(f"/api/v1/processos/{p.nup_formatado.replace('/', '%2F')}/")
    assert r.status_code == 200 and r.json()["nup"] == p.nup
