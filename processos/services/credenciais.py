"""Credenciais de acesso a processo sigiloso: conceder and cassar."""

from django.db import transaction
from django.utils import timezone

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.models import Lotacao, Unidade, Usuario

from ..models import Andamento, Atividade, Credencial, Processo
from .historico import registrar, travar


def tornar_sigiloso(*, ator: Ator, processo: Processo, mensagem: str) -> None:
    """What a process becoming sigiloso needs (the process itself, or a sigiloso document in
    it): open in the acting unit alone (a sigiloso is never in another unit's inbox), the acting
    user holding a credential, nobody attributed. ``mensagem``: the refusal, in the caller's
    words. ``processo`` must be the locked row."""
    if Atividade.objects.filter(processo=processo, aberta=True).exclude(unidade=ator.unidade).exists():
        raise RegraDeNegocio(mensagem, code="sigiloso_aberto_em_outras")
    Credencial.objects.get_or_create(
        processo=processo,
        usuario=ator.usuario,
        unidade=ator.unidade,
        cassada_em=None,
        defaults={"concedida_por": ator.usuario, "concedida_em": timezone.now()},
    )
    Atividade.objects.filter(processo=processo).update(atribuida_a=None)


def _exigir_credencial(ator: Ator, processo: Processo) -> None:
    acesso.exigir_visivel(ator, processo)  # for a sigiloso, visible == holds a credential
    if not processo.sigiloso:
        raise RegraDeNegocio("Credenciais de acesso só se aplicam a processos sigilosos.", code="nao_sigiloso")


@transaction.atomic(durable=True)
def credencial_conceder(*, ator: Ator, processo: Processo, usuario: Usuario, unidade: Unidade) -> Credencial:
    """Conceder Credencial: a holder grants access to a named user in one of their units.

    The process then opens in that unit, visible there only to credential holders. Only units of
    the process's own órgão: a sigiloso never leaves its órgão through the system (another órgão
    asks for it by ofício, and gets what the law lets it have).
    """
    processo = travar(processo)
    _exigir_credencial(ator, processo)
    if unidade.orgao_id != processo.orgao_id:
        raise RegraDeNegocio(
            "Credencial de processo sigiloso só pode ser concedida a unidades do órgão do processo.",
            code="credencial_outro_orgao",
        )
    if not Lotacao.objects.filter(usuario=usuario, unidade=unidade, ativa=True, usuario__is_active=True).exists():
        raise EntradaInvalida(
            f"{usuario.username} não pertence à unidade {unidade.sigla}.",
            errors={"usuario": ["Usuário não pertence à unidade informada."]},
        )
    if Credencial.objects.filter(processo=processo, usuario=usuario, unidade=unidade, cassada_em__isnull=True).exists():
        raise RegraDeNegocio(f"{usuario.username} já possui credencial neste processo.", code="credencial_existente")
    agora = timezone.now()
    credencial = Credencial.objects.create(
        processo=processo, usuario=usuario, unidade=unidade, concedida_por=ator.usuario, concedida_em=agora
    )
    atividade = Atividade.objects.filter(processo=processo, unidade=unidade).first()
    if atividade is None:
        Atividade.objects.create(
            processo=processo,
            unidade=unidade,
            aberta=True,
            origem=Atividade.Origem.RECEBIDO,
            remetente=ator.unidade,
            aberta_em=agora,
        )
    elif not atividade.aberta:
        Atividade.objects.filter(pk=atividade.pk).update(
            aberta=True,
            origem=Atividade.Origem.RECEBIDO,
            remetente=ator.unidade,
            aberta_em=agora,
            recebida_em=None,
            recebida_por=None,
            concluida_em=None,
        )
    registrar(
        processo,
        ator,
        Andamento.Tipo.CREDENCIAL_CONCESSAO,
        f"Concedida credencial de acesso a {usuario.username} na unidade {unidade.sigla}",
        {"usuario": usuario.username, "unidade": unidade.sigla},
        em=agora,
    )
    return credencial


@transaction.atomic(durable=True)
def credencial_cassar(*, ator: Ator, processo: Processo, credencial_id: int) -> Credencial:
    """Cassar Credencial: revoked at once; the last active credential cannot be revoked."""
    processo = travar(processo)
    _exigir_credencial(ator, processo)
    credencial = (
        Credencial.objects.select_related("usuario", "unidade")
        .filter(pk=credencial_id, processo=processo, cassada_em__isnull=True)
        .first()
    )
    if credencial is None:
        raise NaoEncontrado("Credencial não encontrada.")
    if not Credencial.objects.filter(processo=processo, cassada_em__isnull=True).exclude(pk=credencial.pk).exists():
        raise RegraDeNegocio(
            "Não é possível cassar a única credencial ativa do processo.", code="ultima_credencial"
        )
    agora = timezone.now()
    credencial.cassada_em = agora
    credencial.cassada_por = ator.usuario
    credencial.save(update_fields=["cassada_em", "cassada_por"])
    registrar(
        processo,
        ator,
        Andamento.Tipo.CREDENCIAL_CASSACAO,
        f"Cassada a credencial de acesso de {credencial.usuario.username} na unidade {credencial.unidade.sigla}",
        {"usuario": credencial.usuario.username, "unidade": credencial.unidade.sigla},
        em=agora,
    )
    return credencial
