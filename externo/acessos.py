"""Acesso externo (grants): Disponibilizar acesso externo, Cancelar, and the expiry.

Each grant and each cancellation is an ``Andamento`` of the process, written in the same durable
transaction that stores the grant; ``historico.registrar`` then re-derives the process's
principals (``processos.services.alcance``, whose external source is ``principais_externos``
here), so the recipient reads or stops reading in that same commit. The recipient's e-mail goes
through the notification outbox after the commit. Expiry needs no action to take effect (the
portal compares the validity with today on every read); the beat's ``expirar_vencidos`` marks
the grants past their date and re-derives the principals, so that the stored data says so too.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from documentos.models import Documento, TipoDocumento
from processos.models import Andamento, NotificacaoEmail, Processo
from processos.services import alcance
from processos.services.historico import exigir_aberto_aqui, registrar, travar
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.models import Alcance, NivelAcesso, Usuario
from sei.senhas import SenhaConfirmada
from sei.tarefas import publicar_apos_commit
from sei.validators import somente_digitos

from .models import AcessoExterno, CadastroExterno

Tipo = AcessoExterno.Tipo
VALIDADE_MAXIMA_DIAS = 365


def vigentes():
    """Grants the state still holds (not cancelled, not marked expired); the date is the
    reader's to compare (``selectors.ator_externo``)."""
    return AcessoExterno.objects.filter(cancelado_em__isnull=True, expirado_em__isnull=True)


def principais_externos(processo_id: int) -> dict[str, int]:
    """The source of the external principals (``alcance.registrar_fonte``): ``e:<usuário>`` of
    every grant in force on the process bound to a user, LE for integral, CONHECE for parcial."""
    principais: dict[str, int] = {}
    for usuario_id, tipo in (
        vigentes().filter(processo_id=processo_id, usuario__isnull=False).values_list("usuario_id", "tipo")
    ):
        grau = Alcance.Grau.LE if tipo == Tipo.INTEGRAL else Alcance.Grau.CONHECE
        chave = acesso.principal_externo(usuario_id)
        principais[chave] = max(grau, principais.get(chave, 0))
    return principais


@dataclass(frozen=True)
class Destinatario:
    usuario: Usuario | None
    email: str


def _destinatario(*, cpf: str = "", email: str = "") -> Destinatario:
    """A registered, approved external user (by CPF or e-mail), or an e-mail no approved user has
    yet (the grant waits for that user: ``vincular_por_email``)."""
    cpf, email = somente_digitos(cpf or ""), (email or "").strip()
    if not cpf and not email:
        raise EntradaInvalida(
            "Informe o CPF ou o e-mail do destinatário.",
            errors={"destinatario": ["Informe o CPF ou o e-mail."]},
        )
    liberados = Usuario.objects.filter(
        tipo=Usuario.Tipo.EXTERNO,
        is_active=True,
        cadastro_externo__situacao=CadastroExterno.Situacao.LIBERADO,
    )
    if cpf:
        usuario = liberados.filter(cpf=cpf).first()
        if usuario is None:
            raise EntradaInvalida(
                "Não há usuário externo liberado com este CPF.",
                errors={"cpf": ["Usuário externo não encontrado ou não liberado."]},
            )
        return Destinatario(usuario=usuario, email=usuario.email)
    try:
        validate_email(email)
    except ValidationError:
        raise EntradaInvalida("E-mail inválido.", errors={"email": ["Informe um e-mail válido."]}) from None
    return Destinatario(usuario=liberados.filter(email__iexact=email).first(), email=email.lower())


def _documentos_escolhidos(processo: Processo, numeros) -> list[Documento]:
    """The parcial grant's documents: of this process, and what a non-party may see."""
    try:
        pedidos = {int(n) for n in numeros or []}
    except (TypeError, ValueError):
        raise EntradaInvalida("Números SEI inválidos.", errors={"documentos": ["Use números SEI."]}) from None
    if not pedidos:
        raise EntradaInvalida(
            "Escolha os documentos do acesso parcial.",
            errors={"documentos": ["Escolha ao menos um documento."]},
        )
    qs = Documento.objects.filter(processo=processo, numero_sei__in=pedidos)
    escolhidos = list(qs.filter(acesso.q_documento_para_externos(Documento)).order_by("id"))
    fora = sorted(pedidos - {d.numero_sei for d in escolhidos})
    if fora:
        raise EntradaInvalida(
            "Há documentos que não podem ser disponibilizados.",
            errors={
                "documentos": [
                    f"{n:07d}: não é deste processo, ou é minuta, cancelado ou sigiloso." for n in fora
                ]
            },
        )
    return escolhidos


