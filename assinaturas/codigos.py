"""The two codes printed under the signatures, as SEI prints them: the código verificador (the
número SEI) and the código CRC — here not a CRC (SEI's CRC32 is forgeable by anyone who can
append four bytes) but a keyed code: HMAC-SHA-256 of the document's first signed PDF with a
server key that never enters the database, 64 bits printed in groups (``4F2A-91C0-77E3-B0D5``).
Each code records its key id, so a rotation keeps older codes valid."""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_GRUPOS = 4  # of 4 hex digits: 64 bits


def _chaves() -> dict[str, bytes]:
    chaves: dict[str, bytes] = {}
    for item in (settings.SEI_CRC_CHAVES or "").split(","):
        identificador, _, segredo = item.strip().partition(":")
        if identificador and len(segredo) >= 32:
            chaves.setdefault(identificador.strip(), segredo.strip().encode())
    if not chaves:
        raise ImproperlyConfigured(
            "SEI_CRC_CHAVES não configurada (id:segredo, segredo de 32 caracteres ou mais): sem ela não há código CRC."
        )
    return chaves


def _codigo(chave: bytes, numero_sei: int, pdf: bytes) -> str:
    resumo = hmac.new(chave, f"crc|{numero_sei}|".encode() + hashlib.sha256(pdf).digest(), hashlib.sha256)
    texto = resumo.hexdigest()[: 4 * _GRUPOS].upper()
    return "-".join(texto[i : i + 4] for i in range(0, len(texto), 4))


def gerar(numero_sei: int, pdf: bytes) -> tuple[str, str]:
    """(key id, código CRC) of the document ``numero_sei`` whose first signed PDF is ``pdf``."""
    identificador, chave = next(iter(_chaves().items()))
    return identificador, _codigo(chave, numero_sei, pdf)


def normalizar(codigo: str) -> str:
    """What a person typed (spaces, lower case, dashes or not) as the printed form; "" if it cannot be one."""
    texto = re.sub(r"[\s\-.]", "", codigo or "").upper()
    if not re.fullmatch(rf"[0-9A-F]{{{4 * _GRUPOS}}}", texto):
        return ""
    return "-".join(texto[i : i + 4] for i in range(0, len(texto), 4))


def confere(digitado: str, guardado: str) -> bool:
    """Constant-time comparison of a typed code with the stored one."""
    return hmac.compare_digest(normalizar(digitado).encode(), (guardado or "-").encode())


def recalcular(numero_sei: int, pdf: bytes, chave_id: str) -> str | None:
    """The code that key ``chave_id`` gives for ``pdf`` (None when that key is no longer configured)."""
    chave = _chaves().get(chave_id)
    return _codigo(chave, numero_sei, pdf) if chave else None
