"""POST /api/v1/documentos/{n}/assinar/ and the signature endpoints, through the contract."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

from assinaturas.models import Assinatura
from documentos import services as documentos_services
from sei.contexto import SESSAO_UNIDADE
from tests.assinaturas import verificacao
from tests.cache_local import limpar_cache
from tests.factories import SENHA_PADRAO, bloquear


@pytest.fixture
def cliente(cliente_api):
    return cliente_api


@pytest.fixture
def oficio(atores, processo, criar_documento, selo, assinante):
    assinante(atores["A"])
    return criar_documento(atores["A"], processo, conteudo="<p>Ofício para assinar.</p>")


def _assinar(c, documento, senha=SENHA_PADRAO, cargo="Analista Administrativo"):
    return c.post(f"/api/v1/documentos/{documento.numero_sei}/assinar/", {"senha": senha, "cargo": cargo}, format="json")


def test_assinar_devolve_codigos_e_o_pdf_passa_a_ser_o_assinado(atores, cliente, oficio, raiz_pem):
    c = cliente(atores["A"])
    r = _assinar(c, oficio)
    assert r.status_code == 201, r.json()
    corpo = r.json()
    assert corpo["codigo_verificador"] == f"{oficio.numero_sei:07d}"
    assert len(corpo["codigo_crc"]) == 19 and corpo["codigo_crc"].count("-") == 3
    assert [(a["nome"], a["cargo"], a["nivel"]) for a in corpo["assinaturas"]] == [
        (atores["A"].usuario.nome, "Analista Administrativo", "eletronica")
    ]
    pdf = c.get(f"/api/v1/documentos/{oficio.numero_sei}/pdf")
    assert pdf.status_code == 200
    conteudo = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    resultado = verificacao.verificar_pyhanko(conteudo, raiz_pem)
    assert len(resultado) == 1 and resultado[0].bottom_line, resultado
    detalhe = c.get(f"/api/v1/documentos/{oficio.numero_sei}/").json()
    assert detalhe["estado"] == "assinado" and detalhe["assinaturas"][0]["cargo"] == "Analista Administrativo"
    assert c.get(f"/api/v1/documentos/{oficio.numero_sei}/assinaturas/").json()[0]["unidade"] == "A"


def test_senha_errada_recusada_e_contada_como_tentativa_de_login(atores, cliente, oficio):
    AccessAttempt.objects.all().delete()
    r = _assinar(cliente(atores["A"]), oficio, senha="errada")
    assert r.status_code == 400 and r.json()["code"] == "senha_incorreta"
    tentativa = AccessAttempt.objects.get(username=atores["A"].usuario.username)
    assert tentativa.failures_since_start == 1
    assert not Assinatura.objects.exists()


@pytest.mark.parametrize("cargo", ["", "Ministro de Estado"])
def test_cargo_que_o_usuario_nao_tem_recusado(atores, cliente, oficio, cargo):
    r = _assinar(cliente(atores["A"]), oficio, cargo=cargo)
    assert r.status_code == 400 and "cargo" in r.json()["errors"]


def test_mesmo_usuario_nao_assina_duas_vezes(atores, cliente, oficio):
    c = cliente(atores["A"])
    assert _assinar(c, oficio).status_code == 201
    r = _assinar(c, oficio)
    assert r.status_code == 409 and r.json()["code"] == "ja_assinado"
    assert Assinatura.objects.filter(documento=oficio).count() == 1


def test_outra_unidade_nao_assina(atores, cliente, oficio, assinante):
    # A minuta of A: B sees its entry, may not sign it.
    assinante(atores["B"])
    r = _assinar(cliente(atores["B"]), oficio)
    assert r.status_code == 403 and r.json()["code"] == "assinatura_fora_da_unidade"
    # Signed (readable by B, público), B still may not sign it outside a bloco.
    assert _assinar(cliente(atores["A"]), oficio).status_code == 201
    r = _assinar(cliente(atores["B"]), oficio)
    assert r.status_code == 403 and r.json()["code"] == "assinatura_fora_da_unidade"


def test_documento_cancelado_nao_e_assinado(atores, cliente, oficio, assinante):
    assert _assinar(cliente(atores["A"]), oficio).status_code == 201
    documentos_services.documento_cancelar(ator=atores["A"], documento=bloquear(oficio), motivo="Erro material")
    from tests.factories import ator_em

    colega = ator_em(oficio.unidade_geradora, username="colega_cancelado")
    assinante(colega)
    r = _assinar(cliente(colega), oficio)
    assert r.status_code == 409 and r.json()["code"] == "documento_cancelado"


def test_sessao_sem_csrf_recusada(atores, oficio):
    navegador = Client(enforce_csrf_checks=True)
    navegador.force_login(atores["A"].usuario, backend="django.contrib.auth.backends.ModelBackend")
    sessao = navegador.session
    sessao[SESSAO_UNIDADE] = atores["A"].unidade.pk
    sessao.save()
    r = navegador.post(
        f"/api/v1/documentos/{oficio.numero_sei}/assinar/",
        {"senha": SENHA_PADRAO, "cargo": "Analista Administrativo"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert not Assinatura.objects.exists()


def test_cargos_do_usuario_na_unidade(atores, cliente, oficio, assinante, unidades):
    assinante(atores["A"], cargo="Chefe de Divisão", unidades=[unidades["B"]])  # valid only in B
    assert cliente(atores["A"]).get("/api/v1/cargos/").json() == [{"cargo": "Analista Administrativo"}]


def test_certificados_publicos_sem_login(selo, raiz_pem):
    r = Client().get("/api/v1/autenticidade/certificados/")
    assert r.status_code == 200
    assert r.content.decode().startswith("-----BEGIN CERTIFICATE-----")
    assert r.content == raiz_pem


def test_autenticidade_publica_mesmo_404_para_codigo_errado_e_inexistente(atores, cliente, oficio):
    limpar_cache()
    assert _assinar(cliente(atores["A"]), oficio).status_code == 201
    oficio.refresh_from_db()
    anonimo = APIClient()
    r = anonimo.get("/api/v1/autenticidade/", {"codigo_verificador": oficio.numero_sei_formatado, "codigo_crc": oficio.codigo_crc})
    assert r.status_code == 200, r.content
    corpo = r.json()
    assert corpo["valido"] is True and corpo["cancelado"] is False and corpo["nivel_acesso"] == "publico"
    assert [a["nome"] for a in corpo["assinaturas"]] == [atores["A"].usuario.nome]
    errado = anonimo.get("/api/v1/autenticidade/", {"codigo_verificador": oficio.numero_sei_formatado, "codigo_crc": "AAAA-BBBB-CCCC-DDDD"})
    inexistente = anonimo.get("/api/v1/autenticidade/", {"codigo_verificador": "8888888", "codigo_crc": oficio.codigo_crc})
    assert errado.status_code == inexistente.status_code == 404
    assert errado.json() == inexistente.json()
    limpar_cache()
