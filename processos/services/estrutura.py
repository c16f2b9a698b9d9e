"""Sobrestar, Remover Sobrestamento, Anexar, Relacionar, Remover Relacionamento."""

from django.db import transaction
from django.utils import timezone

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado, RegraDeNegocio

from ..models import Andamento, Atividade, Processo, Relacionamento
from .criacao import recalcular_nivel_global
from .historico import exigir_aberto_aqui, registrar, travar, travar_varios


def _aberto_somente_aqui(processo: Processo, ator: Ator) -> bool:
    return not Atividade.objects.filter(processo=processo, aberta=True).exclude(unidade=ator.unidade).exists()


@transaction.atomic(durable=True)
def processo_sobrestar(*, ator: Ator, processo: Processo, motivo: str) -> Processo:
    """Sobrestar Processo: only when open in the acting unit alone; leaves the inbox."""
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    motivo = (motivo or "").strip()
    if not motivo:
        raise EntradaInvalida("Informe o motivo do sobrestamento.", errors={"motivo": ["Campo obrigatório."]})
    if len(motivo) > 500:
        raise EntradaInvalida("Motivo muito longo.", errors={"motivo": ["No máximo 500 caracteres."]})
    if processo.sigiloso:
        raise RegraDeNegocio("Processo sigiloso não pode ser sobrestado.", code="processo_sigiloso")
    if processo.estado == Processo.Estado.SOBRESTADO:
        raise RegraDeNegocio("O processo já está sobrestado.", code="processo_sobrestado")
    if processo.estado == Processo.Estado.ANEXADO:
        raise RegraDeNegocio("Processo anexado não pode ser sobrestado.", code="processo_anexado")
    if not _aberto_somente_aqui(processo, ator):
        raise RegraDeNegocio(
            "Só é possível sobrestar um processo aberto apenas nesta unidade.", code="aberto_em_outras_unidades"
        )
    processo.estado = Processo.Estado.SOBRESTADO
    processo.sobrestamento_motivo = motivo
    processo.save(update_fields=["estado", "sobrestamento_motivo"])
    registrar(processo, ator, Andamento.Tipo.SOBRESTAMENTO, f"Processo sobrestado: {motivo}", {"motivo": motivo})
    return processo


@transaction.atomic(durable=True)
def processo_remover_sobrestamento(*, ator: Ator, processo: Processo) -> Processo:
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    if processo.estado != Processo.Estado.SOBRESTADO:
        raise RegraDeNegocio("O processo não está sobrestado.", code="processo_nao_sobrestado")
    processo.estado = Processo.Estado.NORMAL
    processo.sobrestamento_motivo = ""
    processo.save(update_fields=["estado", "sobrestamento_motivo"])
    registrar(processo, ator, Andamento.Tipo.REMOCAO_SOBRESTAMENTO, "Sobrestamento removido", {})
    return processo


