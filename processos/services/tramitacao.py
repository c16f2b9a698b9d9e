"""Enviar, Receber, Concluir, Reabrir, Atribuir."""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, RegraDeNegocio
from sei.models import Lotacao, Unidade, Usuario
from sei.tarefas import publicar_apos_commit

from ..models import Andamento, Atividade, NivelAcesso, NotificacaoEmail, Processo, RetornoProgramado
from .historico import atividade_aberta, exigir_aberto_aqui, registrar, travar


def _exigir_estado_normal(processo: Processo, operacao: str) -> None:
    if processo.estado == Processo.Estado.SOBRESTADO:
        raise RegraDeNegocio(f"Processo sobrestado não pode ser {operacao}.", code="processo_sobrestado")
    if processo.estado == Processo.Estado.ANEXADO:
        raise RegraDeNegocio(f"Processo anexado não pode ser {operacao}.", code="processo_anexado")


def _retornos_devidos(processo: Processo, unidade: Unidade):
    return RetornoProgramado.objects.filter(processo=processo, unidade_destino=unidade, devolvido_em__isnull=True)


def _notificar(processo: Processo, unidades: list[Unidade], ator: Ator, agora) -> None:
    """Queue the e-mail each destination unit with an address gets (texts in
    ``templates/processos/email/processo_recebido_*.txt``); sent after commit."""

    def texto(parte: str, unidade: Unidade) -> str:
        contexto = {"processo": processo, "remetente": ator.unidade, "unidade": unidade, "enviado_em": agora}
        return render_to_string(f"processos/email/processo_recebido_{parte}.txt", contexto).strip()

    notificacoes = NotificacaoEmail.objects.bulk_create(
        [
            NotificacaoEmail(
                processo=processo,
                unidade=unidade,
                destinatario=unidade.email,
                assunto=texto("assunto", unidade),
                corpo=texto("corpo", unidade),
                criada_em=agora,
            )
            for unidade in unidades
            if unidade.email
        ]
    )
    for notificacao in notificacoes:
        publicar_apos_commit("processos.tasks.enviar_notificacao", notificacao.pk)


def _validar_envio(
    ator: Ator, processo: Processo, destinos: list[Unidade], manter_aberto: bool, retorno_programado, hoje
) -> tuple[list[Unidade], list[RetornoProgramado]]:
    """The destinations (without repeats) and the retornos this unit owes, or the refusal: a
    sigiloso, sobrestado or anexado process; no destination, this unit, a unit that cannot
    receive; a retorno in the past, or one still owed to a unit left out when not kept open."""
    if processo.nivel_acesso_global == NivelAcesso.SIGILOSO:
        raise RegraDeNegocio(
            "Processo sigiloso não pode ser enviado; conceda credencial de acesso.", code="processo_sigiloso"
        )
    _exigir_estado_normal(processo, "enviado")
    unicos = list({u.pk: u for u in destinos}.values())
    if not unicos:
        raise EntradaInvalida("Informe ao menos uma unidade de destino.", errors={"unidades": ["Obrigatório."]})
    erros = []
    for unidade in unicos:
        if unidade.pk == ator.unidade.pk:
            erros.append(f"{unidade.sigla}: o processo já está nesta unidade.")
        elif not (unidade.ativa and unidade.recebe_processos and unidade.orgao.ativo):
            erros.append(f"{unidade.sigla}: unidade não pode receber processos.")
    if erros:
        raise EntradaInvalida("Unidades de destino inválidas.", errors={"unidades": erros})
    if retorno_programado is not None and retorno_programado < hoje:
        raise EntradaInvalida(
            "A data do retorno programado não pode estar no passado.",
            errors={"retorno_programado": ["Data no passado."]},
        )
    devidos = list(_retornos_devidos(processo, ator.unidade).select_related("unidade_origem"))
    if not manter_aberto:
        ids_destino = {u.pk for u in unicos}
        pendentes = [r for r in devidos if r.unidade_origem_id not in ids_destino]
        if pendentes:
            siglas = ", ".join(r.unidade_origem.sigla for r in pendentes)
            raise RegraDeNegocio(
                f"Há retorno programado pendente para {siglas}: devolva o processo a essa unidade "
                "ou envie mantendo-o aberto.",
                code="retorno_programado_pendente",
            )
    return unicos, devidos


