"""What each accepted extension must contain (ASVS 5.2.2: the content matches the extension).

One checker per extension. A checker reads the private temp file the upload was streamed to,
raises ``TipoRecusado`` when the content is not what the extension promises, and returns the
text encoding for text types (``None`` otherwise). Extensions absent from ``TIPOS`` are refused
even if a setting allows them: we only accept what we know how to check.
"""

import codecs
import logging
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

import defusedxml.ElementTree as DET
import filetype
from defusedxml import DefusedXmlException

from .erros import TipoRecusado

logger = logging.getLogger(__name__)

BLOCO = 64 * 1024
MiB = 1024 * 1024


@dataclass(frozen=True)
class LimitesZip:
    """Archive-bomb limits (ASVS 5.2.3), checked on the real decompressed bytes."""

    membros: int = 10_000
    total_descomprimido: int = 1024 * MiB
    # total decompressed / archive size; below ``piso`` the ratio is not applied (a 20 KB
    # spreadsheet full of repeated cells legitimately compresses 100:1).
    razao: int = 100
    piso: int = 20 * MiB


def _recusar(mensagem: str):
    raise TipoRecusado(mensagem)


def _nao_confere(ext: str):
    _recusar(f"O conteúdo do arquivo não corresponde à extensão .{ext}.")


# --- binary types recognised by their magic bytes -------------------------------------------


def _magica(ext: str, *mimes: str) -> Callable:
    def verificar(f: IO[bytes], tamanho: int, limites: LimitesZip) -> None:
        f.seek(0)
        tipo = filetype.guess(f.read(8192))
        if tipo is None or tipo.mime not in mimes:
            _nao_confere(ext)

    return verificar


# --- plain text -------------------------------------------------------------------------------

# WHATWG MIME sniffing: what makes a browser treat bytes as HTML, plus XML/SVG and scripts.
_INICIO_PERIGOSO = re.compile(
    r"(<!doctype\s+html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body"
    r"|<br|<p|<!--)[\s>/]|<\?xml|<svg|#!",
)
_MARCACAO_PERIGOSA = re.compile(r"<\s*(script|svg|html|iframe|object|embed|frameset|meta)\b")
_CONTROLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _codificacao_provavel(f: IO[bytes]) -> list[str]:
    f.seek(0)
    inicio = f.read(4)
    if inicio.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if inicio.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    return ["utf-8", "cp1252"]


def _texto(ext: str, *, permitir_html: bool = False) -> Callable:
    def verificar(f: IO[bytes], tamanho: int, limites: LimitesZip) -> str:
        for codificacao in _codificacao_provavel(f):
            try:
                _ler_texto(f, codificacao, permitir_html)
            except UnicodeDecodeError:
                continue
            return codificacao
        _recusar(f"O arquivo .{ext} não é texto (use UTF-8).")

    return verificar


def _ler_texto(f: IO[bytes], codificacao: str, permitir_html: bool) -> None:
    f.seek(0)
    decodificador = codecs.getincrementaldecoder(codificacao)(errors="strict")
    anterior = ""
    primeiro = True
    while True:
        bloco = f.read(BLOCO)
        final = not bloco
        if not codificacao.startswith("utf-16") and b"\x00" in bloco:
            _recusar("O arquivo contém bytes nulos: não é texto.")
        texto = decodificador.decode(bloco, final=final)
        if _CONTROLE.search(texto):
            _recusar("O arquivo contém caracteres de controle: não é texto.")
        if not permitir_html:
            if primeiro and texto.strip():
                primeiro = False
                if _INICIO_PERIGOSO.match(texto.lstrip().lower()):
                    _recusar("O arquivo parece HTML, SVG ou script, que não são aceitos como texto.")
            # keep a tail so a tag split across two blocks is still seen
            janela = (anterior + texto).lower()
            if _MARCACAO_PERIGOSA.search(janela):
                _recusar("O arquivo contém marcação HTML/SVG ou script, que não é aceita como texto.")
            anterior = janela[-32:]
        if final:
            return


# --- PDF --------------------------------------------------------------------------------------


