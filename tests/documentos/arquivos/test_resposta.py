"""Serving stored files: the SHA-256 is checked, and the headers protect the user."""

import hashlib

import pytest

from documentos.arquivos import (
    ArquivoCorrompido,
    abrir_verificado,
    gravar,
    normalizar_nome_cliente,
    resposta_arquivo,
)

from . import amostras

_ABERTAS = []


@pytest.fixture(autouse=True)
def _fechar_respostas():
    """What Django's handler does after sending: close the stored file."""
    yield
    while _ABERTAS:
        _ABERTAS.pop().close()


def _corpo(resposta) -> bytes:
    return b"".join(resposta.streaming_content)


def test_abre_e_serve_o_mesmo_conteudo(storage, verificado):
    conteudo = amostras.pdf()
    gravado = gravar(verificado(conteudo), storage=storage)
    leitor = abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage)
    assert leitor.tamanho == len(conteudo)
    assert leitor.read() == conteudo


def _adulterar(storage, nome):
    caminho = storage.path(nome)
    with open(caminho, "r+b") as f:
        f.seek(-5, 2)
        f.write(b"XXXXX")


def test_arquivo_alterado_no_disco_e_detectado_antes_de_enviar(storage, verificado):
    gravado = gravar(verificado(amostras.pdf()), storage=storage)
    _adulterar(storage, gravado.nome_storage)
    with pytest.raises(ArquivoCorrompido) as erro:
        abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage)
    assert erro.value.status == 500
    assert erro.value.code == "arquivo_corrompido"


def test_arquivo_grande_alterado_interrompe_o_envio_antes_do_ultimo_bloco(storage, verificado):
    conteudo = ("linha de texto do relatório\n" * 20_000).encode()  # ~580 KB, several blocks
    gravado = gravar(verificado(conteudo, "relatorio.txt"), storage=storage)
    _adulterar(storage, gravado.nome_storage)
    leitor = abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage, limite_previo=1024)
    resposta = resposta_arquivo(leitor, mime="text/plain", nome_cliente="relatorio.txt", restrito=True)
    recebido = []
    with pytest.raises(ArquivoCorrompido):
        for bloco in resposta.streaming_content:
            recebido.append(bloco)
    # the client got fewer bytes than Content-Length announced: an incomplete download
    assert 0 < sum(map(len, recebido)) < int(resposta["Content-Length"])


def test_arquivo_grande_integro_e_servido_inteiro(storage, verificado):
    conteudo = ("linha\n" * 100_000).encode()
    gravado = gravar(verificado(conteudo, "relatorio.txt"), storage=storage)
    leitor = abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage, limite_previo=1024)
    resposta = resposta_arquivo(leitor, mime="text/plain", nome_cliente="relatorio.txt", restrito=False)
    assert _corpo(resposta) == conteudo
    assert resposta["Content-Length"] == str(len(conteudo))


def test_arquivo_ausente_e_tratado_como_corrompido(storage):
    with pytest.raises(ArquivoCorrompido):
        abrir_verificado("documentos/aa/bb/sumiu.pdf", hashlib.sha256(b"").hexdigest(), storage=storage)


def _resposta(storage, verificado, conteudo, nome, *, restrito=False):
    v = verificado(conteudo, nome)
    gravado = gravar(v, storage=storage)
    leitor = abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage)
    resposta = resposta_arquivo(leitor, mime=gravado.mime, nome_cliente=v.nome_cliente, restrito=restrito)
    _ABERTAS.append(leitor)
    return resposta


