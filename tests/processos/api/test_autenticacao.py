"""Authentication, the acting unit, the error shape, times and the schema/docs pages."""

from datetime import datetime, timedelta

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sei.models import Lotacao
from tests.factories import UsuarioFactory


def test_anonimo_recebe_401_no_formato_do_contrato(db):
    r = APIClient().get("/api/v1/processos/")
    assert r.status_code == 401
    assert r.json() == {"detail": "Autenticação necessária.", "code": "nao_autenticado"}


def test_token_valido_autentica(atores, cliente):
    r = cliente(atores["A"]).get("/api/v1/processos/")
    assert r.status_code == 200
    assert set(r.json()) == {"count", "next", "previous", "results"}


def test_token_invalido_recebe_401(db):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    r = c.get("/api/v1/processos/")
    assert r.status_code == 401
    assert r.json()["code"] == "credenciais_invalidas"


def test_token_de_usuario_desativado_recebe_401(atores, cliente):
    c = cliente(atores["A"])
    atores["A"].usuario.is_active = False
    atores["A"].usuario.save()
    assert c.get("/api/v1/processos/").status_code == 401


def test_sessao_autentica_e_exige_csrf_para_alterar(atores, corpo_criacao):
    c = APIClient(enforce_csrf_checks=True)
    c.force_login(atores["A"].usuario)
    assert c.get("/api/v1/processos/", HTTP_X_UNIDADE="A").status_code == 200
    r = c.post("/api/v1/processos/", corpo_criacao(), format="json", HTTP_X_UNIDADE="A")
    assert r.status_code == 403
    assert set(r.json()) >= {"detail", "code"}


@pytest.mark.parametrize("sigla", ["B", "MUN:X", "NAOEXISTE"])
def test_unidade_a_que_o_usuario_nao_pertence_recebe_403(atores, ator_x, cliente, sigla):
    r = cliente(atores["A"], unidade=sigla).get("/api/v1/processos/")
    assert r.status_code == 403
    assert r.json()["code"] == "unidade_nao_permitida"
    assert r.json()["detail"]


def test_sem_cabecalho_vale_a_primeira_unidade(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=atores['A'].usuario).key}")
    r = c.get("/api/v1/controle-processos/")
    assert r.status_code == 200
    assert [i["nup"] for i in r.json()["results"]] == [p.nup]


def test_usuario_sem_unidade_recebe_403(db):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UsuarioFactory()).key}")
    r = c.get("/api/v1/processos/")
    assert r.status_code == 403
    assert r.json()["code"] == "sem_unidade"


def test_lotacao_desativada_perde_a_unidade_na_hora(atores, cliente):
    c = cliente(atores["A"])
    assert c.get("/api/v1/processos/").status_code == 200
    Lotacao.objects.filter(usuario=atores["A"].usuario).update(ativa=False)
    assert c.get("/api/v1/processos/").status_code == 403


def test_horarios_em_iso_8601_com_fuso_de_brasilia(atores, cliente, corpo_criacao):
    r = cliente(atores["A"]).post("/api/v1/processos/", corpo_criacao(), format="json")
    criado_em = datetime.fromisoformat(r.json()["criado_em"])
    assert criado_em.utcoffset() == timedelta(hours=-3)
    assert r.json()["criado_em"].endswith("-03:00")


def test_rota_inexistente_de_processo_responde_404_json(atores, cliente):
    r = cliente(atores["A"]).get("/api/v1/processos/nao-e-nup/")
    assert r.status_code == 404
    assert r.json() == {"detail": "Processo não encontrado.", "code": "nao_encontrado"}


def test_metodo_nao_permitido_no_formato_do_contrato(atores, cliente):
    r = cliente(atores["A"]).put("/api/v1/processos/", {}, format="json")
    assert r.status_code == 405
    assert r.json()["code"] == "metodo_nao_permitido"


def test_json_malformado_recebe_400(atores, cliente):
    r = cliente(atores["A"]).post("/api/v1/processos/", "{nao é json", content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "requisicao_malformada"
