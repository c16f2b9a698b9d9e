import io

import pikepdf
import pytest

from documentos.pdf import PDFInvalido, PDFProtegido, imagem_para_pdf, pdf_tem_javascript


def salvar(pdf: pikepdf.Pdf, **opcoes) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf, **opcoes)
    return buf.getvalue()


def pdf_base() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return pdf


def acao_js(pdf, codigo="app.alert('x')"):
    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(codigo)))


def test_pdf_comum_nao_tem_javascript(pdf_simples):
    assert pdf_tem_javascript(pdf_simples) is False
    assert pdf_tem_javascript(salvar(pdf_base())) is False


def test_open_action_para_pagina_nao_conta():
    pdf = pdf_base()
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
    assert pdf_tem_javascript(salvar(pdf)) is False


def test_open_action_com_javascript():
    pdf = pdf_base()
    pdf.Root.OpenAction = acao_js(pdf)
    assert pdf_tem_javascript(salvar(pdf)) is True


def test_arvore_de_nomes_javascript_em_object_stream():
    pdf = pdf_base()
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), acao_js(pdf)]))
    )
    conteudo = salvar(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert pdf_tem_javascript(conteudo) is True


def test_acao_automatica_de_pagina_e_launch_em_anotacao():
    pdf = pdf_base()
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=acao_js(pdf))
    assert pdf_tem_javascript(salvar(pdf)) is True

    pdf = pdf_base()
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 10, 10],
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe")),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([link]))
    assert pdf_tem_javascript(salvar(pdf)) is True


def _pdf_com_link(uri) -> bytes:
    pdf = pdf_base()
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 10, 10],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=uri if isinstance(uri, pikepdf.Object) else pikepdf.String(uri)),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([link]))
    return salvar(pdf)


@pytest.mark.parametrize(
    "uri",
    [
        "javascript:app.alert(1)",
        "JavaScript:alert(document.cookie)",
        "  java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_link_para_fora_da_web_e_recusado(uri):
    assert pdf_tem_javascript(_pdf_com_link(uri)) is True


@pytest.mark.parametrize(
    "uri", ["https://www.gov.br/", "http://exemplo.gov.br/a?b=c", "mailto:protocolo@exemplo.gov.br", "#pagina2"]
)
def test_link_para_a_web_ou_email_e_aceito(uri):
    assert pdf_tem_javascript(_pdf_com_link(uri)) is False


def test_javascript_em_objeto_solto_tambem_e_detectado():
    # Objeto não ligado às páginas, mas presente no arquivo (qpdf preserva ao salvar sem limpar).
    pdf = pdf_base()
    pdf.Root.Extra = pdf.make_indirect(pikepdf.Array([acao_js(pdf)]))
    assert pdf_tem_javascript(salvar(pdf)) is True


def test_imagem_convertida_nao_tem_javascript():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "PNG")
    assert pdf_tem_javascript(imagem_para_pdf(buf.getvalue())) is False


@pytest.mark.parametrize("conteudo", [b"", b"isto nao e um pdf", b"<html><script>alert(1)</script></html>"])
def test_pdf_quebrado_levanta_pdfinvalido(conteudo):
    with pytest.raises(PDFInvalido):
        pdf_tem_javascript(conteudo)


def test_pdf_com_senha_levanta_pdfprotegido():
    conteudo = salvar(pdf_base(), encryption=pikepdf.Encryption(owner="dono", user="usuario"))
    with pytest.raises(PDFProtegido) as erro:
        pdf_tem_javascript(conteudo)
    assert isinstance(erro.value, PDFInvalido)
    assert "senha" in erro.value.mensagem
