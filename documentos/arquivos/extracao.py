"""Text extraction for the search index: best effort, capped, never crashes."""

import io
import logging
import os
import re
import zipfile
from html.parser import HTMLParser
from typing import IO

import defusedxml.ElementTree as DET

logger = logging.getLogger(__name__)

LIMITE_TEXTO = 1_000_000  # characters kept per document
LIMITE_XML = 64 * 1024 * 1024  # decompressed bytes of one XML member we agree to parse
LIMITE_ENTRADA_TEXTO = 16 * 1024 * 1024  # bytes of a text/HTML file read

_MIMES_TEXTO = {"text/plain", "text/csv"}
_MIMES_HTML = {"text/html", "application/xhtml+xml"}
_MIMES_ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
_MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MIME_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


class _Cheio(Exception):
    pass


class _Texto:
    """Accumulates text up to the cap."""

    def __init__(self, limite: int):
        self.limite = limite
        self.partes: list[str] = []
        self.tamanho = 0

    def add(self, texto: str) -> None:
        if not texto:
            return
        self.partes.append(texto)
        self.tamanho += len(texto)
        if self.tamanho >= self.limite:
            raise _Cheio

    def valor(self) -> str:
        return "".join(self.partes)[: self.limite]


def _abrir(conteudo) -> IO[bytes]:
    if isinstance(conteudo, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(conteudo))
    if isinstance(conteudo, str | os.PathLike):
        return open(conteudo, "rb")  # noqa: SIM115 - closed by the caller
    if hasattr(conteudo, "seek"):
        conteudo.seek(0)
    return conteudo


def _decodificar(dados: bytes) -> str:
    for codificacao in (
        ("utf-8-sig", "utf-16", "cp1252")
        if dados[:2] in (b"\xff\xfe", b"\xfe\xff")
        else ("utf-8-sig", "cp1252")
    ):
        try:
            return dados.decode(codificacao)
        except UnicodeDecodeError:
            continue
    return dados.decode("latin-1")


def _texto_puro(f: IO[bytes], saida: _Texto) -> None:
    saida.add(_decodificar(f.read(min(LIMITE_ENTRADA_TEXTO, saida.limite * 4))))


class _ExtratorHTML(HTMLParser):
    _IGNORADOS = {"script", "style", "template", "noscript", "head", "title", "svg", "math"}
    _BLOCOS = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "section",
        "article",
    }

    def __init__(self, saida: _Texto):
        super().__init__(convert_charrefs=True)
        self.saida = saida
        self.ignorando = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._IGNORADOS:
            self.ignorando += 1
        elif tag in self._BLOCOS:
            self.saida.add("\n")

    def handle_endtag(self, tag):
        if tag in self._IGNORADOS and self.ignorando:
            self.ignorando -= 1
        elif tag in {"td", "th"}:
            self.saida.add("\t")

    def handle_data(self, data):
        if not self.ignorando:
            self.saida.add(data)


def _html(f: IO[bytes], saida: _Texto) -> None:
    extrator = _ExtratorHTML(saida)
    extrator.feed(_decodificar(f.read(LIMITE_ENTRADA_TEXTO)))
    extrator.close()


def _pdf(f: IO[bytes], saida: _Texto) -> None:
    from documentos.pdf import extrair_texto_pdf  # the PDF stack loads only for a PDF

    saida.add(extrair_texto_pdf(f.read(), saida.limite))


def _xml_do_zip(zf: zipfile.ZipFile, nome: str):
    with zf.open(nome) as origem:
        dados = origem.read(LIMITE_XML + 1)
    if len(dados) > LIMITE_XML:
        raise ValueError("membro XML grande demais")
    return DET.fromstring(dados, forbid_dtd=True)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragrafos(raiz, paragrafo: set[str], texto: set[str], tab: set[str], saida: _Texto) -> None:
    """Text of each ``paragrafo`` element, one per line (tabs and runs kept in order)."""
    for el in raiz.iter():
        if _local(el.tag) not in paragrafo:
            continue
        partes = []
        for filho in el.iter():
            nome = _local(filho.tag)
            if nome in tab:
                partes.append("\t")
            elif nome in texto and filho.text:
                partes.append(filho.text)
            if filho is not el and filho.tail and not texto:
                partes.append(filho.tail)
        saida.add("".join(partes) + "\n")


def _odf(f: IO[bytes], saida: _Texto) -> None:
    with zipfile.ZipFile(f) as zf:
        raiz = _xml_do_zip(zf, "content.xml")
    # ODF text lives directly in text:p/text:h (with spans, s, tab, line-break children)
    for el in raiz.iter():
        if _local(el.tag) in {"p", "h"}:
            saida.add("".join(el.itertext()) + "\n")


def _docx(f: IO[bytes], saida: _Texto) -> None:
    with zipfile.ZipFile(f) as zf:
        raiz = _xml_do_zip(zf, "word/document.xml")
    _paragrafos(raiz, {"p"}, {"t"}, {"tab"}, saida)


def _xlsx(f: IO[bytes], saida: _Texto) -> None:
    with zipfile.ZipFile(f) as zf:
        if "xl/sharedStrings.xml" in zf.namelist():
            _paragrafos(_xml_do_zip(zf, "xl/sharedStrings.xml"), {"si"}, {"t"}, set(), saida)
        for nome in sorted(n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)):
            for el in _xml_do_zip(zf, nome).iter():
                if _local(el.tag) == "t" and el.text:  # inline strings
                    saida.add(el.text + "\n")


def _pptx(f: IO[bytes], saida: _Texto) -> None:
    with zipfile.ZipFile(f) as zf:
        slides = sorted(
            (n for n in zf.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
            key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[-1]).group()),
        )
        for nome in slides:
            _paragrafos(_xml_do_zip(zf, nome), {"p"}, {"t"}, set(), saida)


def _extrator(mime: str):
    mime = mime.split(";", 1)[0].strip().lower()
    if mime in _MIMES_TEXTO:
        return _texto_puro
    if mime in _MIMES_HTML:
        return _html
    if mime == "application/pdf":
        return _pdf
    if mime in _MIMES_ODF:
        return _odf
    return {_MIME_DOCX: _docx, _MIME_XLSX: _xlsx, _MIME_PPTX: _pptx}.get(mime)


def extrair_texto(conteudo_ou_caminho, mime: str, *, limite: int = LIMITE_TEXTO) -> str:
    """Plain text of a document for indexing, at most ``limite`` characters.

    ``conteudo_ou_caminho``: bytes, a path, or a binary file-like object. Types without an
    extractor (images, audio, ZIP) give "". A broken file gives "" and a log line naming the
    type and the error class only (never the content).
    """
    extrator = _extrator(mime)
    if extrator is None:
        return ""
    saida = _Texto(limite)
    f = None
    try:
        f = _abrir(conteudo_ou_caminho)
        extrator(f, saida)
    except _Cheio:
        pass
    except Exception as erro:  # noqa: BLE001 - a broken upload must never break indexing
        logger.warning("Extração de texto falhou (%s): %s", mime, type(erro).__name__)
        return ""
    finally:
        if f is not None and isinstance(
            conteudo_ou_caminho, str | os.PathLike | bytes | bytearray | memoryview
        ):
            f.close()
    texto = saida.valor().replace("\x00", "")
    texto = re.sub(r"[ \t]+\n", "\n", texto)
    return re.sub(r"\n{3,}", "\n\n", texto).strip()
