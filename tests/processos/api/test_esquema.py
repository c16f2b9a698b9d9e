"""The OpenAPI schema and its documentation page."""

from django.core.management import call_command
from rest_framework.test import APIClient


def test_schema_e_pagina_de_documentacao_so_para_quem_entrou(atores, client):
    assert APIClient().get("/api/v1/schema/").status_code == 401
    anonimo = client.get("/api/v1/docs/")
    assert anonimo.status_code == 302 and anonimo.url.startswith("/entrar/")

    c = APIClient()
    c.force_authenticate(atores["A"].usuario)
    r = c.get("/api/v1/schema/")
    assert r.status_code == 200
    texto = r.content.decode()
    for caminho in (
        "/api/v1/processos/{nup}/enviar/",
        "/api/v1/processos/{nup}/relacionamentos/{outro}/",
        "/api/v1/controle-processos/",
        "/api/v1/unidades/",
        "/api/v1/tipos-processo/",
        "/api/v1/hipoteses-legais/",
    ):
        assert caminho in texto
    assert "X-Unidade" in texto and "tokenAuth" in texto

    client.force_login(atores["A"].usuario, backend="django.contrib.auth.backends.ModelBackend")
    r = client.get("/api/v1/docs/")
    assert r.status_code == 200
    assert b"swagger" in r.content.lower()
    # The site's CSP, no inline script or style: the page's own script comes as a file.
    politica = r["Content-Security-Policy"]
    assert "script-src 'self';" in politica and "unsafe-inline" not in politica
    assert b"<script>" not in r.content and b"<style>" not in r.content
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_schema_gerado_sem_avisos(db, tmp_path):
    # Fails (SystemExit/SchemaGenerationError) on any warning or validation error.
    arquivo = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(arquivo))
    assert "openapi: 3" in arquivo.read_text()


def test_toda_operacao_com_token_documenta_401_e_403(atores):
    # A client generated from the schema must know every status it can get: each operation that
    # takes a token answers 401 (bad or no token) and 403 (the wrong kind of user, no unit).
    c = APIClient()
    c.force_authenticate(atores["A"].usuario)
    esquema = c.get("/api/v1/schema/?format=json").json()
    faltam = []
    for caminho, operacoes in esquema["paths"].items():
        for metodo, operacao in operacoes.items():
            if metodo == "parameters" or not operacao.get("security") or {} in operacao["security"]:
                continue  # anonymous (the public search)
            ausentes = {"401", "403"} - set(operacao["responses"])
            if ausentes:
                faltam.append(f"{metodo.upper()} {caminho}: {sorted(ausentes)}")
    assert faltam == []