def _verificar_pdf(f: IO[bytes], tamanho: int, limites: LimitesZip) -> None:
    # documentos.pdf opens it with pikepdf (qpdf) and walks every object for scripts/actions
    from documentos.pdf import PDFInvalido, PDFProtegido, pdf_tem_javascript

    f.seek(0)
    if f.read(5) != b"%PDF-":
        _nao_confere("pdf")
    f.seek(0)
    try:
        tem_js = pdf_tem_javascript(f)
    except PDFProtegido:
        _recusar("PDF protegido por senha não é aceito.")
    except (PDFInvalido, ValueError, RecursionError, OverflowError):
        _recusar("O arquivo não é um PDF válido.")
    if tem_js:
        _recusar("O PDF contém JavaScript ou ações automáticas, que não são aceitos.")


# --- SVG (not in the default list; refused unless clearly inert) -----------------------------

_ELEMENTOS_SVG_PROIBIDOS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_URL_EXTERNA = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def _local(nome: str) -> str:
    return nome.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _verificar_svg(f: IO[bytes], tamanho: int, limites: LimitesZip) -> None:
    f.seek(0)
    try:
        raiz = DET.parse(f, forbid_dtd=True).getroot()
    except (DET.ParseError, DefusedXmlException, ValueError):
        _recusar("O SVG não é um XML válido ou contém DTD/entidades.")
    if _local(raiz.tag) != "svg":
        _nao_confere("svg")
    for el in raiz.iter():
        nome = _local(el.tag) if isinstance(el.tag, str) else ""
        if nome in _ELEMENTOS_SVG_PROIBIDOS:
            _recusar("O SVG contém script ou conteúdo embutido, que não são aceitos.")
        if nome == "style" and (el.text and ("@import" in el.text or _URL_EXTERNA.search(el.text))):
            _recusar("O SVG referencia recursos externos.")
        for atributo, valor in el.attrib.items():
            local = _local(atributo)
            valor_min = valor.strip().lower()
            if local.startswith("on"):
                _recusar("O SVG contém atributos de evento (on*), que não são aceitos.")
            if local == "href" and not valor_min.startswith("#"):
                _recusar("O SVG referencia recursos externos.")
            if "javascript:" in valor_min.replace(" ", "") or (
                local == "style" and _URL_EXTERNA.search(valor)
            ):
                _recusar("O SVG referencia recursos externos ou script.")
            if (
                nome in {"set", "animate"}
                and local == "attributename"
                and (valor_min.endswith("href") or valor_min.startswith("on"))
            ):
                _recusar("O SVG contém animação de link ou evento, que não é aceita.")


# --- ZIP and the office formats built on it ---------------------------------------------------


def verificar_zip(f: IO[bytes], tamanho: int, limites: LimitesZip) -> zipfile.ZipFile:
    """Open ``f`` as a ZIP and decompress every member, counting, within ``limites``."""
    f.seek(0)
    try:
        zf = zipfile.ZipFile(f)
        membros = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _recusar("O arquivo não é um ZIP válido.")
    if len(membros) > limites.membros:
        _recusar(f"O arquivo compactado tem mais de {limites.membros} itens.")
    teto = min(limites.total_descomprimido, max(limites.piso, limites.razao * tamanho))
    if sum(m.file_size for m in membros) > teto:
        _recusar("O arquivo compactado descomprime para um tamanho excessivo.")
    total = 0
    for membro in membros:
        partes = membro.filename.replace("\\", "/").split("/")
        if membro.filename.startswith(("/", "\\")) or ".." in partes or ":" in partes[0]:
            _recusar("O arquivo compactado contém caminhos inválidos.")
        if membro.flag_bits & 0x1:
            _recusar("Arquivo compactado protegido por senha não é aceito.")
        try:
            with zf.open(membro) as origem:
                while bloco := origem.read(BLOCO):
                    total += len(bloco)
                    if total > teto:
                        _recusar("O arquivo compactado descomprime para um tamanho excessivo.")
        except TipoRecusado:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
            _recusar("O arquivo compactado está corrompido ou usa compressão não suportada.")
    return zf


def _zip(ext: str) -> Callable:
    def verificar(f: IO[bytes], tamanho: int, limites: LimitesZip) -> None:
        verificar_zip(f, tamanho, limites)

    return verificar


_MIME_OOXML = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
_MIME_ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
LIMITE_XML_METADADOS = 4 * MiB


