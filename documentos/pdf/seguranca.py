"""Detecção de JavaScript e ações automáticas em PDFs enviados (para recusar o upload)."""

from __future__ import annotations

import re

import pikepdf

from .erros import PDFInvalido
from .mesclar import FontePDF, abrir_pdf

# Tipos de ação que executam código, abrem programas ou importam/enviam dados.
_ACOES_PERIGOSAS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/Rendition"}
# Chaves que por si só indicam script ou ação automática.
_CHAVES_PERIGOSAS = {"/JS", "/AA", "/XFA"}


# A link (URI action) may only lead to the web or to an e-mail: ``javascript:`` runs script in the
# reader (or in the browser that opens the link), ``file:``/``data:``/others open local files or
# carry content.
_ESQUEMAS_PERMITIDOS = {"http", "https", "mailto"}
_ESQUEMA = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORADOS_NO_ESQUEMA = re.compile(r"[\x00-\x20\x7f]")  # readers and browsers drop these


def _uri_perigosa(uri) -> bool:
    try:
        texto = bytes(uri).decode("latin-1") if isinstance(uri, pikepdf.String) else str(uri)
    except (TypeError, ValueError):
        return True
    esquema = _ESQUEMA.match(_IGNORADOS_NO_ESQUEMA.sub("", texto).lower())
    return esquema is not None and esquema.group(1) not in _ESQUEMAS_PERMITIDOS


def _acao_perigosa(valor) -> bool:
    if isinstance(valor, pikepdf.Dictionary | pikepdf.Stream):
        tipo = valor.get("/S")
        if tipo is not None and str(tipo) == "/URI":
            return _uri_perigosa(valor.get("/URI", ""))
        return tipo is not None and str(tipo) in _ACOES_PERIGOSAS
    return False


def _dicionario_perigoso(d: pikepdf.Dictionary) -> bool:
    chaves = set(d.keys())
    if chaves & _CHAVES_PERIGOSAS:
        return True
    if _acao_perigosa(d):
        return True
    if "/OpenAction" in chaves:
        acao = d.get("/OpenAction")
        # Um destino (array) só abre numa página; uma ação que não seja GoTo é automática.
        if isinstance(acao, pikepdf.Dictionary) and str(acao.get("/S", "")) != "/GoTo":
            return True
    if "/Names" in chaves:
        nomes = d.get("/Names")
        if isinstance(nomes, pikepdf.Dictionary) and "/JavaScript" in nomes:
            return True
    return False


def _percorrer(obj, vistos: set[tuple[int, int]]) -> bool:
    """Percorre o objeto e os filhos diretos; objetos indiretos são visitados uma vez só."""
    pilha = [obj]
    while pilha:
        atual = pilha.pop()
        if atual.is_indirect:
            chave = atual.objgen
            if chave in vistos:
                continue
            vistos.add(chave)
        if isinstance(atual, pikepdf.Stream):
            dicionario = atual.stream_dict
        elif isinstance(atual, pikepdf.Dictionary):
            dicionario = atual
        elif isinstance(atual, pikepdf.Array):
            pilha.extend(v for v in atual if isinstance(v, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream))
            continue
        else:
            continue
        if _dicionario_perigoso(dicionario):
            return True
        pilha.extend(
            v for v in dicionario.values() if isinstance(v, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
        )
    return False


def pdf_tem_javascript(conteudo: FontePDF) -> bool:
    """True se o PDF traz JavaScript ou ações automáticas.

    Procura em todos os objetos (inclusive os que não estão ligados às páginas): a árvore de
    nomes /JavaScript, chaves /JS, /AA (ações automáticas) e /XFA (formulários com script),
    /OpenAction que não seja ir-para-página, ações /JavaScript, /Launch, /ImportData,
    /SubmitForm, /Rendition, /RichMediaExecute, e links (/URI) para fora de http, https e mailto
    (``javascript:``, ``file:``, ``data:``...), em anotações, links, campos e marcadores.
    PDF corrompido ou que exige senha: ``PDFInvalido`` (``PDFProtegido``).
    """
    with abrir_pdf(conteudo) as pdf:
        try:
            vistos: set[tuple[int, int]] = set()
            if _percorrer(pdf.trailer, vistos):
                return True
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and _percorrer(obj, vistos):
                    return True
        except pikepdf.PdfError as erro:
            raise PDFInvalido() from erro
    return False
