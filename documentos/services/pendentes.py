"""The file of an Incluir Documento externo form kept across a validation error: a browser
cannot refill a file input, so the checked upload waits in storage (``UploadPendente``), named
in the form by a signed, expiring token bound to the user; on success it becomes the
document's file (checked again on the way, like any upload) and the pending copy is deleted.
Abandoned ones are swept by the beat (``descartar_uploads_abandonados``) and by
``manage.py limpar_uploads_pendentes``. No file without a row, no row past its expiry."""

import logging
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from sei.acesso import Ator
from sei.exceptions import EntradaInvalida

from .. import arquivos
from ..models import Documento, UploadPendente
from .externos import documento_externo_criar, verificar_e_gravar

logger = logging.getLogger(__name__)

UPLOAD_PENDENTE_HORAS = 6
_SAL = "documentos.upload_pendente"
PREFIXO = "documentos/pendentes"


def _expirado() -> EntradaInvalida:
    mensagem = "O arquivo escolhido antes não está mais disponível; escolha o arquivo de novo."
    return EntradaInvalida(mensagem, errors={"arquivo": [mensagem]})


def upload_guardar(*, ator: Ator, arquivo, nome_arquivo: str) -> UploadPendente:
    """Check the upload (size, type, content: the same checks as Incluir Documento externo) and
    keep it for the user. Refusals are the checks' own errors (400/413/415)."""
    verificado, gravado = verificar_e_gravar(arquivo, nome_arquivo, prefixo=PREFIXO)
    with arquivos.apagar_se_falhar(gravado.nome_storage), transaction.atomic(durable=True):
        return UploadPendente.objects.create(
            usuario=ator.usuario,
            arquivo_nome=gravado.nome_storage,
            nome_original=verificado.nome_cliente,
            mime=gravado.mime,
            tamanho=gravado.tamanho,
            sha256=gravado.sha256,
        )


def token_do_upload(pendente: UploadPendente) -> str:
    return signing.dumps({"id": pendente.pk, "u": pendente.usuario_id}, salt=_SAL, compress=True)


def upload_do_token(*, ator: Ator, token: str) -> UploadPendente:
    """The user's pending upload named by ``token``; ``EntradaInvalida`` on the ``arquivo`` field
    when the token is forged, expired, someone else's, or its upload already swept."""
    try:
        dados = signing.loads(token, salt=_SAL, max_age=timedelta(hours=UPLOAD_PENDENTE_HORAS))
    except signing.BadSignature:  # also SignatureExpired
        raise _expirado() from None
    if not isinstance(dados, dict) or dados.get("u") != ator.usuario.pk:
        raise _expirado()
    pendente = UploadPendente.objects.filter(pk=dados.get("id"), usuario=ator.usuario).first()
    if pendente is None:
        raise _expirado()
    return pendente


def upload_descartar(pendente: UploadPendente) -> None:
    """Row first, then the file: a failed delete leaves an orphan that verificar_arquivos finds."""
    UploadPendente.objects.filter(pk=pendente.pk).delete()
    arquivos.apagar(pendente.arquivo_nome)


def documento_externo_de_upload(*, ator: Ator, processo, pendente: UploadPendente, **dados) -> Documento:
    """Incluir Documento externo with the kept file: read back checked against its SHA-256,
    checked again as an upload (the settings may have changed), stored as the document's file;
    the pending copy goes once the document exists. On error it stays, for the next try."""
    if pendente.usuario_id != ator.usuario.pk:
        raise _expirado()
    leitor = arquivos.abrir_verificado(pendente.arquivo_nome, pendente.sha256)
    try:
        documento = documento_externo_criar(
            ator=ator, processo=processo, arquivo=leitor, nome_arquivo=pendente.nome_original, **dados
        )
    finally:
        leitor.close()
    upload_descartar(pendente)
    return documento


def descartar_uploads_abandonados(*, horas: int = UPLOAD_PENDENTE_HORAS) -> int:
    """Delete the pending uploads older than their token's life (row and file). Returns how many."""
    limite = timezone.now() - timedelta(hours=horas)
    descartados = 0
    for pendente in UploadPendente.objects.filter(criado_em__lt=limite).order_by("pk")[:1000]:
        upload_descartar(pendente)
        descartados += 1
    if descartados:
        logger.info("%s upload(s) pendente(s) abandonado(s) descartado(s)", descartados)
    return descartados
