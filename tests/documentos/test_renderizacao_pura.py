"""documentos.renderizacao is pure: from a document held in memory (never saved) and the data
read for it, HTML and PDF bytes; no database (these tests have none) and no storage."""

import hashlib
import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from documentos import renderizacao
from documentos.models import Documento, TipoDocumento
from processos.models import Processo, TipoProcesso
from tests.factories import pdf_simples

NUP = "12345000001202601"  # 12345.000001/2026-01


def _texto(conteudo: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(conteudo)).pages)


def _processo(**campos) -> Processo:
    campos = {
        "nup": NUP,
        "tipo": TipoProcesso(nome="Aquisição & Contratação"),
        "especificacao": "Compra",
        **campos,
    }
    return Processo(**campos)


def _interno(**campos) -> Documento:
    campos = {
        "processo": _processo(),
        "tipo": TipoDocumento(nome="Ofício"),
        "natureza": Documento.Natureza.INTERNO,
        "numero": "7",
        "numero_sei": 123,
        "cabecalho_html": "<p>MINISTÉRIO DO EXEMPLO</p>",
        "titulo_html": "<p>OFÍCIO Nº 7/2026</p>",
        "assinatura_html": "<p>Assinado por Fulana</p>",
        "rodape_html": "<p>Referência: 12345.000001/2026-01</p>",
        **campos,
    }
    return Documento(**campos)


def _externo(mime: str, conteudo: bytes = b"", **campos) -> Documento:
    campos = {
        "processo": _processo(),
        "tipo": TipoDocumento(nome="Nota Fiscal"),
        "natureza": Documento.Natureza.EXTERNO,
        "numero": "",
        "numero_sei": 124,
        "arquivo_mime": mime,
        "arquivo_sha256": hashlib.sha256(conteudo).hexdigest(),
        **campos,
    }
    return Documento(**campos)


def test_rodape_e_html_do_documento():
    doc = _interno()
    assert renderizacao.rodape(doc) == "Ofício 7 (0000123) · SEI 12345.000001/2026-01"
    assert renderizacao.rodape(_interno(numero="")) == "Ofício (0000123) · SEI 12345.000001/2026-01"
    assert renderizacao.html_do_documento(doc, "<p>Corpo</p>") == (
        '<section class="titulo"><p>OFÍCIO Nº 7/2026</p></section>'
        '<section class="corpo"><p>Corpo</p></section>'
        '<section class="assinatura"><p>Assinado por Fulana</p></section>'
        # The blank area signing fills (assinaturas), marked for the signer to find in the PDF.
        '<section class="sei-assinaturas" id="sei-assinaturas">'
        '<span id="sei-assinaturas-fim" class="sei-assinaturas-fim"></span></section>'
        '<section class="referencia"><p>Referência: 12345.000001/2026-01</p></section>'
    )
    pagina = renderizacao.pagina_html(_interno(numero="<7>"), "<p>Corpo</p>")
    assert pagina.startswith('<!DOCTYPE html><html lang="pt-BR">')
    assert "<title>Ofício &lt;7&gt; (0000123)</title>" in pagina
    assert '<header class="cabecalho"><p>MINISTÉRIO DO EXEMPLO</p></header>' in pagina
    assert '<section class="corpo"><p>Corpo</p></section>' in pagina


def test_chave_muda_com_o_que_se_renderiza_e_nao_existe_sem_forma_pdf():
    doc = _interno()
    chave = renderizacao.chave_pdf(doc, "<p>v1</p>")
    assert len(chave) == 64 and chave == renderizacao.chave_pdf(_interno(), "<p>v1</p>")
    assert renderizacao.chave_pdf(doc, "<p>v2</p>") != chave  # another version's body
    assert renderizacao.chave_pdf(_interno(cabecalho_html="<p>Outro</p>"), "<p>v1</p>") != chave
    assert renderizacao.chave_pdf(_interno(numero="8"), "<p>v1</p>") != chave  # the footer changed

    pdf_externo = _externo("application/pdf", b"%PDF-1")
    assert renderizacao.chave_pdf(pdf_externo, "") == renderizacao.chave_pdf(pdf_externo, "ignorado")
    assert renderizacao.chave_pdf(_externo("application/pdf", b"%PDF-2"), "") != renderizacao.chave_pdf(
        pdf_externo, ""
    )
    planilha = _externo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert not renderizacao.tem_pdf(planilha) and renderizacao.chave_pdf(planilha, "") is None
    assert all(renderizacao.tem_pdf(_externo(m)) for m in ("image/png", "text/plain", "text/csv"))


