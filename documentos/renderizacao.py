"""What a document looks like on paper: its HTML, footer, cache key and PDF bytes, and the cover
of the process PDF. Pure: these functions take the document (any object with its attributes:
an unsaved ``Documento`` will do) and the data read for it (the version's body, the original
file's bytes), and return text or bytes; they read no database and write nothing.

Who reads the data and keeps what is rendered: ``documentos.services.pdfs`` (the cache of
rendered PDFs), ``documentos.services.exportacao`` (the process PDF / ZIP)."""

import hashlib
import html
import math
from collections.abc import Callable, Sequence
from datetime import datetime

from django.utils import timezone

from sei.models import NivelAcesso

from . import pdf
from .html import links_sei_como_texto

VERSAO_LEIAUTE = "2"  # bump when the document sections change: re-renders everything

# The area every internal document's PDF keeps blank after its signature section, on one page,
# for what signing adds without touching the rendered bytes (assinaturas): a tarja per
# signature in ``VAGAS_TARJA`` slots from the top, and the validation block (QR code and codes)
# at the bottom. Named destinations mark its top and bottom, so the signer finds it in the PDF.
# Sizes in points; ``documentos/pdf/impressao.css`` gives the section this height.
ANCORA_ASSINATURAS = "sei-assinaturas"
ANCORA_ASSINATURAS_FIM = "sei-assinaturas-fim"
VAGAS_TARJA = 3
ALTURA_VAGA_TARJA = 48
ALTURA_VALIDACAO = 66
ALTURA_AREA_ASSINATURAS = VAGAS_TARJA * ALTURA_VAGA_TARJA + ALTURA_VALIDACAO
# Measured (bench/documentos.py): the cover of 500 documents is 12 pages. A close first guess
# of the cover's length spares rendering it twice to fix the page numbers it lists.
ITENS_POR_PAGINA_CAPA = 43
MIMES_IMAGEM = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff"}
MIMES_TEXTO = {"text/plain", "text/csv"}


def rodape(documento) -> str:
    """``<Tipo> <Número> (<número SEI>) · SEI <NUP>``; the renderer adds `` / pág. N``."""
    numero = f" {documento.numero}" if documento.numero else ""
    return f"{documento.tipo.nome}{numero} ({documento.numero_sei_formatado}) · SEI {documento.processo.nup_formatado}"


def html_do_documento(documento, corpo: str) -> str:
    """The whole internal document: title, body, signature area and reference footer. Links SEI
    still in their stored form become the text of their number (a reader's page resolves them
    first: ``documentos.links_sei``)."""
    return (
        f'<section class="titulo">{documento.titulo_html}</section>'
        f'<section class="corpo">{links_sei_como_texto(corpo)}</section>'
        f'<section class="assinatura">{documento.assinatura_html}</section>'
        f'<section class="sei-assinaturas" id="{ANCORA_ASSINATURAS}">'
        f'<span id="{ANCORA_ASSINATURAS_FIM}" class="sei-assinaturas-fim"></span></section>'
        f'<section class="referencia">{documento.rodape_html}</section>'
    )


def pagina_html(documento, corpo: str) -> str:
    """The internal document as one HTML page (letterhead included), as the ZIP and the API serve it."""
    return pdf.montar_html(
        html_do_documento(documento, corpo), titulo=documento.rotulo, cabecalho_html=documento.cabecalho_html
    )


def tem_pdf(documento) -> bool:
    """Internal documents, and uploaded PDFs, images and plain text, have a PDF form; other
    uploads (spreadsheets, .docx...) are only downloaded as they are."""
    return (
        documento.interno
        or documento.arquivo_mime == "application/pdf"
        or (documento.arquivo_mime in MIMES_IMAGEM | MIMES_TEXTO)
    )


def chave_pdf(documento, corpo: str) -> str | None:
    """What identifies the rendered bytes; None when the document has no PDF form. ``corpo``:
    the body of the version rendered (ignored for uploaded documents: their hash stands in)."""
    if not tem_pdf(documento):
        return None
    base = [VERSAO_LEIAUTE, pdf.VERSAO_IMPRESSAO, rodape(documento)]
    if documento.interno:
        base += ["interno", documento.cabecalho_html, html_do_documento(documento, corpo)]
    else:
        base += ["externo", documento.arquivo_sha256]
    return hashlib.sha256("\x1f".join(base).encode()).hexdigest()


def renderizar_pdf(documento, *, corpo: str = "", original: bytes = b"") -> bytes:
    """The document's PDF: an internal one from ``corpo`` (its version's body), an uploaded one
    from ``original`` (the file's bytes: a PDF as it is, an image converted, text laid out).
    Raises ``pdf.ImagemInvalida`` / ``pdf.PDFInvalido`` for what cannot be converted; only
    documents with ``tem_pdf`` may be asked."""
    if documento.interno:
        return pdf.renderizar_html(
            html_do_documento(documento, corpo),
            titulo=documento.rotulo,
            rodape=rodape(documento),
            cabecalho_html=documento.cabecalho_html,
        )
    if documento.arquivo_mime == "application/pdf":
        return original  # external PDFs as they are
    if documento.arquivo_mime in MIMES_IMAGEM:
        return pdf.imagem_para_pdf(original)
    texto = original.decode("utf-8", errors="replace")
    return pdf.renderizar_html(
        f"<pre>{html.escape(texto)}</pre>", titulo=documento.rotulo, rodape=rodape(documento)
    )


