"""PATCH with If-Match (optimistic concurrency), versions, restore, cancel and delete."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from documentos import services
from documentos.models import Documento
from processos import services as processos_services
from tests.documentos.api.conftest import url_documento
from tests.factories import UsuarioFactory, bloquear, lotar


def _patch(c, documento, corpo, etag=None):
    extra = {} if etag is None else {"HTTP_IF_MATCH": etag}
    return c.patch(url_documento(documento), corpo, format="json", **extra)


def test_etag_if_match_ok_ausente_invalido(atores, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>v1</p>")
    c = cliente(atores["A"])
    r = c.get(url_documento(doc))
    assert r["ETag"] == '"1"' and r.json()["versao"] == 1

    r = _patch(c, doc, {"conteudo": "<p>v2</p>"})
    assert r.status_code == 428 and r.json()["code"] == "if_match_obrigatorio" and r.json()["detail"]
    for invalido in ("abc", '"1", "2"', "*", 'W/"1"'):
        r = _patch(c, doc, {"conteudo": "<p>v2</p>"}, invalido)
        assert r.status_code == 400 and r.json()["code"] == "if_match_invalido", invalido
    assert Documento.objects.get(pk=doc.pk).versao_atual == 1

    r = _patch(c, doc, {"conteudo": "<p>v2</p>"}, '"1"')
    assert r.status_code == 200, r.json()
    assert r["ETag"] == '"2"' and r.json()["versao"] == 2 and r.json()["versoes"] == 2
    assert "<p>v2</p>" in c.get(url_documento(doc, "conteudo")).content.decode()
    # also without quotes; the same content again makes no new version
    r = _patch(c, doc, {"conteudo": "<p>v2</p>"}, "2")
    assert r.status_code == 200 and r["ETag"] == '"2"'
    # only the description
    r = _patch(c, doc, {"descricao": "Ofício ao diretor"}, '"2"')
    assert r.status_code == 200 and r.json()["descricao"] == "Ofício ao diretor" and r["ETag"] == '"2"'
    assert _patch(c, doc, {}, '"2"').status_code == 400


def test_salvamento_desatualizado_e_409_com_quem_salvou(atores, unidades, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>v1</p>")
    colega = lotar(UsuarioFactory(username="colega", nome="Beatriz Colega"), unidades["A"])
    # both read version 1; the colleague saves first
    assert _patch(cliente(colega), doc, {"conteudo": "<p>da Beatriz</p>"}, '"1"').status_code == 200
    r = _patch(cliente(atores["A"]), doc, {"conteudo": "<p>meu texto</p>"}, '"1"')
    assert r.status_code == 409 and r.json()["code"] == "versao_desatualizada"
    assert "Beatriz Colega" in r.json()["detail"]
    conteudo = cliente(atores["A"]).get(url_documento(doc, "conteudo")).content.decode()
    assert "da Beatriz" in conteudo and "meu texto" not in conteudo  # never a silent overwrite


def test_patch_cancelado_assinado_e_de_outra_unidade(atores, unidades, cliente, processo, criar_documento):
    c = cliente(atores["A"])
    cancelado = bloquear(criar_documento(atores["A"], processo))
    assert (
        c.post(url_documento(cancelado, "cancelar/"), {"motivo": "engano"}, format="json").status_code == 200
    )
    r = _patch(c, cancelado, {"conteudo": "<p>x</p>"}, '"1"')
    assert r.status_code == 409 and r.json()["code"] == "documento_cancelado"

    assinado = criar_documento(atores["A"], processo)
    Documento.objects.filter(pk=assinado.pk).update(estado=Documento.Estado.ASSINADO)
    r = _patch(c, assinado, {"conteudo": "<p>x</p>"}, '"1"')
    assert r.status_code == 409 and r.json()["code"] == "documento_assinado"  # drops signatures: confirm
    bloquear(assinado)
    r = _patch(c, assinado, {"conteudo": "<p>x</p>", "descartar_assinaturas": True}, '"1"')
    assert r.status_code == 409 and r.json()["code"] == "documento_bloqueado"

    # another unit sees the minuta's entry, never edits it
    minuta = criar_documento(atores["A"], processo)
    processos_services.processo_enviar(
        ator=atores["A"], processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    r = _patch(cliente(atores["B"]), minuta, {"conteudo": "<p>x</p>"}, '"1"')
    assert r.status_code == 409 and r.json()["code"] == "edicao_nao_permitida"


def test_versoes_lista_detalhe_e_restaurar(atores, unidades, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>primeira</p>")
    c = cliente(atores["A"])
    _patch(c, doc, {"conteudo": "<p>segunda</p>"}, '"1"')
    r = c.get(url_documento(doc, "versoes/"))
    assert r.status_code == 200 and r.json()["count"] == 2
    assert [v["numero"] for v in r.json()["results"]] == [2, 1]
    assert (
        r.json()["results"][0]["criado_por"] == "user_a" and r.json()["results"][0]["restaurada_de"] is None
    )
    assert c.get(url_documento(doc, "versoes/1/")).json()["conteudo"] == "<p>primeira</p>"
    assert c.get(url_documento(doc, "versoes/9/")).status_code == 404

    assert c.post(url_documento(doc, "restaurar/"), {"versao": 1}, format="json").status_code == 428
    r = c.post(url_documento(doc, "restaurar/"), {"versao": 1}, format="json", HTTP_IF_MATCH='"1"')
    assert r.status_code == 409 and r.json()["code"] == "versao_desatualizada"
    r = c.post(url_documento(doc, "restaurar/"), {"versao": 1}, format="json", HTTP_IF_MATCH='"2"')
    assert r.status_code == 200 and r["ETag"] == '"3"'
    assert c.get(url_documento(doc, "versoes/")).json()["results"][0]["restaurada_de"] == 1
    assert "primeira" in c.get(url_documento(doc, "conteudo")).content.decode()
    r = c.post(url_documento(doc, "restaurar/"), {"versao": 99}, format="json", HTTP_IF_MATCH='"3"')
    assert r.status_code == 404


def test_consultas_constantes_no_detalhe_e_nas_versoes(
    atores, cliente, processo, criar_documento, django_assert_max_num_queries
):
    doc = criar_documento(atores["A"], processo, conteudo="<p>0</p>")
    c = cliente(atores["A"])

    def contar(url):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    detalhe, versoes = contar(url_documento(doc)), contar(url_documento(doc, "versoes/"))
    for i in range(1, 12):
        services.documento_editar(ator=atores["A"], documento=doc, conteudo=f"<p>{i}</p>", versao_base=i)
    with django_assert_max_num_queries(detalhe):
        assert c.get(url_documento(doc)).json()["versoes"] == 12
    with django_assert_max_num_queries(versoes):
        assert c.get(url_documento(doc, "versoes/")).json()["count"] == 12


def test_cancelar_com_motivo(atores, unidades, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>texto</p>")
    c = cliente(atores["A"])
    # a minuta (and a signed document not yet bloqueado) is excluded, not cancelled
    r = c.post(url_documento(doc, "cancelar/"), {"motivo": "Incluído por engano"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "cancelamento_nao_permitido"
    bloquear(doc)
    r = c.post(url_documento(doc, "cancelar/"), {"motivo": ""}, format="json")
    assert r.status_code == 400 and "motivo" in r.json()["errors"]
    r = c.post(url_documento(doc, "cancelar/"), {"motivo": "Incluído por engano"}, format="json")
    assert (
        r.status_code == 200
        and r.json()["estado"] == "cancelado"
        and r.json()["motivo"] == "Incluído por engano"
    )
    assert r.json()["acesso_conteudo"] is False
    # stays in the tree, content no longer served
    arvore = c.get(f"/api/v1/processos/{processo.nup}/").json()["documentos"]
    assert [n["estado"] for n in arvore] == ["cancelado"]
    for acao in ("conteudo", "pdf", "versoes/", "versoes/1/"):
        r = c.get(url_documento(doc, acao))
        assert r.status_code == 403 and r.json()["code"] == "documento_cancelado", acao
    assert c.post(url_documento(doc, "cancelar/"), {"motivo": "de novo"}, format="json").status_code == 409


def test_excluir(atores, unidades, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    processos_services.processo_enviar(
        ator=atores["A"], processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    r = cliente(atores["B"]).delete(url_documento(doc))  # another unit's minuta
    assert r.status_code == 409 and r.json()["code"] == "exclusao_nao_permitida"
    c = cliente(atores["A"])
    novo = criar_documento(atores["A"], processo)
    assert c.delete(url_documento(novo)).status_code == 204
    assert c.get(url_documento(novo)).status_code == 404
    assert c.delete(url_documento(novo)).status_code == 404
    # a minuta is excluded by its unit even after the process was sent on (SEI's rule)
    assert c.delete(url_documento(doc)).status_code == 204
    # bloqueado: only cancelling is left
    assinado = bloquear(criar_documento(atores["A"], processo))
    r = c.delete(url_documento(assinado))
    assert r.status_code == 409 and r.json()["code"] == "exclusao_nao_permitida"
