import io

import pytest
from pypdf import PdfReader

from documentos.pdf import renderizar_html

RODAPE = "Ofício 12 (0000123) · SEI 52402.000001/2026-72"


def textos_das_paginas(pdf: bytes) -> list[str]:
    return [pagina.extract_text() for pagina in PdfReader(io.BytesIO(pdf)).pages]


def html_longo(paragrafos: int = 40) -> str:
    return "".join(
        f"<p>Parágrafo {i}. " + "Texto do ofício para ocupar espaço. " * 25 + "</p>"
        for i in range(paragrafos)
    )


@pytest.fixture(scope="session")
def pdf_simples() -> bytes:
    return renderizar_html(
        "<p>Conteúdo simples do despacho.</p>", titulo="Despacho 0000124", rodape="Despacho 0000124"
    )