def folha_de_autenticacao(documento) -> bytes:
    """The page appended to a digitised document's PDF when it is authenticated (SEI stamps the
    autenticação on the document): what was authenticated, and the signature area the tarjas
    and the validation block fill (the same named destinations as an internal document's)."""
    linhas = [
        ("Documento", documento.rotulo),
        ("Processo", documento.processo.nup_formatado),
        ("Unidade", documento.unidade_geradora.sigla),
        ("Formato", documento.get_formato_display() or "—"),
        ("Tipo de conferência", documento.get_tipo_conferencia_display() or "—"),
        ("Data do documento", f"{documento.data_documento:%d/%m/%Y}" if documento.data_documento else "—"),
        ("Remetente", documento.remetente or "—"),
    ]
    tabela = "".join(f"<p><strong>{html.escape(r)}:</strong> {html.escape(str(v))}</p>" for r, v in linhas)
    corpo = (
        '<h1 class="text-center">Folha de autenticação</h1>'
        f"{tabela}"
        "<p>As páginas anteriores são a reprodução digital do documento acima, autenticada eletronicamente "
        "conforme a conferência registrada.</p>"
        f'<section class="sei-assinaturas" id="{ANCORA_ASSINATURAS}">'
        f'<span id="{ANCORA_ASSINATURAS_FIM}" class="sei-assinaturas-fim"></span></section>'
    )
    return pdf.renderizar_html(corpo, titulo=documento.rotulo, rodape=rodape(documento))


def nome_no_zip(documento, extensao: str) -> str:
    """``<número SEI> - <rótulo>.<extensão>``, with only safe characters, at most 150 before the extension."""
    base = f"{documento.numero_sei_formatado} - {documento.rotulo}"
    seguro = "".join(c if c.isalnum() or c in " ()-_." else "_" for c in base)[:150]
    return f"{seguro}.{extensao}"


def _hipotese(hipotese) -> str:
    return f" — Hipótese legal: {hipotese.nome} ({hipotese.base_legal})" if hipotese is not None else ""


def faixa_de_nivel(processo, documento=None) -> str:
    """The access level printed on top of every page of the process PDF ("" for a público
    process): the document's own level and hipótese when it is restricted, else the process's;
    a sigiloso process says so on every page."""
    nivel_processo = processo.nivel_acesso_global or NivelAcesso.PUBLICO
    if nivel_processo == NivelAcesso.PUBLICO:
        return ""
    if documento is not None and documento.nivel_acesso > NivelAcesso.PUBLICO:
        texto = f"Documento {NivelAcesso(documento.nivel_acesso).label.lower()}{_hipotese(documento.hipotese_legal)}"
        if nivel_processo == NivelAcesso.SIGILOSO and documento.nivel_acesso < NivelAcesso.SIGILOSO:
            texto = f"Processo sigiloso · {texto}"
        return texto
    hipotese = processo.hipotese_legal if (processo.nivel_acesso or 0) > NivelAcesso.PUBLICO else None
    return f"Processo {NivelAcesso(nivel_processo).label.lower()}{_hipotese(hipotese)}"


def carimbo_da_pagina(processo, documento=None) -> "pdf.Carimbo":
    """What goes over the pages of a document in the process PDF (over the cover's without
    ``documento``): the level strip, and MINUTA on an internal document not yet signed."""
    minuta = documento is not None and documento.minuta and not documento.pdf_assinado_nome
    return pdf.Carimbo(faixa=faixa_de_nivel(processo, documento), minuta=minuta)


def capa(
    processo, documentos: Sequence, *, interessados: Sequence[str], gerado_em: datetime
) -> Callable[[list[int]], str]:
    """The cover of the process PDF as ``pdf.mesclar`` asks for it: a function of the first page
    of each document (known only once the cover's own length is)."""
    nomes = ", ".join(html.escape(nome) for nome in interessados) or "—"
    nivel = NivelAcesso(processo.nivel_acesso_global or NivelAcesso.PUBLICO)
    faixa = faixa_de_nivel(processo)
    nivel_html = f"<p><strong>Nível de acesso:</strong> {html.escape(faixa or nivel.label)}</p>"
    cabecalho = (
        f'<h1 class="text-center">Processo {processo.nup_formatado}</h1>'
        f"<p><strong>Tipo:</strong> {html.escape(processo.tipo.nome)}</p>"
        f"<p><strong>Especificação:</strong> {html.escape(processo.especificacao or '—')}</p>"
        f"<p><strong>Interessados:</strong> {nomes}</p>"
        f"{nivel_html}"
        f"<p><strong>PDF gerado em:</strong> {timezone.localtime(gerado_em):%d/%m/%Y %H:%M:%S}</p>"
    )

    def montar(inicios: list[int]) -> str:
        # A list, not a table: WeasyPrint lays out a 500-item list faster and in fewer pages.
        itens = "".join(
            f"<li>{html.escape(d.rotulo)}{' (minuta)' if carimbo_da_pagina(processo, d).minuta else ''}"
            f" — pág. {inicio}</li>"
            for d, inicio in zip(documentos, inicios, strict=True)
        )
        return f"{cabecalho}<h2>Documentos</h2><ol>{itens}</ol>"

    return montar


def paginas_capa_estimadas(quantidade: int) -> int:
    """A first guess of the cover's length for ``quantidade`` documents (see ITENS_POR_PAGINA_CAPA)."""
    return math.ceil((quantidade + 8) / ITENS_POR_PAGINA_CAPA)
