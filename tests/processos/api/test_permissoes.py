"""An allow/deny pair for every endpoint: the authorised user gets it; anonymous gets 401; a
unit the user does not belong to gets 403; a user of another órgão gets 404 (the process's
existence is not revealed)."""

import pytest

from processos import services
from processos.models import NivelAcesso
from tests.factories import SENHA_PADRAO
from tests.processos.api.conftest import url_processo


def _simples(ator, criar):
    return criar(ator), {}


def _concluido(ator, criar):
    p = criar(ator)
    services.processo_concluir(ator=ator, processo=p)
    return p, {}


def _sobrestado(ator, criar):
    p = criar(ator)
    services.processo_sobrestar(ator=ator, processo=p, motivo="m")
    return p, {}


def _com_outro(ator, criar):
    return criar(ator), {"outro": criar(ator).nup}


def _relacionado(ator, criar):
    p, outro = criar(ator), criar(ator)
    services.processo_relacionar(ator=ator, processo=p, outro=outro)
    return p, {"outro": outro.nup}


def _sigiloso(ator, criar):
    return criar(ator, nivel=NivelAcesso.SIGILOSO), {}


def _sigiloso_duas_credenciais(ator, criar):
    from tests.factories import ator_em

    p = criar(ator, nivel=NivelAcesso.SIGILOSO)
    colega = ator_em(ator.unidade, username="colega")
    credencial = services.credencial_conceder(
        ator=ator, processo=p, usuario=colega.usuario, unidade=ator.unidade
    )
    return p, {"credencial": credencial.pk}


# name, method, path after the process (format() with the prepared extras), body, preparation, success status
ENDPOINTS = [
    ("consultar", "get", "", None, _simples, 200),
    ("alterar", "patch", "", {"especificacao": "nova"}, _simples, 200),
    ("enviar", "post", "enviar/", {"unidades": ["B"]}, _simples, 200),
    ("receber", "post", "receber/", {}, _simples, 200),
    ("concluir", "post", "concluir/", {}, _simples, 200),
    ("reabrir", "post", "reabrir/", {}, _concluido, 200),
    ("sobrestar", "post", "sobrestar/", {"motivo": "aguardando"}, _simples, 200),
    ("remover-sobrestamento", "post", "remover-sobrestamento/", {}, _sobrestado, 200),
    ("anexar", "post", "anexar/", {"processo": "{outro}"}, _com_outro, 200),
    ("relacionar", "post", "relacionar/", {"processo": "{outro}"}, _com_outro, 201),
    ("remover-relacionamento", "delete", "relacionamentos/{outro}/", None, _relacionado, 200),
    ("atribuir", "post", "atribuir/", {"usuario": None}, _simples, 200),
    ("credenciais-listar", "get", "credenciais/", None, _sigiloso, 200),
    ("credenciais-conceder", "post", "credenciais/", {"usuario": "user_b", "unidade": "B"}, _sigiloso, 201),
    ("credenciais-cassar", "post", "credenciais/{credencial}/cassar/", {}, _sigiloso_duas_credenciais, 200),
    ("andamentos-listar", "get", "andamentos/", None, _simples, 200),
    ("andamentos-atualizar", "post", "andamentos/", {"texto": "nota"}, _simples, 201),
    ("acessos-externos-listar", "get", "acessos-externos/", None, _simples, 200),
    (
        "acessos-externos-conceder",
        "post",
        "acessos-externos/",
        {"email": "a@b.com", "tipo": "integral", "validade_dias": 5, "motivo": "Vista", "senha": SENHA_PADRAO},
        _simples,
        201,
    ),
]


def _chamar(c, metodo, processo, caminho, corpo, extras):
    url = url_processo(processo) + caminho.format(**extras)
    if corpo is None:
        return getattr(c, metodo)(url)
    corpo = {k: (v.format(**extras) if isinstance(v, str) else v) for k, v in corpo.items()}
    return getattr(c, metodo)(url, corpo, format="json")


@pytest.mark.parametrize(
    "nome, metodo, caminho, corpo, preparar, status_ok", ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_permitido_e_negado(
    atores, ator_x, cliente, criar_processo, nome, metodo, caminho, corpo, preparar, status_ok
):
    processo, extras = preparar(atores["A"], criar_processo)

    r = _chamar(cliente(), metodo, processo, caminho, corpo, extras)
    assert r.status_code == 401 and r.json()["code"] == "nao_autenticado"

    r = _chamar(cliente(atores["A"], unidade="B"), metodo, processo, caminho, corpo, extras)
    assert r.status_code == 403 and r.json()["code"] == "unidade_nao_permitida"

    r = _chamar(cliente(ator_x), metodo, processo, caminho, corpo, extras)
    assert r.status_code == 404, r.json()
    assert r.json() == {"detail": "Processo não encontrado.", "code": "nao_encontrado"}

    r = _chamar(cliente(atores["A"]), metodo, processo, caminho, corpo, extras)
    assert r.status_code == status_ok, r.json()


LISTAS = [
    "/api/v1/processos/",
    "/api/v1/controle-processos/",
    "/api/v1/unidades/",
    "/api/v1/tipos-processo/",
    "/api/v1/hipoteses-legais/",
]


@pytest.mark.parametrize("url", LISTAS)
def test_listas_permitido_e_negado(atores, cliente, url):
    assert cliente().get(url).status_code == 401
    assert cliente(atores["A"], unidade="C").get(url).status_code == 403
    assert cliente(atores["A"]).get(url).status_code == 200


def test_criar_permitido_e_negado(atores, cliente, corpo_criacao):
    assert cliente().post("/api/v1/processos/", corpo_criacao(), format="json").status_code == 401
    assert (
        cliente(atores["A"], unidade="C")
        .post("/api/v1/processos/", corpo_criacao(), format="json")
        .status_code
        == 403
    )
    assert cliente(atores["A"]).post("/api/v1/processos/", corpo_criacao(), format="json").status_code == 201
