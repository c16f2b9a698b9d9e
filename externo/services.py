"""State changes of the external users' records: registration and e-mail confirmation, the
órgão's decision on it (liberar, recusar, desativar, reativar), the account's contact data and
its optional second factor (TOTP, django-otp)."""

import logging
from base64 import b32encode
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sei import services as sei_services
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, RegraDeNegocio
from sei.models import Usuario
from sei.senhas import SenhaConfirmada

from . import acessos, emails
from .models import CadastroExterno, TermosDeUso

logger = logging.getLogger("sei.externo")
Situacao = CadastroExterno.Situacao

PERMISSAO_LIBERAR = "externo.liberar_cadastro"
_SAL_CONFIRMACAO = "externo.confirmar-email"


# --- Who decides on registrations: the one place -------------------------------------------------


def pode_liberar_cadastros(usuario) -> bool:
    """An active internal user holding ``externo.liberar_cadastro`` (superusers hold every
    permission). Checked by the services, the internal pages, the menu entry and the admin."""
    return bool(
        usuario
        and usuario.is_authenticated
        and usuario.is_active
        and usuario.interno
        and usuario.has_perm(PERMISSAO_LIBERAR)
    )


def _exigir_liberador(ator: Ator) -> None:
    if not pode_liberar_cadastros(ator.usuario):
        raise AcessoNegado(
            "Você não tem permissão para analisar cadastros de usuários externos.",
            code="sem_permissao_cadastro",
        )


# --- Terms of use ----------------------------------------------------------------------------------


def termos_vigentes() -> tuple[str, str]:
    """The text in force and its digest (the version a registration accepts)."""
    ultimo = TermosDeUso.objects.order_by("-pk").only("texto").first()
    texto = (ultimo.texto if ultimo else settings.SEI_TERMOS_USO_EXTERNO).strip()
    return texto, TermosDeUso.resumo(texto)


# --- Registration ----------------------------------------------------------------------------------


def _criar(*, cpf, nome, email, senha, telefone, endereco, termos_versao, liberado, email_confirmado):
    telefone = (telefone or "").strip()
    if len(telefone) > 30:
        raise EntradaInvalida("Telefone longo demais.", errors={"telefone": ["Use até 30 caracteres."]})
    usuario = sei_services.usuario_externo_criar(cpf=cpf, nome=nome, email=email, senha=senha)
    agora = timezone.now()
    cadastro = CadastroExterno.objects.create(
        usuario=usuario,
        situacao=Situacao.LIBERADO if liberado else Situacao.PENDENTE,
        telefone=telefone,
        endereco=(endereco or "").strip()[:2000],
        termos_versao=termos_versao,
        termos_aceitos_em=agora if termos_versao else None,
        email_confirmado_em=agora if email_confirmado else None,
        analisado_em=agora if liberado else None,
    )
    if liberado:  # grants made to this e-mail before the user existed become theirs
        acessos.vincular_por_email(usuario)
    return cadastro


@transaction.atomic(durable=True)
def cadastro_criar(
    *,
    cpf: str,
    nome: str,
    email: str,
    senha: str,
    telefone: str = "",
    endereco: str = "",
    termos_versao: str = "",
    liberado: bool = False,
    email_confirmado: bool = False,
) -> CadastroExterno:
    """A new external user, ``pendente`` until an internal user approves it (``liberado=True``:
    scripted onboarding, ``manage.py criar_usuario_externo --liberado``). No e-mail is sent."""
    return _criar(
        cpf=cpf,
        nome=nome,
        email=email,
        senha=senha,
        telefone=telefone,
        endereco=endereco,
        termos_versao=termos_versao,
        liberado=liberado,
        email_confirmado=email_confirmado,
    )


@transaction.atomic(durable=True)
def cadastro_registrar(
    *,
    cpf: str,
    nome: str,
    email: str,
    senha: str,
    telefone: str,
    endereco: str,
    termos_versao: str,
    url_base: str,
) -> CadastroExterno:
    """The public registration ("Cadastro de Usuário Externo"): the terms shown must be the ones in
    force (the órgão may have changed them meanwhile); the record stays ``pendente``, and a signed
    link that expires (``SEI_CADASTRO_LINK_HORAS``) is mailed to confirm the e-mail. All or
    nothing: any refusal leaves no account behind."""
    _, vigente = termos_vigentes()
    if not termos_versao:
        raise EntradaInvalida(
            "É preciso aceitar os termos de uso.",
            errors={"aceite": ["Aceite os termos de uso para continuar."]},
        )
    if termos_versao != vigente:
        raise RegraDeNegocio(
            "Os termos de uso foram atualizados enquanto você preenchia: leia-os e aceite de novo.",
            code="termos_atualizados",
        )
    cadastro = _criar(
        cpf=cpf,
        nome=nome,
        email=email,
        senha=senha,
        telefone=telefone,
        endereco=endereco,
        termos_versao=termos_versao,
        liberado=False,
        email_confirmado=False,
    )
    usuario = cadastro.usuario
    token = token_confirmacao(usuario)
    transaction.on_commit(lambda: emails.confirmacao(usuario=usuario, token=token, url_base=url_base))
    logger.info("cadastro externo registrado: usuario=%s", usuario.pk)
    return cadastro


