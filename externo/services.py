"""State changes of the external users' records: registration and the órgão's decision on it."""

from django.db import transaction
from django.utils import timezone

from sei import services as sei_services
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, RegraDeNegocio
from sei.models import Usuario

from . import acessos
from .models import CadastroExterno

Situacao = CadastroExterno.Situacao


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
    scripted onboarding, ``manage.py criar_usuario_externo --liberado``)."""
    usuario = sei_services.usuario_externo_criar(cpf=cpf, nome=nome, email=email, senha=senha)
    agora = timezone.now()
    cadastro = CadastroExterno.objects.create(
        usuario=usuario,
        situacao=Situacao.LIBERADO if liberado else Situacao.PENDENTE,
        telefone=(telefone or "").strip()[:30],
        endereco=(endereco or "").strip(),
        termos_versao=termos_versao,
        termos_aceitos_em=agora if termos_versao else None,
        email_confirmado_em=agora if email_confirmado else None,
        analisado_em=agora if liberado else None,
    )
    if liberado:  # grants made to this e-mail before the user existed become theirs
        acessos.vincular_por_email(usuario)
    return cadastro


def _travar(usuario: Usuario) -> CadastroExterno:
    return CadastroExterno.objects.select_for_update().select_related("usuario").get(usuario=usuario)


@transaction.atomic(durable=True)
def cadastro_liberar(*, ator: Ator, usuario: Usuario) -> CadastroExterno:
    cadastro = _travar(usuario)
    if cadastro.situacao not in (Situacao.PENDENTE, Situacao.DESATIVADO):
        raise RegraDeNegocio(
            f"O cadastro está {cadastro.get_situacao_display().lower()}.", code="cadastro_situacao"
        )
    cadastro.situacao, cadastro.motivo = Situacao.LIBERADO, ""
    cadastro.analisado_por, cadastro.analisado_em = ator.usuario, timezone.now()
    cadastro.save(update_fields=["situacao", "motivo", "analisado_por", "analisado_em"])
    acessos.vincular_por_email(cadastro.usuario)  # grants made to the e-mail before approval
    return cadastro


@transaction.atomic(durable=True)
def cadastro_recusar(*, ator: Ator, usuario: Usuario, motivo: str) -> CadastroExterno:
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida("Informe o motivo da recusa.", errors={"motivo": ["Campo obrigatório."]})
    cadastro = _travar(usuario)
    if cadastro.situacao != Situacao.PENDENTE:
        raise RegraDeNegocio(
            f"O cadastro está {cadastro.get_situacao_display().lower()}.", code="cadastro_situacao"
        )
    cadastro.situacao, cadastro.motivo = Situacao.RECUSADO, motivo
    cadastro.analisado_por, cadastro.analisado_em = ator.usuario, timezone.now()
    cadastro.save(update_fields=["situacao", "motivo", "analisado_por", "analisado_em"])
    return cadastro


@transaction.atomic(durable=True)
def cadastro_desativar(*, ator: Ator, usuario: Usuario, motivo: str) -> CadastroExterno:
    """Reversible (``cadastro_liberar`` again): the user can no longer sign in or read grants."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida("Informe o motivo da desativação.", errors={"motivo": ["Campo obrigatório."]})
    cadastro = _travar(usuario)
    if cadastro.situacao != Situacao.LIBERADO:
        raise RegraDeNegocio(
            f"O cadastro está {cadastro.get_situacao_display().lower()}.", code="cadastro_situacao"
        )
    cadastro.situacao, cadastro.motivo = Situacao.DESATIVADO, motivo
    cadastro.analisado_por, cadastro.analisado_em = ator.usuario, timezone.now()
    cadastro.save(update_fields=["situacao", "motivo", "analisado_por", "analisado_em"])
    return cadastro


def usuario_externo_liberado(usuario) -> bool:
    """A registered, approved external user (may sign in to the portal, receive grants)."""
    if not (usuario and usuario.is_authenticated and usuario.is_active) or usuario.interno:
        return False
    cadastro = getattr(usuario, "cadastro_externo", None)
    return cadastro is not None and cadastro.liberado