def _abrir_nos_destinos(ator: Ator, processo: Processo, unicos: list[Unidade], agora) -> None:
    """Open (unread) in each destination: the unit's row is reused when the process passed there."""
    existentes = {a.unidade_id: a for a in Atividade.objects.filter(processo=processo, unidade__in=unicos)}
    campos = dict(
        aberta=True,
        origem=Atividade.Origem.RECEBIDO,
        remetente=ator.unidade,
        aberta_em=agora,
        recebida_em=None,
        recebida_por=None,
        atribuida_a=None,
        concluida_em=None,
    )
    novas = []
    for unidade in unicos:
        if unidade.pk in existentes:
            Atividade.objects.filter(pk=existentes[unidade.pk].pk).update(**campos)
        else:
            novas.append(Atividade(processo=processo, unidade=unidade, **campos))
    Atividade.objects.bulk_create(novas)


def _programar_retornos(ator: Ator, processo: Processo, unicos: list[Unidade], data: date, agora) -> None:
    """Each destination owes the process back by ``data``; an owed return may be put off, never
    brought forward."""
    for unidade in unicos:
        rp = RetornoProgramado.objects.filter(
            processo=processo, unidade_origem=ator.unidade, unidade_destino=unidade, devolvido_em__isnull=True
        ).first()
        if rp is None:
            RetornoProgramado.objects.create(
                processo=processo, unidade_origem=ator.unidade, unidade_destino=unidade, data=data, criado_em=agora
            )
        elif data < rp.data:
            raise RegraDeNegocio(
                f"O retorno programado de {unidade.sigla} só pode ser prorrogado, não antecipado.",
                code="retorno_programado_antecipado",
            )
        else:
            rp.data = data
            rp.save(update_fields=["data"])


@transaction.atomic(durable=True)
def processo_enviar(
    *,
    ator: Ator,
    processo: Processo,
    destinos: list[Unidade],
    manter_aberto: bool = False,
    retorno_programado: date | None = None,
) -> Processo:
    """Enviar Processo: opens it (unread) in each destination; closes it here unless kept open.

    Refused for sigiloso, sobrestado and anexado processes, for units that cannot receive, and
    when this unit owes a retorno programado to a unit it neither keeps it open for nor sends to.
    """
    processo = travar(processo)
    atividade = exigir_aberto_aqui(ator, processo)
    agora = timezone.now()
    unicos, devidos = _validar_envio(
        ator, processo, destinos, manter_aberto, retorno_programado, timezone.localdate(agora)
    )
    # Sending back to the unit that asked for the return fulfils it.
    ids_destino = {u.pk for u in unicos}
    cumpridos = [r.pk for r in devidos if r.unidade_origem_id in ids_destino]
    RetornoProgramado.objects.filter(pk__in=cumpridos).update(devolvido_em=agora)
    _abrir_nos_destinos(ator, processo, unicos, agora)
    if retorno_programado is not None:
        _programar_retornos(ator, processo, unicos, retorno_programado, agora)
    if not manter_aberto:
        atividade.aberta = False
        atividade.concluida_em = agora
        atividade.atribuida_a = None
        atividade.save(update_fields=["aberta", "concluida_em", "atribuida_a"])

    atributos = {"unidades": [u.sigla for u in unicos], "manter_aberto": manter_aberto}
    if retorno_programado:
        atributos["retorno_programado"] = retorno_programado.isoformat()
    registrar(
        processo,
        ator,
        Andamento.Tipo.REMESSA,
        f"Processo remetido pela unidade {ator.unidade.sigla} para {', '.join(u.sigla for u in unicos)}",
        atributos,
        em=agora,
    )
    _notificar(processo, unicos, ator, agora)
    return processo


def processo_receber(*, ator: Ator, processo: Processo) -> bool:
    """Receber: the first access by a user of the destination unit. False if nothing to receive."""
    atividade = atividade_aberta(processo, ator.unidade)
    if atividade is None or not atividade.nao_lida:
        acesso.exigir_visivel(ator, processo)
        return False
    return _receber(ator=ator, processo=processo)


@transaction.atomic(durable=True)
def _receber(*, ator: Ator, processo: Processo) -> bool:
    processo = travar(processo)
    acesso.exigir_visivel(ator, processo)
    acesso.exigir_lotacao(ator.usuario, ator.unidade)
    atividade = atividade_aberta(processo, ator.unidade)
    if atividade is None or not atividade.nao_lida:
        return False  # someone of the unit received it in the meantime
    agora = timezone.now()
    atividade.recebida_em = agora
    atividade.recebida_por = ator.usuario
    atividade.save(update_fields=["recebida_em", "recebida_por"])
    registrar(
        processo,
        ator,
        Andamento.Tipo.RECEBIMENTO,
        f"Processo recebido na unidade {ator.unidade.sigla}",
        {"remetente": atividade.remetente.sigla if atividade.remetente_id else None},
        em=agora,
    )
    return True


