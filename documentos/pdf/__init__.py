"""PDF dos documentos: renderização (WeasyPrint), imagens, mescla do processo (pikepdf),
detecção de JavaScript e extração de texto (pypdf). Funções puras, sem modelos do Django."""

from .carimbo import Carimbo
from .erros import ImagemGrandeDemais, ImagemInvalida, PDFInvalido, PDFProtegido
from .imagem import imagem_para_pdf
from .mesclar import (
    ParteMesclagem,
    ResultadoMesclagem,
    abrir_pdf,
    acrescentar_paginas,
    mesclar,
    paginas_de,
    tem_assinaturas,
)
from .render import (
    VERSAO_IMPRESSAO,
    FetcherRestrito,
    RecursoRecusado,
    css_string,
    montar_html,
    renderizar_html,
)
from .seguranca import pdf_tem_javascript
from .texto import extrair_texto_pdf

__all__ = [
    "Carimbo",
    "VERSAO_IMPRESSAO",
    "FetcherRestrito",
    "ImagemGrandeDemais",
    "ImagemInvalida",
    "PDFInvalido",
    "PDFProtegido",
    "ParteMesclagem",
    "RecursoRecusado",
    "ResultadoMesclagem",
    "abrir_pdf",
    "acrescentar_paginas",
    "css_string",
    "extrair_texto_pdf",
    "imagem_para_pdf",
    "mesclar",
    "montar_html",
    "paginas_de",
    "pdf_tem_javascript",
    "renderizar_html",
    "tem_assinaturas",
]
