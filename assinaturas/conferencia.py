"""Conferir a autenticidade: the public check of a signed document by its two codes (código
verificador = número SEI; código CRC), with the verdict of its PAdES signatures checked by
pyHanko against the roots the órgãos sign under. Nothing is told about a document whose codes do
not both match: a wrong code and a missing document get the same answer, in the same time."""

import io
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache

from documentos import arquivos
from documentos.models import Documento
from sei.exceptions import ErroDominio

from . import chaves, codigos, qualificada, selectors

LIMITE_POR_MINUTO = 30
_CODIGO_FICTICIO = "0000-0000-0000-0000"


class MuitasConsultas(ErroDominio):
    status = 429
    code = "muitas_consultas"


@dataclass
class Conferencia:
    documento: Documento
    assinaturas: list[dict] = field(default_factory=list)
    valido: bool = False
    cancelado_em: datetime | None = None

    @property
    def publico(self) -> bool:
        return self.documento.nivel_acesso == 0 and self.cancelado_em is None


def limitar(endereco: str) -> None:
    """At most ``LIMITE_POR_MINUTO`` checks a minute from one address (429 beyond)."""
    chave = f"sei:conferir:{endereco}"
    cache.add(chave, 0, timeout=60)
    try:
        quantos = cache.incr(chave)
    except ValueError:  # expired between add and incr
        cache.set(chave, 1, timeout=60)
        quantos = 1
    if quantos > LIMITE_POR_MINUTO:
        raise MuitasConsultas("Muitas consultas deste endereço. Aguarde um minuto e tente de novo.")


def _numero(codigo_verificador: str) -> int | None:
    digitos = (codigo_verificador or "").strip()
    return int(digitos) if digitos.isascii() and digitos.isdigit() and len(digitos) <= 12 else None


def conferir(codigo_verificador: str, codigo_crc: str) -> Conferencia | None:
    """The document both codes name, or None (wrong code or no such signed document alike)."""
    numero = _numero(codigo_verificador)
    documento = (
        Documento.objects.select_related("tipo", "unidade_geradora", "processo")
        .filter(numero_sei=numero)
        .exclude(codigo_crc="")
        .exclude(estado=Documento.Estado.EXCLUIDO)
        .first()
        if numero is not None
        else None
    )
    guardado = documento.codigo_crc if documento is not None else _CODIGO_FICTICIO
    confere = codigos.confere(codigo_crc, guardado)
    if documento is None or not confere:
        return None
    return Conferencia(
        documento=documento,
        assinaturas=selectors.resumos(documento),
        valido=assinaturas_validas(arquivos.ler_tudo(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)),
        cancelado_em=documento.cancelado_em if documento.estado == Documento.Estado.CANCELADO else None,
    )


def assinaturas_validas(pdf: bytes) -> bool:
    """Every signature intact, valid and chained to one of our roots (or, for a qualificada one,
    to the ICP-Brasil roots of ``SEI_ICP_RAIZES``), and the last one covering
    the whole file (nothing appended after it)."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    raizes = [
        asn1_x509.Certificate.load(der)
        for _, _, der in pem.unarmor(chaves.cadeia_publica_pem().encode(), multiple=True)
    ]
    if not raizes:
        return False
    if qualificada.disponivel():  # qualificada signatures chain to the ICP-Brasil roots
        try:
            raizes += qualificada.raizes_icp()
        except ErroDominio:  # roots file unreadable now: those signatures do not confirm
            pass
    try:
        assinaturas = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
        if not assinaturas:
            return False
        for assinatura in assinaturas:
            estado = validate_pdf_signature(assinatura, ValidationContext(trust_roots=raizes))
            if not (estado.intact and estado.valid and estado.trusted):
                return False
        fim = max(int(a.byte_range[2]) + int(a.byte_range[3]) for a in assinaturas)
        return fim == len(pdf)
    except Exception:  # noqa: BLE001 - any unreadable or malformed file is simply not valid
        return False
