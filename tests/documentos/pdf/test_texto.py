import logging

from documentos.pdf import extrair_texto_pdf, renderizar_html

from .conftest import html_longo


def test_extrai_o_texto_de_um_pdf_gerado():
    pdf = renderizar_html(
        "<h1>Nota Técnica</h1><p>Análise da solicitação de diárias.</p>", titulo="t", rodape="r"
    )
    texto = extrair_texto_pdf(pdf)
    assert "Nota Técnica" in texto
    assert "Análise da solicitação de diárias." in texto


def test_texto_cortado_no_limite():
    pdf = renderizar_html(html_longo(20), titulo="t", rodape="r")
    texto = extrair_texto_pdf(pdf, limite_caracteres=500)
    assert len(texto) == 500
    assert texto.startswith("Parágrafo 0.")


def test_pdf_quebrado_devolve_vazio_e_registra(caplog, pdf_simples):
    with caplog.at_level(logging.WARNING, logger="documentos.pdf.texto"):
        assert extrair_texto_pdf(b"isto nao e um pdf") == ""
        assert extrair_texto_pdf(b"") == ""
        assert isinstance(extrair_texto_pdf(pdf_simples[: len(pdf_simples) // 2]), str)
    assert "ilegível" in caplog.text
