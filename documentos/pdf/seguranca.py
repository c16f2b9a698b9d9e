"""Detecção de JavaScript e ações automáticas em PDFs enviados (para recusar o upload)."""

from __future__ import annotations

import pikepdf

from .erros import PDFInvalido
from .mesclar import FontePDF, abrir_pdf

# Tipos de ação que executam código, abrem programas ou importam/enviam dados.
_ACOES_PERIGOSAS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/Rendition"}
# Chaves que por si só indicam script ou ação automática.
_CHAVES_PERIGOSAS = {"/JS", "/AA", "/XFA"}


def _acao_perigosa(valor) -> bool:
    if isinstance(valor, pikepdf.Dictionary | pikepdf.Stream):
        tipo = valor.get("/S")
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
    /OpenAction que não seja ir-para-página, e ações /JavaScript, /Launch, /ImportData,
    /SubmitForm, /Rendition, /RichMediaExecute (em anotações, links, campos, marcadores).
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