def cadastros_nao_confirmados_apagar(*, agora=None) -> int:
    """Registrations whose confirmation link has expired unused (pendente, never confirmed, never
    analysed): their accounts are deleted, so the CPF and the e-mail can register again (someone
    who typed another person's CPF would otherwise hold it for good). Run by the beat; a rerun is
    a no-op. Returns how many were deleted."""
    agora = agora or timezone.now()
    limite = agora - timedelta(hours=settings.SEI_CADASTRO_LINK_HORAS)
    ids = list(
        CadastroExterno.objects.filter(
            situacao=Situacao.PENDENTE,
            email_confirmado_em__isnull=True,
            analisado_em__isnull=True,
            criado_em__lt=limite,
        ).values_list("usuario_id", flat=True)
    )
    apagados = 0
    for usuario_id in ids:
        try:
            with transaction.atomic():
                # Re-checked under the lock: a confirmation racing the sweep wins.
                cadastro = (
                    CadastroExterno.objects.select_for_update()
                    .filter(usuario_id=usuario_id, email_confirmado_em__isnull=True, situacao=Situacao.PENDENTE)
                    .first()
                )
                if cadastro is None:
                    continue
                Usuario.objects.filter(pk=usuario_id).delete()
        except ProtectedError:  # something already refers to the account: keep it
            logger.warning("cadastro externo não confirmado mantido (referenciado): usuario=%s", usuario_id)
            continue
        apagados += 1
    if apagados:
        logger.info("cadastros externos não confirmados apagados: %s", apagados)
    return apagados


def token_confirmacao(usuario: Usuario) -> str:
    """Signed and timestamped (``django.core.signing``); bound to the e-mail it was sent to."""
    return signing.dumps({"u": usuario.pk, "e": usuario.email.lower()}, salt=_SAL_CONFIRMACAO, compress=True)


def _ler_token(token: str) -> dict:
    try:
        dados = signing.loads(token, salt=_SAL_CONFIRMACAO, max_age=settings.SEI_CADASTRO_LINK_HORAS * 3600)
    except signing.SignatureExpired:
        raise RegraDeNegocio(
            "Este link de confirmação venceu. Peça outro abaixo.", code="link_vencido"
        ) from None
    except signing.BadSignature:
        raise EntradaInvalida("Link de confirmação inválido.", code="link_invalido") from None
    if not isinstance(dados, dict) or not isinstance(dados.get("u"), int):
        raise EntradaInvalida("Link de confirmação inválido.", code="link_invalido")
    return dados


def cadastro_do_token(token: str) -> CadastroExterno:
    """The record a confirmation link names (read only: the page shows whose e-mail it is)."""
    dados = _ler_token(token)
    cadastro = CadastroExterno.objects.select_related("usuario").filter(usuario_id=dados["u"]).first()
    if cadastro is None or cadastro.usuario.email.lower() != dados.get("e"):
        raise EntradaInvalida("Link de confirmação inválido.", code="link_invalido")
    return cadastro


@transaction.atomic(durable=True)
def cadastro_confirmar_email(*, token: str) -> CadastroExterno:
    """The e-mail is the user's: confirmed once (a second use changes nothing). The record
    stays ``pendente`` until the órgão approves it."""
    cadastro = cadastro_do_token(token)
    cadastro = _travar(cadastro.usuario)
    if cadastro.email_confirmado_em is None:
        cadastro.email_confirmado_em = timezone.now()
        cadastro.save(update_fields=["email_confirmado_em"])
        logger.info("e-mail do cadastro externo confirmado: usuario=%s", cadastro.usuario_id)
    return cadastro


