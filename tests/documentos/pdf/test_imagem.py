import io

import pikepdf
import pytest
from PIL import Image

from documentos.pdf import ImagemGrandeDemais, ImagemInvalida, imagem_para_pdf, paginas_de

A4 = (595.276, 841.89)


def imagem(formato: str, tamanho=(300, 200), modo="RGB", **opcoes) -> bytes:
    buf = io.BytesIO()
    Image.new(modo, tamanho, (10, 120, 200) if modo == "RGB" else 128).save(buf, formato, **opcoes)
    return buf.getvalue()


def caixa(pdf: bytes, pagina=0):
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [float(v) for v in doc.pages[pagina].MediaBox]


@pytest.mark.parametrize("formato", ["PNG", "JPEG", "GIF", "WEBP", "TIFF"])
def test_formatos_viram_uma_pagina_a4(formato):
    pdf = imagem_para_pdf(imagem(formato, tamanho=(200, 300)))
    assert paginas_de(pdf) == 1
    assert caixa(pdf)[2:] == pytest.approx(A4, abs=0.01)


def test_imagem_deitada_vira_a4_paisagem():
    pdf = imagem_para_pdf(imagem("PNG", tamanho=(3000, 1000)))
    assert caixa(pdf)[2:] == pytest.approx((A4[1], A4[0]), abs=0.01)


def test_jpeg_entra_sem_recompressao():
    jpeg = imagem("JPEG", tamanho=(400, 300))
    with pikepdf.open(io.BytesIO(imagem_para_pdf(jpeg))) as doc:
        xobj = next(iter(doc.pages[0].Resources.XObject.values()))
        assert xobj.Filter == pikepdf.Name.DCTDecode
        assert xobj.read_raw_bytes() == jpeg


def test_png_com_transparencia_e_tons_de_cinza():
    assert paginas_de(imagem_para_pdf(imagem("PNG", modo="RGBA", tamanho=(50, 50)))) == 1
    assert paginas_de(imagem_para_pdf(imagem("PNG", modo="L", tamanho=(50, 50)))) == 1


def test_tiff_de_varias_paginas_vira_varias_paginas():
    buf = io.BytesIO()
    quadros = [Image.new("L", (100, 140), c) for c in (0, 120, 250)]
    quadros[0].save(buf, "TIFF", save_all=True, append_images=quadros[1:])
    assert paginas_de(imagem_para_pdf(buf.getvalue())) == 3


def test_imagem_grande_demais_e_recusada_antes_de_decodificar():
    # 5000 x 5000 = 25 Mpx com limite de 1 Mpx; o PNG comprimido é pequeno (decompression bomb).
    bomba = imagem("PNG", tamanho=(5000, 5000), modo="L")
    with pytest.raises(ImagemGrandeDemais) as erro:
        imagem_para_pdf(bomba, limite_pixels=1_000_000)
    assert "grande demais" in erro.value.mensagem


def test_bomba_acima_do_limite_do_pillow_e_recusada(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(ImagemGrandeDemais):
        imagem_para_pdf(imagem("PNG", tamanho=(300, 300)))


@pytest.mark.parametrize("conteudo", [b"", b"<html>nao sou imagem</html>", imagem("PNG")[:60]])
def test_conteudo_que_nao_e_imagem_e_recusado(conteudo):
    with pytest.raises(ImagemInvalida):
        imagem_para_pdf(conteudo)
