"""Intimação eletrônica: expedir, ciência (expressa, tácita), responder, cancelar.

The intimated user reads the documents through a parcial grant (``AcessoExterno``) made in the
same transaction: the external read path (``externo.selectors``, the policy's external side and
the ``e:`` principal) is the only one. Each step is an ``Andamento`` of the process
(``historico.registrar``, which also re-derives the principals). The ciência is expressa when the
user opens the intimação in the portal ("Tomo ciência", or reading an intimated document), or
tácita ``SEI_INTIMACAO_PRAZO_TACITO_DIAS`` days after the expedition: the beat records it
(``registrar_tacitas``) and every reader already compares the date (``Intimacao.ciencia_efetiva``).
The answer term is counted from the ciência's local date, in calendar days.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from documentos.models import Documento
from processos.models import Andamento, NotificacaoEmail, Processo
from processos.services.historico import exigir_aberto_aqui, registrar, travar
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.models import NivelAcesso, Usuario
from sei.senhas import SenhaConfirmada
from sei.tarefas import publicar_apos_commit

from .acessos import VALIDADE_MAXIMA_DIAS, _destinatario, _documentos_escolhidos, _exigir_senha
from .models import AcessoExterno, Intimacao, IntimacaoDocumento

TipoResposta = Intimacao.TipoResposta
PRAZO_MAXIMO_DIAS = 365


def _prazo(tipo_resposta: str, prazo_dias) -> int | None:
    if tipo_resposta not in TipoResposta.values:
        raise EntradaInvalida(
            "Tipo de resposta inválido.",
            errors={"tipo_resposta": ["Use sem_resposta, facultativa ou exigida."]},
        )
    if tipo_resposta == TipoResposta.SEM_RESPOSTA:
        return None
    if prazo_dias in (None, ""):
        return None
    try:
        dias = int(prazo_dias)
    except (TypeError, ValueError):
        dias = 0
    if not 1 <= dias <= PRAZO_MAXIMO_DIAS:
        raise EntradaInvalida(
            f"O prazo para responder é de 1 a {PRAZO_MAXIMO_DIAS} dias.",
            errors={"prazo_dias": [f"De 1 a {PRAZO_MAXIMO_DIAS} dias."]},
        )
    return dias


def _ator_do_intimado(intimacao: Intimacao) -> Ator:
    """The external user's steps are recorded in the unit that expedited the intimação."""
    return Ator(usuario=intimacao.usuario, unidade=intimacao.unidade)


@transaction.atomic(durable=True)
def intimacao_expedir(
    *,
    ator: Ator,
    processo: Processo,
    senha: SenhaConfirmada | None,
    cpf: str,
    documentos,
    tipo_resposta: str = TipoResposta.SEM_RESPOSTA,
    prazo_dias=None,
) -> Intimacao:
    """Expedir intimação eletrônica: the unit where the process is open intimates an approved
    external user (by CPF) about chosen documents (signed or external; never a minuta, cancelled
    or sigiloso one), confirmed with the password of who intimates. Gives the user a parcial
    grant to those documents; the user gets an e-mail."""
    _exigir_senha(ator, senha)
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    if acesso.nivel_regente(processo) == NivelAcesso.SIGILOSO:
        raise RegraDeNegocio(
            "Processo sigiloso não pode ter intimação eletrônica.", code="intimacao_sigiloso"
        )
    if processo.processo_principal_id:
        raise RegraDeNegocio(
            "Processo anexado: expeça a intimação no processo principal.", code="intimacao_anexado"
        )
    if not (cpf or "").strip():
        raise EntradaInvalida("Informe o CPF do intimado.", errors={"cpf": ["Campo obrigatório."]})
    prazo = _prazo(tipo_resposta, prazo_dias)
    destinatario = _destinatario(cpf=cpf)
    escolhidos = _documentos_escolhidos(processo, documentos)
    agora = timezone.now()
    lista = ", ".join(d.numero_sei_formatado for d in escolhidos)
    concessao = AcessoExterno.objects.create(
        processo=processo,
        usuario=destinatario.usuario,
        email=destinatario.email,
        tipo=AcessoExterno.Tipo.PARCIAL,
        motivo=f"Intimação eletrônica (documentos {lista})",
        valido_ate=timezone.localdate(agora) + timedelta(days=VALIDADE_MAXIMA_DIAS),
        unidade=ator.unidade,
        concedido_por=ator.usuario,
        criado_em=agora,
    )
    concessao.documentos.set(escolhidos)
    intimacao = Intimacao.objects.create(
        processo=processo,
        usuario=destinatario.usuario,
        acesso=concessao,
        tipo_resposta=tipo_resposta,
        prazo_dias=prazo,
        unidade=ator.unidade,
        expedida_por=ator.usuario,
        expedida_em=agora,
    )
    IntimacaoDocumento.objects.bulk_create(
        IntimacaoDocumento(intimacao=intimacao, documento=d) for d in escolhidos
    )
    descricao = f"Intimação eletrônica expedida a {destinatario.usuario.get_full_name()} (documentos {lista})"
    if prazo:
        descricao += f", {intimacao.get_tipo_resposta_display().lower()} em {prazo} dias corridos da ciência"
    registrar(
        processo,
        ator,
        Andamento.Tipo.INTIMACAO_EXPEDIDA,
        descricao,
        {
            "intimacao": intimacao.pk,
            "acesso_externo": concessao.pk,
            "documentos": [d.numero_sei for d in escolhidos],
        },
        em=agora,
    )
    _avisar(intimacao, processo)
    return intimacao


