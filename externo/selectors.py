"""Reads of the external users' records, for the internal pages that decide on them."""

from django.db.models import F, QuerySet

from .models import CadastroExterno

Situacao = CadastroExterno.Situacao


def cadastros_para_analise(*, situacao: str = Situacao.PENDENTE) -> QuerySet[CadastroExterno]:
    """The records in one situation; pending ones with a confirmed e-mail first (those can be
    approved), oldest first."""
    consulta = CadastroExterno.objects.filter(situacao=situacao).select_related("usuario", "analisado_por")
    if situacao == Situacao.PENDENTE:
        return consulta.order_by(F("email_confirmado_em").asc(nulls_last=True), "criado_em", "pk")
    return consulta.order_by("-analisado_em", "-pk")


def cadastros_aguardando() -> int:
    """Pending records with a confirmed e-mail: what awaits a decision (the menu's count)."""
    return CadastroExterno.objects.filter(
        situacao=Situacao.PENDENTE, email_confirmado_em__isnull=False
    ).count()


def cadastro_por_id(pk: int) -> CadastroExterno | None:
    return CadastroExterno.objects.select_related("usuario", "analisado_por").filter(pk=pk).first()