@transaction.atomic(durable=True)
def processo_anexar(*, ator: Ator, processo: Processo, anexado: Processo) -> Processo:
    """Anexar Processo (permanent): ``anexado`` becomes part of ``processo``.

    The annexed one must be open only in the acting unit; neither may be sigiloso; the main one
    takes the most restrictive access level of both.
    """
    if processo.pk == anexado.pk:
        raise EntradaInvalida("Um processo não pode ser anexado a si mesmo.", errors={"processo": ["Inválido."]})
    principal, anexado = travar_varios(processo, anexado)
    exigir_aberto_aqui(ator, principal)
    exigir_aberto_aqui(ator, anexado)
    if principal.sigiloso or anexado.sigiloso:
        raise RegraDeNegocio("Processos sigilosos não podem ser anexados.", code="processo_sigiloso")
    for p, papel in ((principal, "principal"), (anexado, "a anexar")):
        if p.estado == Processo.Estado.ANEXADO:
            raise RegraDeNegocio(f"O processo {papel} já está anexado a outro.", code="processo_anexado")
        if p.estado == Processo.Estado.SOBRESTADO:
            raise RegraDeNegocio(f"O processo {papel} está sobrestado.", code="processo_sobrestado")
    if Processo.objects.filter(processo_principal=anexado).exists():
        raise RegraDeNegocio("O processo a anexar já possui processos anexados.", code="possui_anexados")
    if not _aberto_somente_aqui(anexado, ator):
        raise RegraDeNegocio(
            "O processo a anexar deve estar aberto somente nesta unidade.", code="aberto_em_outras_unidades"
        )
    agora = timezone.now()
    anexado.estado = Processo.Estado.ANEXADO
    anexado.processo_principal = principal
    anexado.save(update_fields=["estado", "processo_principal"])
    Atividade.objects.filter(processo=anexado, aberta=True).update(aberta=False, concluida_em=agora, atribuida_a=None)
    principal.nivel_acesso_global = recalcular_nivel_global(principal)
    principal.save(update_fields=["nivel_acesso_global"])
    registrar(
        principal,
        ator,
        Andamento.Tipo.ANEXACAO,
        f"Processo {anexado.nup_formatado} anexado a este processo",
        {"anexado": anexado.nup},
        em=agora,
    )
    return principal


def _par(a: Processo, b: Processo) -> tuple[Processo, Processo]:
    return (a, b) if a.pk < b.pk else (b, a)


@transaction.atomic(durable=True)
def processo_relacionar(*, ator: Ator, processo: Processo, outro: Processo) -> Relacionamento:
    """Relacionar Processos: symmetric, no hierarchy; not with itself, not twice."""
    return relacionar(ator=ator, processo=processo, outro=outro)


def relacionar(*, ator: Ator, processo: Processo, outro: Processo) -> Relacionamento:
    """``processo_relacionar`` inside the caller's transaction (Iniciar Processo Relacionado).

    Only to a process whose content the unit may read: the link shows in the other process's list
    to everyone who reads it, and a unit that merely knows a restrito exists has no business
    adding to it."""
    if processo.pk == outro.pk:
        raise EntradaInvalida("Um processo não pode ser relacionado a si mesmo.", errors={"processo": ["Inválido."]})
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    acesso.exigir_visivel(ator, outro)
    if not acesso.pode_ver_conteudo(ator, outro):
        raise AcessoNegado(
            "Só é possível relacionar a um processo cujo conteúdo esta unidade pode ver.", code="acesso_restrito"
        )
    a, b = _par(processo, outro)
    if Relacionamento.objects.filter(processo_a=a, processo_b=b).exists():
        raise RegraDeNegocio("Os processos já estão relacionados.", code="ja_relacionados")
    agora = timezone.now()
    rel = Relacionamento.objects.create(
        processo_a=a, processo_b=b, unidade=ator.unidade, criado_por=ator.usuario, criado_em=agora
    )
    registrar(
        processo,
        ator,
        Andamento.Tipo.RELACIONAMENTO,
        f"Processo relacionado ao processo {outro.nup_formatado}",
        {"processo": outro.nup},
        em=agora,
    )
    return rel


@transaction.atomic(durable=True)
def processo_remover_relacionamento(*, ator: Ator, processo: Processo, outro: Processo) -> None:
    """Remove a relation; only the unit that created it may."""
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    a, b = _par(processo, outro)
    rel = Relacionamento.objects.filter(processo_a=a, processo_b=b).first()
    if rel is None:
        raise NaoEncontrado("Relacionamento não encontrado.")
    if rel.unidade_id != ator.unidade.pk:
        raise RegraDeNegocio(
            "Somente a unidade que relacionou os processos pode remover o relacionamento.",
            code="relacionamento_de_outra_unidade",
        )
    rel.delete()
    registrar(
        processo,
        ator,
        Andamento.Tipo.REMOCAO_RELACIONAMENTO,
        f"Removido o relacionamento com o processo {outro.nup_formatado}",
        {"processo": outro.nup},
    )

