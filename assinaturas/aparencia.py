"""What a signature looks like on the page: the tarja, as SEI prints it, and the validation
block (QR code and the two codes), each rendered by WeasyPrint with the document's fonts into a
small PDF that becomes the signature's appearance; and where the document's PDF keeps room for
them (``documentos.renderizacao``'s signature area, found by its named destinations). Pure: no
database."""

import base64
import hashlib
import html
import io
from dataclasses import dataclass
from datetime import datetime

import pikepdf
import segno
import weasyprint
from django.utils import timezone

from documentos import renderizacao
from documentos.pdf import FetcherRestrito

_CSS = """
@page {{ size: {largura}pt {altura}pt; margin: 0 }}
html {{ font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 8pt; line-height: 1.3; color: #000 }}
body {{ margin: 0 }}
.tarja {{ display: flex; align-items: center; border: 0.75pt solid #777; height: {altura_tarja}pt;
         box-sizing: border-box; padding: 2pt 6pt }}
.tarja p {{ margin: 0 }}
.tarja .detalhe {{ font-size: 7pt; color: #333 }}
.validacao {{ position: absolute; left: 0; right: 0; bottom: 0; height: {altura_validacao}pt;
             display: flex; align-items: center; border: 0.75pt solid #777; box-sizing: border-box; padding: 3pt 6pt }}
.validacao img {{ width: 56pt; height: 56pt; margin-right: 8pt }}
.validacao p {{ margin: 0 }}
"""


@dataclass(frozen=True)
class Tarja:
    nome: str
    cargo: str
    cpf_mascarado: str
    unidade: str
    em: datetime
    fundamento: str
    autenticacao: bool = False
    # "eletronica" (login and password, the órgão's seal) or "qualificada" (the signer's
    # ICP-Brasil certificate): the values of ``Assinatura.Nivel``.
    nivel: str = "eletronica"
    # Autenticação: the conference registered for the digitised document ("Cópia simples"...).
    conferencia: str = ""

    @property
    def qualificada(self) -> bool:
        return self.nivel == "qualificada"


@dataclass(frozen=True)
class Area:
    """The document's signature area: page index and box, in PDF points (origin bottom left)."""

    pagina: int
    x: float
    y_base: float
    largura: float
    altura: float

    def vaga(self, ordem: int) -> tuple[float, float, float, float] | None:
        """Box of the ``ordem``-th tarja (1-based), or None when the area has no slot left."""
        if not 1 <= ordem <= renderizacao.VAGAS_TARJA:
            return None
        topo = self.y_base + self.altura - (ordem - 1) * renderizacao.ALTURA_VAGA_TARJA
        return (self.x, topo - renderizacao.ALTURA_VAGA_TARJA + 4, self.x + self.largura, topo)

    def inteira(self) -> tuple[float, float, float, float]:
        return (self.x, self.y_base, self.x + self.largura, self.y_base + self.altura)


def localizar_area(pdf: bytes) -> Area | None:
    """The signature area of a rendered internal document (None for a PDF without one, e.g. an
    uploaded document's)."""
    with pikepdf.open(io.BytesIO(pdf)) as documento:
        nomes = documento.Root.get("/Names")
        destinos = nomes.get("/Dests") if nomes is not None else None
        if destinos is None:
            return None
        pares = {}
        arvore = pikepdf.NameTree(destinos)
        for nome in (renderizacao.ANCORA_ASSINATURAS, renderizacao.ANCORA_ASSINATURAS_FIM):
            if nome not in arvore:
                return None
            destino = arvore[nome]
            pagina = next((i for i, p in enumerate(documento.pages) if p.objgen == destino[0].objgen), None)
            if pagina is None:
                return None
            pares[nome] = (pagina, float(destino[2]), float(destino[3]))
        pagina, x, topo = pares[renderizacao.ANCORA_ASSINATURAS]
        pagina_fim, _, base = pares[renderizacao.ANCORA_ASSINATURAS_FIM]
        if pagina != pagina_fim or topo <= base:
            return None
        caixa = documento.pages[pagina].mediabox
        margem_direita = 2 / 2.54 * 72  # impressao.css: 2 cm
        return Area(pagina=pagina, x=x, y_base=base, largura=float(caixa[2]) - x - margem_direita, altura=topo - base)


def texto_tarja(tarja: Tarja) -> str:
    """The sentence SEI prints (HTML, escaped), with the date and time of Brasília."""
    local = timezone.localtime(tarja.em)
    acao = "autenticado" if tarja.autenticacao else "assinado"
    modo = "digitalmente" if tarja.qualificada else "eletronicamente"
    certificado = "com certificado digital ICP-Brasil, " if tarja.qualificada else ""
    conferencia = f" Conferência: {html.escape(tarja.conferencia.lower())}." if tarja.conferencia else ""
    return (
        f"Documento {acao} {modo} por <b>{html.escape(tarja.nome)}</b>, <b>{html.escape(tarja.cargo)}</b>, "
        f"em {local:%d/%m/%Y}, às {local:%H:%M}, conforme horário oficial de Brasília, "
        f"{certificado}com fundamento no {html.escape(tarja.fundamento)}.{conferencia}"
    )


