"""The read side of signatures: a document's signatures (what its tarjas print), for whoever may
see the document."""

from django.db.models import Count, Prefetch, Q, QuerySet

from documentos.models import Documento
from sei.exceptions import NaoEncontrado

from .blocos import exigir_visivel, q_pendente, q_visiveis
from .models import Assinatura, Bloco, BlocoUnidade, ItemBloco, PreparacaoAssinatura


def assinaturas_do_documento(documento: Documento) -> QuerySet[Assinatura]:
    """The signatures in force, in signing order. Who may see the document sees who signed it
    (SEI shows the tarjas in the tree's document to anyone who can open its entry)."""
    return documento.assinaturas.filter(descartada_em__isnull=True).order_by("ordem")


def resumo(assinatura: Assinatura) -> dict:
    """What the API and the pages show of one signature."""
    return {
        "nome": assinatura.nome,
        "cargo": assinatura.cargo,
        "unidade": assinatura.unidade.sigla,
        "data": assinatura.criada_em,
        "nivel": assinatura.nivel,
        "tipo": assinatura.tipo,
    }


def resumos(documento: Documento) -> list[dict]:
    return [resumo(a) for a in assinaturas_do_documento(documento).select_related("unidade")]



def preparacao_pendente(*, ator, documento: Documento, id) -> PreparacaoAssinatura | None:
    """The caller's own preparation of a qualificada signature of ``documento`` still waiting
    for its CMS (the page shows its digest again after a refused attempt), or None."""
    return PreparacaoAssinatura.objects.filter(
        pk=id, documento=documento, usuario=ator.usuario, unidade=ator.unidade, concluida_em__isnull=True
    ).first()
# --- Blocos de assinatura ----------------------------------------------------------------------


def blocos_da_unidade(*, ator, estado: str | None = None) -> QuerySet[Bloco]:
    """The acting unit's blocos and those made available to it that it has not returned, newest
    first, with their number of documents and whether the unit received them."""
    qs = (
        Bloco.objects.filter(q_visiveis(ator.unidade))
        .select_related("unidade")
        .annotate(
            total_documentos=Count("itens", distinct=True),
            recebido=Q(estado=Bloco.Estado.DISPONIBILIZADO) & q_pendente(ator.unidade) & ~Q(unidade=ator.unidade),
        )
        .order_by("-id")
    )
    if estado:
        qs = qs.filter(estado=estado)
    return qs


def bloco_por_numero(*, ator, numero) -> Bloco:
    """A bloco the acting unit owns or has received; 404 otherwise (and for a bad number)."""
    try:
        pk = int(str(numero).strip())
    except (TypeError, ValueError):
        raise NaoEncontrado("Bloco não encontrado.") from None
    bloco = Bloco.objects.select_related("unidade", "criado_por").filter(pk=pk).first()
    if bloco is None:
        raise NaoEncontrado("Bloco não encontrado.")
    exigir_visivel(ator, bloco)
    return bloco


def itens_do_bloco(*, bloco: Bloco) -> list[ItemBloco]:
    """The bloco's items with their document, process and signatures in force, in a fixed
    number of queries."""
    em_vigor = Assinatura.objects.filter(descartada_em__isnull=True).order_by("ordem")
    return list(
        bloco.itens.select_related(
            "documento",
            "documento__tipo",
            "documento__processo",
            "documento__processo__processo_principal",
            "documento__unidade_geradora",
        )
        .prefetch_related(Prefetch("documento__assinaturas", queryset=em_vigor, to_attr="assinaturas_em_vigor"))
        .order_by("id")
    )


def destinos_do_bloco(bloco: Bloco) -> list[BlocoUnidade]:
    return list(bloco.destinos.select_related("unidade", "unidade__orgao").order_by("unidade__sigla"))


def blocos_aguardando(unidade) -> int:
    """The "Blocos" count of the menu: blocos made available to the unit and not yet returned,
    plus its own open or returned ones (what awaits the unit). One COUNT query."""
    return Bloco.objects.filter(
        Q(unidade=unidade, estado__in=[Bloco.Estado.ABERTO, Bloco.Estado.RETORNADO])
        | (Q(estado=Bloco.Estado.DISPONIBILIZADO) & Q(q_pendente(unidade)))
    ).count()
