"""API plumbing shared by every app: the JSON error shape and the acting unit."""

import logging

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.template.defaultfilters import filesizeformat
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


def erro_de_requisicao(exc: SuspiciousOperation) -> tuple[int, dict]:
    """What Django refuses while reading a request (the ``DATA_UPLOAD_*`` limits, a forged
    multipart body...) as a status and a body in the contract's shape."""
    if isinstance(exc, RequestDataTooBig):
        limite = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return 413, {"detail": f"Requisição muito grande: o limite é de {limite}.", "code": "muito_grande"}
    if isinstance(exc, TooManyFieldsSent):
        maximo = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        mensagem = f"Campos demais na requisição (no máximo {maximo})."
        return 400, {"detail": mensagem, "code": "muitos_campos"}
    if isinstance(exc, TooManyFilesSent):
        maximo = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        mensagem = f"Arquivos demais na requisição (no máximo {maximo})."
        return 400, {"detail": mensagem, "code": "muitos_arquivos"}
    return 400, {"detail": "Requisição malformada.", "code": "requisicao_malformada"}


def exception_handler(exc, context):
    """Every error as ``{"detail": "<pt-BR>", "code": "<machine code>"}`` (+ ``errors`` on 400)."""
    if isinstance(exc, SuspiciousOperation):
        # Raised while DRF reads the body; logged as Django logs those it turns into a 400.
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
        codigo, corpo = erro_de_requisicao(exc)
        return Response(corpo, status=codigo)
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
        # Our parsers say what is wrong in pt-BR (``sei.parsers``); DRF's own messages are English.
        proprio = getattr(exc.detail, "code", None) == "requisicao_malformada"
        mensagem = str(exc.detail) if proprio else "Requisição malformada."
        response.data = {"detail": mensagem, "code": "requisicao_malformada"}
        return response
    mensagem, code = _MENSAGENS.get(codigo, (str(getattr(exc, "detail", "Erro.")), "erro"))
    if getattr(getattr(exc, "detail", None), "code", None) in ("usuario_externo", "usuario_interno"):
        # The permission's own message: sei.permissoes.SomenteInterno, externo.api.SomenteExterno.
        mensagem, code = str(exc.detail), exc.detail.code
    response.data = {"detail": mensagem, "code": code}
    return response
