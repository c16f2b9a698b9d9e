"""Reference lists (types, textos padrão, models) and the documents part of the OpenAPI schema."""

import yaml
from django.core.management import call_command

from documentos.models import Modelo, TextoPadrao, TipoDocumento


def test_tipos_de_documento_filtrados(atores, cliente):
    c = cliente(atores["A"])
    todos = c.get("/api/v1/tipos-documento/", {"page_size": 200}).json()
    nomes = {t["nome"] for t in todos["results"]}
    assert {"Ofício", "Nota Fiscal", "Relatório"} <= nomes
    oficio = next(t for t in todos["results"] if t["nome"] == "Ofício")
    assert oficio == {
        "id": TipoDocumento.objects.get(nome="Ofício").pk,
        "nome": "Ofício",
        "aplicabilidade": "interno",
        "numeracao": "anual_unidade",
    }
    internos = {
        t["nome"]
        for t in c.get("/api/v1/tipos-documento/", {"interno": 1, "page_size": 200}).json()["results"]
    }
    externos = {
        t["nome"]
        for t in c.get("/api/v1/tipos-documento/", {"interno": 0, "page_size": 200}).json()["results"]
    }
    assert "Ofício" in internos and "Nota Fiscal" not in internos and "Relatório" in internos
    assert "Nota Fiscal" in externos and "Ofício" not in externos and "Relatório" in externos
    assert c.get("/api/v1/tipos-documento/", {"interno": "talvez"}).status_code == 400


def test_textos_padrao_so_da_unidade_atual(atores, unidades, cliente):
    TextoPadrao.objects.create(unidade=unidades["A"], nome="Saudação A", conteudo="<p>Olá</p>")
    TextoPadrao.objects.create(unidade=unidades["B"], nome="Saudação B", conteudo="<p>Oi</p>")
    r = cliente(atores["A"]).get("/api/v1/textos-padrao/")
    assert [t["nome"] for t in r.json()["results"]] == ["Saudação A"]


def test_modelos_ativos_por_tipo(atores, cliente):
    oficio = TipoDocumento.objects.get(nome="Ofício")
    Modelo.objects.create(tipo=oficio, nome="Inativo", padrao=False, ativo=False)
    r = cliente(atores["A"]).get("/api/v1/modelos/", {"tipo": oficio.pk})
    assert r.status_code == 200
    assert [(m["nome"], m["tipo"], m["padrao"]) for m in r.json()["results"]] == [
        ("Ofício (padrão)", oficio.pk, True)
    ]


def test_esquema_documenta_os_endpoints_o_multipart_e_o_if_match(db, tmp_path):
    arquivo = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(arquivo))
    esquema = yaml.safe_load(arquivo.read_text())
    caminhos = esquema["paths"]
    for caminho in (
        "/api/v1/processos/{nup}/documentos/",
        "/api/v1/processos/{nup}/exportar/",
        "/api/v1/documentos/{numero_sei}/",
        "/api/v1/documentos/{numero_sei}/conteudo",
        "/api/v1/documentos/{numero_sei}/pdf",
        "/api/v1/documentos/{numero_sei}/versoes/",
        "/api/v1/tarefas/{tarefa_id}/",
        "/api/v1/tarefas/{tarefa_id}/arquivo",
        "/api/v1/tipos-documento/",
    ):
        assert caminho in caminhos, caminho
    assert "/api/v1/documentos/{numero_sei}/conteudo/" not in caminhos  # the alias stays out
    criar = caminhos["/api/v1/processos/{nup}/documentos/"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(criar)
    patch = caminhos["/api/v1/documentos/{numero_sei}/"]["patch"]
    assert any(p["name"] == "If-Match" and p["required"] for p in patch["parameters"])
    assert {"409", "428"} <= set(patch["responses"])
    assert "ETag" in caminhos["/api/v1/documentos/{numero_sei}/"]["get"]["responses"]["200"]["headers"]
