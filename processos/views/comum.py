"""What every process page shares: the actor, the process by NUP, domain errors as messages.

The password re-entry a sigiloso asks for is not here: the actor of a page carries the
sigilosos opened in the session (``sei.contexto``) and the selectors ask the policy, so a page
cannot forget it; ``sei.middleware.ReautenticacaoMiddleware`` shows the password page."""

from django.http import Http404

from sei.contexto import SESSAO_SIGILOSO
from sei.exceptions import NaoEncontrado
from sei.web import ator_web, avisar_erro, exigir_form, texto_erro

from .. import selectors

__all__ = ["SESSAO_SIGILOSO", "ator_web", "avisar_erro", "exigir_form", "processo_ou_404", "texto_erro"]


def processo_ou_404(ator, nup: str, *, exigir_senha: bool = True):
    try:
        return selectors.processo_por_nup(ator=ator, nup=nup, exigir_senha=exigir_senha)
    except NaoEncontrado:
        raise Http404("Processo não encontrado.") from None
