"""What every process page shares: the actor, the process by NUP, domain errors as messages,
and the password re-entry that a sigiloso process asks for."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sei.contexto import ator_da_requisicao
from sei.exceptions import AcessoNegado, EntradaInvalida, ErroDominio, NaoEncontrado

from .. import selectors

SESSAO_SIGILOSO = "sigiloso_reautenticado"


def ator_web(request):
    """The acting user and unit; a user without a unit gets the 403 page."""
    try:
        return ator_da_requisicao(request)
    except AcessoNegado as erro:
        raise PermissionDenied(erro.mensagem) from None


def processo_ou_404(ator, nup: str):
    try:
        return selectors.processo_por_nup(ator=ator, nup=nup)
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None


def texto_erro(erro: ErroDominio) -> str:
    """The service's pt-BR message followed by its field details, if any."""
    detalhes = []
    for mensagens in (erro.errors or {}).values():
        detalhes.extend([mensagens] if isinstance(mensagens, str) else [str(m) for m in mensagens])
    detalhes = [d for d in detalhes if d != erro.mensagem]
    return " ".join([erro.mensagem, *detalhes])


def avisar_erro(request, erro: ErroDominio) -> None:
    messages.error(request, texto_erro(erro))


def exigir_form(form) -> dict:
    """cleaned_data of a valid form; otherwise an EntradaInvalida carrying its field errors."""
    if form.is_valid():
        return form.cleaned_data
    erros = {campo: [str(m) for m in lista] for campo, lista in form.errors.items()}
    raise EntradaInvalida("Dados inválidos.", errors=erros)


# --- Sigiloso: password again before opening -------------------------------------------------


def reautenticado(request, processo) -> bool:
    marcas = request.session.get(SESSAO_SIGILOSO) or {}
    quando = marcas.get(processo.nup)
    validade = settings.SEI_SIGILOSO_REAUTENTICACAO_MINUTOS * 60
    return quando is not None and 0 <= time.time() - quando < validade


def marcar_reautenticado(request, processo) -> None:
    validade = settings.SEI_SIGILOSO_REAUTENTICACAO_MINUTOS * 60
    agora = time.time()
    marcas = {nup: t for nup, t in (request.session.get(SESSAO_SIGILOSO) or {}).items() if agora - t < validade}
    marcas[processo.nup] = agora
    request.session[SESSAO_SIGILOSO] = marcas
