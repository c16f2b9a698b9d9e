"""``/api/v1/blocos/...`` through the contract: create with documents of two processes, make
available, the destination unit reads, edits and signs all with one password, returns; a unit
outside gets 404; errors carry ``detail`` and ``code``."""

import pytest
from axes.models import AccessAttempt

from assinaturas.models import Assinatura, Bloco
from documentos.models import Documento
from tests.assinaturas import verificacao
from tests.assinaturas.cenario_blocos import *  # noqa: F403
from tests.factories import SENHA_PADRAO


def _criar(c, cena, **extra):
    corpo = {"descricao": "Portarias do mês", "documentos": [cena.d1.numero_sei_formatado, str(cena.d2.numero_sei)], **extra}
    return c.post("/api/v1/blocos/", corpo, format="json")


def _conteudo(resposta) -> bytes:
    return b"".join(resposta.streaming_content) if resposta.streaming else resposta.content


def test_ciclo_completo_pela_api(cena, cliente_api, raiz_pem):
    a, b = cliente_api(cena.a), cliente_api(cena.b)
    r = _criar(a, cena, unidades=["B"])
    assert r.status_code == 201, r.json()
    bloco = r.json()
    numero = bloco["numero"]
    assert bloco["estado"] == "aberto" and bloco["recebido"] is False
    assert [d["nup"] for d in bloco["documentos"]] == [cena.p1.nup, cena.p2.nup]
    assert [u["sigla"] for u in bloco["unidades"]] == ["B"] and bloco["unidades"][0]["disponibilizado_em"] is None
    # Not yet made available: B neither sees the bloco nor reads the restrito document.
    assert b.get(f"/api/v1/blocos/{numero}/").status_code == 404
    assert b.get(f"/api/v1/documentos/{cena.d2.numero_sei}/conteudo").status_code == 403

    r = a.post(f"/api/v1/blocos/{numero}/disponibilizar/", {}, format="json")
    assert r.status_code == 200 and r.json()["estado"] == "disponibilizado"
    lista = b.get("/api/v1/blocos/").json()
    assert [(x["numero"], x["recebido"], x["total_documentos"]) for x in lista["results"]] == [(numero, True, 2)]
    # B reads A's minuta and the restrito document, and edits one (a new version).
    assert b.get(f"/api/v1/documentos/{cena.d1.numero_sei}/conteudo").status_code == 200
    detalhe = b.get(f"/api/v1/documentos/{cena.d2.numero_sei}/")
    assert detalhe.status_code == 200
    r = b.patch(
        f"/api/v1/documentos/{cena.d2.numero_sei}/",
        {"conteudo": "<p>Revisto pela unidade B.</p>"},
        format="json",
        HTTP_IF_MATCH=detalhe["ETag"],
    )
    assert r.status_code == 200, r.json()
    assert "Revisto pela unidade B" in _conteudo(b.get(f"/api/v1/documentos/{cena.d2.numero_sei}/conteudo")).decode()
    # A may not sign meanwhile.
    r = a.post(f"/api/v1/documentos/{cena.d1.numero_sei}/assinar/", {"senha": SENHA_PADRAO, "cargo": "Analista Administrativo"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "documento_disponibilizado_em_bloco"
    assert a.get(f"/api/v1/blocos/{numero}/").json()["documentos"][0]["pode_assinar"] is False
    # B signs all with one password.
    assert [d["pode_assinar"] for d in b.get(f"/api/v1/blocos/{numero}/").json()["documentos"]] == [True, True]
    r = b.post(f"/api/v1/blocos/{numero}/assinar/", {"senha": SENHA_PADRAO, "cargo": "Diretor"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json() == {"assinados": [cena.d1.numero_sei_formatado, cena.d2.numero_sei_formatado], "falhas": []}
    for documento in (cena.d1, cena.d2):
        pdf = _conteudo(b.get(f"/api/v1/documentos/{documento.numero_sei}/pdf"))
        resultado = verificacao.verificar_pyhanko(pdf, raiz_pem)
        assert len(resultado) == 1 and resultado[0].bottom_line, resultado
    assinaturas = b.get(f"/api/v1/blocos/{numero}/").json()["documentos"][1]["assinaturas"]
    assert [(s["unidade"], s["cargo"]) for s in assinaturas] == [("B", "Diretor")]
    # B returns it: no more bloco, no more content of the restrito document.
    assert b.post(f"/api/v1/blocos/{numero}/devolver/").status_code == 204
    assert b.get(f"/api/v1/blocos/{numero}/").status_code == 404
    r = b.get(f"/api/v1/documentos/{cena.d2.numero_sei}/conteudo")
    assert r.status_code == 403 and r.json()["code"] == "acesso_restrito"
    assert a.get(f"/api/v1/blocos/{numero}/").json()["estado"] == "retornado"
    assert a.post(f"/api/v1/blocos/{numero}/concluir/").json()["estado"] == "concluido"
    assert a.post(f"/api/v1/blocos/{numero}/reabrir/").json()["estado"] == "aberto"
    assert [x["numero"] for x in a.get("/api/v1/blocos/", {"estado": "aberto"}).json()["results"]] == [numero]
    assert a.get("/api/v1/blocos/", {"estado": "concluido"}).json()["results"] == []


def test_cancelar_disponibilizacao_tira_o_acesso(cena, cliente_api):
    a, b = cliente_api(cena.a), cliente_api(cena.b)
    numero = _criar(a, cena, unidades=["B"], disponibilizar=True).json()["numero"]
    assert b.get(f"/api/v1/documentos/{cena.d1.numero_sei}/conteudo").status_code == 200
    r = b.post(f"/api/v1/blocos/{numero}/cancelar-disponibilizacao/")
    assert r.status_code == 403 and r.json()["code"] == "bloco_de_outra_unidade"
    assert a.post(f"/api/v1/blocos/{numero}/cancelar-disponibilizacao/").json()["estado"] == "aberto"
    r = b.get(f"/api/v1/documentos/{cena.d1.numero_sei}/conteudo")
    assert r.status_code == 403 and r.json()["code"] == "minuta_de_outra_unidade"
    assert b.get(f"/api/v1/blocos/{numero}/").status_code == 404
    r = b.post(f"/api/v1/blocos/{numero}/assinar/", {"senha": SENHA_PADRAO, "cargo": "Diretor"}, format="json")
    assert r.status_code == 404


def test_unidade_de_fora_recebe_404_em_tudo(cena, cliente_api, assinante):
    a, c = cliente_api(cena.a), cliente_api(cena.c)
    assinante(cena.c)
    numero = _criar(a, cena, unidades=["B"], disponibilizar=True).json()["numero"]
    assert c.get("/api/v1/blocos/").json()["results"] == []
    for metodo, caminho in [
        ("get", ""), ("patch", ""), ("delete", ""), ("post", "documentos/"), ("delete", f"documentos/{cena.d1.numero_sei}/"),
        ("post", "disponibilizar/"), ("post", "cancelar-disponibilizacao/"), ("post", "devolver/"), ("post", "concluir/"),
        ("post", "reabrir/"), ("post", "assinar/"),
    ]:  # fmt: skip
        r = getattr(c, metodo)(f"/api/v1/blocos/{numero}/{caminho}", {"senha": SENHA_PADRAO, "cargo": "x"}, format="json")
        assert r.status_code == 404, (metodo, caminho, r.status_code)
        assert r.json()["code"] == "nao_encontrado"
    assert Bloco.objects.get(pk=numero).estado == "disponibilizado"


def test_senha_errada_nada_assinado_e_contada_no_axes(cena, cliente_api):
    a = cliente_api(cena.a)
    numero = _criar(a, cena).json()["numero"]
    AccessAttempt.objects.all().delete()
    r = a.post(f"/api/v1/blocos/{numero}/assinar/", {"senha": "errada", "cargo": "Analista Administrativo"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "senha_incorreta"
    assert AccessAttempt.objects.get(username=cena.a.usuario.username).failures_since_start == 1
    assert not Assinatura.objects.exists()


def test_um_documento_ruim_nao_impede_os_outros(cena, cliente_api, criar_documento):
    a = cliente_api(cena.a)
    terceiro = criar_documento(cena.a, cena.p1, conteudo="<p>Terceiro</p>")
    numero = _criar(a, cena).json()["numero"]
    assert a.post(f"/api/v1/blocos/{numero}/documentos/", {"numero_sei": terceiro.numero_sei, "anotacao": "Urgente"}, format="json").status_code == 201
    Documento.objects.filter(pk=cena.d2.pk).update(estado=Documento.Estado.CANCELADO)
    r = a.post(
        f"/api/v1/blocos/{numero}/assinar/",
        {"senha": SENHA_PADRAO, "cargo": "Analista Administrativo",
         "documentos": [cena.d1.numero_sei, cena.d2.numero_sei, terceiro.numero_sei]},
        format="json",
    )  # fmt: skip
    assert r.status_code == 200
    assert r.json()["assinados"] == [cena.d1.numero_sei_formatado, terceiro.numero_sei_formatado]
    assert r.json()["falhas"] == [
        {"numero_sei": cena.d2.numero_sei_formatado, "code": "documento_cancelado",
         "detail": "Documento cancelado ou excluído não pode ser assinado."}
    ]  # fmt: skip
    itens = a.get(f"/api/v1/blocos/{numero}/").json()["documentos"]
    assert [i["anotacao"] for i in itens] == ["", "", "Urgente"]


@pytest.mark.parametrize(
    ("corpo", "status", "code"),
    [
        ({"descricao": ""}, 400, "entrada_invalida"),
        ({"descricao": "X", "unidades": ["NAO-EXISTE"]}, 400, "entrada_invalida"),
        ({"descricao": "X", "unidades": ["A"]}, 400, "disponibilizar_para_propria_unidade"),
        ({"descricao": "X", "documentos": ["9999999"]}, 404, "nao_encontrado"),
    ],
)
def test_erros_de_criacao(cena, cliente_api, corpo, status, code):
    r = cliente_api(cena.a).post("/api/v1/blocos/", corpo, format="json")
    assert r.status_code == status and r.json()["code"] == code and r.json()["detail"]
    assert not Bloco.objects.exists()


def test_incluir_documento_de_outra_unidade_e_retirar(cena, cliente_api, criar_processo, criar_documento):
    a = cliente_api(cena.a)
    numero = _criar(a, cena).json()["numero"]
    de_b = criar_documento(cena.b, criar_processo(cena.b), conteudo="<p>B</p>")
    r = a.post(f"/api/v1/blocos/{numero}/documentos/", {"numero_sei": de_b.numero_sei}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "documento_de_outra_unidade"
    assert "Só documentos gerados pela unidade A" in r.json()["detail"]
    assert a.delete(f"/api/v1/blocos/{numero}/documentos/{cena.d1.numero_sei}/").status_code == 204
    assert [d["numero_sei"] for d in a.get(f"/api/v1/blocos/{numero}/").json()["documentos"]] == [cena.d2.numero_sei_formatado]
    assert a.patch(f"/api/v1/blocos/{numero}/", {"descricao": "Novo nome"}, format="json").json()["descricao"] == "Novo nome"
    assert a.delete(f"/api/v1/blocos/{numero}/").status_code == 204
    assert a.get(f"/api/v1/blocos/{numero}/").status_code == 404


def test_lista_com_numero_fixo_de_consultas(cena, cliente_api, django_assert_max_num_queries):
    a = cliente_api(cena.a)
    for _ in range(3):
        _criar(a, cena)
    with django_assert_max_num_queries(8):
        r = a.get("/api/v1/blocos/")
    assert r.json()["count"] == 3
    numero = r.json()["results"][0]["numero"]
    with django_assert_max_num_queries(14):
        assert len(a.get(f"/api/v1/blocos/{numero}/").json()["documentos"]) == 2