def test_documento_interno_renderizado_com_timbre_e_rodape_paginado():
    corpo = "<p>Conteúdo do ofício</p>" + "<p>linha</p>" * 80
    conteudo = renderizacao.renderizar_pdf(_interno(), corpo=corpo)
    assert conteudo.startswith(b"%PDF-")
    paginas = PdfReader(io.BytesIO(conteudo)).pages
    assert len(paginas) >= 2
    primeira = " ".join(paginas[0].extract_text().split())
    assert "MINISTÉRIO DO EXEMPLO" in primeira and "Conteúdo do ofício" in primeira
    assert "Ofício 7 (0000123) · SEI 12345.000001/2026-01 / pág. 2" in " ".join(
        paginas[1].extract_text().split()
    )


def test_documento_externo_pdf_como_esta_imagem_convertida_e_texto_escapado():
    original = pdf_simples()
    assert renderizacao.renderizar_pdf(_externo("application/pdf", original), original=original) == original

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buf, "PNG")
    imagem = renderizacao.renderizar_pdf(_externo("image/png", buf.getvalue()), original=buf.getvalue())
    assert imagem.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(imagem)).pages) == 1

    texto = "Laudo <b>técnico</b> & anexos".encode()
    conteudo = renderizacao.renderizar_pdf(_externo("text/plain", texto), original=texto)
    extraido = _texto(conteudo)
    assert "Laudo <b>técnico</b> & anexos" in extraido  # shown as text, not read as HTML
    assert "Nota Fiscal (0000124) · SEI 12345.000001/2026-01 / pág. 1" in extraido


def test_capa_escapa_o_texto_e_lista_as_paginas_iniciais():
    docs = [_interno(), _interno(numero_sei=125, numero="", tipo=TipoDocumento(nome="Despacho <urgente>"))]
    gerado_em = datetime(2026, 3, 4, 15, 30, tzinfo=UTC)
    capa = renderizacao.capa(
        _processo(especificacao=""), docs, interessados=["Ana & Filhos", "<script>"], gerado_em=gerado_em
    )
    html = capa([3, 5])
    assert '<h1 class="text-center">Processo 12345.000001/2026-01</h1>' in html
    assert "<strong>Tipo:</strong> Aquisição &amp; Contratação" in html
    assert "<strong>Especificação:</strong> —" in html
    assert "<strong>Interessados:</strong> Ana &amp; Filhos, &lt;script&gt;" in html
    assert "<strong>PDF gerado em:</strong> 04/03/2026 12:30:00" in html  # America/Sao_Paulo
    assert "<strong>Nível de acesso:</strong> Público" in html
    # unsigned internal documents are marked as minutas in the list (and stamped on their pages)
    assert (
        "<li>Ofício 7 (0000123) (minuta) — pág. 3</li><li>Despacho &lt;urgente&gt; 0000125 (minuta) — pág. 5</li>"
        in html
    )
    assert "<strong>Interessados:</strong> —" in renderizacao.capa(
        _processo(), docs, interessados=[], gerado_em=gerado_em
    )([1, 2])
    with pytest.raises(ValueError):
        capa([3])  # one first page per document


def test_nome_no_zip_e_paginas_estimadas_da_capa():
    doc = _externo("text/plain", descricao='Nota "fiscal"/março: <1>')
    assert renderizacao.nome_no_zip(doc, "txt") == "0000124 - Nota _fiscal__março_ _1_ 0000124.txt"
    longo = renderizacao.nome_no_zip(_externo("text/plain", descricao="x" * 300), "pdf")
    assert len(longo) == 150 + len(".pdf")
    assert renderizacao.paginas_capa_estimadas(1) == 1
    assert renderizacao.paginas_capa_estimadas(500) == 12  # measured: 12 pages for 500 documents
