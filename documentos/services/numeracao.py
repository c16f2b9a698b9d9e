"""Número SEI and the per-type document numbers (locked counters, never reused)."""

from django.utils import timezone

from sei.exceptions import EntradaInvalida

from ..models import ContadorDocumento, NumeroSEI, TipoDocumento

Numeracao = TipoDocumento.Numeracao


def alocar_numero_sei() -> int:
    """The next número SEI: an auto-increment row, never reused, with no installation-wide lock."""
    return NumeroSEI.objects.create().pk


def _escopo(tipo: TipoDocumento, unidade) -> str:
    if tipo.numeracao in (Numeracao.SEQUENCIAL_UNIDADE, Numeracao.ANUAL_UNIDADE):
        return f"unidade:{unidade.pk}"
    return f"orgao:{unidade.orgao_id}"


def alocar_numero(*, tipo: TipoDocumento, unidade, ano: int, informado: str = "") -> str:
    """The document's number by its type's rule."""
    if tipo.numeracao == Numeracao.SEM:
        return ""
    if tipo.numeracao == Numeracao.INFORMADA:
        informado = (informado or "").strip()
        if not informado:
            raise EntradaInvalida(
                f"Informe o número do {tipo.nome}.", errors={"numero": ["Número obrigatório para este tipo."]}
            )
        if len(informado) > 50:
            raise EntradaInvalida("Número muito longo.", errors={"numero": ["No máximo 50 caracteres."]})
        return informado
    anual = tipo.numeracao in (Numeracao.ANUAL_UNIDADE, Numeracao.ANUAL_ORGAO)
    chave = {"tipo": tipo, "escopo": _escopo(tipo, unidade), "ano": ano if anual else 0}
    ContadorDocumento.objects.bulk_create([ContadorDocumento(**chave, ultimo=0)], ignore_conflicts=True)
    contador = ContadorDocumento.objects.select_for_update().get(**chave)
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    return str(contador.ultimo)


def ano_corrente() -> int:
    return timezone.localdate().year