def confirmacao_reenviar(*, email: str, url_base: str) -> None:
    """A new confirmation link, only to a pending record whose e-mail is not yet confirmed; the
    caller answers the same whatever happens (no telling who is registered)."""
    cadastro = (
        CadastroExterno.objects.select_related("usuario")
        .filter(
            usuario__email__iexact=(email or "").strip(),
            usuario__tipo=Usuario.Tipo.EXTERNO,
            situacao=Situacao.PENDENTE,
            email_confirmado_em__isnull=True,
        )
        .first()
    )
    if cadastro is not None:
        emails.confirmacao(
            usuario=cadastro.usuario, token=token_confirmacao(cadastro.usuario), url_base=url_base
        )


# --- The órgão's decision ----------------------------------------------------------------------------


def _travar(usuario: Usuario) -> CadastroExterno:
    return CadastroExterno.objects.select_for_update().select_related("usuario").get(usuario=usuario)


def _exigir_situacao(cadastro: CadastroExterno, *permitidas) -> None:
    if cadastro.situacao not in permitidas:
        raise RegraDeNegocio(
            f"O cadastro está {cadastro.get_situacao_display().lower()}.", code="cadastro_situacao"
        )


def _exigir_motivo(motivo: str, acao: str) -> str:
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida(f"Informe o motivo da {acao}.", errors={"motivo": ["Campo obrigatório."]})
    return motivo[:2000]


def _decidir(cadastro, *, ator: Ator, situacao: str, motivo: str, decisao: str, url_base: str):
    cadastro.situacao, cadastro.motivo = situacao, motivo
    cadastro.analisado_por, cadastro.analisado_em = ator.usuario, timezone.now()
    cadastro.save(update_fields=["situacao", "motivo", "analisado_por", "analisado_em"])
    if situacao == Situacao.LIBERADO:  # grants made to the e-mail before approval become theirs
        acessos.vincular_por_email(cadastro.usuario)
    logger.info("cadastro externo %s: usuario=%s por=%s", decisao, cadastro.usuario_id, ator.usuario.pk)
    transaction.on_commit(lambda: emails.decisao(cadastro=cadastro, decisao=decisao, url_base=url_base))
    return cadastro


@transaction.atomic(durable=True)
def cadastro_liberar(*, ator: Ator, usuario: Usuario, url_base: str = "") -> CadastroExterno:
    """Liberar cadastro: only a pending record whose e-mail was confirmed (the e-mail is the
    channel of every later notice and of the password reset). The user is told by e-mail."""
    _exigir_liberador(ator)
    cadastro = _travar(usuario)
    _exigir_situacao(cadastro, Situacao.PENDENTE)
    if cadastro.email_confirmado_em is None:
        raise RegraDeNegocio(
            "O e-mail deste cadastro ainda não foi confirmado: a liberação espera a confirmação.",
            code="email_nao_confirmado",
        )
    return _decidir(
        cadastro, ator=ator, situacao=Situacao.LIBERADO, motivo="", decisao="liberado", url_base=url_base
    )


@transaction.atomic(durable=True)
def cadastro_recusar(*, ator: Ator, usuario: Usuario, motivo: str, url_base: str = "") -> CadastroExterno:
    """Recusar cadastro (pending only), with the reason the user receives by e-mail."""
    _exigir_liberador(ator)
    motivo = _exigir_motivo(motivo, "recusa")
    cadastro = _travar(usuario)
    _exigir_situacao(cadastro, Situacao.PENDENTE)
    return _decidir(
        cadastro, ator=ator, situacao=Situacao.RECUSADO, motivo=motivo, decisao="recusado", url_base=url_base
    )


@transaction.atomic(durable=True)
def cadastro_desativar(*, ator: Ator, usuario: Usuario, motivo: str, url_base: str = "") -> CadastroExterno:
    """Reversible (``cadastro_reativar``): the user can no longer sign in, and an open session of
    theirs gets nothing more (every portal page checks the record on each request)."""
    _exigir_liberador(ator)
    motivo = _exigir_motivo(motivo, "desativação")
    cadastro = _travar(usuario)
    _exigir_situacao(cadastro, Situacao.LIBERADO)
    return _decidir(
        cadastro,
        ator=ator,
        situacao=Situacao.DESATIVADO,
        motivo=motivo,
        decisao="desativado",
        url_base=url_base,
    )


@transaction.atomic(durable=True)
def cadastro_reativar(*, ator: Ator, usuario: Usuario, url_base: str = "") -> CadastroExterno:
    """Undo a deactivation: the record is ``liberado`` again."""
    _exigir_liberador(ator)
    cadastro = _travar(usuario)
    _exigir_situacao(cadastro, Situacao.DESATIVADO)
    return _decidir(
        cadastro, ator=ator, situacao=Situacao.LIBERADO, motivo="", decisao="reativado", url_base=url_base
    )


