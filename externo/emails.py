"""The portal's e-mails (pt-BR templates under ``templates/externo/emails/``), sent after the
transaction that decided them commits. A mail server that fails does not undo the decision: it is
logged, and the user can ask for the confirmation again (``/externo/cadastro/reenviar/``)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger("sei.externo")


def url_absoluta(url_base: str, caminho: str) -> str:
    """The public address when configured (``SEI_URL_PUBLICA``), never the request's Host otherwise
    trusted blindly: ``url_base`` comes from a host ``ALLOWED_HOSTS`` accepted."""
    return (settings.SEI_URL_PUBLICA or url_base.rstrip("/")) + caminho


def enviar(*, para: str, modelo: str, contexto: dict) -> None:
    contexto = {"nome_orgao": settings.SEI_NOME_ORGAO or "Sistema Eletrônico de Informações", **contexto}
    assunto = " ".join(render_to_string(f"externo/emails/{modelo}_assunto.txt", contexto).split())
    corpo = render_to_string(f"externo/emails/{modelo}.txt", contexto)
    try:
        send_mail(assunto, corpo, None, [para])
    except Exception:  # the decision stands; the user can ask again
        logger.exception("e-mail do portal não enviado: modelo=%s", modelo)


def confirmacao(*, usuario, token: str, url_base: str) -> None:
    caminho = reverse("externo:confirmar_email", args=[token])
    enviar(
        para=usuario.email,
        modelo="confirmacao",
        contexto={
            "usuario": usuario,
            "link": url_absoluta(url_base, caminho),
            "validade_horas": settings.SEI_CADASTRO_LINK_HORAS,
        },
    )


def decisao(*, cadastro, decisao: str, url_base: str = "") -> None:
    """``decisao``: liberado, recusado, desativado or reativado."""
    enviar(
        para=cadastro.usuario.email,
        modelo=f"cadastro_{decisao}",
        contexto={
            "usuario": cadastro.usuario,
            "motivo": cadastro.motivo,
            "link": url_absoluta(url_base, reverse("externo:entrar")),
        },
    )


def segundo_fator(*, usuario, ativado: bool) -> None:
    enviar(para=usuario.email, modelo="segundo_fator", contexto={"usuario": usuario, "ativado": ativado})