def _tipos_para_inclusao(tipos) -> list[TipoDocumento]:
    """The document types a grant with inclusion lets the user add: at least one, each active and
    usable in an external document."""
    escolhidos = {t.pk: t for t in tipos or []}
    if not escolhidos:
        raise EntradaInvalida(
            "Escolha os tipos de documento que o usuário externo pode incluir.",
            errors={"tipos_documento": ["Escolha ao menos um tipo."]},
        )
    recusados = sorted(t.nome for t in escolhidos.values() if not (t.ativo and t.permite_externo))
    if recusados:
        raise EntradaInvalida(
            "Há tipos de documento que não podem ser incluídos por usuário externo.",
            errors={"tipos_documento": [f"{n}: inativo ou não usado em documento externo." for n in recusados]},
        )
    return sorted(escolhidos.values(), key=lambda t: t.nome)


def _validade(validade_dias) -> date:
    try:
        dias = int(validade_dias)
    except (TypeError, ValueError):
        dias = 0
    if not 1 <= dias <= VALIDADE_MAXIMA_DIAS:
        raise EntradaInvalida(
            f"A validade é de 1 a {VALIDADE_MAXIMA_DIAS} dias.",
            errors={"validade_dias": [f"De 1 a {VALIDADE_MAXIMA_DIAS} dias."]},
        )
    return timezone.localdate() + timedelta(days=dias)


def _exigir_senha(ator: Ator, senha: SenhaConfirmada | None) -> None:
    if senha is None or senha.usuario_id != ator.usuario.pk:
        raise AcessoNegado("Confirme a operação com a sua senha.", code="senha_nao_confirmada")


@transaction.atomic(durable=True)
def acesso_externo_conceder(
    *,
    ator: Ator,
    processo: Processo,
    senha: SenhaConfirmada | None,
    tipo: str,
    motivo: str,
    validade_dias,
    cpf: str = "",
    email: str = "",
    documentos=None,
    permite_inclusao: bool = False,
    tipos_documento=None,
) -> AcessoExterno:
    """Disponibilizar Acesso Externo: the unit where the process is open lets an external user
    (or an e-mail, until its user is approved) read it — integral or the chosen documents — for
    ``validade_dias`` days, with a motivo, confirmed with the granting user's password. Never a
    sigiloso (nor an annexed process: its rule is its main process's). ``permite_inclusao``:
    the user may also add PDFs of ``tipos_documento`` (``TipoDocumento`` objects) while the
    process stays open in this unit (``externo.inclusoes``)."""
    _exigir_senha(ator, senha)
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    if acesso.nivel_regente(processo) == NivelAcesso.SIGILOSO:
        raise RegraDeNegocio(
            "Processo sigiloso não pode ter acesso externo: o acesso é só por credencial.",
            code="acesso_externo_sigiloso",
        )
    if processo.processo_principal_id:
        raise RegraDeNegocio(
            "Processo anexado: conceda o acesso externo no processo principal.", code="acesso_externo_anexado"
        )
    if tipo not in Tipo.values:
        raise EntradaInvalida("Tipo de acesso inválido.", errors={"tipo": ["Use integral ou parcial."]})
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida("Informe o motivo.", errors={"motivo": ["Campo obrigatório."]})
    valido_ate = _validade(validade_dias)
    destinatario = _destinatario(cpf=cpf, email=email)
    escolhidos = _documentos_escolhidos(processo, documentos) if tipo == Tipo.PARCIAL else []
    tipos_inclusao = _tipos_para_inclusao(tipos_documento) if permite_inclusao else []
    agora = timezone.now()
    concessao = AcessoExterno.objects.create(
        processo=processo,
        usuario=destinatario.usuario,
        email=destinatario.email,
        tipo=tipo,
        motivo=motivo[:2000],
        valido_ate=valido_ate,
        unidade=ator.unidade,
        concedido_por=ator.usuario,
        criado_em=agora,
        permite_inclusao=bool(tipos_inclusao),
    )
    concessao.documentos.set(escolhidos)
    concessao.tipos_documento.set(tipos_inclusao)
    nome = destinatario.usuario.get_full_name() if destinatario.usuario else destinatario.email
    descricao = (
        f"Concedido acesso externo {concessao.get_tipo_display().lower()} a {nome} até {valido_ate:%d/%m/%Y}"
    )
    if escolhidos:
        descricao += " (documentos " + ", ".join(d.numero_sei_formatado for d in escolhidos) + ")"
    if tipos_inclusao:
        descricao += ", com inclusão de documentos (" + ", ".join(t.nome for t in tipos_inclusao) + ")"
    registrar(
        processo,
        ator,
        Andamento.Tipo.ACESSO_EXTERNO_CONCESSAO,
        f"{descricao}: {concessao.motivo}",
        {"acesso_externo": concessao.pk, "tipo": tipo, "valido_ate": valido_ate.isoformat(),
         "tipos_inclusao": [t.pk for t in tipos_inclusao]},  # fmt: skip
        em=agora,
    )
    _avisar(concessao, processo)
    return concessao


