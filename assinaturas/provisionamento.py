"""Provisioning of signers (``Assinante``): who may sign with which cargo, in which units.

Called by ``criar_assinante`` and ``importar_estrutura`` (its ``cargo`` column, declared in
``AssinaturasConfig.colunas_estrutura_usuario``: ``sei`` does not import this app); like
``sei.services``' ``*_salvar`` functions it creates or updates and says what it did, so that the
same command or file can run twice and change nothing the second time.
"""

from django.db import transaction

from sei.exceptions import EntradaInvalida
from sei.models import Lotacao, Orgao, Unidade, Usuario
from sei.services import Acao

from .models import Assinante

TAMANHO_CARGO = Assinante._meta.get_field("cargo").max_length


def orgao_do_assinante(*, usuario: Usuario, unidades: list[Unidade]) -> Orgao:
    """The órgão a cargo belongs to: the units' (all of one órgão) or, with no unit, the órgão of
    the user's first active lotação."""
    if unidades:
        orgaos = {u.orgao_id for u in unidades}
        if len(orgaos) > 1:
            siglas = ", ".join(f"{u.orgao.sigla}:{u.sigla}" for u in unidades)
            raise EntradaInvalida(
                f"As unidades de um cargo precisam ser do mesmo órgão (recebidas: {siglas}).",
                errors={"unidades": ["Órgãos diferentes."]},
            )
        return unidades[0].orgao
    lotacao = (
        Lotacao.objects.filter(usuario=usuario, ativa=True).select_related("unidade__orgao").order_by("pk").first()
    )
    if lotacao is None:
        raise EntradaInvalida(
            f"O usuário {usuario.username} não tem lotação ativa: informe a unidade do cargo.",
            errors={"unidades": ["Campo obrigatório."]},
        )
    return lotacao.unidade.orgao


@transaction.atomic
def assinante_salvar(*, usuario: Usuario, cargo: str, unidades: list[Unidade]) -> tuple[Assinante, Acao]:
    """Let ``usuario`` sign with ``cargo`` in ``unidades`` (SEI's "Assinantes" table).

    The row is found by (órgão, usuário, cargo): units are added, never removed, and a row that
    is inactive becomes active again. A new row without units holds in every unit of the órgão,
    and an existing row that holds everywhere keeps doing so (adding units would narrow it).
    """
    cargo = " ".join((cargo or "").split())
    if not cargo:
        raise EntradaInvalida("Informe o cargo/função.", errors={"cargo": ["Campo obrigatório."]})
    if len(cargo) > TAMANHO_CARGO:
        raise EntradaInvalida(
            f"cargo: no máximo {TAMANHO_CARGO} caracteres.", errors={"cargo": ["Muito longo."]}
        )
    orgao = orgao_do_assinante(usuario=usuario, unidades=unidades)
    assinante = (
        Assinante.objects.select_for_update().filter(orgao=orgao, usuario=usuario, cargo__iexact=cargo).first()
    )
    if assinante is None:
        assinante = Assinante.objects.create(orgao=orgao, usuario=usuario, cargo=cargo)
        assinante.unidades.set(unidades)
        return assinante, "criado"

    mudou = False
    if not assinante.ativo:
        assinante.ativo = True
        assinante.save(update_fields=["ativo"])
        mudou = True
    atuais = set(assinante.unidades.values_list("pk", flat=True))
    novas = [u for u in unidades if u.pk not in atuais]
    if atuais and novas:
        assinante.unidades.add(*novas)
        mudou = True
    return assinante, "atualizado" if mudou else "inalterado"


def cargo_da_estrutura(*, usuario: Usuario, valor: str, unidades: list[Unidade]) -> Acao:
    """The ``cargo`` column of ``importar_estrutura``'s user rows (declared in ``apps.py``): the
    user signs with that cargo in the row's units."""
    _, acao = assinante_salvar(usuario=usuario, cargo=valor, unidades=unidades)
    return acao
