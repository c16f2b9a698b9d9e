"""The read side of signatures: a document's signatures (what its tarjas print), for whoever may
see the document."""

from django.db.models import QuerySet

from documentos.models import Documento

from .models import Assinatura, PreparacaoAssinatura


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
