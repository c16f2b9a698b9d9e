"""What every page of every app shares: the acting user and unit, domain errors as messages and
as form errors."""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from sei.contexto import ator_da_requisicao
from sei.exceptions import AcessoNegado, EntradaInvalida, ErroDominio


def ator_web(request):
    """The acting user and unit (with the sigilosos opened in this session); a user without a
    unit gets the 403 page."""
    try:
        return ator_da_requisicao(request)
    except AcessoNegado as erro:
        raise PermissionDenied(erro.mensagem) from None


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


def aplicar_erros(form: forms.Form, erro: ErroDominio) -> None:
    """Put an ``ErroDominio``'s field errors on the form; the message goes on top when none fits."""
    colocou = False
    for campo, mensagens in (erro.errors or {}).items():
        for mensagem in [mensagens] if isinstance(mensagens, str) else mensagens:
            form.add_error(campo if campo in form.fields else None, str(mensagem))
            colocou = True
    if not colocou:
        form.add_error(None, erro.mensagem)


def excedeu_limite(chave: str, limite: int, janela: int) -> bool:
    """Count one request under ``chave`` (shared cache); True past ``limite`` within ``janela`` s."""
    cache.add(chave, 0, janela)
    try:
        return cache.incr(chave) > limite
    except ValueError:  # expired between add and incr
        cache.set(chave, 1, janela)
        return False
