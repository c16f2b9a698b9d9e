"""A one-page record as PDF — title, paragraphs, label/value fields, a numbered list — drawn
with ReportLab in a few milliseconds.

For the documents the system itself issues on every request of a kind (the Recibo Eletrônico de
Protocolo of each petition and manifestação): laying such a page out with WeasyPrint cost ~0.1 s
of CPU, most of a petition's own work. Free text (documents written by users) still goes through
``render.renderizar_html``.

Every string given here is text, never markup: it is escaped before it reaches ReportLab's
paragraph mini-language (whose ``<img src>`` would otherwise read a local file).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

# The serif faces the printed documents use (impressao.css), where the system has them
# (fonts-liberation / fonts-dejavu-core, installed with WeasyPrint's); else the PDF's own Times.
_FACES = (
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
)
_PASTAS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


@dataclass(frozen=True)
class Item:
    """One entry of the numbered list: a line and, smaller below it, a detail (a hash)."""

    texto: str
    detalhe: str = ""


@dataclass(frozen=True)
class Ficha:
    titulo: str
    introducao: str
    campos: list[tuple[str, str]]
    subtitulo: str = ""
    itens: list[Item] = field(default_factory=list)
    fecho: str = ""
    rodape: str = ""


@functools.lru_cache(maxsize=1)
def _fontes() -> tuple[str, str]:
    """(regular, bold) font names registered with ReportLab, once per process."""
    for regular, negrito in _FACES:
        caminhos = {}
        for pasta in _PASTAS:
            if not pasta.is_dir():
                continue
            for nome in (regular, negrito):
                if nome not in caminhos:
                    achado = next(pasta.rglob(nome), None)
                    if achado:
                        caminhos[nome] = achado
        if len(caminhos) == 2:
            pdfmetrics.registerFont(TTFont("Ficha", str(caminhos[regular])))
            pdfmetrics.registerFont(TTFont("Ficha-Negrito", str(caminhos[negrito])))
            return "Ficha", "Ficha-Negrito"
    return "Times-Roman", "Times-Bold"


def _texto(valor) -> str:
    return escape(str(valor), quote=False).replace("\n", "<br/>")


def desenhar(ficha: Ficha) -> bytes:
    """The record as a PDF (A4, 2 cm margins, the footer ``"<rodape> / pág. N"`` on each page)."""
    regular, negrito = _fontes()
    corpo = ParagraphStyle("corpo", fontName=regular, fontSize=12, leading=16, spaceAfter=6)
    titulo = ParagraphStyle("titulo", parent=corpo, fontName=negrito, fontSize=16, leading=20,
                            alignment=TA_CENTER, spaceAfter=12)  # fmt: skip
    subtitulo = ParagraphStyle("subtitulo", parent=corpo, fontName=negrito, fontSize=13, spaceBefore=8)
    detalhe = '<font size="8">{}</font>'

    historia = [Paragraph(_texto(ficha.titulo), titulo), Paragraph(_texto(ficha.introducao), corpo)]
    linhas = [f'<font name="{negrito}">{_texto(rotulo)}:</font> {_texto(valor)}' for rotulo, valor in ficha.campos]
    historia.append(Paragraph("<br/>".join(linhas), corpo))
    if ficha.itens:
        if ficha.subtitulo:
            historia.append(Paragraph(_texto(ficha.subtitulo), subtitulo))
        historia.append(
            ListFlowable(
                [
                    ListItem(Paragraph(
                        _texto(i.texto) + (("<br/>" + detalhe.format(_texto(i.detalhe))) if i.detalhe else ""), corpo
                    ))  # fmt: skip
                    for i in ficha.itens
                ],
                bulletType="1",
                bulletFontName=regular,
            )
        )
    if ficha.fecho:
        historia += [Spacer(1, 6), Paragraph(_texto(ficha.fecho), corpo)]

    def rodape(canvas, documento):
        canvas.saveState()
        canvas.setFont(regular, 9)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"{ficha.rodape} / pág. {documento.page}")
        canvas.restoreState()

    saida = io.BytesIO()
    documento = SimpleDocTemplate(
        saida, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
        title=ficha.titulo, author="SEI", creator="SEI", lang="pt-BR",
    )  # fmt: skip
    documento.build(historia, onFirstPage=rodape, onLaterPages=rodape)
    return saida.getvalue()
