"""The e-mail a unit gets when a process arrives: its text comes from
templates/processos/email/processo_recebido_*.txt, as plain text (nothing HTML-escaped)."""

from django.core import mail
from django.utils import timezone

from processos import services
from processos.models import NotificacaoEmail
from tests.factories import tipo_processo


def test_email_de_processo_recebido(atores, unidades, criar_processo, django_capture_on_commit_callbacks):
    processo = criar_processo(atores["A"], tipo=tipo_processo(nome="Licitação & Contratos <TI>"))
    unidades["C"].email = ""
    unidades["C"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.processo_enviar(ator=atores["A"], processo=processo, destinos=[unidades["B"], unidades["C"]])

    notificacao = NotificacaoEmail.objects.get()  # C has no address: no e-mail
    assert notificacao.unidade == unidades["B"] and notificacao.destinatario == unidades["B"].email
    assert notificacao.assunto == f"Processo {processo.nup_formatado} recebido na unidade B"
    quando = timezone.localtime(notificacao.criada_em)
    assert notificacao.corpo == (
        f"O processo {processo.nup_formatado} (Licitação & Contratos <TI>) foi remetido pela unidade A "
        f"para a unidade B em {quando:%d/%m/%Y %H:%M}."
    )
    [email] = mail.outbox
    assert (email.subject, email.body, email.to) == (notificacao.assunto, notificacao.corpo, [unidades["B"].email])