def _ler_membro(zf: zipfile.ZipFile, nome: str, limite: int) -> bytes | None:
    try:
        with zf.open(nome) as origem:
            dados = origem.read(limite + 1)
    except KeyError:
        return None
    return dados if len(dados) <= limite else None


def _ooxml(ext: str) -> Callable:
    def verificar(f: IO[bytes], tamanho: int, limites: LimitesZip) -> None:
        zf = verificar_zip(f, tamanho, limites)
        nomes = zf.namelist()
        if any(n.lower().endswith("vbaproject.bin") for n in nomes):
            _recusar("Documentos com macros não são aceitos.")
        dados = _ler_membro(zf, "[Content_Types].xml", LIMITE_XML_METADADOS)
        if dados is None:
            _nao_confere(ext)
        try:
            raiz = DET.fromstring(dados, forbid_dtd=True)
        except (DET.ParseError, DefusedXmlException, ValueError):
            _nao_confere(ext)
        tipos = {el.get("ContentType") for el in raiz.iter() if _local(el.tag) in {"override", "default"}}
        if _MIME_OOXML[ext] not in tipos:
            _nao_confere(ext)

    return verificar


def _odf(ext: str) -> Callable:
    def verificar(f: IO[bytes], tamanho: int, limites: LimitesZip) -> None:
        zf = verificar_zip(f, tamanho, limites)
        if _ler_membro(zf, "mimetype", 200) != _MIME_ODF[ext].encode():
            _nao_confere(ext)
        nomes = zf.namelist()
        if "content.xml" not in nomes:
            _nao_confere(ext)
        if any(n.startswith(("Basic/", "Scripts/")) for n in nomes):
            _recusar("Documentos com macros não são aceitos.")
        manifesto = _ler_membro(zf, "META-INF/manifest.xml", LIMITE_XML_METADADOS)
        if manifesto is not None:
            try:
                DET.fromstring(manifesto, forbid_dtd=True)
            except (DET.ParseError, DefusedXmlException, ValueError):
                _nao_confere(ext)

    return verificar


@dataclass(frozen=True)
class Tipo:
    mime: str
    verificar: Callable[[IO[bytes], int, LimitesZip], str | None]


TIPOS: dict[str, Tipo] = {
    "pdf": Tipo("application/pdf", _verificar_pdf),
    "png": Tipo("image/png", _magica("png", "image/png", "image/apng")),
    "jpg": Tipo("image/jpeg", _magica("jpg", "image/jpeg")),
    "jpeg": Tipo("image/jpeg", _magica("jpeg", "image/jpeg")),
    "gif": Tipo("image/gif", _magica("gif", "image/gif")),
    "webp": Tipo("image/webp", _magica("webp", "image/webp")),
    "tif": Tipo("image/tiff", _magica("tif", "image/tiff")),
    "tiff": Tipo("image/tiff", _magica("tiff", "image/tiff")),
    "mp3": Tipo("audio/mpeg", _magica("mp3", "audio/mpeg")),
    "mp4": Tipo("video/mp4", _magica("mp4", "video/mp4", "video/x-m4v")),
    "ogg": Tipo("audio/ogg", _magica("ogg", "audio/ogg")),
    "txt": Tipo("text/plain", _texto("txt")),
    "csv": Tipo("text/csv", _texto("csv")),
    "html": Tipo("text/html", _texto("html", permitir_html=True)),
    "htm": Tipo("text/html", _texto("htm", permitir_html=True)),
    "svg": Tipo("image/svg+xml", _verificar_svg),
    "zip": Tipo("application/zip", _zip("zip")),
    "docx": Tipo("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ooxml("docx")),
    "xlsx": Tipo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ooxml("xlsx")),
    "pptx": Tipo("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ooxml("pptx")),
    "odt": Tipo(_MIME_ODF["odt"], _odf("odt")),
    "ods": Tipo(_MIME_ODF["ods"], _odf("ods")),
    "odp": Tipo(_MIME_ODF["odp"], _odf("odp")),
}

EXTENSOES_PADRAO = frozenset(
    "pdf png jpg jpeg gif webp tif tiff txt csv odt ods odp docx xlsx pptx mp3 mp4 ogg".split()
)
