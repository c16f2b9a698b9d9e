"""Allow/deny pairs for every document endpoint: anonymous (401), a unit the user does not
belong to (403), what the caller may not know exists (404: a sigiloso without credential, another
órgão), another unit's minuta (its entry yes, content 403) and restrito content seen from
outside (metadata yes, content 403)."""

import pytest

from documentos.models import Documento
from processos import services as processos_services
from processos.models import NivelAcesso
from tests.documentos.api.conftest import url_documento, url_documentos
from tests.factories import UsuarioFactory, lotar


def _endpoints(doc):
    """(method, url, body, headers) of every endpoint addressing one document."""
    return [
        ("get", url_documento(doc), None, {}),
        ("patch", url_documento(doc), {"conteudo": "<p>x</p>"}, {"HTTP_IF_MATCH": '"1"'}),
        ("get", url_documento(doc, "conteudo"), None, {}),
        ("get", url_documento(doc, "pdf"), None, {}),
        ("get", url_documento(doc, "versoes/"), None, {}),
        ("get", url_documento(doc, "versoes/1/"), None, {}),
        ("post", url_documento(doc, "restaurar/"), {"versao": 1}, {"HTTP_IF_MATCH": '"1"'}),
        ("post", url_documento(doc, "cancelar/"), {"motivo": "teste"}, {}),
        ("delete", url_documento(doc), None, {}),
    ]


def _todos(doc, processo):
    return [
        *_endpoints(doc),
        ("post", url_documentos(processo), {"tipo": "Despacho"}, {}),
        ("post", f"/api/v1/processos/{processo.nup}/exportar/", {"formato": "pdf"}, {}),
        ("get", "/api/v1/tarefas/1/", None, {}),
        ("get", "/api/v1/tarefas/1/arquivo", None, {}),
        ("get", "/api/v1/tipos-documento/", None, {}),
        ("get", "/api/v1/textos-padrao/", None, {}),
        ("get", "/api/v1/modelos/", None, {}),
    ]


def _chamar(c, metodo, url, corpo, headers):
    return (
        getattr(c, metodo)(url, corpo, format="json", **headers)
        if corpo
        else getattr(c, metodo)(url, **headers)
    )


