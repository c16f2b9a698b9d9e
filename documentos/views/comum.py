"""What every document page shares: the document by número SEI, domain errors as pages, the
headers of sandboxed content."""

from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from processos.views import processo_ou_404
from sei.exceptions import ErroDominio, NaoEncontrado
from sei.web import ator_web

from .. import selectors
from ..html import texto_corrido

__all__ = [
    "ator_web",
    "comparar_textos",
    "documento_ou_404",
    "pagina_erro",
    "processo_ou_404",
    "sandbox",
]

# Stored HTML is only ever shown in a response of its own, in a sandboxed frame: no script runs
# and nothing but our stylesheet loads, even if a stored row escaped the sanitiser.
CSP_SANDBOX = "sandbox; default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'"


def documento_ou_404(ator, numero_sei):
    try:
        return selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None


def pagina_erro(request, erro: ErroDominio, *, titulo="Não foi possível concluir", documento=None):
    """A domain error as a page with its status (404 stays the site's 404)."""
    if erro.status == 404:
        raise Http404(erro.mensagem)
    if erro.status == 403 and documento is None:
        raise PermissionDenied(erro.mensagem)
    contexto = {"titulo": titulo, "mensagem": erro.mensagem, "documento": documento}
    return render(request, "documentos/erro.html", contexto, status=erro.status)


def sandbox(resposta, *, restrito: bool):
    """Headers of a response that shows stored content inside the app's sandboxed frame."""
    resposta["Content-Security-Policy"] = CSP_SANDBOX
    resposta["X-Frame-Options"] = "SAMEORIGIN"
    resposta["X-Content-Type-Options"] = "nosniff"
    resposta["Cache-Control"] = "no-store" if restrito else "private, no-cache"
    return resposta


# --- Comparing versions: a word-level diff of the text, never the stored HTML -----------------


def _palavras(conteudo: str) -> list[str]:
    """Words of the text, with "\n" tokens where a block (paragraph, item, cell) ends."""
    texto = texto_corrido(conteudo)
    palavras = []
    for linha in texto.split("\n"):
        if linha.split():
            palavras.extend(linha.split())
            palavras.append("\n")
    return palavras


def _trechos(op: str, palavras: list[str]) -> list[tuple[str, str]]:
    partes, atual = [], []
    for palavra in [*palavras, None]:
        if palavra in ("\n", None):
            if atual:
                partes.append((op, " ".join(atual)))
                atual = []
            if palavra == "\n":
                partes.append(("quebra", ""))
        else:
            atual.append(palavra)
    return partes


def comparar_textos(antes: str, depois: str) -> list[tuple[str, str]]:
    """[(op, texto)] with op in igual / removido / inserido / quebra (end of a block); the template
    escapes every piece."""
    a, b = _palavras(antes), _palavras(depois)
    partes = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            partes.extend(_trechos("igual", a[i1:i2]))
            continue
        if i2 > i1:
            partes.extend(_trechos("removido", a[i1:i2]))
        if j2 > j1:
            partes.extend(_trechos("inserido", b[j1:j2]))
    return partes