def usuario_externo_liberado(usuario) -> bool:
    """A registered, approved external user (may sign in to the portal, receive grants)."""
    if not (usuario and usuario.is_authenticated and usuario.is_active) or usuario.interno:
        return False
    cadastro = getattr(usuario, "cadastro_externo", None)
    return cadastro is not None and cadastro.liberado


# --- The account -------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def contato_atualizar(*, usuario: Usuario, telefone: str, endereco: str) -> CadastroExterno:
    """The user's own telefone and endereço (CPF, nome and e-mail are what the órgão approved)."""
    telefone = (telefone or "").strip()
    if len(telefone) > 30:
        raise EntradaInvalida("Telefone longo demais.", errors={"telefone": ["Use até 30 caracteres."]})
    cadastro = _travar(usuario)
    cadastro.telefone, cadastro.endereco = telefone, (endereco or "").strip()[:2000]
    cadastro.save(update_fields=["telefone", "endereco"])
    return cadastro


# --- Second factor (TOTP) ------------------------------------------------------------------------------


def dispositivo_confirmado(usuario) -> TOTPDevice | None:
    """The user's authenticator app, once confirmed with a first code (the login then asks for it)."""
    if not getattr(usuario, "pk", None):
        return None
    return TOTPDevice.objects.filter(user_id=usuario.pk, confirmed=True).order_by("pk").first()


def falta_segundo_fator(usuario) -> bool:
    """A browser session (django-otp's ``OTPMiddleware`` marks its user) of a user with an
    authenticator app whose code was not typed in it: it reaches nothing of the portal, pages or
    API, until it is. A token carries no session and is not asked (the app is for the login)."""
    verificado = getattr(usuario, "is_verified", None)
    return verificado is not None and not verificado() and dispositivo_confirmado(usuario) is not None


def _exigir_confirmacao(confirmacao: SenhaConfirmada, usuario: Usuario) -> None:
    if not isinstance(confirmacao, SenhaConfirmada) or confirmacao.usuario_id != usuario.pk:
        raise AcessoNegado("Confirme a senha.", code="senha_incorreta")


@transaction.atomic(durable=True)
def segundo_fator_iniciar(*, usuario: Usuario, confirmacao: SenhaConfirmada) -> TOTPDevice:
    """A new secret for an authenticator app, not in use until a first code confirms it."""
    _exigir_confirmacao(confirmacao, usuario)
    if dispositivo_confirmado(usuario) is not None:
        raise RegraDeNegocio("A verificação em duas etapas já está ativada.", code="segundo_fator_ativo")
    TOTPDevice.objects.filter(user=usuario, confirmed=False).delete()
    return TOTPDevice.objects.create(user=usuario, name="Aplicativo autenticador", confirmed=False)


def dispositivo_em_preparo(usuario) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=usuario.pk, confirmed=False).order_by("-pk").first()


def segredo_em_texto(dispositivo: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into the app by hand."""
    segredo = b32encode(dispositivo.bin_key).decode().rstrip("=")
    return " ".join(segredo[i : i + 4] for i in range(0, len(segredo), 4))


@transaction.atomic(durable=True)
def segundo_fator_confirmar(*, usuario: Usuario, codigo: str) -> TOTPDevice:
    """The first code from the app proves it holds the secret: from now on the login asks for one."""
    dispositivo = (
        TOTPDevice.objects.select_for_update().filter(user=usuario, confirmed=False).order_by("-pk").first()
    )
    if dispositivo is None:
        raise RegraDeNegocio("Comece de novo a ativação da verificação em duas etapas.", code="sem_preparo")
    if not dispositivo.verify_token((codigo or "").strip()):
        raise EntradaInvalida("Código incorreto.", errors={"codigo": ["Código incorreto ou vencido."]})
    dispositivo.confirmed = True
    dispositivo.save(update_fields=["confirmed"])
    transaction.on_commit(lambda: emails.segundo_fator(usuario=usuario, ativado=True))
    logger.info("segundo fator ativado: usuario=%s", usuario.pk)
    return dispositivo


@transaction.atomic(durable=True)
def segundo_fator_desativar(*, usuario: Usuario, confirmacao: SenhaConfirmada) -> None:
    _exigir_confirmacao(confirmacao, usuario)
    apagados, _ = TOTPDevice.objects.filter(user=usuario).delete()
    if apagados:
        transaction.on_commit(lambda: emails.segundo_fator(usuario=usuario, ativado=False))
        logger.info("segundo fator desativado: usuario=%s", usuario.pk)
