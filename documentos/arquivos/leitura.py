"""Serving stored files: SHA-256 checked on the way out, safe headers (ASVS 3.2.1, 3.4.4, 5.4)."""

import hashlib
import logging
import tempfile
from collections.abc import Iterator

from django.core.files.storage import Storage, default_storage
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from sei.exceptions import ErroDominio

from .erros import ArmazenamentoIndisponivel, ArquivoCorrompido
from .gravacao import ERROS_DE_ARMAZENAMENTO
from .tipos import BLOCO, MiB

logger = logging.getLogger(__name__)

# Up to this size the whole file is read and checked before the first byte is sent.
LIMITE_VERIFICACAO_PREVIA = 16 * MiB

MIMES_INLINE = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
MENSAGEM_CORROMPIDO = (
    "O arquivo armazenado não confere com o registrado (está corrompido ou foi alterado). "
    "O administrador foi avisado."
)


class LeitorVerificado:
    """Iterable (and ``read()``-able) content of a stored file whose SHA-256 is checked.

    Small files were checked when opened. Large ones are checked while streaming: the last
    block is held back until the hash is confirmed, so a mismatch ends the stream short of
    ``tamanho`` (the client sees an incomplete download, never a "complete" wrong file) and
    raises ``ArquivoCorrompido``.
    """

    def __init__(self, origem, *, tamanho: int, sha256_esperado: str | None, nome_storage: str):
        self._origem = origem
        self.tamanho = tamanho
        self._esperado = sha256_esperado
        self.nome_storage = nome_storage
        self._blocos = self._gerar()
        self._resto = b""

    def _gerar(self) -> Iterator[bytes]:
        h = hashlib.sha256()
        anterior = None
        try:
            while bloco := self._origem.read(BLOCO):
                if self._esperado:
                    h.update(bloco)
                if anterior is not None:
                    yield anterior
                anterior = bloco
            if self._esperado and h.hexdigest() != self._esperado:
                _corrompido(self.nome_storage)
            if anterior is not None:
                yield anterior
        finally:
            self.close()

    def __iter__(self) -> Iterator[bytes]:
        if self._resto:
            resto, self._resto = self._resto, b""
            yield resto
        yield from self._blocos

    def read(self, n: int = -1) -> bytes:
        partes = [self._resto]
        tamanho = len(self._resto)
        while n < 0 or tamanho < n:
            bloco = next(self._blocos, b"")
            if not bloco:
                break
            partes.append(bloco)
            tamanho += len(bloco)
        dados = b"".join(partes)
        if n < 0:
            self._resto = b""
            return dados
        self._resto = dados[n:]
        return dados[:n]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        """Release the stored file (Django's handler calls it after sending the response)."""
        try:
            self._origem.close()
        except Exception:  # noqa: BLE001
            pass


def _corrompido(nome_storage: str):
    logger.error("SHA-256 do arquivo armazenado não confere: %s", nome_storage)
    raise ArquivoCorrompido(MENSAGEM_CORROMPIDO)


def _ausente(erro: BaseException) -> bool:
    if isinstance(erro, FileNotFoundError):
        return True
    resposta = getattr(erro, "response", None)
    codigo = (resposta or {}).get("Error", {}).get("Code") if isinstance(resposta, dict) else None
    return codigo in {"404", "NoSuchKey", "NotFound"}


