"""Upload checks: what a user sending a file sees (400/413/415 with a pt-BR message)."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos.arquivos import (
    EXTENSOES_PADRAO,
    ArquivoGrande,
    LimitesZip,
    TipoRecusado,
    normalizar_nome_cliente,
    verificar_upload,
)
from sei.exceptions import EntradaInvalida

from . import amostras

MAX = 5 * 1024 * 1024


def verificar(conteudo: bytes, nome: str, *, permitidas=EXTENSOES_PADRAO, maximo=MAX, **kwargs):
    return verificar_upload(
        SimpleUploadedFile("upload", conteudo),
        nome,
        tamanho_maximo=maximo,
        extensoes_permitidas=permitidas,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("nome", "conteudo", "mime"),
    [
        ("oficio.pdf", amostras.pdf(), "application/pdf"),
        ("foto.PNG", amostras.imagem("PNG"), "image/png"),
        ("foto.jpg", amostras.imagem("JPEG"), "image/jpeg"),
        ("foto.jpeg", amostras.imagem("JPEG"), "image/jpeg"),
        ("foto.gif", amostras.imagem("GIF"), "image/gif"),
        ("foto.webp", amostras.imagem("WEBP"), "image/webp"),
        ("foto.tif", amostras.imagem("TIFF"), "image/tiff"),
        (
            "minuta.docx",
            amostras.docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "planilha.xlsx",
            amostras.xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("despacho.odt", amostras.odt(), "application/vnd.oasis.opendocument.text"),
        ("notas.txt", "Relatório de atividades\nLinha 2\n".encode(), "text/plain"),
        ("dados.csv", "nome;valor\nJoão;10\n".encode("cp1252"), "text/csv"),
        ("goto.pdf", amostras.pdf(open_action="goto"), "application/pdf"),
    ],
)
def test_arquivo_valido_aceito_com_hash_e_tipo_detectado(nome, conteudo, mime):
    with verificar(conteudo, nome) as v:
        assert v.mime == mime
        assert v.tamanho == len(conteudo)
        assert v.sha256 == hashlib.sha256(conteudo).hexdigest()
        assert v.nome_cliente == nome
        assert v.ler() == conteudo


def test_texto_em_cp1252_registra_a_codificacao():
    with verificar("Ofício de São Paulo\n".encode("cp1252"), "a.txt") as v:
        assert v.codificacao == "cp1252"
    with verificar("Ofício\n".encode(), "a.txt") as v:
        assert v.codificacao == "utf-8"


@pytest.mark.parametrize(
    "nome", ["pagina.pdf", "pagina.png", "pagina.txt", "pagina.jpg", "pagina.docx", "pagina.csv"]
)
def test_html_renomeado_recusado_com_415(nome):
    with pytest.raises(TipoRecusado) as erro:
        verificar(amostras.HTML, nome)
    assert erro.value.status == 415
    assert erro.value.code == "tipo_recusado"


@pytest.mark.parametrize(
    "conteudo",
    [
        b"  \n<html><body>oi</body></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"<?xml version='1.0'?><x/>",
        b"#!/bin/sh\nrm -rf /\n",
        b"linha comum\n" * 10000 + b"<script>alert(1)</script>",
        b"texto com <IFRAME src=x> no meio",
        b"binario\x00\x01\x02",
        b"\x01\x02\x03controle",
    ],
)
def test_texto_que_parece_html_script_ou_binario_e_recusado(conteudo):
    with pytest.raises(TipoRecusado):
        verificar(conteudo, "leia-me.txt")


def test_texto_com_sinal_de_menor_comum_e_aceito():
    with verificar(b"a < b e c > d; x <= 3\n", "leia-me.txt") as v:
        assert v.mime == "text/plain"


def test_pdf_falso_recusado():
    with pytest.raises(TipoRecusado, match="PDF válido"):
        verificar(b"%PDF-1.7\nisto nao e um pdf de verdade", "x.pdf")
    with pytest.raises(TipoRecusado, match="não corresponde"):
        verificar(b"quase um PDF", "x.pdf")


@pytest.mark.parametrize("acao", ["js", "link_js"])
def test_pdf_com_javascript_recusado(acao):
    with pytest.raises(TipoRecusado, match="JavaScript"):
        verificar(amostras.pdf(open_action=acao), "malicioso.pdf")


def test_pdf_protegido_por_senha_recusado():
    import pikepdf

    saida = io.BytesIO()
    with pikepdf.open(io.BytesIO(amostras.pdf())) as doc:
        doc.save(saida, encryption=pikepdf.Encryption(user="segredo", owner="dono"))
    with pytest.raises(TipoRecusado, match="senha"):
        verificar(saida.getvalue(), "cifrado.pdf")


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_svg_fora_da_lista_padrao():
    assert "svg" not in EXTENSOES_PADRAO
    with pytest.raises(TipoRecusado, match="não permitido"):
        verificar(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "a.svg")


@pytest.mark.parametrize(
    "conteudo",
    [
        SVG_SCRIPT,
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="https://rastreador.exemplo/p.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.exemplo/a.css);</style></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    ],
)
def test_svg_com_script_ou_referencia_externa_recusado_mesmo_se_permitido(conteudo):
    with pytest.raises(TipoRecusado):
        verificar(conteudo, "desenho.svg", permitidas={"svg"})


def test_svg_inerte_aceito_quando_permitido():
    conteudo = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><defs><g id="a"/></defs><use href="#a"/><rect/></svg>'
    )
    with verificar(conteudo, "desenho.svg", permitidas={"svg"}) as v:
        assert v.mime == "image/svg+xml"


def test_arquivo_vazio_400():
    with pytest.raises(EntradaInvalida, match="Arquivo vazio.") as erro:
        verificar(b"", "vazio.pdf")
    assert erro.value.status == 400


def test_tamanho_igual_ao_maximo_aceito_e_um_byte_a_mais_413():
    maximo = 1000
    with verificar(b"a" * maximo, "a.txt", maximo=maximo) as v:
        assert v.tamanho == maximo
    with pytest.raises(ArquivoGrande) as erro:
        verificar(b"a" * (maximo + 1), "a.txt", maximo=maximo)
    assert erro.value.status == 413
    assert erro.value.code == "arquivo_grande"
    assert "tamanho máximo" in erro.value.mensagem


class _Infinito(io.RawIOBase):
    """A never-ending upload that counts what was read from it."""

    def __init__(self):
        self.lidos = 0

    def readable(self):
        return True

    def readinto(self, b):
        b[:] = b"a" * len(b)
        self.lidos += len(b)
        return len(b)


def test_nunca_le_mais_que_maximo_mais_um():
    fluxo = _Infinito()
    with pytest.raises(ArquivoGrande):
        verificar_upload(fluxo, "a.txt", tamanho_maximo=200_000, extensoes_permitidas={"txt"})
    assert fluxo.lidos == 200_001


def test_tamanho_declarado_acima_do_maximo_recusado_sem_ler():
    class Declarado:
        size = MAX + 1

        def read(self, n=-1):
            raise AssertionError("não deveria ler")

    with pytest.raises(ArquivoGrande):
        verificar_upload(Declarado(), "a.pdf", tamanho_maximo=MAX, extensoes_permitidas={"pdf"})


def test_mensagem_413_em_megabytes():
    with pytest.raises(ArquivoGrande, match="100 MB"):
        verificar_upload(_Infinito(), "a.txt", tamanho_maximo=100 * 1024 * 1024, extensoes_permitidas={"txt"})


@pytest.mark.parametrize(
    ("enviado", "guardado"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\x.pdf", "x.pdf"),
        ("C:\\Users\\ana\\Documentos\\Ofício.pdf", "Ofício.pdf"),
        ("/etc/passwd/../x.pdf", "x.pdf"),
        ("ofi\ncio\r\x00\x1b.pdf", "oficio.pdf"),
        ("relatorio\u202efdp.pdf", "relatoriofdp.pdf"),
        ("a\u2066b\u2069c\u200b.pdf", "abc.pdf"),
        ("Ofi\u0301cio.pdf", "Ofício.pdf"),  # decomposed accent → NFC
        ("  espaços  .pdf  ", "espaços  .pdf"),
    ],
)
def test_nome_do_cliente_normalizado(enviado, guardado):
    assert normalizar_nome_cliente(enviado) == guardado
    with verificar(amostras.pdf(), enviado) as v:
        assert v.nome_cliente == guardado


def test_override_rtl_nao_disfarca_executavel():
    # "fatura‮fdp.exe" is shown by a browser as "faturaexe.pdf"
    with pytest.raises(TipoRecusado):
        verificar(amostras.pdf(), "fatura\u202efdp.exe")


def test_nome_longo_cortado_em_255_mantendo_a_extensao():
    nome = normalizar_nome_cliente("a" * 400 + ".pdf")
    assert len(nome) == 255
    assert nome.endswith(".pdf")


@pytest.mark.parametrize("nome", ["", "..", "../..", "\x00\x01", "\u202e", "/"])
def test_nome_vazio_ou_so_caminho_400(nome):
    with pytest.raises(EntradaInvalida, match="Nome de arquivo inválido"):
        verificar(amostras.pdf(), nome)


@pytest.mark.parametrize("nome", ["programa.exe", "semextensao", "pagina.html", "x.pdf.exe", ".pdf"])
def test_extensao_nao_permitida_415(nome):
    with pytest.raises(TipoRecusado, match="não permitido"):
        verificar(amostras.pdf(), nome)


def test_extensoes_permitidas_como_texto_de_configuracao():
    with verificar(amostras.pdf(), "a.pdf", permitidas=" PDF, .png ,jpg") as v:
        assert v.mime == "application/pdf"
    with pytest.raises(TipoRecusado, match="Tipos aceitos: jpg, pdf, png."):
        verificar(amostras.odt(), "a.odt", permitidas="pdf,png,jpg")


def test_extensao_permitida_mas_desconhecida_e_recusada():
    with pytest.raises(TipoRecusado, match="não permitido"):
        verificar(b"MZ\x90\x00", "programa.exe", permitidas={"exe", "pdf"})


def test_zip_bomba_recusada():
    with pytest.raises(TipoRecusado, match="tamanho excessivo"):
        verificar(amostras.zip_bomba(64), "pacote.zip", permitidas={"zip"})


def test_docx_com_membro_bomba_recusado():
    bomba = amostras.docx(extras={"word/media/zeros.bin": b"\0" * (40 * 1024 * 1024)})
    assert len(bomba) < 200_000
    with pytest.raises(TipoRecusado, match="tamanho excessivo"):
        verificar(bomba, "minuta.docx")


def test_zip_com_itens_demais_recusado():
    conteudo = amostras.zip_com({f"{i}.txt": b"x" for i in range(5)})
    with pytest.raises(TipoRecusado, match="mais de 4 itens"):
        verificar(conteudo, "a.zip", permitidas={"zip"}, limites_zip=LimitesZip(membros=4))
    with verificar(conteudo, "a.zip", permitidas={"zip"}) as v:
        assert v.mime == "application/zip"


def test_zip_com_caminho_de_travessia_recusado():
    with pytest.raises(TipoRecusado, match="caminhos inválidos"):
        verificar(amostras.zip_com({"../../etc/cron.d/x": b"x"}), "a.zip", permitidas={"zip"})


@pytest.mark.parametrize(
    ("nome", "conteudo"),
    [
        ("minuta.docx", amostras.zip_com({"a.txt": b"texto"})),
        ("minuta.docx", amostras.odt()),
        ("planilha.xlsx", amostras.docx()),
        ("despacho.odt", amostras.docx()),
        ("despacho.odt", amostras.odt(mimetype=b"application/vnd.oasis.opendocument.spreadsheet")),
        ("planilha.ods", amostras.odt()),
        ("minuta.docx", amostras.pdf()),
    ],
)
def test_escritorio_com_estrutura_errada_recusado(nome, conteudo):
    with pytest.raises(TipoRecusado):
        verificar(conteudo, nome)


def test_documento_com_macro_recusado():
    with pytest.raises(TipoRecusado, match="macros"):
        verificar(amostras.docx(extras={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "minuta.docx")
    with pytest.raises(TipoRecusado, match="macros"):
        verificar(amostras.odt(extras={"Basic/Standard/Module1.xml": b"<x/>"}), "despacho.odt")


def test_docx_com_entidade_xml_recusado():
    tipos_xxe = (
        b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&x;</Types>'
    )
    with pytest.raises(TipoRecusado):
        verificar(amostras.docx(extras={"[Content_Types].xml": tipos_xxe}), "minuta.docx")


def test_arquivo_temporario_some_ao_fechar():
    v = verificar(amostras.pdf(), "a.pdf")
    arquivo = v.arquivo
    v.fechar()
    assert arquivo.closed


def test_erros_viram_resposta_da_api_com_status_e_codigo():
    from sei.api import exception_handler

    for erro in (ArquivoGrande("grande"), TipoRecusado("tipo")):
        resposta = exception_handler(erro, {})
        assert resposta.status_code == erro.status
        assert resposta.data["code"] == erro.code
        assert resposta.data["detail"] == erro.mensagem
