"""What every process page shares: the actor, the process by NUP, domain errors as messages.

The password re-entry a sigiloso asks for is not here: the actor of a page carries the
sigilosos opened in the session (``sei.contexto``) and the selectors ask the policy, so a page
cannot forget it; ``sei.middleware.ReautenticacaoMiddleware`` shows the password page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sei.contexto import SESSAO_SIGILOSO, ator_da_requisicao
from sei.exceptions import AcessoNegado, EntradaInvalida, ErroDominio, NaoEncontrado

from .. import selectors

__all__ = ["SESSAO_SIGILOSO", "ator_web", "avisar_erro", "exigir_form", "processo_ou_404", "texto_erro"]


def ator_web(request):
    """The acting user and unit (with the sigilosos opened in this session); a user without a
    unit gets the 403 page."""
    try:
        return ator_da_requisicao(request)
    except AcessoNegado as erro:
        raise PermissionDenied(erro.mensagem) from None


def processo_ou_404(ator, nup: str, *, exigir_senha: bool = True):
    try:
        return selectors.processo_por_nup(ator=ator, nup=nup, exigir_senha=exigir_senha)
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