def test_pdf_inline_em_sandbox(storage, verificado):
    conteudo = amostras.pdf()
    resposta = _resposta(storage, verificado, conteudo, "oficio.pdf")
    assert resposta["Content-Type"] == "application/pdf"
    assert resposta["Content-Disposition"] == 'inline; filename="oficio.pdf"'
    assert resposta["X-Content-Type-Options"] == "nosniff"
    csp = resposta["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert resposta["X-Frame-Options"] == "SAMEORIGIN"
    assert resposta["Cache-Control"] == "private, no-cache"
    assert _corpo(resposta) == conteudo


@pytest.mark.parametrize(
    ("nome", "formato"), [("foto.png", "PNG"), ("foto.jpg", "JPEG"), ("foto.webp", "WEBP")]
)
def test_imagem_raster_inline(storage, verificado, nome, formato):
    resposta = _resposta(storage, verificado, amostras.imagem(formato), nome)
    assert resposta["Content-Disposition"].startswith("inline;")
    assert "sandbox" in resposta["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("nome", "conteudo"),
    [
        ("minuta.docx", amostras.docx()),
        ("despacho.odt", amostras.odt()),
        ("notas.txt", b"texto simples\n"),
        ("scan.tif", amostras.imagem("TIFF")),
    ],
)
def test_demais_tipos_sempre_como_anexo(storage, verificado, nome, conteudo):
    resposta = _resposta(storage, verificado, conteudo, nome)
    assert resposta["Content-Disposition"] == f'attachment; filename="{nome}"'
    assert "sandbox" in resposta["Content-Security-Policy"]
    assert resposta["X-Frame-Options"] == "DENY"
    assert resposta["X-Content-Type-Options"] == "nosniff"


def test_svg_e_html_nunca_inline(storage):
    from documentos.arquivos import LeitorVerificado

    for mime in ("image/svg+xml", "text/html"):
        leitor = LeitorVerificado(iter_bytes(b"<svg/>"), tamanho=6, sha256_esperado=None, nome_storage="x")
        resposta = resposta_arquivo(leitor, mime=mime, nome_cliente="x", restrito=False)
        assert resposta["Content-Disposition"].startswith("attachment;")


def iter_bytes(dados):
    import io

    return io.BytesIO(dados)


def test_conteudo_restrito_nao_fica_em_cache(storage, verificado):
    resposta = _resposta(storage, verificado, amostras.pdf(), "oficio.pdf", restrito=True)
    assert resposta["Cache-Control"] == "no-store"


def test_tipo_vem_da_deteccao_nao_do_cliente(storage, verificado):
    # the browser declared text/html; what is served is what we detected
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documentos.arquivos import EXTENSOES_PADRAO, verificar_upload

    enviado = SimpleUploadedFile("upload", amostras.pdf(), content_type="text/html")
    v = verificar_upload(enviado, "a.pdf", tamanho_maximo=10**6, extensoes_permitidas=EXTENSOES_PADRAO)
    gravado = gravar(v, storage=storage)
    v.fechar()
    with abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage) as leitor:
        resposta = resposta_arquivo(leitor, mime=gravado.mime, nome_cliente="a.pdf", restrito=False)
        assert resposta["Content-Type"] == "application/pdf"


def test_nome_com_acentos_aspas_e_quebra_de_linha_codificado(storage, verificado):
    nome = normalizar_nome_cliente('Ofício "urgente"\r\nSet-Cookie: x=1.pdf')
    resposta = _resposta(storage, verificado, amostras.pdf(), 'Ofício "urgente"\r\nSet-Cookie: x=1.pdf')
    disposicao = resposta["Content-Disposition"]
    assert "\n" not in disposicao and "\r" not in disposicao
    assert disposicao == "inline; filename*=utf-8''Of%C3%ADcio%20%22urgente%22Set-Cookie%3A%20x%3D1.pdf"
    assert nome == 'Ofício "urgente"Set-Cookie: x=1.pdf'
    assert "Set-Cookie" not in resposta.headers or resposta.headers["Set-Cookie"] != "x=1.pdf"


def test_nome_ascii_com_aspas_escapado(storage, verificado):
    # (a backslash is a path separator for normalizar_nome_cliente, so it never reaches here)
    resposta = _resposta(storage, verificado, b"texto\n", 'a "b" c.txt')
    assert resposta["Content-Disposition"] == 'attachment; filename="a \\"b\\" c.txt"'


def test_nome_nao_normalizado_tambem_nao_injeta_cabecalho(storage):
    from documentos.arquivos import LeitorVerificado

    leitor = LeitorVerificado(iter_bytes(b"x"), tamanho=1, sha256_esperado=None, nome_storage="x")
    resposta = resposta_arquivo(leitor, mime="text/plain", nome_cliente="a\r\nX-Evil: 1.txt", restrito=False)
    assert resposta["Content-Disposition"] == "attachment; filename*=utf-8''a%0D%0AX-Evil%3A%201.txt"
    assert "X-Evil" not in resposta.headers