# What the apps above hold against concluding a process in a unit (externo: a liberação para
# assinatura externa still pending), registered in their AppConfig.ready so this rule asks them
# without importing them: each returns the pt-BR reason, or None.
ImpedimentoDeConclusao = Callable[[Processo, Unidade], str | None]
_impedimentos_de_conclusao: list[ImpedimentoDeConclusao] = []


def registrar_impedimento_de_conclusao(impedimento: ImpedimentoDeConclusao) -> None:
    if impedimento not in _impedimentos_de_conclusao:
        _impedimentos_de_conclusao.append(impedimento)


@transaction.atomic(durable=True)
def processo_concluir(*, ator: Ator, processo: Processo) -> Processo:
    """Concluir Processo nesta unidade: other units keep it open.

    Refused where it is not open, while sobrestado or anexado, while this unit owes a
    retorno programado, and while an app above holds it (``registrar_impedimento_de_conclusao``).
    """
    processo = travar(processo)
    atividade = exigir_aberto_aqui(ator, processo)
    _exigir_estado_normal(processo, "concluído")
    devido = _retornos_devidos(processo, ator.unidade).select_related("unidade_origem").first()
    if devido is not None:
        raise RegraDeNegocio(
            f"Há retorno programado para {devido.unidade_origem.sigla} até "
            f"{devido.data:%d/%m/%Y}: devolva o processo antes de concluí-lo.",
            code="retorno_programado_pendente",
        )
    for impedimento in _impedimentos_de_conclusao:
        motivo = impedimento(processo, ator.unidade)
        if motivo:
            raise RegraDeNegocio(motivo, code="conclusao_impedida")
    agora = timezone.now()
    atividade.aberta = False
    atividade.concluida_em = agora
    atividade.atribuida_a = None
    atividade.save(update_fields=["aberta", "concluida_em", "atribuida_a"])
    registrar(
        processo,
        ator,
        Andamento.Tipo.CONCLUSAO,
        f"Processo concluído na unidade {ator.unidade.sigla}",
        {},
        em=agora,
    )
    return processo


@transaction.atomic(durable=True)
def processo_reabrir(*, ator: Ator, processo: Processo) -> Processo:
    """Reabrir Processo: in any unit where it was ever open; attributed to whoever reopens it."""
    processo = travar(processo)
    acesso.exigir_visivel(ator, processo)
    acesso.exigir_lotacao(ator.usuario, ator.unidade)
    if not acesso.pode_reabrir(ator, processo):
        raise RegraDeNegocio(
            f"O processo nunca tramitou pela unidade {ator.unidade.sigla}.", code="processo_nao_tramitou"
        )
    atividade = Atividade.objects.get(processo=processo, unidade=ator.unidade)
    if atividade.aberta:
        raise RegraDeNegocio("O processo já está aberto nesta unidade.", code="processo_ja_aberto")
    if processo.estado == Processo.Estado.ANEXADO:
        raise RegraDeNegocio("Processo anexado não pode ser reaberto.", code="processo_anexado")
    agora = timezone.now()
    atividade.aberta = True
    atividade.origem = Atividade.Origem.GERADO
    atividade.aberta_em = agora
    atividade.recebida_em = agora
    atividade.recebida_por = ator.usuario
    atividade.concluida_em = None
    atividade.atribuida_a = None if processo.sigiloso else ator.usuario
    atividade.save()
    registrar(
        processo,
        ator,
        Andamento.Tipo.REABERTURA,
        f"Processo reaberto na unidade {ator.unidade.sigla}",
        {},
        em=agora,
    )
    return processo


@transaction.atomic(durable=True)
def processo_atribuir(*, ator: Ator, processo: Processo, usuario: Usuario | None) -> Processo:
    """Atribuir Processo to a user of the unit (None removes the attribution). Not for sigilosos."""
    processo = travar(processo)
    atividade = exigir_aberto_aqui(ator, processo)
    if processo.sigiloso:
        raise RegraDeNegocio("Processo sigiloso não pode ser atribuído.", code="processo_sigiloso")
    if usuario is not None and not Lotacao.objects.filter(
        usuario=usuario, unidade=ator.unidade, ativa=True, usuario__is_active=True
    ).exists():
        raise EntradaInvalida(
            f"{usuario.username} não pertence à unidade {ator.unidade.sigla}.",
            errors={"usuario": ["Usuário não pertence à unidade."]},
        )
    if atividade.atribuida_a_id == (usuario.pk if usuario else None):
        return processo
    atividade.atribuida_a = usuario
    atividade.save(update_fields=["atribuida_a"])
    descricao = (
        f"Processo atribuído a {usuario.username}" if usuario else "Atribuição do processo removida"
    )
    registrar(processo, ator, Andamento.Tipo.ATRIBUICAO, descricao, {"usuario": usuario.username if usuario else None})
    return processo
