"""Assinatura externa (issue 12, §3): Liberar para assinatura externa, Cancelar, and the
citizen's signature in the portal.

The generating unit, with the process open there, releases one internal document to an approved
external user for some days (confirmed with the releasing user's password), optionally with the
whole process to read (an integral ``AcessoExterno``, the grants' own mechanism, so the portal and
the ``e:<usuário>`` principal read it as any grant). The citizen reads that document, and only it,
in the portal, and signs it with their own password: an assinatura eletrônica under the seal of
the órgão, like an internal one, the tarja with their name, masked CPF and "Usuário Externo".

Each step is an ``Andamento`` written in the same durable transaction; the e-mail goes through
the notification outbox after the commit. A liberação in force and unsigned holds the process
open in its unit (``impedimento_de_conclusao``, registered with ``processos``); a signature by an
external user is never dropped by an edit (``assinaturas.services.descartar`` refuses the edit).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assinaturas import qualificada
from assinaturas import services as assinaturas_services
from assinaturas.models import Assinatura, PreparacaoAssinatura
from documentos import arquivos
from documentos.models import Documento
from documentos.services.internos import travar_documento
from processos.models import Andamento, NotificacaoEmail, Processo
from processos.services import alcance
from processos.services.historico import exigir_aberto_aqui, registrar, travar
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.models import NivelAcesso, Unidade
from sei.senhas import SenhaConfirmada
from sei.tarefas import publicar_apos_commit

from .acessos import _destinatario, _exigir_senha, _validade
from .models import AcessoExterno, LiberacaoAssinaturaExterna
from .services import usuario_externo_liberado

CARGO_EXTERNO = "Usuário Externo"


def abertas() -> QuerySet[LiberacaoAssinaturaExterna]:
    """Liberações neither cancelled, signed nor marked expired (the date is the reader's to compare)."""
    return LiberacaoAssinaturaExterna.objects.filter(
        cancelado_em__isnull=True, assinado_em__isnull=True, expirado_em__isnull=True
    )


def pendentes() -> QuerySet[LiberacaoAssinaturaExterna]:
    """Liberações in force today and unsigned."""
    return abertas().filter(valido_ate__gte=timezone.localdate())


def impedimento_de_conclusao(processo: Processo, unidade: Unidade) -> str | None:
    """SEI: the unit does not conclude a process with an assinatura externa it released still
    pending (``processos.services.tramitacao.registrar_impedimento_de_conclusao``)."""
    liberacao = (
        pendentes()
        .filter(processo=processo, unidade=unidade)
        .select_related("documento", "usuario")
        .order_by("criado_em")
        .first()
    )
    if liberacao is None:
        return None
    return (
        f"O documento {liberacao.documento.numero_sei_formatado} aguarda a assinatura externa de "
        f"{liberacao.usuario.get_full_name()}: cancele a liberação ou aguarde a assinatura antes de "
        "concluir o processo."
    )


@transaction.atomic(durable=True)
def liberacao_liberar(
    *,
    ator: Ator,
    documento: Documento,
    senha: SenhaConfirmada | None,
    validade_dias,
    cpf: str = "",
    email: str = "",
    com_visualizacao_integral: bool = False,
) -> LiberacaoAssinaturaExterna:
    """Liberar para Assinatura Externa: the generating unit, with the process open there, lets
    an approved external user (CPF or e-mail) sign this internal document for ``validade_dias``
    days, confirmed with the releasing user's password; ``com_visualizacao_integral`` also lets
    the user read the whole process meanwhile. Never a sigiloso, a cancelled document, nor twice
    to the same user while the first one is open."""
    _exigir_senha(ator, senha)
    processo = travar(documento.processo)
    exigir_aberto_aqui(ator, processo)
    documento = travar_documento(documento)
    acesso.exigir_documento_visivel(ator, documento)
    if not documento.interno:
        raise RegraDeNegocio(
            "Só documento interno é liberado para assinatura externa.", code="documento_externo"
        )
    if documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        raise RegraDeNegocio("Documento cancelado não pode ser assinado.", code="documento_cancelado")
    if documento.unidade_geradora_id != ator.unidade.pk:
        raise AcessoNegado(
            "Só a unidade geradora libera o documento para assinatura externa.",
            code="assinatura_fora_da_unidade",
        )
    if acesso.nivel_do_conteudo(documento) == NivelAcesso.SIGILOSO:
        raise RegraDeNegocio(
            "Documento sigiloso não pode ser liberado para assinatura externa.",
            code="assinatura_externa_sigiloso",
        )
    if processo.processo_principal_id:
        raise RegraDeNegocio(
            "Processo anexado: os documentos são assinados no processo principal.",
            code="assinatura_externa_anexado",
        )
    valido_ate = _validade(validade_dias)
    destinatario = _destinatario(cpf=cpf, email=email)
    usuario = destinatario.usuario
    if usuario is None:
        raise EntradaInvalida(
            "Não há usuário externo liberado com este e-mail.",
            errors={"email": ["Usuário externo não encontrado ou não liberado."]},
        )
    if documento.assinaturas.filter(usuario=usuario, descartada_em__isnull=True).exists():
        raise RegraDeNegocio("Este usuário externo já assinou o documento.", code="ja_assinado")
    agora = timezone.now()
    # A liberação of this document to this user past its date (the beat has not marked it yet)
    # gives way to the new one.
    _expirar(
        abertas().filter(documento=documento, usuario=usuario, valido_ate__lt=timezone.localdate()), processo, agora
    )
    concessao = None
    if com_visualizacao_integral:
        concessao = AcessoExterno.objects.create(
            processo=processo,
            usuario=usuario,
            email=usuario.email,
            tipo=AcessoExterno.Tipo.INTEGRAL,
            motivo=f"Assinatura externa do documento {documento.numero_sei_formatado}",
            valido_ate=valido_ate,
            unidade=ator.unidade,
            concedido_por=ator.usuario,
            criado_em=agora,
        )
    try:
        with transaction.atomic():
            liberacao = LiberacaoAssinaturaExterna.objects.create(
                documento=documento,
                processo=processo,
                usuario=usuario,
                com_visualizacao_integral=bool(com_visualizacao_integral),
                acesso=concessao,
                valido_ate=valido_ate,
                unidade=ator.unidade,
                liberado_por=ator.usuario,
                criado_em=agora,
            )
    except IntegrityError:
        raise RegraDeNegocio(
            "Já há uma liberação deste documento para este usuário externo aguardando a assinatura.",
            code="liberacao_ja_aberta",
        ) from None
    integral = " com visualização integral do processo" if com_visualizacao_integral else ""
    registrar(
        processo,
        ator,
        Andamento.Tipo.ASSINATURA_EXTERNA_LIBERACAO,
        f"Documento {documento.rotulo} liberado para assinatura externa de {usuario.get_full_name()}"
        f"{integral} até {valido_ate:%d/%m/%Y}",
        {
            "numero_sei": documento.numero_sei,
            "liberacao_assinatura_externa": liberacao.pk,
            "valido_ate": valido_ate.isoformat(),
            "integral": bool(com_visualizacao_integral),
        },
        em=agora,
    )
    _avisar(liberacao, processo, documento)
    return liberacao


def _avisar(liberacao: LiberacaoAssinaturaExterna, processo: Processo, documento: Documento) -> None:
    """The citizen's e-mail with the link to sign, through the notification outbox."""
    base = settings.SEI_URL_PUBLICA or ""
    contexto = {
        "liberacao": liberacao,
        "documento": documento,
        "processo": processo,
        "link": base + reverse("externo:assinatura", args=[documento.numero_sei_formatado]),
        "nome_orgao": settings.SEI_NOME_ORGAO,
    }
    notificacao = NotificacaoEmail.objects.create(
        processo=processo,
        unidade=liberacao.unidade,
        destinatario=liberacao.usuario.email,
        assunto=f"Documento {documento.numero_sei_formatado} aguarda a sua assinatura",
        corpo=render_to_string("externo/email/assinatura_liberada.txt", contexto),
        criada_em=timezone.now(),
    )
    publicar_apos_commit("processos.tasks.enviar_notificacao", notificacao.pk)


@transaction.atomic(durable=True)
def liberacao_cancelar(*, ator: Ator, documento: Documento, liberacao_id: int) -> LiberacaoAssinaturaExterna:
    """Cancelar Liberação de Assinatura Externa: by the unit that released it, the process open
    there; an unsigned liberação only. The integral grant made with it ends too."""
    processo = travar(documento.processo)
    exigir_aberto_aqui(ator, processo)
    liberacao = (
        LiberacaoAssinaturaExterna.objects.select_for_update(of=("self",))
        .select_related("usuario", "acesso")
        .filter(pk=liberacao_id, documento=documento)
        .first()
    )
    if liberacao is None:
        raise NaoEncontrado("Liberação para assinatura externa não encontrada.")
    if liberacao.unidade_id != ator.unidade.pk:
        raise AcessoNegado("Só a unidade que liberou cancela a liberação.", code="liberacao_de_outra_unidade")
    if liberacao.cancelado_em:
        raise RegraDeNegocio("Esta liberação já foi cancelada.", code="liberacao_cancelada")
    if liberacao.assinado_em:
        raise RegraDeNegocio(
            "O documento já foi assinado por este usuário externo.", code="liberacao_assinada"
        )
    agora = timezone.now()
    liberacao.cancelado_em, liberacao.cancelado_por = agora, ator.usuario
    liberacao.save(update_fields=["cancelado_em", "cancelado_por"])
    if liberacao.acesso is not None and liberacao.acesso.cancelado_em is None:
        AcessoExterno.objects.filter(pk=liberacao.acesso_id).update(
            cancelado_em=agora,
            cancelado_por=ator.usuario,
            motivo_cancelamento="Liberação para assinatura externa cancelada",
        )
    registrar(
        processo,
        ator,
        Andamento.Tipo.ASSINATURA_EXTERNA_CANCELAMENTO,
        f"Cancelada a liberação do documento {documento.rotulo} para assinatura externa de "
        f"{liberacao.usuario.get_full_name()}",
        {"numero_sei": documento.numero_sei, "liberacao_assinatura_externa": liberacao.pk},
        em=agora,
    )
    return liberacao


def expirar_vencidas(*, hoje=None) -> int:
    """The beat's sweep (daily, idempotent): liberações past ``valido_ate``, unsigned and not
    cancelled, are marked expired ("Vencida" in the unit's list), with the integral grant made
    with them; one process per transaction. Returns how many processes had some."""
    hoje = hoje or timezone.localdate()
    processos = set(abertas().filter(valido_ate__lt=hoje).values_list("processo_id", flat=True))
    for processo_id in sorted(processos):
        _expirar_no_processo(processo_id, hoje)
    return len(processos)


@transaction.atomic(durable=True)
def _expirar_no_processo(processo_id: int, hoje) -> None:
    processo = Processo.objects.select_for_update().filter(pk=processo_id).first()
    if processo is not None:
        _expirar(abertas().filter(processo=processo, valido_ate__lt=hoje), processo)


def _expirar(vencidas: QuerySet[LiberacaoAssinaturaExterna], processo: Processo, agora=None) -> int:
    """Mark ``vencidas`` (of ``processo``, locked by the caller) expired, each with its
    ``Andamento``; the integral grants made with them, past their date too, end with them and
    the principals are re-derived. ``agora``: the caller's time, so that the history keeps the
    expiry before what the caller records next."""
    agora = agora or timezone.now()
    marcadas = list(
        vencidas.select_for_update(of=("self",)).select_related("documento", "usuario", "unidade", "liberado_por")
    )
    acessos = [liberacao.acesso_id for liberacao in marcadas if liberacao.acesso_id]
    total = LiberacaoAssinaturaExterna.objects.filter(pk__in=[liberacao.pk for liberacao in marcadas]).update(
        expirado_em=agora
    )
    for liberacao in marcadas:
        # Nobody acts when a liberação runs out: the entry is the releasing unit's, under the
        # user who released it (the person the unit's history already names for it).
        registrar(
            processo,
            Ator(usuario=liberacao.liberado_por, unidade=liberacao.unidade),
            Andamento.Tipo.ASSINATURA_EXTERNA_VENCIMENTO,
            f"Liberação para assinatura externa do documento {liberacao.documento.rotulo} a "
            f"{liberacao.usuario.get_full_name()} vencida em {liberacao.valido_ate:%d/%m/%Y}",
            {"numero_sei": liberacao.documento.numero_sei, "liberacao_assinatura_externa": liberacao.pk},
            em=agora,
        )
    if acessos:
        terminados = AcessoExterno.objects.filter(
            pk__in=acessos,
            cancelado_em__isnull=True,
            expirado_em__isnull=True,
            valido_ate__lt=timezone.localdate(),
        ).update(expirado_em=agora)
        if terminados:
            alcance.atualizar(processo)
    return total


def exigir_liberacao(liberacao: LiberacaoAssinaturaExterna | None) -> LiberacaoAssinaturaExterna:
    """The user's newest liberação of a document, refused with SEI's reason when it no longer
    lets them sign (cancelled, expired, already signed); 404 when there is none."""
    if liberacao is None:
        raise NaoEncontrado("Documento não encontrado.")
    if liberacao.cancelado_em:
        raise RegraDeNegocio(
            "A liberação deste documento para a sua assinatura foi cancelada pela unidade.",
            code="liberacao_cancelada",
        )
    if liberacao.assinado_em:
        raise RegraDeNegocio("Você já assinou este documento.", code="ja_assinado")
    if liberacao.expirado_em or liberacao.valido_ate < timezone.localdate():
        raise RegraDeNegocio(
            f"A liberação deste documento para a sua assinatura venceu em {liberacao.valido_ate:%d/%m/%Y}: "
            "peça à unidade uma nova liberação.",
            code="liberacao_vencida",
        )
    if liberacao.documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        raise RegraDeNegocio("Documento cancelado não pode ser assinado.", code="documento_cancelado")
    return liberacao


def liberacao_do_usuario(usuario, documento: Documento, *, travar_linha: bool = False):
    qs = LiberacaoAssinaturaExterna.objects.filter(documento=documento, usuario=usuario)
    if travar_linha:
        qs = qs.select_for_update(of=("self",))
    return qs.select_related("unidade", "unidade__orgao", "documento").order_by("-criado_em", "-id").first()


def assinatura_externa_assinar(
    *, usuario, documento: Documento, senha: SenhaConfirmada | None, url_publica: str
) -> Assinatura:
    """Assinar (usuário externo): the citizen signs the document released to them, with their
    password; an assinatura eletrônica under the seal of the órgão of the releasing unit. The
    signed PDF is stored before the rows that name it commit (and deleted if they do not)."""
    nome_arquivo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with arquivos.apagar_se_falhar(nome_arquivo):
        return _assinar(usuario, documento, senha, url_publica, nome_arquivo)


def _travar_liberacao(usuario, documento: Documento):
    """Lock the process, the document and the user's liberação (in this order, as every service
    does) and check that it still lets them sign: (process, document, liberação, the signer as
    an ``Ator`` under the releasing unit)."""
    if not usuario_externo_liberado(usuario):
        raise NaoEncontrado("Documento não encontrado.")
    processo = travar(documento.processo)
    documento = travar_documento(documento)
    liberacao = exigir_liberacao(liberacao_do_usuario(usuario, documento, travar_linha=True))
    if documento.assinaturas.filter(usuario=usuario, descartada_em__isnull=True).exists():
        raise RegraDeNegocio("Você já assinou este documento.", code="ja_assinado")
    return processo, documento, liberacao, Ator(usuario=usuario, unidade=liberacao.unidade)


def _marcar_assinada(liberacao: LiberacaoAssinaturaExterna, assinatura: Assinatura) -> None:
    liberacao.assinatura, liberacao.assinado_em = assinatura, assinatura.criada_em
    liberacao.save(update_fields=["assinatura", "assinado_em"])


@transaction.atomic(durable=True)
def _assinar(usuario, documento: Documento, senha, url_publica: str, nome_arquivo: str) -> Assinatura:
    if senha is None or senha.usuario_id != usuario.pk:
        raise AcessoNegado("A senha confirmada não é a de quem assina.", code="senha_de_outro")
    processo, documento, liberacao, ator = _travar_liberacao(usuario, documento)
    assinatura = assinaturas_services.assinar_travado(
        ator=ator,
        processo=processo,
        documento=documento,
        cargo=CARGO_EXTERNO,
        url_publica=url_publica,
        nome_arquivo=nome_arquivo,
    )
    _marcar_assinada(liberacao, assinatura)
    return assinatura


# --- Com certificado digital (ICP-Brasil) -------------------------------------------------------


def assinatura_externa_preparar(*, usuario, documento: Documento, url_publica: str) -> PreparacaoAssinatura:
    """Assinar com certificado digital (usuário externo), 1st step: ``assinaturas.qualificada``'s
    preparation (the tarja with the citizen's name, masked CPF and "Usuário Externo", the
    qualificada wording) while the liberação lets this user sign. The prepared PDF is stored
    before the row that names it commits (and deleted if it does not)."""
    qualificada.raizes_icp()
    nome_arquivo = arquivos.gerar_nome("pdf", prefixo="preparados")
    with arquivos.apagar_se_falhar(nome_arquivo):
        return _preparar(usuario, documento, url_publica, nome_arquivo)


@transaction.atomic(durable=True)
def _preparar(usuario, documento: Documento, url_publica: str, nome_arquivo: str) -> PreparacaoAssinatura:
    _, documento, _, ator = _travar_liberacao(usuario, documento)
    return qualificada.preparar_travado(
        ator=ator, documento=documento, cargo=CARGO_EXTERNO, url_publica=url_publica, nome_arquivo=nome_arquivo
    )


def assinatura_externa_concluir(*, usuario, documento: Documento, preparacao_id, cms_der: bytes) -> Assinatura:
    """Assinar com certificado digital (usuário externo), 2nd step: the CMS checked as the
    internal qualificada does (digest, chain to ``SEI_ICP_RAIZES``, validity) and its CPF must be
    the citizen's; the liberação, checked again (expired or cancelled since the preparation:
    409), is marked signed in the same transaction. The preparation is this user's only."""
    nome_arquivo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with arquivos.apagar_se_falhar(nome_arquivo):
        assinatura, preparado = _concluir(usuario, documento, preparacao_id, cms_der, nome_arquivo)
    arquivos.apagar(preparado)
    return assinatura


@transaction.atomic(durable=True)
def _concluir(usuario, documento: Documento, preparacao_id, cms_der: bytes, nome_arquivo: str):
    processo, documento, liberacao, ator = _travar_liberacao(usuario, documento)
    try:
        assinatura, preparado = qualificada.concluir_travado(
            ator=ator,
            processo=processo,
            documento=documento,
            cargo=CARGO_EXTERNO,
            preparacao_id=preparacao_id,
            cms_der=cms_der,
            nome_arquivo=nome_arquivo,
        )
    except AcessoNegado as erro:
        if erro.code != "cpf_diferente":
            raise
        # For the citizen the wrong certificate is bad input, not a lack of permission.
        mensagem = "O certificado usado não é o seu: o CPF do certificado difere do CPF do seu cadastro."
        raise EntradaInvalida(mensagem, code="cpf_diferente", errors={"cms": [mensagem]}) from None
    _marcar_assinada(liberacao, assinatura)
    return assinatura, preparado
