"""Imagem (PNG, JPEG, GIF, WebP, TIFF) → PDF com páginas A4, a imagem ajustada às margens.

JPEG em RGB/tons de cinza e sem rotação EXIF entra no PDF sem recompressão; os demais formatos
viram RGB (ou cinza) comprimidos sem perda (Flate). TIFF com várias páginas vira várias páginas.
"""

from __future__ import annotations

import io
import warnings
import zlib

import pikepdf
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from .erros import ImagemGrandeDemais, ImagemInvalida

A4_PT = (595.276, 841.89)
MARGEM_PT = 28.35  # 1 cm
FORMATOS = {"PNG", "JPEG", "GIF", "WEBP", "TIFF", "MPO"}
MAX_PAGINAS = 500


def _limite_pixels(limite: int | None) -> int:
    return limite if limite is not None else (Image.MAX_IMAGE_PIXELS or 89_478_485)


def _quadro_para_xobject(pdf: pikepdf.Pdf, im: Image.Image, formato: str, original: bytes | None):
    orientacao = im.getexif().get(0x0112, 1) if formato in {"JPEG", "MPO"} else 1
    if formato == "JPEG" and original is not None and im.mode in ("RGB", "L") and orientacao in (1, None):
        dados, filtro = original, pikepdf.Name.DCTDecode
        modo = im.mode
    else:
        im = ImageOps.exif_transpose(im)
        if im.mode in ("RGBA", "LA", "P", "PA") or "transparency" in im.info:
            rgba = im.convert("RGBA")
            fundo = Image.new("RGB", rgba.size, (255, 255, 255))
            fundo.paste(rgba, mask=rgba.getchannel("A"))
            im = fundo
        elif im.mode in ("1", "L", "I;16", "I", "F"):
            im = im.convert("L")
        else:
            im = im.convert("RGB")
        modo = im.mode
        dados, filtro = zlib.compress(im.tobytes(), 6), pikepdf.Name.FlateDecode
    largura, altura = im.size
    xobj = pikepdf.Stream(pdf, dados)
    xobj.Type = pikepdf.Name.XObject
    xobj.Subtype = pikepdf.Name.Image
    xobj.Width = largura
    xobj.Height = altura
    xobj.ColorSpace = pikepdf.Name.DeviceGray if modo == "L" else pikepdf.Name.DeviceRGB
    xobj.BitsPerComponent = 8
    xobj.Filter = filtro
    return xobj, largura, altura, im.info.get("dpi")


def _pagina(pdf: pikepdf.Pdf, xobj, largura: int, altura: int, dpi) -> None:
    paisagem = largura > altura
    pag_l, pag_a = (A4_PT[1], A4_PT[0]) if paisagem else A4_PT
    try:
        dx, dy = (float(dpi[0]), float(dpi[1])) if dpi else (96.0, 96.0)
    except (TypeError, ValueError, IndexError):
        dx, dy = 96.0, 96.0
    dx, dy = (dx if dx >= 10 else 96.0), (dy if dy >= 10 else 96.0)
    natural_l, natural_a = largura * 72 / dx, altura * 72 / dy
    escala = min((pag_l - 2 * MARGEM_PT) / natural_l, (pag_a - 2 * MARGEM_PT) / natural_a, 1.0)
    w, h = natural_l * escala, natural_a * escala
    x, y = (pag_l - w) / 2, (pag_a - h) / 2
    conteudo = f"q {w:.3f} 0 0 {h:.3f} {x:.3f} {y:.3f} cm /Im0 Do Q".encode()
    pagina = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, round(pag_l, 3), round(pag_a, 3)],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobj)),
        Contents=pikepdf.Stream(pdf, conteudo),
    )
    pdf.pages.append(pikepdf.Page(pagina))


def imagem_para_pdf(conteudo: bytes, *, limite_pixels: int | None = None) -> bytes:
    """Converte uma imagem em PDF (uma página A4 por quadro de TIFF; demais: o primeiro quadro).

    Recusa com ``ImagemGrandeDemais`` imagens com mais pixels que ``limite_pixels`` (padrão:
    ``PIL.Image.MAX_IMAGE_PIXELS``), antes de decodificá-las; ``ImagemInvalida`` para o resto.
    """
    limite = _limite_pixels(limite_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(conteudo))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as erro:
        raise ImagemGrandeDemais("A imagem é grande demais para ser convertida em PDF.") from erro
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as erro:
        raise ImagemInvalida("O arquivo não é uma imagem reconhecida.") from erro
    with im:
        if im.format not in FORMATOS:
            raise ImagemInvalida("Formato de imagem não suportado.")
        quadros = getattr(im, "n_frames", 1) if im.format == "TIFF" else 1
        if quadros > MAX_PAGINAS:
            raise ImagemGrandeDemais("A imagem tem páginas demais para ser convertida em PDF.")
        pdf = pikepdf.new()
        # O WeasyPrint liga LOAD_TRUNCATED_IMAGES ao ser importado; aqui uma imagem truncada
        # (digitalização incompleta) deve ser recusada, não completada em cinza.
        truncadas, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            for indice in range(quadros):
                im.seek(indice)
                if im.width * im.height > limite:
                    raise ImagemGrandeDemais("A imagem é grande demais para ser convertida em PDF.")
                im.load()
                original = conteudo if im.format == "JPEG" else None
                _pagina(pdf, *_quadro_para_xobject(pdf, im, im.format, original))
        except ImagemInvalida:
            raise
        except (OSError, ValueError, SyntaxError, EOFError) as erro:
            raise ImagemInvalida("A imagem está corrompida.") from erro
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = truncadas
        saida = io.BytesIO()
        pdf.save(saida)
        return saida.getvalue()
