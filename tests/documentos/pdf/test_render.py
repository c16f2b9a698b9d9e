import html as html_lib
import socket
import threading

import pytest
from pypdf import PdfReader

from documentos.pdf import css_string, pdf_tem_javascript, render, renderizar_html

from .conftest import RODAPE, html_longo, textos_das_paginas


def test_rodape_com_numero_da_pagina_em_todas_as_paginas():
    pdf = renderizar_html(html_longo(), titulo="Ofício 12", rodape=RODAPE)
    textos = textos_das_paginas(pdf)
    assert len(textos) >= 3
    for numero, texto in enumerate(textos, start=1):
        assert f"{RODAPE} / pág. {numero}" in texto


def test_titulo_vai_para_os_metadados_do_pdf():
    import io

    pdf = renderizar_html("<p>x</p>", titulo="Ofício 12 <teste>", rodape="r")
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Ofício 12 <teste>"


def test_rodape_do_usuario_nao_injeta_css():
    rodape = '"} body { display: none } @page { @bottom-right { content: "X'
    pdf = renderizar_html("<p>Corpo visível</p>", titulo="t", rodape=rodape)
    texto = textos_das_paginas(pdf)[0]
    assert "Corpo visível" in texto
    assert rodape.strip() in texto.replace("\n", " ")


def test_css_string_escapa_tudo_que_nao_e_alfanumerico():
    assert css_string('a"b\\c\n d') == '"a\\000022b\\00005cc\\000020\\000020d"'


def test_alinhamento_tabelas_e_titulos_renderizam():
    html = (
        "<h1>Título principal</h1><h2>Seção</h2>"
        '<p class="text-center">Centralizado</p><p class="text-right">À direita</p>'
        '<p class="text-justify">Justificado</p><p class="text-left">À esquerda</p>'
        "<table><thead><tr><th>Item</th><th>Valor</th></tr></thead>"
        "<tbody><tr><td>Papel A4</td><td>R$ 10,00</td></tr></tbody></table>"
        "<ul><li>primeiro</li><li>segundo</li></ul>"
    )
    texto = textos_das_paginas(renderizar_html(html, titulo="t", rodape="r"))[0]
    for trecho in (
        "Título principal",
        "Seção",
        "Centralizado",
        "À direita",
        "Justificado",
        "À esquerda",
        "Item",
        "Valor",
        "Papel A4",
        "R$ 10,00",
        "primeiro",
        "segundo",
    ):
        assert trecho in texto


def test_cabecalho_na_primeira_pagina():
    pdf = renderizar_html(html_longo(), titulo="t", rodape="r", cabecalho_html="<p>MINISTÉRIO DA GESTÃO</p>")
    textos = textos_das_paginas(pdf)
    assert "MINISTÉRIO DA GESTÃO" in textos[0]
    assert "MINISTÉRIO DA GESTÃO" not in textos[1]


def test_script_nao_chega_ao_pdf():
    html = '<p>Texto</p><script>app.alert("x")</script><p onclick="alert(1)">Mais</p>'
    pdf = renderizar_html(html, titulo="t", rodape="r")
    assert pdf_tem_javascript(pdf) is False
    assert b"app.alert" not in pdf


@pytest.fixture
def servidor_tcp():
    """Servidor no loopback que registra qualquer conexão recebida."""
    servidor = socket.socket()
    servidor.bind(("127.0.0.1", 0))
    servidor.listen(5)
    servidor.settimeout(0.2)
    conexoes = []
    parar = threading.Event()

    def aceitar():
        while not parar.is_set():
            try:
                conexao, _ = servidor.accept()
            except (TimeoutError, OSError):
                continue
            conexoes.append(conexao)
            conexao.close()

    fio = threading.Thread(target=aceitar, daemon=True)
    fio.start()
    yield servidor.getsockname()[1], conexoes
    parar.set()
    fio.join()
    servidor.close()


