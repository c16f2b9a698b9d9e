"""Domain errors of the file layer (status and code read by sei.api's exception handler)."""

from sei.exceptions import ErroDominio


class ArquivoGrande(ErroDominio):
    """The upload is larger than the configured maximum (413)."""

    status = 413
    code = "arquivo_grande"


class TipoRecusado(ErroDominio):
    """Extension not allowed, or content that does not match it (415)."""

    status = 415
    code = "tipo_recusado"


class ArmazenamentoIndisponivel(ErroDominio):
    """The storage (disk, S3 bucket) refused or failed the write; nothing was kept (503)."""

    status = 503
    code = "armazenamento_indisponivel"


class ArquivoCorrompido(ErroDominio):
    """The stored bytes no longer match the SHA-256 recorded at upload (500).

    500, not 409: the client can do nothing to resolve it; it is an integrity failure on our
    side (tampering, bit rot, a wrong restore) that an administrator must look at.
    """

    status = 500
    code = "arquivo_corrompido"
