"""Conferir a autenticidade: the public check of a signed document by its two codes (código
verificador = número SEI; código CRC), with the verdict of its PAdES signatures checked by
pyHanko against the roots the órgãos sign under. Nothing is told about a document whose codes do
not both match: a wrong code and a missing document get the same answer, in the same time.

Everything here is limited per address (``limitar``) through Django's cache, which is Redis in
production (``sei.settings.CACHES``) so that every worker process counts together. The verdict of
a signed file is cached by its SHA-256 and the roots it was checked against: the same bytes under
the same roots always get the same verdict, so pyHanko runs once per file, not once per visit."""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache

from documentos import arquivos
from documentos.models import Documento
from sei import acesso
from sei.exceptions import ErroDominio
from sei.models import NivelAcesso

from . import chaves, codigos, qualificada, selectors

LIMITE_POR_MINUTO = 30
_CODIGO_FICTICIO = "0000-0000-0000-0000"
# A good verdict is kept a day (certificates expire: the verdict is re-checked now and then); a
# bad one five minutes (it is a file of ours failing: worth seeing the cause fixed quickly).
VEREDITO_VALIDO_SEGUNDOS = 24 * 3600
VEREDITO_INVALIDO_SEGUNDOS = 300


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
        return conteudo_publico(self.documento)


def conteudo_publico(documento: Documento) -> bool:
    """The signed PDF may be handed to anyone holding the two codes: the level that governs the
    content (the document's or its process's, whichever is stricter: ``sei.acesso``) is
    público, and the document is not cancelled. Otherwise the codes give the verdict only."""
    return (
        documento.estado != Documento.Estado.CANCELADO
        and acesso.nivel_do_conteudo(documento) == NivelAcesso.PUBLICO
    )


def limitar(endereco: str) -> None:
    """At most ``LIMITE_POR_MINUTO`` checks a minute from one address (429 beyond), counted in
    the shared cache (atomic ``incr``: Redis ``INCRBY`` in production)."""
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


def documento_conferido(codigo_verificador: str, codigo_crc: str) -> Documento | None:
    """The signed document both codes name, or None (wrong code or no such signed document
    alike: the CRC is compared in constant time against a stand-in when there is no document)."""
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
    return documento


def conferir(codigo_verificador: str, codigo_crc: str) -> Conferencia | None:
    """The document both codes name with its signatures and their verdict, or None (wrong code
    or no such signed document alike)."""
    documento = documento_conferido(codigo_verificador, codigo_crc)
    if documento is None:
        return None
    return Conferencia(
        documento=documento,
        assinaturas=selectors.resumos(documento),
        valido=veredito(documento),
        cancelado_em=documento.cancelado_em if documento.estado == Documento.Estado.CANCELADO else None,
    )


def _raizes() -> list:
    """The roots a signature may chain to: ours, and the ICP-Brasil ones when configured."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    raizes = [
        asn1_x509.Certificate.load(der)
        for _, _, der in pem.unarmor(chaves.cadeia_publica_pem().encode(), multiple=True)
    ]
    if raizes and qualificada.disponivel():  # qualificada signatures chain to the ICP-Brasil roots
        try:
            raizes += qualificada.raizes_icp()
        except ErroDominio:  # roots file unreadable now: those signatures do not confirm
            pass
    return raizes


def _chave_veredito(sha256: str, raizes: list) -> str:
    impressao = hashlib.sha256(b"".join(sorted(r.dump() for r in raizes))).hexdigest()[:32]
    return f"sei:veredito:{sha256}:{impressao}"


def veredito(documento: Documento) -> bool:
    """Whether the document's signed PDF passes ``assinaturas_validas``. The stored file is
    always read and checked against its recorded SHA-256 (``ArquivoCorrompido`` otherwise: an
    altered file is an error, never "autêntico"); pyHanko runs only when the verdict for these
    bytes and these roots is not cached yet."""
    raizes = _raizes()
    chave = _chave_veredito(documento.pdf_assinado_sha256, raizes)
    guardado = cache.get(chave)
    if guardado is not None:
        with arquivos.abrir_verificado(documento.pdf_assinado_nome, documento.pdf_assinado_sha256) as leitor:
            for _ in leitor:  # a large file is checked while read through
                pass
        return bool(guardado)
    valido = assinaturas_validas(
        arquivos.ler_tudo(documento.pdf_assinado_nome, documento.pdf_assinado_sha256), raizes=raizes
    )
    cache.set(chave, valido, timeout=VEREDITO_VALIDO_SEGUNDOS if valido else VEREDITO_INVALIDO_SEGUNDOS)
    return valido


def assinaturas_validas(pdf: bytes, *, raizes: list | None = None) -> bool:
    """Every signature intact, valid and chained to one of our roots (or, for a qualificada one,
    to the ICP-Brasil roots of ``SEI_ICP_RAIZES``), and the last one covering
    the whole file (nothing appended after it)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    raizes = _raizes() if raizes is None else raizes
    if not raizes:
        return False
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