def _avisar(intimacao: Intimacao, processo: Processo) -> None:
    link = (settings.SEI_URL_PUBLICA or "") + reverse("externo:intimacao", args=[intimacao.pk])
    contexto = {
        "intimacao": intimacao,
        "processo": processo,
        "link": link,
        "tacita_em": intimacao.tacita_em,
        "nome_orgao": settings.SEI_NOME_ORGAO,
    }
    notificacao = NotificacaoEmail.objects.create(
        processo=processo,
        unidade=intimacao.unidade,
        destinatario=intimacao.usuario.email,
        assunto=f"Intimação eletrônica no processo {processo.nup_formatado}",
        corpo=render_to_string("externo/email/intimacao_expedida.txt", contexto),
        criada_em=timezone.now(),
    )
    publicar_apos_commit("processos.tasks.enviar_notificacao", notificacao.pk)


def _travar_intimacao(intimacao_id: int, **filtros) -> tuple[Processo, Intimacao]:
    """Lock the process, then the intimação (the order every service here follows)."""
    processo_id = (
        Intimacao.objects.filter(pk=intimacao_id, **filtros).values_list("processo_id", flat=True).first()
    )
    if processo_id is None:
        raise NaoEncontrado("Intimação não encontrada.")
    processo = travar(Processo.objects.get(pk=processo_id))
    intimacao = (
        Intimacao.objects.select_for_update(of=("self",))
        .select_related("usuario", "unidade", "acesso")
        .get(pk=intimacao_id)
    )
    return processo, intimacao


def _registrar_ciencia(processo: Processo, intimacao: Intimacao, quando, tipo: str) -> None:
    intimacao.ciencia_em, intimacao.ciencia_tipo = quando, tipo
    intimacao.save(update_fields=["ciencia_em", "ciencia_tipo"])
    nome = intimacao.usuario.get_full_name()
    if tipo == Intimacao.Ciencia.TACITA:
        andamento, texto = (
            Andamento.Tipo.INTIMACAO_CIENCIA_TACITA,
            f"Ciência tácita de {nome} da intimação eletrônica",
        )
    else:
        andamento, texto = Andamento.Tipo.INTIMACAO_CIENCIA, f"{nome} tomou ciência da intimação eletrônica"
    prazo = intimacao.prazo_ate()
    if prazo:
        texto += f"; prazo para responder até {prazo:%d/%m/%Y}"
    atributos = {"intimacao": intimacao.pk, "prazo_ate": prazo.isoformat() if prazo else None}
    registrar(processo, _ator_do_intimado(intimacao), andamento, texto, atributos, em=quando)


@transaction.atomic(durable=True)
def intimacao_tomar_ciencia(*, usuario: Usuario, intimacao_id: int, agora=None) -> Intimacao:
    """Tomo ciência (the portal): only the intimated user, only a non-cancelled intimação; past
    the tacit date, the ciência recorded is the tacit one (it happened first). Idempotent."""
    agora = agora or timezone.now()
    processo, intimacao = _travar_intimacao(intimacao_id, usuario=usuario, cancelada_em__isnull=True)
    if intimacao.ciencia_em is None:
        quando, tipo = intimacao.ciencia_efetiva(agora)
        _registrar_ciencia(processo, intimacao, quando or agora, tipo or Intimacao.Ciencia.EXPRESSA)
    return intimacao


def ciencia_pela_leitura(*, usuario: Usuario, documento: Documento, agora=None) -> int:
    """Reading an intimated document is ciência (as in SEI): of every intimação of this user on it
    still without one. Called by the portal's read selectors."""
    pendentes = list(
        Intimacao.objects.filter(
            usuario=usuario, cancelada_em__isnull=True, ciencia_em__isnull=True, itens__documento=documento
        ).values_list("pk", flat=True)
    )
    for pk in pendentes:
        intimacao_tomar_ciencia(usuario=usuario, intimacao_id=pk, agora=agora)
    return len(pendentes)


