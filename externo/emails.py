"""The portal's e-mails (pt-BR templates under ``templates/externo/emails/``), sent after the
transaction that decided them commits. A mail server that fails does not undo the decision: it is
logged, and the user can ask for the confirmation again (``/externo/cadastro/reenviar/``)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Peticao

logger = logging.getLogger("sei.externo")


def url_absoluta(url_base: str, caminho: str) -> str:
    """The public address when configured (``SEI_URL_PUBLICA``), never the request's Host otherwise
    trusted blindly: ``url_base`` comes from a host ``ALLOWED_HOSTS`` accepted."""
    return (settings.SEI_URL_PUBLICA or url_base.rstrip("/")) + caminho


def enviar(*, para: str, modelo: str, contexto: dict, recibo=None) -> bool:
    """False (logged) when the mail server failed. ``recibo``: a Recibo Eletrônico de Protocolo
    (a signed ``Documento``) attached as ``recibo-<número SEI>.pdf``."""
    contexto = {"nome_orgao": settings.SEI_NOME_ORGAO or "Sistema Eletrônico de Informações", **contexto}
    assunto = " ".join(render_to_string(f"externo/emails/{modelo}_assunto.txt", contexto).split())
    corpo = render_to_string(f"externo/emails/{modelo}.txt", contexto)
    try:
        mensagem = EmailMessage(assunto, corpo, None, [para])
        if recibo is not None:
            with default_storage.open(recibo.pdf_assinado_nome, "rb") as arquivo:
                mensagem.attach(f"recibo-{recibo.numero_sei}.pdf", arquivo.read(), "application/pdf")
        mensagem.send()
    except Exception:  # the decision stands; the user can ask again, or a sweeper resends
        logger.exception("e-mail do portal não enviado: modelo=%s", modelo)
        return False
    return True


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


def recibo(*, peticao_id: int, url_base: str = "") -> bool:
    """The Recibo Eletrônico de Protocolo of a petition, attached, to the user who sent it, once:
    the petition is marked sent in the same transaction (a rerun or a concurrent copy is a no-op).
    A mail server that fails leaves it pending for the beat's sweeper (``recibos_pendentes``);
    the receipt is in the portal meanwhile."""
    with transaction.atomic():
        peticao = (
            Peticao.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("usuario", "processo", "recibo")
            .filter(pk=peticao_id, recibo_enviado_em__isnull=True)
            .first()
        )
        if peticao is None:
            return False
        contexto = {
            "peticao": peticao,
            "usuario": peticao.usuario,
            "link": url_absoluta(url_base, reverse("externo:peticoes")),
        }
        if not enviar(para=peticao.usuario.email, modelo="recibo", contexto=contexto, recibo=peticao.recibo):
            return False  # the petition stands; the sweeper tries again
        Peticao.objects.filter(pk=peticao.pk).update(recibo_enviado_em=timezone.now())
    return True


def recibos_pendentes(*, depois_de_minutos: int = 5, ate_horas: int = 24) -> list[int]:
    """The petitions whose receipt e-mail is still pending, sent more than ``depois_de_minutos``
    ago (the broker may have lost the message, or the mail server failed) and less than
    ``ate_horas`` ago (past that it is given up: the receipt is in the portal)."""
    agora = timezone.now()
    return list(
        Peticao.objects.filter(
            recibo_enviado_em__isnull=True,
            criada_em__lt=agora - timedelta(minutes=depois_de_minutos),
            criada_em__gte=agora - timedelta(hours=ate_horas),
        ).values_list("pk", flat=True)[:500]
    )