def test_anonimo_401_e_unidade_alheia_403(atores, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    for metodo, url, corpo, headers in _todos(doc, processo):
        r = _chamar(cliente(), metodo, url, corpo, headers)
        assert r.status_code == 401 and r.json()["code"] == "nao_autenticado", (metodo, url)
        r = _chamar(cliente(atores["A"], unidade="B"), metodo, url, corpo, headers)
        assert r.status_code == 403 and r.json()["code"] == "unidade_nao_permitida", (metodo, url)
    assert Documento.objects.get(pk=doc.pk).estado == "minuta"
    # the same user in their own unit
    assert cliente(atores["A"]).get(url_documento(doc)).status_code == 200


def test_minuta_de_outra_unidade_mostra_a_entrada_e_nao_o_conteudo(
    atores, unidades, cliente, processo, criar_documento
):
    """SEI: another unit sees the minuta's entry in the tree (label, state), never its content,
    and cannot act on it."""
    processos_services.processo_enviar(
        ator=atores["A"], processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    doc = criar_documento(atores["A"], processo, conteudo="<p>Minuta de A</p>")
    b = cliente(atores["B"])
    dados = b.get(url_documento(doc)).json()
    assert dados["estado"] == "minuta" and "Minuta de A" not in str(dados)
    for acao in ("conteudo", "pdf", "versoes/", "versoes/1/"):
        r = b.get(url_documento(doc, acao))
        assert r.status_code == 403 and r.json()["code"] == "minuta_de_outra_unidade", acao
        assert "Minuta de A" not in r.content.decode()
    for metodo, url, corpo, headers in _endpoints(doc)[1:]:
        if metodo == "get":
            continue
        r = _chamar(b, metodo, url, corpo, headers)
        assert r.status_code in (403, 409), (metodo, url, r.status_code)
        assert "Minuta de A" not in r.content.decode()
    arvore = b.get(f"/api/v1/processos/{processo.nup}/").json()["documentos"]
    assert [d["numero_sei"] for d in arvore] == [doc.numero_sei]
    assert Documento.objects.get(pk=doc.pk).estado == "minuta" and Documento.objects.get(pk=doc.pk).versao_atual == 1
    # the generating unit reads and edits it
    a = cliente(atores["A"])
    for acao in ("", "conteudo", "pdf", "versoes/", "versoes/1/"):
        assert a.get(url_documento(doc, acao)).status_code == 200, acao
    r = a.patch(url_documento(doc), {"conteudo": "<p>ok</p>"}, format="json", HTTP_IF_MATCH='"1"')
    assert r.status_code == 200
    assert Documento.objects.get(pk=doc.pk).versao_atual == 2


@pytest.fixture
def colega_a(unidades):
    return lotar(UsuarioFactory(username="colega_a"), unidades["A"])


def test_sigiloso_sem_credencial_404(
    atores, unidades, ator_x, colega_a, cliente, criar_processo, criar_documento
):
    p = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    doc = criar_documento(atores["A"], p, conteudo="<p>Sigilo</p>")
    Documento.objects.filter(pk=doc.pk).update(
        estado=Documento.Estado.ASSINADO
    )  # not a minuta: only the level hides it
    for ator in (colega_a, atores["B"], ator_x):
        for metodo, url, corpo, headers in _endpoints(doc):
            r = _chamar(cliente(ator), metodo, url, corpo, headers)
            assert r.status_code == 404, (ator.usuario.username, metodo, url)
        r = cliente(ator).post(f"/api/v1/processos/{p.nup}/exportar/", {"formato": "pdf"}, format="json")
        assert r.status_code == 404
    a = cliente(atores["A"])
    assert a.get(url_documento(doc)).status_code == 200
    assert "Sigilo" in a.get(url_documento(doc, "conteudo")).content.decode()
    r = a.get(url_documento(doc, "conteudo"))
    assert r["Cache-Control"] == "no-store"
    # a credential opens it to the colleague
    processos_services.credencial_conceder(
        ator=atores["A"], processo=p, usuario=colega_a.usuario, unidade=unidades["A"]
    )
    assert cliente(colega_a).get(url_documento(doc, "conteudo")).status_code == 200


def test_restrito_fora_da_unidade_ve_metadados_mas_nao_conteudo(
    atores, ator_x, cliente, criar_processo, criar_documento, incluir_externo
):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    externo = incluir_externo(atores["A"], p, remetente="Fulano de Tal", nome="laudo de Fulano.pdf")
    interno = criar_documento(atores["A"], p, conteudo="<p>Parecer reservado</p>")
    Documento.objects.filter(pk=interno.pk).update(estado=Documento.Estado.ASSINADO)
    b = cliente(atores["B"])  # same órgão, the process never passed through B
    for doc in (externo, interno):
        r = b.get(url_documento(doc))
        d = r.json()
        assert r.status_code == 200 and d["acesso_conteudo"] is False
        assert d["rotulo"] == doc.rotulo and d["nivel_acesso"] == "publico"
        # nothing personal about the file or its sender
        assert d["remetente"] is d["nome_arquivo"] is d["tamanho"] is d["sha256"] is None
        assert "Fulano" not in r.content.decode()
        for acao in ("conteudo", "pdf"):
            r = b.get(url_documento(doc, acao))
            assert r.status_code == 403 and r.json()["code"] == "acesso_restrito", acao
            assert "reservado" not in r.content.decode()
    assert b.get(url_documento(interno, "versoes/")).status_code == 403
    assert b.get(url_documento(interno, "versoes/1/")).status_code == 403
    r = b.post(f"/api/v1/processos/{p.nup}/exportar/", {"formato": "zip"}, format="json")
    assert r.status_code == 403
    # another órgão does not know it exists; the unit where it was created reads it all
    assert cliente(ator_x).get(url_documento(externo)).status_code == 404
    a = cliente(atores["A"])
    d = a.get(url_documento(externo)).json()
    assert d["acesso_conteudo"] is True and d["remetente"] == "Fulano de Tal"
    assert d["nome_arquivo"] == "laudo de Fulano.pdf" and d["sha256"] == externo.arquivo_sha256
    assert a.get(url_documento(externo, "conteudo")).status_code == 200
    assert a.get(url_documento(interno, "pdf")).status_code == 200


def test_publico_outra_unidade_le_outro_orgao_nao(atores, ator_x, cliente, processo, incluir_externo):
    doc = incluir_externo(atores["A"], processo)
    b = cliente(atores["B"])
    assert b.get(url_documento(doc)).json()["acesso_conteudo"] is True
    assert b.get(url_documento(doc, "conteudo")).status_code == 200
    # reading is not editing: B may not cancel or delete A's document
    assert b.post(url_documento(doc, "cancelar/"), {"motivo": "x"}, format="json").status_code == 409
    assert b.delete(url_documento(doc)).status_code == 409
    for acao in ("", "conteudo", "pdf"):
        assert cliente(ator_x).get(url_documento(doc, acao)).status_code == 404, acao