def registrar_tacitas(*, agora=None) -> int:
    """The beat's sweep (idempotent): the intimações past the tacit date with no ciência get the
    tacit one, dated at that date; one transaction each."""
    agora = agora or timezone.now()
    limite = agora - timedelta(days=Intimacao.prazo_tacito_dias())
    ids = list(
        Intimacao.objects.filter(
            cancelada_em__isnull=True, ciencia_em__isnull=True, expedida_em__lte=limite
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        _registrar_tacita(pk, agora)
    return len(ids)


@transaction.atomic(durable=True)
def _registrar_tacita(intimacao_id: int, agora) -> None:
    processo, intimacao = _travar_intimacao(intimacao_id)
    if intimacao.ciencia_em is None and intimacao.cancelada_em is None:
        quando, tipo = intimacao.ciencia_efetiva(agora)
        if tipo == Intimacao.Ciencia.TACITA:
            _registrar_ciencia(processo, intimacao, quando, tipo)


@transaction.atomic
def intimacao_responder(intimacao: Intimacao, *, peticao_ou_documentos, agora=None) -> Intimacao:
    """Mark the intimação answered (the intercorrente petition calls this inside its own
    transaction): answering is ciência too, if none was recorded. ``peticao_ou_documentos``: the
    petition's recibo or the documents answering, stored by número SEI."""
    agora = agora or timezone.now()
    processo, intimacao = _travar_intimacao(intimacao.pk, cancelada_em__isnull=True)
    if intimacao.respondida_em:
        raise RegraDeNegocio("Esta intimação já foi respondida.", code="intimacao_respondida")
    if intimacao.tipo_resposta == TipoResposta.SEM_RESPOSTA:
        raise RegraDeNegocio("Esta intimação não pede resposta.", code="intimacao_sem_resposta")
    if intimacao.ciencia_em is None:
        quando, tipo = intimacao.ciencia_efetiva(agora)
        _registrar_ciencia(processo, intimacao, quando or agora, tipo or Intimacao.Ciencia.EXPRESSA)
    itens = (
        peticao_ou_documentos if isinstance(peticao_ou_documentos, list | tuple) else [peticao_ou_documentos]
    )
    numeros = [getattr(i, "numero_sei", i) for i in itens if i is not None]
    intimacao.respondida_em = agora
    intimacao.resposta = {"documentos": numeros}
    intimacao.save(update_fields=["respondida_em", "resposta"])
    registrar(
        processo,
        _ator_do_intimado(intimacao),
        Andamento.Tipo.INTIMACAO_RESPONDIDA,
        f"Intimação eletrônica respondida por {intimacao.usuario.get_full_name()}",
        {"intimacao": intimacao.pk, "documentos": numeros},
        em=agora,
    )
    return intimacao


@transaction.atomic(durable=True)
def intimacao_cancelar(
    *, ator: Ator, processo: Processo, intimacao_id: int, motivo: str, agora=None
) -> Intimacao:
    """Cancelar intimação: by a unit where the process is open, with a motivo, only before the
    ciência (expressa or tácita); the grant it gave is cancelled too, so it leaves the portal."""
    agora = agora or timezone.now()
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida("Informe o motivo do cancelamento.", errors={"motivo": ["Campo obrigatório."]})
    processo_bloqueado, intimacao = _travar_intimacao(intimacao_id, processo=processo)
    exigir_aberto_aqui(ator, processo_bloqueado)
    if intimacao.cancelada_em:
        raise RegraDeNegocio("Esta intimação já foi cancelada.", code="intimacao_cancelada")
    if intimacao.ciencia_efetiva(agora)[0] is not None:
        raise RegraDeNegocio(
            "A intimação já teve ciência e não pode ser cancelada.", code="intimacao_com_ciencia"
        )
    intimacao.cancelada_em, intimacao.cancelada_por = agora, ator.usuario
    intimacao.motivo_cancelamento = motivo[:2000]
    intimacao.save(update_fields=["cancelada_em", "cancelada_por", "motivo_cancelamento"])
    concessao = intimacao.acesso
    if concessao.cancelado_em is None:
        concessao.cancelado_em, concessao.cancelado_por = agora, ator.usuario
        concessao.motivo_cancelamento = f"Intimação cancelada: {intimacao.motivo_cancelamento}"[:2000]
        concessao.save(update_fields=["cancelado_em", "cancelado_por", "motivo_cancelamento"])
    registrar(
        processo_bloqueado,
        ator,
        Andamento.Tipo.INTIMACAO_CANCELADA,
        f"Cancelada a intimação eletrônica de {intimacao.usuario.get_full_name()}: {intimacao.motivo_cancelamento}",
        {"intimacao": intimacao.pk},
        em=agora,
    )
    return intimacao
