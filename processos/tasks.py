"""Celery tasks: thin, idempotent, fed by the ``NotificacaoEmail`` outbox."""

from datetime import timedelta

from celery import shared_task
from django.core.mail import send_mail
from django.db import OperationalError, transaction
from django.utils import timezone

from sei.tarefas import publicar

from .models import NotificacaoEmail


@shared_task(autoretry_for=(OperationalError, ConnectionError, OSError), retry_backoff=True, max_retries=5)
def enviar_notificacao(notificacao_id: int) -> str:
    """Send one pending notification; a rerun or a concurrent copy is a no-op."""
    with transaction.atomic():
        notificacao = (
            NotificacaoEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=notificacao_id, estado=NotificacaoEmail.Estado.PENDENTE)
            .first()
        )
        if notificacao is None:
            return "ignorada"
        notificacao.tentativas += 1
        try:
            send_mail(notificacao.assunto, notificacao.corpo, None, [notificacao.destinatario])
        except (ConnectionError, OSError) as erro:
            notificacao.erro = str(erro)[:1000]
            if notificacao.tentativas >= 5:
                notificacao.estado = NotificacaoEmail.Estado.ERRO
            notificacao.save(update_fields=["tentativas", "erro", "estado"])
            return "erro"
        notificacao.estado = NotificacaoEmail.Estado.ENVIADA
        notificacao.enviada_em = timezone.now()
        notificacao.save(update_fields=["tentativas", "estado", "enviada_em"])
    return "enviada"


@shared_task
def varrer_notificacoes_pendentes() -> int:
    """Re-enqueue notifications whose message the broker may have lost (outbox sweeper)."""
    limite = timezone.now() - timedelta(minutes=5)
    ids = list(
        NotificacaoEmail.objects.filter(estado=NotificacaoEmail.Estado.PENDENTE, criada_em__lt=limite).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in ids:
        publicar(enviar_notificacao, pk)
    return len(ids)
