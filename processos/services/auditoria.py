"""Reads of restrito and sigiloso content, recorded where the content is served, each user's
reads chained and sealed (``sei.integridade``)."""

from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from sei import acesso, integridade
from sei.acesso import Ator
from sei.models import Usuario

from ..models import LeituraAuditada, NivelAcesso, Processo


def registrar_leitura(
    *, ator: Ator, processo: Processo, objeto: str, canal: str, documento=None, todas: bool = False
) -> LeituraAuditada | None:
    """Record that ``ator`` read ``objeto`` of ``processo`` (or of its ``documento``), when it is
    restrito or sigiloso; público reads are not recorded, unless ``todas`` (an external user's
    reads, every one recorded, in the unit that granted the access). Call it only after the
    access policy allowed the read, right before the content goes out. A failure to record is an
    error: the content is then not served (fail closed)."""
    nivel = acesso.nivel_regente(processo) if documento is None else acesso.nivel_do_conteudo(documento)
    if nivel == NivelAcesso.PUBLICO and not todas:
        return None
    leitura = LeituraAuditada(
        criado_em=timezone.now(),
        usuario=ator.usuario,
        unidade=ator.unidade,
        processo=processo,
        documento_id=getattr(documento, "pk", None),
        numero_sei=documento.numero_sei_formatado if documento is not None else "",
        objeto=objeto,
        nivel_acesso=nivel,
        canal=canal,
    )
    with transaction.atomic():
        # The user's row, locked, orders their reads: two at once never chain to the same one.
        Usuario.objects.select_for_update(no_key=True).filter(pk=ator.usuario.pk).values_list("pk").first()
        anterior = (
            LeituraAuditada.objects.filter(usuario=ator.usuario).order_by("-id").values_list("hash", flat=True).first()
        ) or ""
        leitura.hash_anterior = anterior
        leitura.chave_id, leitura.hash = integridade.selar(_conteudo_de(leitura, anterior))
        leitura.save(force_insert=True)
    return leitura


def _conteudo_de(leitura: LeituraAuditada, anterior: str) -> str:
    """What a read's seal covers: its fields and the seal of the same user's read before it."""
    campos = [
        anterior, leitura.usuario_id, leitura.unidade_id, leitura.processo_id, leitura.documento_id or "",
        leitura.numero_sei, leitura.objeto, leitura.nivel_acesso, leitura.canal, leitura.criado_em.isoformat(),
    ]  # fmt: skip
    return "|".join(str(campo) for campo in campos)


def leituras_quebradas(*, lote: int = 5000) -> Iterator[tuple[str, str]]:
    """(login, what is wrong) for every user whose chain of reads no longer matches: a read
    altered, or one inserted or removed before their last read. Streams the table in id order."""
    anteriores: dict[int, str] = {}
    quebrados: set[int] = set()
    ultimo = 0
    while True:
        leituras = list(LeituraAuditada.objects.filter(pk__gt=ultimo).order_by("pk")[:lote])
        if not leituras:
            break
        ultimo = leituras[-1].pk
        for leitura in leituras:
            if leitura.usuario_id in quebrados:
                continue
            anterior = anteriores.get(leitura.usuario_id, "")
            problema = None
            if leitura.hash_anterior != anterior:
                problema = f"leitura {leitura.pk} fora da cadeia (removida ou inserida antes dela)"
            elif not integridade.conferir(_conteudo_de(leitura, anterior), leitura.chave_id, leitura.hash):
                problema = f"leitura {leitura.pk} alterada"
            if problema:
                quebrados.add(leitura.usuario_id)
                yield Usuario.objects.filter(pk=leitura.usuario_id).values_list("username", flat=True).first(), problema
            anteriores[leitura.usuario_id] = leitura.hash
