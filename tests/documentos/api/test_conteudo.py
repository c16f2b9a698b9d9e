"""GET /documentos/{n}/conteudo and /pdf: the bytes, their headers, and who may read them."""

import io

from pypdf import PdfReader

from documentos.models import Documento
from processos.models import NivelAcesso
from tests.documentos.api.conftest import pdf_com_texto, url_documento


def _texto_pdf(resposta) -> str:
    leitor = PdfReader(io.BytesIO(b"".join(resposta.streaming_content)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in leitor.pages)


def test_conteudo_interno_html_isolado(atores, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Corpo do ofício</p>")
    r = cliente(atores["A"]).get(url_documento(doc, "conteudo"), HTTP_ACCEPT="text/html")
    assert r.status_code == 200
    assert r["Content-Type"] == "text/html; charset=utf-8"
    assert r["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert r["X-Content-Type-Options"] == "nosniff" and r["ETag"] == '"1"'
    assert r["Cache-Control"] == "private, no-cache"
    html = r.content.decode()
    assert html.startswith("<!DOCTYPE html>") and "Corpo do ofício" in html
    assert "OFÍCIO Nº 1/" in html and f"SEI nº {doc.numero_sei:07d}" in html


def test_conteudo_de_processo_restrito_e_no_store(atores, cliente, criar_processo, criar_documento):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    doc = criar_documento(atores["A"], p, conteudo="<p>Restrito</p>")
    r = cliente(atores["A"]).get(url_documento(doc, "conteudo"))
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    r = cliente(atores["A"]).get(url_documento(doc, "pdf"))
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"


def test_pdf_do_documento_interno_com_rodape(atores, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Conteúdo em PDF</p>")
    r = cliente(atores["A"]).get(url_documento(doc, "pdf"), HTTP_ACCEPT="application/pdf")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf" and r["Content-Disposition"].startswith("inline;")
    assert r["X-Content-Type-Options"] == "nosniff"
    texto = _texto_pdf(r)
    assert "Conteúdo em PDF" in texto
    assert f"Ofício 1 ({doc.numero_sei:07d}) · SEI {processo.nup_formatado} / pág. 1" in texto
    # with the slash too, served from the cache
    assert cliente(atores["A"]).get(url_documento(doc, "pdf/")).status_code == 200


def test_pdf_do_documento_externo_e_o_proprio_arquivo(atores, cliente, processo, incluir_externo):
    conteudo = pdf_com_texto("Recibo 77")
    doc = incluir_externo(atores["A"], processo, conteudo)
    r = cliente(atores["A"]).get(url_documento(doc, "pdf"))
    assert r.status_code == 200 and b"".join(r.streaming_content) == conteudo


def test_numero_sei_com_e_sem_zeros(atores, cliente, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    c = cliente(atores["A"])
    assert c.get(url_documento(f"{doc.numero_sei:07d}")).json()["numero_sei"] == doc.numero_sei
    assert c.get(url_documento(str(doc.numero_sei))).status_code == 200
    assert c.get(url_documento("abc")).status_code == 404
    assert c.get(url_documento(doc.numero_sei + 1000)).status_code == 404


def test_arquivo_alterado_no_armazenamento_nao_e_servido(
    atores, cliente, processo, incluir_externo, armazenamento
):
    doc = incluir_externo(atores["A"], processo)
    (armazenamento / doc.arquivo_nome).write_bytes(pdf_com_texto("Adulterado"))
    r = cliente(atores["A"]).get(url_documento(doc, "conteudo"))
    assert r.status_code == 500 and r.json()["code"] == "arquivo_corrompido"
    assert Documento.objects.filter(pk=doc.pk).exists()
