"""Celery tasks of the portal: thin and idempotent."""

from celery import shared_task

from sei.tarefas import publicar

from . import acessos, assinaturas_externas, emails, intimacoes, ouvidoria, services


@shared_task
def expirar_acessos_externos() -> int:
    """The beat's daily sweep: grants past their date are marked expired and their processes'
    principals re-derived (the portal already refuses them at read time). A rerun is a no-op."""
    return acessos.expirar_vencidos()


@shared_task
def apagar_cadastros_nao_confirmados() -> int:
    """The beat's sweep of registrations whose confirmation link expired unused."""
    return services.cadastros_nao_confirmados_apagar()


@shared_task
def registrar_ciencias_tacitas() -> int:
    """The beat's sweep: intimações past the tacit date with no ciência get the tacit one (the
    portal and the unit already show it as tacit). A rerun is a no-op."""
    return intimacoes.registrar_tacitas()


@shared_task
def enviar_recibo(peticao_id: int, url_base: str = "") -> str:
    """The receipt of a petition by e-mail, once (``emails.recibo``)."""
    return "enviado" if emails.recibo(peticao_id=peticao_id, url_base=url_base) else "ignorado"


@shared_task
def reenviar_recibos_pendentes() -> int:
    """The beat's sweep: receipts whose e-mail the broker lost or the mail server refused."""
    pendentes = emails.recibos_pendentes()
    for peticao_id in pendentes:
        publicar(enviar_recibo, peticao_id)
    return len(pendentes)


@shared_task
def apagar_manifestacoes_nao_confirmadas() -> int:
    """The beat's sweep of ouvidoria manifestations whose link expired unconfirmed (and their
    files). A rerun is a no-op."""
    return ouvidoria.nao_confirmadas_apagar()


@shared_task
def enviar_confirmacao_da_manifestacao(manifestacao_id: int, url_base: str = "") -> str:
    """The ouvidoria's confirmation link by e-mail, once (``ouvidoria.confirmacao_enviar``)."""
    enviado = ouvidoria.confirmacao_enviar(manifestacao_id=manifestacao_id, url_base=url_base)
    return "enviado" if enviado else "ignorado"


@shared_task
def enviar_recibo_da_manifestacao(manifestacao_id: int, url_base: str = "") -> str:
    """The ouvidoria's recibo by e-mail, once (``ouvidoria.recibo_enviar``)."""
    enviado = ouvidoria.recibo_enviar(manifestacao_id=manifestacao_id, url_base=url_base)
    return "enviado" if enviado else "ignorado"


@shared_task
def reenviar_emails_da_ouvidoria_pendentes() -> int:
    """The beat's sweep: ouvidoria e-mails (confirmation link, recibo) the broker lost or the mail
    server refused."""
    confirmacoes = ouvidoria.confirmacoes_pendentes()
    for manifestacao_id in confirmacoes:
        publicar(enviar_confirmacao_da_manifestacao, manifestacao_id)
    recibos = ouvidoria.recibos_pendentes()
    for manifestacao_id in recibos:
        publicar(enviar_recibo_da_manifestacao, manifestacao_id)
    return len(confirmacoes) + len(recibos)


@shared_task
def expirar_liberacoes_assinatura_externa() -> int:
    """The beat's sweep: liberações para assinatura externa past their date are marked expired
    (with the integral grant made with them); the portal and the conclusion already refuse them
    by date. A rerun is a no-op."""
    return assinaturas_externas.expirar_vencidas()
