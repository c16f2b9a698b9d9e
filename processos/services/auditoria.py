"""Reads of restrito and sigiloso content, recorded where the content is served."""

from django.utils import timezone

from sei import acesso
from sei.acesso import Ator

from ..models import LeituraAuditada, NivelAcesso, Processo


def registrar_leitura(
    *, ator: Ator, processo: Processo, objeto: str, canal: str, documento=None
) -> LeituraAuditada | None:
    """Record that ``ator`` read ``objeto`` of ``processo`` (or of its ``documento``), when it is
    restrito or sigiloso; público reads are not recorded. Call it only after the access policy
    allowed the read, right before the content goes out. A failure to record is an error: the
    content is then not served (fail closed)."""
    nivel = processo.nivel_acesso_global if documento is None else acesso.nivel_do_conteudo(documento)
    if nivel == NivelAcesso.PUBLICO:
        return None
    return LeituraAuditada.objects.create(
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
