"""Marcas postas sobre as páginas do PDF do processo, sem re-renderizar os documentos: a faixa
do nível de acesso no topo de cada página ("Documento restrito — Hipótese legal: ...") e a marca
d'água MINUTA dos documentos não assinados. Cada marca distinta é renderizada uma vez por
tamanho de página (WeasyPrint) e sobreposta como Form XObject (pikepdf)."""

from __future__ import annotations

import html
import io
from contextlib import ExitStack
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Carimbo:
    """``faixa``: texto no topo da página (vazio: nenhum); ``minuta``: marca d'água MINUTA."""

    faixa: str = ""
    minuta: bool = False

    def __bool__(self) -> bool:
        return bool(self.faixa or self.minuta)


def _html(carimbo: Carimbo) -> str:
    partes = []
    if carimbo.minuta:
        partes.append('<div class="minuta">MINUTA</div>')
    if carimbo.faixa:
        partes.append(f'<div class="faixa">{html.escape(carimbo.faixa)}</div>')
    return "".join(partes)


def _css(largura: float, altura: float) -> str:
    # Text in a font every page has room for; a translucent grey mark never hides the text below.
    return (
        f"@page {{ size: {largura:.2f}pt {altura:.2f}pt; margin: 0; }}"
        "html, body { margin: 0; padding: 0; }"
        ".faixa { position: absolute; top: 0.4cm; left: 1cm; right: 1cm; text-align: center;"
        ' font: bold 8.5pt "Liberation Sans", "DejaVu Sans", sans-serif; color: #8b0000; }'
        f".minuta {{ position: absolute; top: {altura / 2 - 60:.2f}pt; left: 0; width: {largura:.2f}pt;"
        ' text-align: center; font: bold 110pt "Liberation Sans", "DejaVu Sans", sans-serif;'
        " color: rgba(140, 140, 140, 0.35); transform: rotate(-45deg); letter-spacing: 6pt; }"
    )


def renderizar_carimbo(carimbo: Carimbo, largura: float, altura: float) -> bytes:
    """Uma página transparente do tamanho dado (pontos) só com as marcas."""
    from weasyprint import CSS, HTML  # loads only when something is stamped

    from .render import FetcherRestrito

    fetcher = FetcherRestrito()
    documento = HTML(
        string=f'<!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8"></head><body>{_html(carimbo)}</body></html>',
        url_fetcher=fetcher,
    )
    return documento.write_pdf(stylesheets=[CSS(string=_css(largura, altura), url_fetcher=fetcher)])


class Carimbador:
    """Sobrepõe carimbos às páginas de ``saida``; as origens abertas ficam em ``pilha`` até a
    gravação (o qpdf lê os dados só então)."""

    def __init__(self, saida: pikepdf.Pdf, pilha: ExitStack):
        self.saida = saida
        self.pilha = pilha
        self._formas: dict[tuple, pikepdf.Object] = {}

    def aplicar(self, pagina: pikepdf.Page, carimbo: Carimbo | None) -> None:
        if not carimbo:
            return
        caixa = pikepdf.Rectangle(pagina.mediabox)
        chave = (carimbo, round(caixa.width, 1), round(caixa.height, 1))
        forma = self._formas.get(chave)
        if forma is None:
            marca = renderizar_carimbo(carimbo, caixa.width, caixa.height)
            origem = self.pilha.enter_context(pikepdf.open(io.BytesIO(marca)))
            forma = self.saida.copy_foreign(origem.pages[0].as_form_xobject())
            self._formas[chave] = forma
        pagina.add_overlay(forma, caixa)
