"""Checking an upload before anything is stored (ASVS 5.1-5.3)."""

import hashlib
import logging
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings

from sei.exceptions import EntradaInvalida

from .erros import ArmazenamentoIndisponivel, ArquivoGrande, TipoRecusado
from .nomes import extensao, normalizar_nome_cliente
from .tipos import BLOCO, TIPOS, LimitesZip

logger = logging.getLogger(__name__)


@dataclass
class ArquivoVerificado:
    """An upload that passed every check, held in a private (already unlinked) temp file.

    ``nome_cliente`` is the normalised name the client sent: metadata only. Close it (or use it
    as a context manager) when done; the temp file disappears with it.
    """

    arquivo: IO[bytes] = field(repr=False)
    tamanho: int
    sha256: str
    extensao: str
    mime: str
    nome_cliente: str
    codificacao: str | None = None

    def abrir(self) -> IO[bytes]:
        self.arquivo.seek(0)
        return self.arquivo

    def ler(self) -> bytes:
        return self.abrir().read()

    def fechar(self) -> None:
        self.arquivo.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fechar()


def formatar_tamanho(n: int) -> str:
    for unidade, fator in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= fator:
            valor = n / fator
            texto = f"{valor:.0f}" if valor == int(valor) else f"{valor:.1f}".replace(".", ",")
            return f"{texto} {unidade}"
    return f"{n} bytes"


def _rebobinar(arquivo) -> None:
    try:
        if not hasattr(arquivo, "seekable") or arquivo.seekable():
            arquivo.seek(0)
    except (AttributeError, OSError, ValueError):
        pass


def _copiar(arquivo, destino: IO[bytes], tamanho_maximo: int) -> tuple[int, str]:
    """Stream ``arquivo`` to ``destino``; never more than ``tamanho_maximo + 1`` bytes are read."""
    _rebobinar(arquivo)
    h = hashlib.sha256()
    total = 0
    while True:
        bloco = arquivo.read(min(BLOCO, tamanho_maximo + 1 - total))
        if not bloco:
            break
        total += len(bloco)
        if total > tamanho_maximo:
            raise ArquivoGrande(f"O arquivo excede o tamanho máximo de {formatar_tamanho(tamanho_maximo)}.")
        h.update(bloco)
        try:
            destino.write(bloco)
        except OSError as erro:
            logger.error("Sem espaço temporário para receber um upload: %s", erro)
            raise ArmazenamentoIndisponivel(
                "Não foi possível receber o arquivo agora. Tente novamente mais tarde."
            ) from erro
    destino.flush()
    destino.seek(0)
    return total, h.hexdigest()


def verificar_upload(
    arquivo,
    nome_cliente: str,
    *,
    tamanho_maximo: int,
    extensoes_permitidas: Iterable[str] | str,
    limites_zip: LimitesZip | None = None,
) -> ArquivoVerificado:
    """Check an upload and return it in a private temp file with its SHA-256 and detected mime.

    ``arquivo``: a Django ``UploadedFile`` or any binary file-like object.
    ``extensoes_permitidas``: a set of extensions or a comma-separated string (a setting).
    Raises ``EntradaInvalida`` (400: bad name, empty file), ``ArquivoGrande`` (413),
    ``TipoRecusado`` (415: extension not allowed, content that does not match it, PDF with
    JavaScript, SVG with script, archive bomb, macros).
    """
    nome = normalizar_nome_cliente(nome_cliente)
    if not nome:
        raise EntradaInvalida("Nome de arquivo inválido.", errors={"arquivo": ["Nome de arquivo inválido."]})
    ext = extensao(nome)
    if isinstance(extensoes_permitidas, str):  # straight from a setting: "pdf,png,jpg"
        extensoes_permitidas = extensoes_permitidas.split(",")
    permitidas = sorted({e.strip().lower().lstrip(".") for e in extensoes_permitidas} & TIPOS.keys())
    if ext not in permitidas:
        aceitos = ", ".join(permitidas) or "nenhum"
        raise TipoRecusado(f"Tipo de arquivo não permitido. Tipos aceitos: {aceitos}.")
    declarado = getattr(arquivo, "size", None)
    if isinstance(declarado, int) and declarado > tamanho_maximo:
        raise ArquivoGrande(f"O arquivo excede o tamanho máximo de {formatar_tamanho(tamanho_maximo)}.")

    temporario = tempfile.TemporaryFile(dir=getattr(settings, "FILE_UPLOAD_TEMP_DIR", None))
    try:
        tamanho, sha256 = _copiar(arquivo, temporario, tamanho_maximo)
        if tamanho == 0:
            raise EntradaInvalida("Arquivo vazio.", errors={"arquivo": ["Arquivo vazio."]})
        tipo = TIPOS[ext]
        codificacao = tipo.verificar(temporario, tamanho, limites_zip or LimitesZip())
        temporario.seek(0)
    except BaseException as erro:
        temporario.close()
        if isinstance(erro, TipoRecusado | ArquivoGrande):
            # what was refused, never the content or the full client name (ASVS 16.2.5)
            logger.info("Upload recusado (.%s, %s): %s", ext, type(erro).__name__, erro.mensagem)
        raise
    return ArquivoVerificado(
        arquivo=temporario,
        tamanho=tamanho,
        sha256=sha256,
        extensao=ext,
        mime=tipo.mime,
        nome_cliente=nome,
        codificacao=codificacao,
    )
