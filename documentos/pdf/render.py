"""HTML de um documento → PDF (WeasyPrint), sem acesso a arquivos nem à rede.

O HTML já chega saneado (documentos.html); mesmo assim o documento nunca pode fazer o servidor
ler arquivos locais nem abrir conexões (SSRF): o ``FetcherRestrito`` só entrega ``data:`` URLs e
os recursos que o chamador passar explicitamente (ex.: o brasão do timbre).
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import logging
import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path

import weasyprint
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

FOLHA_DE_ESTILO = Path(__file__).with_name("impressao.css")
# The text's stylesheet, shared with the editor and the document page (what you see while
# editing is what prints): static/css/documento-conteudo.css.
FOLHA_DO_CONTEUDO = Path(__file__).resolve().parents[2] / "static" / "css" / "documento-conteudo.css"

# Entra na chave do cache de PDFs: muda quando as folhas de estilo ou o WeasyPrint mudam.
VERSAO_IMPRESSAO = hashlib.sha256(
    FOLHA_DE_ESTILO.read_bytes()
    + FOLHA_DO_CONTEUDO.read_bytes()
    + Path(__file__).read_bytes()
    + weasyprint.__version__.encode()
).hexdigest()[:16]

_CONTROLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class RecursoRecusado(ValueError):
    """Pedido de recurso externo recusado (o WeasyPrint registra e segue sem o recurso)."""


class FetcherRestrito(URLFetcher):
    """Busca de recursos do WeasyPrint que recusa tudo, menos ``data:`` e os ``recursos`` dados.

    ``recursos`` mapeia uma URL absoluta (ex.: ``"recurso:brasao.png"``) para os bytes (o tipo é
    deduzido da extensão) ou para o par ``(bytes, tipo_mime)``. ``recusadas`` guarda as URLs
    recusadas, para log e testes.
    """

    def __init__(self, recursos: Mapping[str, bytes | tuple[bytes, str]] | None = None):
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False,
                         fail_on_errors=False)
        self.recursos = dict(recursos or {})
        self.recusadas: list[str] = []

    def fetch(self, url, headers=None):
        if url in self.recursos:
            valor = self.recursos[url]
            if isinstance(valor, tuple):
                corpo, tipo = valor
            else:
                corpo, tipo = valor, mimetypes.guess_type(url)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=corpo, headers={"Content-Type": tipo})
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        self.recusadas.append(url)
        raise RecursoRecusado("recurso externo não permitido no PDF")


def css_string(texto: str) -> str:
    """O texto como string CSS entre aspas, com todo caractere fora de [A-Za-z0-9] escapado.

    Escapes de 6 dígitos hexadecimais dispensam terminador; o espaço também é escapado (um espaço
    cru depois de um escape seria engolido como terminador). Assim nenhum texto do usuário fecha a
    string nem injeta regras CSS.
    """
    texto = _CONTROLE.sub(" ", texto)
    partes = []
    for c in texto:
        if c.isascii() and c.isalnum():
            partes.append(c)
        else:
            partes.append(f"\\{ord(c):06x}")
    return '"' + "".join(partes) + '"'


@functools.lru_cache(maxsize=1)
def _folha_base() -> CSS:
    texto = FOLHA_DE_ESTILO.read_text(encoding="utf-8") + FOLHA_DO_CONTEUDO.read_text(encoding="utf-8")
    return CSS(string=texto, url_fetcher=FetcherRestrito())


def _folha_rodape(rodape: str) -> str:
    return (
        "@page { @bottom-right { content: "
        + css_string(f"{rodape} / pág. ")
        + " counter(page); font-family: \"Liberation Serif\", \"DejaVu Serif\", serif;"
        " font-size: 9pt; vertical-align: top; padding-top: 0.4cm; } }"
    )


def montar_html(html: str, *, titulo: str, cabecalho_html: str = "") -> str:
    """O documento completo que o WeasyPrint recebe (útil também para pré-visualização)."""
    cabecalho = f'<header class="cabecalho">{cabecalho_html}</header>' if cabecalho_html else ""
    return (
        '<!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8">'
        f"<title>{html_lib.escape(titulo)}</title></head>"
        f'<body>{cabecalho}<main class="documento">{html}</main></body></html>'
    )


def renderizar_html(
    html: str,
    *,
    titulo: str,
    rodape: str,
    cabecalho_html: str = "",
    base_url: str | None = None,
    recursos: Mapping[str, bytes | tuple[bytes, str]] | None = None,
) -> bytes:
    """Renderiza o HTML (já saneado) de um documento em PDF, com a folha de impressão do projeto.

    Cada página leva no rodapé ``"<rodape> / pág. N"``. ``cabecalho_html`` (timbre) vai no topo
    da primeira página. Nenhum recurso externo é buscado: só ``data:`` URLs e ``recursos``.
    """
    fetcher = FetcherRestrito(recursos)
    documento = HTML(
        string=montar_html(html, titulo=titulo, cabecalho_html=cabecalho_html),
        base_url=base_url,
        url_fetcher=fetcher,
    )
    pdf = documento.write_pdf(
        stylesheets=[_folha_base(), CSS(string=_folha_rodape(rodape), url_fetcher=fetcher)],
        presentational_hints=True,
    )
    if fetcher.recusadas:
        logger.info("PDF %r: %d recurso(s) externo(s) recusado(s)", titulo[:80], len(fetcher.recusadas))
    return pdf
