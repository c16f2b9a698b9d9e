"""API plumbing shared by every app: the JSON error shape and the acting unit."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sei.exceptions import ErroDominio

_MENSAGENS = {
    401: ("Autenticação necessária.", "nao_autenticado"),
    403: ("Acesso negado.", "acesso_negado"),
    404: ("Não encontrado.", "nao_encontrado"),
    405: ("Método não permitido.", "metodo_nao_permitido"),
    406: ("Formato de resposta não suportado.", "nao_aceitavel"),
    413: ("Arquivo muito grande.", "muito_grande"),
    415: ("Tipo de conteúdo não suportado.", "tipo_nao_suportado"),
    429: ("Muitas requisições; tente mais tarde.", "limite_excedido"),
}


def exception_handler(exc, context):
    """Every error as ``{"detail": "<pt-BR>", "code": "<machine code>"}`` (+ ``errors`` on 400)."""
    if isinstance(exc, ErroDominio):
        corpo = {"detail": exc.mensagem, "code": exc.code}
        if exc.errors:
            corpo["errors"] = exc.errors
        return Response(corpo, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    codigo = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "Dados inválidos.", "code": "entrada_invalida", "errors": response.data}
        return response
    if codigo == status.HTTP_401_UNAUTHORIZED or isinstance(exc, exceptions.NotAuthenticated):
        mensagem, code = _MENSAGENS[401]
        if isinstance(exc, exceptions.AuthenticationFailed):
            mensagem, code = "Credenciais inválidas.", "credenciais_invalidas"
        response.data = {"detail": mensagem, "code": code}
        return response
    if isinstance(exc, exceptions.ParseError):
        response.data = {"detail": "Requisição malformada.", "code": "requisicao_malformada"}
        return response
    mensagem, code = _MENSAGENS.get(codigo, (str(getattr(exc, "detail", "Erro.")), "erro"))
    response.data = {"detail": mensagem, "code": code}
    return response
