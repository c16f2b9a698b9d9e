"""Text kept for the search: extracted from each accepted type, capped, never crashing."""

import logging

import pytest

from documentos.arquivos import extrair_texto

from . import amostras

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


def test_texto_puro_utf8_e_cp1252():
    assert extrair_texto("Relatório de São Paulo\n".encode(), "text/plain") == "Relatório de São Paulo"
    assert extrair_texto("Relatório de São Paulo\n".encode("cp1252"), "text/csv") == "Relatório de São Paulo"


def test_html_sem_script_nem_estilo():
    html = (
        b"<html><head><title>t</title><style>p{color:red}</style></head><body>"
        b"<h1>Parecer</h1><p>Conclus&atilde;o: <b>deferir</b></p><script>alert('segredo')</script></body></html>"
    )
    texto = extrair_texto(html, "text/html; charset=utf-8")
    assert "Parecer" in texto and "Conclusão: deferir" in texto
    assert "alert" not in texto and "color" not in texto


def test_pdf():
    assert "Processo 123" in extrair_texto(amostras.pdf("Processo 123"), "application/pdf")


def test_pdf_por_caminho(tmp_path):
    caminho = tmp_path / "a.pdf"
    caminho.write_bytes(amostras.pdf("Nota Tecnica 7"))
    assert "Nota Tecnica 7" in extrair_texto(caminho, "application/pdf")
    assert "Nota Tecnica 7" in extrair_texto(str(caminho), "application/pdf")


def test_odt():
    texto = extrair_texto(amostras.odt(("Despacho", "Encaminhe-se à DIRAD.")), ODT)
    assert texto.splitlines() == ["Despacho", "Encaminhe-se à DIRAD."]


def test_docx():
    texto = extrair_texto(amostras.docx(("Ofício nº 12", "Senhor Diretor")), DOCX)
    assert texto.splitlines() == ["Ofício nº 12", "Senhor Diretor"]


def test_xlsx():
    assert extrair_texto(amostras.xlsx(("Nota Fiscal", "345")), XLSX).splitlines() == ["Nota Fiscal", "345"]


def test_de_arquivo_verificado(verificado):
    v = verificado(amostras.docx(("Termo de referência",)), "termo.docx")
    assert extrair_texto(v.abrir(), v.mime) == "Termo de referência"


def test_xxe_nao_le_arquivos_do_servidor(caplog):
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    with caplog.at_level(logging.WARNING):
        assert extrair_texto(amostras.docx(documento_xml=xml), DOCX) == ""
    assert "root:" not in caplog.text


@pytest.mark.parametrize(
    ("conteudo", "mime"),
    [
        (b"%PDF-1.4 quebrado", "application/pdf"),
        (b"nao e zip", DOCX),
        (b"nao e zip", ODT),
        (amostras.zip_com({"x.txt": b"sem content.xml"}), ODT),
        (amostras.docx(documento_xml=b"<w:document><nao-fecha>"), DOCX),
    ],
)
def test_arquivo_quebrado_devolve_vazio_e_registra_sem_conteudo(caplog, conteudo, mime):
    with caplog.at_level(logging.WARNING):
        assert extrair_texto(conteudo, mime) == ""
    assert "Extração de texto" in caplog.text or "PDF" in caplog.text
    assert "nao-fecha" not in caplog.text and "quebrado" not in caplog.text


@pytest.mark.parametrize("mime", ["image/png", "audio/mpeg", "application/zip", "application/octet-stream"])
def test_tipos_sem_texto_devolvem_vazio(mime):
    assert extrair_texto(b"\x89PNG qualquer", mime) == ""


def test_texto_limitado():
    grande = ("palavra " * 300_000).encode()
    assert len(extrair_texto(grande, "text/plain")) <= 1_000_000
    assert len(extrair_texto(grande, "text/plain", limite=100)) == 100
    docx = amostras.docx(tuple(f"parágrafo {i}" for i in range(2000)))
    assert len(extrair_texto(docx, DOCX, limite=500)) <= 500
