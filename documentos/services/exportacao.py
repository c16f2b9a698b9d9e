"""Gerar PDF / ZIP do processo: the request; the worker does the rest (documentos.tasks)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida
from sei.tarefas import publicar_apos_commit

from ..models import Documento, Exportacao


def documentos_exportaveis(ator: Ator, processo):
    """What the actor may export: documents of the process whose content they may read (no
    cancelled ones, no other units' minutas), in tree order."""
    qs = Documento.objects.filter(processo=processo)
    return acesso.filtrar_documentos_conteudo(qs, ator).order_by("id")


@transaction.atomic(durable=True)
def exportacao_solicitar(
    *, ator: Ator, processo, formato: str, documentos: list[int] | None = None
) -> Exportacao:
    acesso.exigir_visivel(ator, processo)
    if not acesso.pode_ver_conteudo(ator, processo):
        raise AcessoNegado("Sem acesso ao conteúdo do processo.", code="acesso_restrito")
    if formato not in Exportacao.Formato.values:
        raise EntradaInvalida("Formato inválido.", errors={"formato": ["Use pdf ou zip."]})
    permitidos = list(documentos_exportaveis(ator, processo).values_list("numero_sei", flat=True))
    if documentos is None:
        escolhidos = permitidos
    else:
        pedidos = {int(n) for n in documentos}
        fora = sorted(pedidos - set(permitidos))
        if fora:
            raise EntradaInvalida(
                "Há documentos que não podem ser exportados.",
                errors={"documentos": [f"{n:07d}: inexistente, cancelado ou sem acesso." for n in fora]},
            )
        escolhidos = [n for n in permitidos if n in pedidos]
    if not escolhidos:
        raise EntradaInvalida("Nenhum documento para exportar.", errors={"documentos": ["Lista vazia."]})
    agora = timezone.now()
    exportacao = Exportacao.objects.create(
        processo=processo,
        usuario=ator.usuario,
        unidade=ator.unidade,
        formato=formato,
        documentos=escolhidos,
        criada_em=agora,
        atualizada_em=agora,
        expira_em=agora + timedelta(hours=settings.SEI_EXPORTACAO_HORAS),
    )
    from ..tasks import exportar_processo

    publicar_apos_commit(exportar_processo, exportacao.pk)
    return exportacao
