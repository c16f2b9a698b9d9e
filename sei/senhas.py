"""The password typed again to confirm an act (signing; a sigiloso's gate uses the same check):
checked through ``authenticate``, so django-axes counts a wrong one as a failed login and the
lockout applies. Services that need it take the ``SenhaConfirmada`` this returns, so they cannot
be reached without it."""

from dataclasses import dataclass

from django.contrib.auth import authenticate

from .exceptions import AcessoNegado, EntradaInvalida


@dataclass(frozen=True)
class SenhaConfirmada:
    usuario_id: int


def confirmar_senha(request, senha: str) -> SenhaConfirmada:
    """The password of the request's user, typed again; 400 when wrong, 403 while locked out."""
    if not senha:
        raise EntradaInvalida("Informe a senha.", errors={"senha": ["Obrigatório."]}, code="senha_obrigatoria")
    usuario = authenticate(request, username=request.user.get_username(), password=senha)
    if getattr(request, "axes_locked_out", False):
        raise AcessoNegado(
            "Muitas tentativas de senha erradas: aguarde antes de tentar de novo.", code="senha_bloqueada"
        )
    if usuario is None or usuario.pk != request.user.pk:
        raise EntradaInvalida("Senha incorreta.", errors={"senha": ["Senha incorreta."]}, code="senha_incorreta")
    return SenhaConfirmada(usuario_id=usuario.pk)