def test_recursos_externos_e_arquivos_locais_nao_sao_buscados(monkeypatch, servidor_tcp, tmp_path):
    porta, conexoes = servidor_tcp
    segredo = tmp_path / "segredo.css"
    segredo.write_text("body { display: none }")
    pedidas, recusadas = [], []

    class FetcherEspiao(render.FetcherRestrito):
        def fetch(self, url, headers=None):
            pedidas.append(url)
            try:
                return super().fetch(url, headers)
            except render.RecursoRecusado:
                recusadas.append(url)
                raise

    monkeypatch.setattr(render, "FetcherRestrito", FetcherEspiao)
    abertos = []
    open_original = open

    def open_espiao(arquivo, *args, **kwargs):
        abertos.append(str(arquivo))
        return open_original(arquivo, *args, **kwargs)

    monkeypatch.setattr("builtins.open", open_espiao)
    html = (
        f'<style>@import url("http://127.0.0.1:{porta}/importado.css"); @import "file://{segredo}";</style>'
        f'<link rel="stylesheet" href="file://{segredo}">'
        '<p>Texto visível</p><img src="file:///etc/passwd">'
        f'<img src="http://127.0.0.1:{porta}/x.png">'
        f'<p style="background: url(http://127.0.0.1:{porta}/fundo.png)">Fundo</p>'
        '<img src="../../../etc/hostname">'
        f'<style>@font-face {{ font-family: X; src: url("file://{segredo}") }} p {{ font-family: X }}</style>'
        f'<link rel="attachment" href="file:///etc/passwd"><a rel="attachment" href="http://127.0.0.1:{porta}/a">anexo</a>'
        '<img src="data:image/svg+xml;utf8,'
        + html_lib.escape(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
            f'<image href="http://127.0.0.1:{porta}/svg.png" width="10" height="10"/>'
            '<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>'
        )
        + '">'
        f'<svg width="10" height="10"><image href="http://127.0.0.1:{porta}/inline.png" width="10" height="10"/></svg>'
    )
    pdf = renderizar_html(html, titulo="t", rodape="r", base_url=f"file://{tmp_path}/")
    texto = textos_das_paginas(pdf)[0]
    assert "Texto visível" in texto  # o CSS local não foi aplicado (esconderia o corpo)
    assert conexoes == []
    assert not any("passwd" in a or "segredo" in a or "hostname" in a for a in abertos)
    esperadas = {
        f"http://127.0.0.1:{porta}/importado.css",
        f"file://{segredo}",
        "file:///etc/passwd",
        f"http://127.0.0.1:{porta}/x.png",
        f"http://127.0.0.1:{porta}/fundo.png",
        f"http://127.0.0.1:{porta}/svg.png",
        f"http://127.0.0.1:{porta}/inline.png",
        f"http://127.0.0.1:{porta}/a",
    }
    assert esperadas <= set(recusadas)
    assert set(pedidas) - set(recusadas) <= {u for u in pedidas if u.startswith("data:")}
    assert b"/EmbeddedFiles" not in pdf and b"root:" not in pdf


def test_imagem_data_url_e_recurso_explicito_sao_aceitos():
    import base64
    import io

    import pikepdf
    from PIL import Image

    def png(tamanho, cor):
        buf = io.BytesIO()
        Image.new("RGB", tamanho, cor).save(buf, "PNG")
        return buf.getvalue()

    data_url = "data:image/png;base64," + base64.b64encode(png((20, 10), (200, 0, 0))).decode()
    pdf = renderizar_html(
        f'<img src="{data_url}"><img src="recurso:brasao.png">',
        titulo="t",
        rodape="r",
        recursos={"recurso:brasao.png": png((30, 30), (0, 0, 200))},
    )
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        tamanhos = sorted((int(x.Width), int(x.Height)) for x in doc.pages[0].Resources.XObject.values())
    assert tamanhos == [(20, 10), (30, 30)]
