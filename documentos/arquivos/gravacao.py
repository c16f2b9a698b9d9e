"""Writing verified files through Django's storage API under generated names (ASVS 5.3.2)."""

import contextlib
import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

from .erros import ArmazenamentoIndisponivel
from .verificacao import ArquivoVerificado

logger = logging.getLogger(__name__)


def _erros_de_armazenamento() -> tuple[type[BaseException], ...]:
    erros: list[type[BaseException]] = [OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError

        erros += [BotoCoreError, ClientError]
    except ImportError:  # pragma: no cover - boto3 is only needed with the S3 backend
        pass
    try:
        from boto3.exceptions import Boto3Error

        erros.append(Boto3Error)
    except ImportError:  # pragma: no cover
        pass
    return tuple(erros)


ERROS_DE_ARMAZENAMENTO = _erros_de_armazenamento()


@dataclass(frozen=True)
class ArquivoGravado:
    nome_storage: str
    sha256: str
    tamanho: int
    mime: str


def gerar_nome(extensao: str, *, prefixo: str = "documentos") -> str:
    """``<prefixo>/ab/cd/<uuid4 hex>.<ext>``: two fan-out levels keep folders small."""
    h = uuid.uuid4().hex
    sufixo = f".{extensao}" if extensao else ""
    return f"{prefixo.strip('/')}/{h[:2]}/{h[2:4]}/{h}{sufixo}"


def _salvar(storage: Storage, nome: str, arquivo: File) -> str:
    """``storage.save``; on failure, whatever was written is deleted and a storage error becomes
    ``ArmazenamentoIndisponivel`` (503)."""
    try:
        return storage.save(nome, arquivo)
    except BaseException as erro:
        apagar(nome, storage=storage)
        if isinstance(erro, ERROS_DE_ARMAZENAMENTO):
            logger.error("Falha ao gravar %s no armazenamento: %s: %s", nome, type(erro).__name__, erro)
            raise ArmazenamentoIndisponivel(
                "Não foi possível gravar o arquivo agora. Tente novamente mais tarde."
            ) from erro
        raise


def gravar(
    arquivo_verificado: ArquivoVerificado, *, storage: Storage | None = None, prefixo: str = "documentos"
) -> ArquivoGravado:
    """Store the verified file under a generated name; nothing partial remains on failure.

    The SHA-256 is the one computed while the upload was streamed to its private temp file
    (which nobody else can reach). A storage failure (disk full, bucket down) raises
    ``ArmazenamentoIndisponivel`` (503) after deleting whatever was written under the name.
    The caller must delete the stored file if its transaction does not commit: see
    ``apagar_se_falhar``.
    """
    storage = storage or default_storage
    nome = gerar_nome(arquivo_verificado.extensao, prefixo=prefixo)
    salvo = _salvar(storage, nome, File(arquivo_verificado.abrir(), name=nome))
    return ArquivoGravado(
        nome_storage=salvo,
        sha256=arquivo_verificado.sha256,
        tamanho=arquivo_verificado.tamanho,
        mime=arquivo_verificado.mime,
    )


def gravar_bytes(nome: str, conteudo: bytes, *, storage: Storage | None = None) -> tuple[str, str]:
    """Store bytes made by the product (a signed PDF) under ``nome``: (name stored, SHA-256).
    A storage failure raises ``ArmazenamentoIndisponivel`` after deleting what was written; as
    with ``gravar``, wrap the transaction that names the file in ``apagar_se_falhar``."""
    storage = storage or default_storage
    salvo = _salvar(storage, nome, ContentFile(conteudo, name=nome))
    if salvo != nome:  # the name was taken (never for a generated one): keep both deletable
        apagar(salvo, storage=storage)
        raise ArmazenamentoIndisponivel("Não foi possível gravar o arquivo agora. Tente novamente mais tarde.")
    return salvo, hashlib.sha256(conteudo).hexdigest()


def apagar(nome_storage: str, *, storage: Storage | None = None) -> bool:
    """Delete a stored file; never raises (cleanup must not hide the original error).

    Returns False when the deletion failed (the orphan is logged for the sweeper).
    """
    storage = storage or default_storage
    try:
        storage.delete(nome_storage)
    except Exception as erro:  # noqa: BLE001 - any backend error: log and leave it to the sweeper
        logger.error(
            "Arquivo órfão no armazenamento (não apagado): %s: %s", nome_storage, type(erro).__name__
        )
        return False
    return True


@contextlib.contextmanager
def apagar_se_falhar(nome_storage: str, *, storage: Storage | None = None):
    """Delete ``nome_storage`` if the block raises: wrap the OUTERMOST transaction with it.

    Django has no on-rollback hook, and a file written inside a transaction that later rolls
    back would be orphaned. So the block must contain the whole (durable) transaction: an
    exception inside it, including a failed COMMIT raised by ``atomic``'s exit, deletes the
    file; a normal exit means the row that names the file is committed::

        gravado = gravar(verificado)
        with apagar_se_falhar(gravado.nome_storage):
            with transaction.atomic(durable=True):
                Documento.objects.create(..., nome_storage=gravado.nome_storage, sha256=...)

    A crash of the process between ``gravar`` and the commit still leaves an orphan (no Python
    code runs then): a periodic sweeper that lists stored names without a row removes those.
    """
    try:
        yield
    except BaseException:
        apagar(nome_storage, storage=storage)
        raise
