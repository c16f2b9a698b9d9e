"""Hostile input on the API: a NUL character, absurdly nested JSON, the ``DATA_UPLOAD_*`` limits.
Each is refused in the contract's JSON shape with a pt-BR message, never a 500 nor Django's HTML
error page, and nothing is half-created."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos.models import Documento
from processos.models import Andamento, ContadorNUP, Interessado, Processo
from tests.processos.api.conftest import url_processo

NUL = "\u0000"
CPF = "52998224725"
CPF_LARGURA_TOTAL = "５２９.９８２.２４７-２５"  # a phone keyboard's fullwidth digits
CPF_ARABE = "٥٢٩.٩٨٢.٢٤٧-٢٥"


def _erro(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/json")
    corpo = r.json()
    assert corpo["code"] == code and corpo["detail"]
    return corpo


def _nada_criado():
    assert not Processo.objects.exists()
    assert not Interessado.objects.exists()
    assert not Andamento.objects.exists()
    assert not ContadorNUP.objects.filter(ultimo__gt=0).exists()


# --- NUL character ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "interessado",
    [f"Maria{NUL}da Silva", {"nome": f"Maria{NUL}"}, {"nome": "Maria", "cpf_cnpj": f"529.982.247-25{NUL}"}],
    ids=["texto", "nome", "cpf_cnpj"],
)
def test_nul_em_interessado_ao_criar_e_400_e_nada_e_criado(atores, cliente, corpo_criacao, interessado):
    corpo = corpo_criacao(interessados=["João", interessado])
    r = cliente(atores["A"]).post("/api/v1/processos/", corpo, format="json")
    erro = _erro(r, 400, "entrada_invalida")
    assert "interessados" in erro["errors"]
    assert "Caracteres nulos não são permitidos." in json.dumps(erro["errors"], ensure_ascii=False)
    _nada_criado()


def test_nul_em_interessado_ao_alterar_e_400_e_nada_muda(atores, cliente, criar_processo):
    processo = criar_processo(atores["A"], interessados=["Maria"])
    andamentos = Andamento.objects.filter(processo=processo).count()
    r = cliente(atores["A"]).patch(
        url_processo(processo), {"interessados": [f"Jo{NUL}ão"], "especificacao": "Nova"}, format="json"
    )
    erro = _erro(r, 400, "entrada_invalida")
    assert "interessados" in erro["errors"]
    processo.refresh_from_db()
    assert list(processo.interessados.values_list("nome", flat=True)) == ["Maria"]
    assert processo.especificacao == "Especificação de teste"
    assert Andamento.objects.filter(processo=processo).count() == andamentos


@pytest.mark.parametrize("tipo", [f"Of{NUL}cio", "²", "١"], ids=["nul", "sobrescrito", "arabe"])
def test_tipo_de_documento_com_nul_ou_digito_nao_ascii_e_400(atores, cliente, processo, tipo):
    r = cliente(atores["A"]).post(
        url_processo(processo, "documentos"), {"tipo": tipo, "conteudo": "<p>Texto</p>"}, format="json"
    )
    erro = _erro(r, 400, "entrada_invalida")
    assert "tipo" in erro["errors"]
    assert not Documento.objects.exists()


@pytest.mark.parametrize("parametro", ["interessado", "nup", "aberto_na_unidade"])
def test_nul_nos_filtros_da_lista_e_400_com_erro_no_campo(atores, cliente, processo, parametro):
    # Regression guard: DRF's CharField already refuses it; a filter must never reach the database with it.
    r = cliente(atores["A"]).get("/api/v1/processos/", {parametro: f"52402{NUL}"})
    erro = _erro(r, 400, "entrada_invalida")
    assert erro["errors"] == {parametro: ["Caracteres nulos não são permitidos."]}


# --- Digits other than ASCII ----------------------------------------------------------------


def test_cpf_em_largura_total_e_guardado_em_ascii_e_achado_pelo_cpf_ascii(atores, cliente, corpo_criacao):
    c = cliente(atores["A"])
    r = c.post("/api/v1/processos/", corpo_criacao(interessados=[CPF_LARGURA_TOTAL]), format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["interessados"] == [{"nome": "529.982.247-25", "cpf_cnpj": CPF}]
    assert Interessado.objects.get().cpf_cnpj == CPF
    for termo in (CPF, "529.982.247-25", CPF_ARABE):
        lista = c.get("/api/v1/processos/", {"interessado": termo}).json()
        assert [p["nup"] for p in lista["results"]] == [r.json()["nup"]], termo


# --- Nesting ---------------------------------------------------------------------------------


def _aninhado(niveis: int) -> str:
    return "[" * niveis + "]" * niveis


def test_json_aninhado_5000_niveis_e_400_requisicao_malformada(atores, cliente):
    r = cliente(atores["A"]).post("/api/v1/processos/", _aninhado(5000), content_type="application/json")
    erro = _erro(r, 400, "requisicao_malformada")
    assert erro["detail"] == "Requisição malformada: JSON com mais de 64 níveis de aninhamento."
    _nada_criado()


def test_limite_de_aninhamento_e_64_niveis(atores, cliente, corpo_criacao):
    c = cliente(atores["A"])
    # 65 levels: refused by the parser, whatever the field.
    corpo = json.dumps(corpo_criacao(interessados=json.loads(_aninhado(64))))
    r = c.post("/api/v1/processos/", corpo, content_type="application/json")
    _erro(r, 400, "requisicao_malformada")
    # 64 levels: parsed, and refused by the serializer as any bad value is.
    corpo = json.dumps(corpo_criacao(interessados=json.loads(_aninhado(63))))
    r = c.post("/api/v1/processos/", corpo, content_type="application/json")
    assert "interessados" in _erro(r, 400, "entrada_invalida")["errors"]
    _nada_criado()


# --- DATA_UPLOAD_* limits while DRF reads the body -------------------------------------------


@pytest.mark.parametrize("formato", ["multipart", "urlencoded"])
def test_campos_demais_e_400_muitos_campos(atores, cliente, settings, formato):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    campos = {f"campo{i}": "x" for i in range(10)}
    c = cliente(atores["A"])
    if formato == "multipart":
        r = c.post("/api/v1/processos/", campos, format="multipart")
    else:
        corpo = "&".join(f"{k}={v}" for k, v in campos.items())
        r = c.post("/api/v1/processos/", corpo, content_type="application/x-www-form-urlencoded")
    erro = _erro(r, 400, "muitos_campos")
    assert erro["detail"] == "Campos demais na requisição (no máximo 5)."
    _nada_criado()


def test_arquivos_demais_e_400_muitos_arquivos(atores, cliente, processo, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    arquivos = {f"arquivo{i}": SimpleUploadedFile(f"nota{i}.txt", b"texto") for i in range(3)}
    r = cliente(atores["A"]).post(
        url_processo(processo, "documentos"), {"tipo": "Nota Fiscal", **arquivos}, format="multipart"
    )
    erro = _erro(r, 400, "muitos_arquivos")
    assert erro["detail"] == "Arquivos demais na requisição (no máximo 2)."
    assert not Documento.objects.exists()


@pytest.mark.parametrize("formato", ["json", "multipart"])
def test_corpo_acima_do_limite_e_413_muito_grande(atores, cliente, corpo_criacao, settings, formato):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    corpo = corpo_criacao(observacao="x" * 2000)
    r = cliente(atores["A"]).post("/api/v1/processos/", corpo, format=formato)
    erro = _erro(r, 413, "muito_grande")
    assert erro["detail"].startswith("Requisição muito grande: o limite é de 1,0")
    _nada_criado()
    # Within the limit, the same request goes through.
    r = cliente(atores["A"]).post("/api/v1/processos/", corpo_criacao(observacao="x" * 100), format=formato)
    assert r.status_code == 201, r.json()


# --- Errors raised by Django outside the API views -------------------------------------------


def test_host_nao_permitido_e_400_json_na_api_e_pagina_html_no_site(client, db):
    r = client.get("/api/v1/unidades/", HTTP_HOST="malicioso.exemplo")
    assert _erro(r, 400, "requisicao_malformada") == {
        "detail": "Requisição malformada.",
        "code": "requisicao_malformada",
    }
    r = client.get("/entrar/", HTTP_HOST="malicioso.exemplo")
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.processos.api.urls_erros")
def test_erros_do_django_fora_das_views_da_api_sao_json(client, settings, db):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    r = client.post("/api/v1/teste/corpo/", {f"c{i}": "x" for i in range(5)})
    _erro(r, 400, "muitos_campos")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    r = client.post(
        "/api/v1/teste/corpo/", "c=" + "x" * 200, content_type="application/x-www-form-urlencoded"
    )
    _erro(r, 413, "muito_grande")
    assert _erro(client.get("/api/v1/teste/proibido/"), 403, "acesso_negado") == {
        "detail": "Acesso negado.",
        "code": "acesso_negado",
    }
    client.raise_request_exception = False
    _erro(client.get("/api/v1/teste/quebrado/"), 500, "erro_interno")


@pytest.mark.urls("tests.processos.api.urls_erros")
def test_erros_do_django_nas_paginas_continuam_html(client, settings, db):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    r = client.post("/teste/corpo/", {f"c{i}": "x" for i in range(5)})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")
    r = client.get("/teste/proibido/")
    assert r.status_code == 403 and r["Content-Type"].startswith("text/html")
