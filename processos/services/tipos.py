"""Tipos de processo: opening a type to the pesquisa pública (or closing it)."""

from django.db import transaction

from sei import indexacao

from ..models import Processo, TipoProcesso


@transaction.atomic
def tipo_processo_definir_pesquisa_publica(*, tipo: TipoProcesso, pesquisa_publica: bool) -> TipoProcesso:
    """Mark the type's público processes as shown (or no longer shown) in the pesquisa pública.
    Their search entries carry the public reader, so every process of the type (and its
    documents) is marked for the indexer in the same transaction: hidden from searches until
    rewritten, so closing a type holds from the very next public search."""
    TipoProcesso.objects.filter(pk=tipo.pk).update(pesquisa_publica=pesquisa_publica)
    tipo.pesquisa_publica = pesquisa_publica
    chaves = [f"P:{pk}" for pk in Processo.objects.filter(tipo=tipo).values_list("pk", flat=True)]
    if chaves:
        indexacao.marcar(*chaves)  # "P:": the process and every document (``marcar_processo``)
    return tipo
