import html
import io

import pikepdf
import pytest
from pypdf import PdfReader

from documentos.pdf import ParteMesclagem, PDFInvalido, mesclar, paginas_de, renderizar_html

from .conftest import html_longo, textos_das_paginas


@pytest.fixture(scope="module")
def partes():
    def doc(titulo, paragrafos):
        corpo = f"<h1>{titulo}</h1>" + (html_longo(paragrafos) if paragrafos else "<p>curto</p>")
        return ParteMesclagem(titulo, renderizar_html(corpo, titulo=titulo, rodape=titulo))

    return [doc("Ofício 12 (0000123)", 0), doc("Despacho 0000124", 40), doc("Nota Fiscal 345 (0000125)", 0)]


def capa(titulo_processo, partes):
    def montar(inicios):
        linhas = "".join(
            f"<tr><td>{html.escape(p.titulo)}</td><td>pág. {inicio}</td></tr>"
            for p, inicio in zip(partes, inicios, strict=True)
        )
        return f"<h1>Processo {titulo_processo}</h1><table>{linhas}</table>"

    return montar


def marcadores(pdf: bytes) -> list[tuple[str, int]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc, doc.open_outline() as sumario:
        paginas = {p.objgen: i + 1 for i, p in enumerate(doc.pages)}
        resultado = []
        for item in sumario.root:
            destino = item.destination if item.destination is not None else item.action.D
            resultado.append((item.title, paginas[destino[0].objgen]))
        return resultado


def test_paginas_marcadores_e_capa_com_as_paginas_iniciais(partes):
    paginas = [paginas_de(p.conteudo) for p in partes]
    assert paginas[1] >= 3
    chamadas = []
    resultado = mesclar(
        partes,
        titulo="Processo 52402.000001/2026-72",
        capa=capa("52402.000001/2026-72", partes),
        progresso=lambda feitas, total: chamadas.append((feitas, total)),
    )
    assert resultado.paginas_capa == 1
    assert resultado.paginas == 1 + sum(paginas) == paginas_de(resultado.pdf)
    esperado = [2, 2 + paginas[0], 2 + paginas[0] + paginas[1]]
    assert resultado.inicios == esperado
    assert marcadores(resultado.pdf) == [("Capa", 1)] + [
        (p.titulo, i) for p, i in zip(partes, esperado, strict=True)
    ]
    textos = textos_das_paginas(resultado.pdf)
    assert "Processo 52402.000001/2026-72" in textos[0]
    for parte, inicio in zip(partes, esperado, strict=True):
        assert f"{parte.titulo} pág. {inicio}" in textos[0]
        assert parte.titulo in textos[inicio - 1]  # o documento começa mesmo nessa página
    assert chamadas == [(1, 3), (2, 3), (3, 3)]
    leitor = PdfReader(io.BytesIO(resultado.pdf))
    assert leitor.metadata.title == "Processo 52402.000001/2026-72"


def test_capa_de_varias_paginas_desloca_os_inicios(partes):
    muitas = [partes[0], partes[2]] * 40
    resultado = mesclar(muitas, titulo="P", capa=capa("P", muitas))
    assert resultado.paginas_capa >= 2
    assert resultado.paginas == resultado.paginas_capa + 80
    assert resultado.inicios[0] == resultado.paginas_capa + 1
    paginas = PdfReader(io.BytesIO(resultado.pdf)).pages
    texto_capa = "".join(paginas[i].extract_text() for i in range(resultado.paginas_capa))
    ultimo = muitas[-1]
    assert f"{ultimo.titulo} pág. {resultado.inicios[-1]}" in texto_capa
    assert ultimo.titulo in paginas[resultado.inicios[-1] - 1].extract_text()


def test_capa_pronta_sem_capa_e_fontes_em_arquivo_e_stream(partes, tmp_path):
    caminho = tmp_path / "oficio.pdf"
    caminho.write_bytes(partes[0].conteudo)
    mistas = [
        ParteMesclagem("Do arquivo", caminho),
        ParteMesclagem("Do caminho texto", str(caminho)),
        ParteMesclagem("Do stream", io.BytesIO(partes[1].conteudo)),
    ]
    com_capa = mesclar(mistas, titulo="P", capa_html="<p>Capa pronta</p>")
    assert com_capa.paginas == 1 + 1 + 1 + paginas_de(partes[1].conteudo)
    assert "Capa pronta" in textos_das_paginas(com_capa.pdf)[0]

    sem_capa = mesclar(mistas, titulo="P")
    assert sem_capa.paginas_capa == 0
    assert sem_capa.inicios == [1, 2, 3]
    assert [t for t, _ in marcadores(sem_capa.pdf)] == ["Do arquivo", "Do caminho texto", "Do stream"]


def test_grava_no_destino(partes, tmp_path):
    destino = tmp_path / "processo.pdf"
    resultado = mesclar(partes, titulo="P", capa_html="<p>Capa</p>", destino=destino)
    assert resultado.pdf is None
    assert paginas_de(destino) == resultado.paginas
    assert [c.name for c in tmp_path.iterdir()] == ["processo.pdf"]

    stream = io.BytesIO()
    resultado = mesclar(partes, titulo="P", destino=stream)
    assert paginas_de(stream.getvalue()) == resultado.paginas


def test_parte_ilegivel_para_a_mescla_com_pdfinvalido(partes, tmp_path):
    destino = tmp_path / "processo.pdf"
    ruins = [partes[0], ParteMesclagem("Anexo quebrado (0000200)", b"isto nao e um pdf")]
    with pytest.raises(PDFInvalido) as erro:
        mesclar(ruins, titulo="P", destino=destino)
    assert erro.value.parte == 1
    assert "Anexo quebrado (0000200)" in erro.value.mensagem
    assert not destino.exists()
