"""Extração do texto de PDFs (pypdf), para a busca; nunca derruba quem chama."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

logger = logging.getLogger(__name__)


def extrair_texto_pdf(conteudo: bytes, limite_caracteres: int = 1_000_000, *, limite_paginas: int = 5000) -> str:
    """Texto do PDF, página por página, cortado em ``limite_caracteres``.

    PDF ilegível, cifrado sem senha vazia ou com erro na extração: devolve o que deu para ler
    (ou "") e registra no log; uma página com erro é pulada.
    """
    try:
        leitor = PdfReader(io.BytesIO(conteudo), strict=False)
        if leitor.is_encrypted and not leitor.decrypt(""):
            logger.warning("Extração de texto: PDF cifrado, sem texto extraído.")
            return ""
        paginas = leitor.pages
        total = len(paginas)
    except Exception:  # pypdf levanta muitos tipos para PDFs quebrados
        logger.warning("Extração de texto: PDF ilegível.", exc_info=True)
        return ""

    partes: list[str] = []
    tamanho = 0
    for indice in range(min(total, limite_paginas)):
        try:
            texto = paginas[indice].extract_text() or ""
        except Exception:
            logger.warning("Extração de texto: erro na página %d.", indice + 1, exc_info=True)
            continue
        partes.append(texto)
        tamanho += len(texto) + 1
        if tamanho >= limite_caracteres:
            break
    return "\n".join(partes)[:limite_caracteres]