def abrir_verificado(
    nome_storage: str,
    sha256_esperado: str,
    *,
    storage: Storage | None = None,
    limite_previo: int = LIMITE_VERIFICACAO_PREVIA,
) -> LeitorVerificado:
    """Open a stored file for serving, checking it against the SHA-256 recorded at upload.

    Raises ``ArquivoCorrompido`` (500) when the file is missing or (for files up to
    ``limite_previo``) does not match; larger files raise it while streaming, before the
    last block. ``ArmazenamentoIndisponivel`` (503) when the storage cannot be reached.
    """
    storage = storage or default_storage
    try:
        tamanho = storage.size(nome_storage)
        origem = storage.open(nome_storage, "rb")
    except ERROS_DE_ARMAZENAMENTO as erro:
        if _ausente(erro):
            logger.error("Arquivo armazenado ausente: %s", nome_storage)
            raise ArquivoCorrompido(MENSAGEM_CORROMPIDO) from erro
        logger.error("Falha ao ler %s do armazenamento: %s", nome_storage, type(erro).__name__)
        raise ArmazenamentoIndisponivel(
            "Não foi possível ler o arquivo agora. Tente novamente mais tarde."
        ) from erro
    if tamanho > limite_previo:
        return LeitorVerificado(
            origem, tamanho=tamanho, sha256_esperado=sha256_esperado, nome_storage=nome_storage
        )

    copia = tempfile.SpooledTemporaryFile(max_size=limite_previo)
    h = hashlib.sha256()
    total = 0
    try:
        with origem:
            while bloco := origem.read(BLOCO):
                h.update(bloco)
                total += len(bloco)
                copia.write(bloco)
    except ERROS_DE_ARMAZENAMENTO as erro:
        copia.close()
        logger.error("Falha ao ler %s do armazenamento: %s", nome_storage, type(erro).__name__)
        raise ArmazenamentoIndisponivel(
            "Não foi possível ler o arquivo agora. Tente novamente mais tarde."
        ) from erro
    if h.hexdigest() != sha256_esperado:
        copia.close()
        _corrompido(nome_storage)
    copia.seek(0)
    return LeitorVerificado(copia, tamanho=total, sha256_esperado=None, nome_storage=nome_storage)


def resposta_arquivo(
    leitor: LeitorVerificado,
    *,
    mime: str,
    nome_cliente: str,
    restrito: bool,
    inline: bool = True,
) -> StreamingHttpResponse:
    """The HTTP response for a stored file; every header is decided here, by the server.

    ``mime`` is OUR detected type (from ``ArquivoVerificado.mime``), never the client's.
    PDFs and raster images are ``inline`` (unless ``inline=False``), with
    ``X-Frame-Options: SAMEORIGIN`` so the app can show them in its frame; everything else is
    an attachment. All responses carry ``Content-Security-Policy: sandbox; default-src 'none'``
    (a file rendered by the browser runs no script and loads nothing), ``nosniff`` and
    ``Cache-Control: no-store`` when ``restrito`` (``private, no-cache`` otherwise: the file is
    access-checked, so no shared cache may keep it).
    """
    mostrar = inline and mime in MIMES_INLINE
    resposta = StreamingHttpResponse(leitor, content_type=mime)
    resposta["Content-Length"] = str(leitor.tamanho)
    resposta["Content-Disposition"] = content_disposition_header(not mostrar, nome_cliente or "documento")
    resposta["X-Content-Type-Options"] = "nosniff"
    ancestrais = "'self'" if mostrar else "'none'"
    resposta["Content-Security-Policy"] = f"sandbox; default-src 'none'; frame-ancestors {ancestrais}"
    resposta["X-Frame-Options"] = "SAMEORIGIN" if mostrar else "DENY"
    resposta["Cross-Origin-Resource-Policy"] = "same-origin"
    resposta["Cache-Control"] = "no-store" if restrito else "private, no-cache"
    return resposta


def abrir_armazenado(nome_storage: str, *, ausente: ErroDominio | None = None, storage: Storage | None = None):
    """A stored file the server itself produced (rendered PDF, export), for which no hash was
    recorded: streamed as it is. A missing file raises ``ausente`` (or the storage's error); a
    storage that cannot be reached, ``ArmazenamentoIndisponivel``."""
    storage = storage or default_storage
    try:
        tamanho = storage.size(nome_storage)
        origem = storage.open(nome_storage, "rb")
    except ERROS_DE_ARMAZENAMENTO as erro:
        if _ausente(erro):
            if ausente is not None:
                raise ausente from None
            raise
        raise ArmazenamentoIndisponivel("Não foi possível ler o arquivo agora. Tente novamente mais tarde.") from erro
    return LeitorVerificado(origem, tamanho=tamanho, sha256_esperado=None, nome_storage=nome_storage)


def ler_tudo(nome_storage: str, sha256_esperado: str, *, storage: Storage | None = None) -> bytes:
    """The whole stored file, checked against its SHA-256 (``abrir_verificado``'s errors)."""
    leitor = abrir_verificado(nome_storage, sha256_esperado, storage=storage)
    try:
        return leitor.read()
    finally:
        leitor.close()