def html_tarja(tarja: Tarja) -> str:
    """The tarja as printed (HTML): what two appearances must share to be the same."""
    detalhe = " · ".join(p for p in (f"CPF {tarja.cpf_mascarado}" if tarja.cpf_mascarado else "", tarja.unidade) if p)
    return (
        f'<div class="tarja"><div><p>{texto_tarja(tarja)}</p>'
        f'<p class="detalhe">{html.escape(detalhe)}</p></div></div>'
    )


def qr_data_uri(texto: str) -> str:
    svg = segno.make(texto, error="m").svg_inline(scale=4, border=0)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def endereco_conferencia(base_url: str, numero_sei: int, codigo_crc: str) -> str:
    return f"{base_url}/conferir?cv={numero_sei}&crc={codigo_crc}"


def _html_validacao(base_url: str, numero_sei: int, codigo_crc: str) -> str:
    pagina = f"{base_url}/conferir"
    return (
        f'<div class="validacao"><img alt="QR code" src="{qr_data_uri(endereco_conferencia(base_url, numero_sei, codigo_crc))}">'
        f"<p>A autenticidade deste documento pode ser conferida no site <b>{html.escape(pagina)}</b>, "
        f"informando o código verificador <b>{numero_sei:07d}</b> e o código CRC <b>{html.escape(codigo_crc)}</b>.</p></div>"
    )


def _renderizar(corpo: str, largura: float, altura: float) -> bytes:
    css = _CSS.format(
        largura=largura,
        altura=altura,
        altura_tarja=renderizacao.ALTURA_VAGA_TARJA - 4,
        altura_validacao=renderizacao.ALTURA_VALIDACAO - 6,
    )
    documento = weasyprint.HTML(
        string=f'<!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8"><style>{css}</style></head>'
        f"<body>{corpo}</body></html>",
        url_fetcher=FetcherRestrito(),
    )
    return documento.write_pdf()


def aparencia_tarja(tarja: Tarja, largura: float) -> bytes:
    """A one-page PDF of the tarja, the size of a slot."""
    return _renderizar(html_tarja(tarja), largura, renderizacao.ALTURA_VAGA_TARJA - 4)


def aparencia_primeira(tarja: Tarja, area: Area, *, base_url: str, numero_sei: int, codigo_crc: str) -> bytes:
    """The first signature's appearance: the whole area, its tarja at the top (the other slots
    blank, left for later signatures) and the validation block at the bottom."""
    corpo = f'<div style="position: relative; height: {area.altura}pt">{html_tarja(tarja)}{_html_validacao(base_url, numero_sei, codigo_crc)}</div>'
    return _renderizar(corpo, area.largura, area.altura)


def aparencia_validacao(area: Area, *, base_url: str, numero_sei: int, codigo_crc: str) -> bytes:
    """The first appearance without its tarja: the validation block alone, where
    ``aparencia_primeira`` puts it. Depends on the document only, not on who signs."""
    corpo = f'<div style="position: relative; height: {area.altura}pt">{_html_validacao(base_url, numero_sei, codigo_crc)}</div>'
    return _renderizar(corpo, area.largura, area.altura)


def chave_validacao(area: Area, *, base_url: str, numero_sei: int, codigo_crc: str) -> str:
    """What ``aparencia_validacao`` depends on, hashed: the key of a block rendered ahead
    (``models.AparenciaPreparada``). The CSS is in it too: a change of layout misses old blocks."""
    entrada = "|".join(
        [_CSS, str(renderizacao.ALTURA_VAGA_TARJA), str(renderizacao.ALTURA_VALIDACAO), base_url, str(numero_sei),
         codigo_crc, repr(area.largura), repr(area.altura)]
    )  # fmt: skip
    return hashlib.sha256(entrada.encode()).hexdigest()


def compor_primeira(validacao: bytes, tarja: bytes, area: Area) -> bytes:
    """``aparencia_primeira`` put together from ``aparencia_validacao`` and ``aparencia_tarja``
    (same HTML, same CSS, each part where the whole page puts it: the tarja in the top slot), so
    that "assinar todos" renders the tarja, the same on every document, once."""
    altura_tarja = renderizacao.ALTURA_VAGA_TARJA - 4
    with pikepdf.open(io.BytesIO(validacao)) as pagina, pikepdf.open(io.BytesIO(tarja)) as parte:
        retangulo = pikepdf.Rectangle(0, area.altura - altura_tarja, area.largura, area.altura)
        pagina.pages[0].add_overlay(parte.pages[0], retangulo)
        saida = io.BytesIO()
        pagina.save(saida)
    return saida.getvalue()


def mascarar_cpf(cpf: str | None) -> str:
    """``***.456.789-**``: the middle digits only (LGPD's usual mask)."""
    digitos = "".join(c for c in (cpf or "") if c.isdigit())
    if len(digitos) != 11:
        return ""
    return f"***.{digitos[3:6]}.{digitos[6:9]}-**"
