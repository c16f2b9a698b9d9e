"""The OpenAPI schema and its documentation page."""

from django.core.management import call_command
from rest_framework.test import APIClient


def test_schema_e_pagina_de_documentacao(db):
    c = APIClient()
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
    r = c.get("/api/v1/docs/")
    assert r.status_code == 200
    assert b"swagger" in r.content.lower()


def test_schema_gerado_sem_avisos(db, tmp_path):
    # Fails (SystemExit/SchemaGenerationError) on any warning or validation error.
    arquivo = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(arquivo))
    assert "openapi: 3" in arquivo.read_text()