def _avisar(concessao: AcessoExterno, processo: Processo) -> None:
    """The recipient's e-mail, through the notification outbox, sent after the commit."""
    base = settings.SEI_URL_PUBLICA or ""
    if concessao.usuario_id:
        link = base + reverse("externo:processo", args=[processo.nup])
    else:
        link = base + reverse("externo:inicio")
    contexto = {
        "acesso": concessao,
        "processo": processo,
        "link": link,
        "cadastrado": bool(concessao.usuario_id),
        "nome_orgao": settings.SEI_NOME_ORGAO,
    }
    notificacao = NotificacaoEmail.objects.create(
        processo=processo,
        unidade=concessao.unidade,
        destinatario=concessao.email,
        assunto=f"Acesso externo ao processo {processo.nup_formatado}",
        corpo=render_to_string("externo/email/acesso_concedido.txt", contexto),
        criada_em=timezone.now(),
    )
    publicar_apos_commit("processos.tasks.enviar_notificacao", notificacao.pk)


@transaction.atomic(durable=True)
def acesso_externo_cancelar(*, ator: Ator, processo: Processo, acesso_id: int, motivo: str) -> AcessoExterno:
    """Cancelar Acesso Externo: with a justification, by a unit where the process is open; the
    recipient stops reading in this commit."""
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida("Informe o motivo do cancelamento.", errors={"motivo": ["Campo obrigatório."]})
    concessao = (
        AcessoExterno.objects.select_for_update(of=("self",))
        .select_related("usuario")
        .filter(pk=acesso_id, processo=processo)
        .first()
    )
    if concessao is None:
        raise NaoEncontrado("Acesso externo não encontrado.")
    if concessao.cancelado_em:
        raise RegraDeNegocio("Este acesso externo já foi cancelado.", code="acesso_externo_cancelado")
    agora = timezone.now()
    concessao.cancelado_em, concessao.cancelado_por = agora, ator.usuario
    concessao.motivo_cancelamento = motivo[:2000]
    concessao.save(update_fields=["cancelado_em", "cancelado_por", "motivo_cancelamento"])
    nome = concessao.usuario.get_full_name() if concessao.usuario_id else concessao.email
    registrar(
        processo,
        ator,
        Andamento.Tipo.ACESSO_EXTERNO_CANCELAMENTO,
        f"Cancelado o acesso externo de {nome}: {concessao.motivo_cancelamento}",
        {"acesso_externo": concessao.pk},
        em=agora,
    )
    return concessao


def expirar_vencidos(*, hoje=None) -> int:
    """Mark the grants past their date (the beat, daily and idempotent) and re-derive the
    principals of their processes, one process per transaction."""
    hoje = hoje or timezone.localdate()
    processos = set(vigentes().filter(valido_ate__lt=hoje).values_list("processo_id", flat=True))
    for processo_id in sorted(processos):
        _expirar_no_processo(processo_id, hoje)
    return len(processos)


@transaction.atomic(durable=True)
def _expirar_no_processo(processo_id: int, hoje) -> None:
    processo = Processo.objects.select_for_update().filter(pk=processo_id).first()
    if processo is None:
        return
    vigentes().filter(processo=processo, valido_ate__lt=hoje).update(expirado_em=timezone.now())
    alcance.atualizar(processo)


def vincular_por_email(usuario: Usuario) -> int:
    """Bind the grants made to the e-mail of a user just approved (inside the caller's
    transaction); their processes' principals are re-derived."""
    if not usuario.email:
        return 0
    pendentes = vigentes().filter(usuario__isnull=True, email__iexact=usuario.email)
    processo_ids = sorted(set(pendentes.values_list("processo_id", flat=True)))
    if not processo_ids:
        return 0
    for processo in Processo.objects.select_for_update().filter(pk__in=processo_ids).order_by("pk"):
        pendentes.filter(processo=processo).update(usuario=usuario)
        alcance.atualizar(processo)
    return len(processo_ids)
