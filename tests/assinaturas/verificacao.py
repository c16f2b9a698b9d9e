"""Checks a signed PDF from outside the product (issue 9): what Poppler's ``pdfsig`` (NSS) and
pyHanko say about each signature, whether the last revision covers the end of the file, and
tampered copies (a flipped signed byte, a corrupted signature, an appended revision) that must
fail. A helper for tests, not a test module: it knows nothing of the product's code.

``pdfsig`` needs the Debian packages poppler-utils and libnss3-tools (``certutil``), which
``scripts/ambiente.sh`` installs.
"""

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

# Seconds; each call takes tens of milliseconds on a small PDF.
LIMITE_CERTUTIL = 30
LIMITE_PDFSIG = 60

_BLOCO_PDFSIG = re.compile(r"^(?=Signature #\d+:)", re.MULTILINE)


@dataclass
class AssinaturaPdfsig:
    """What ``pdfsig`` printed for one signature."""

    campo: str
    nome_comum: str
    assinatura_valida: bool  # "Signature is Valid." (the digest and the CMS signature check)
    certificado_confiavel: bool  # "Certificate is Trusted." (a chain to a root of the NSS db)
    documento_inteiro: bool  # "Total document signed": the ByteRange ends at the end of the file
    texto: str  # the raw block, for assertion messages


@dataclass
class AssinaturaPyhanko:
    """What pyHanko's ``validate_pdf_signature`` said about one signature."""

    campo: str
    intacta: bool  # the digest over the ByteRange matches the signed one
    assinatura_valida: bool  # the CMS signature checks with the signer's key
    certificado_confiavel: bool  # a path to one of the given roots, key usage accepted
    bottom_line: bool  # pyHanko's overall judgement (also modification policy)
    cobertura: SignatureCoverageLevel
    nivel_modificacao: ModificationLevel | None  # what later revisions changed (None: not evaluated)
    resumo: str  # pyHanko's summary, for assertion messages


class ErroPdfsig(RuntimeError):
    """``pdfsig`` or ``certutil`` failed outright (not a verdict about a signature)."""


# --- Reading ----------------------------------------------------------------------------------


def _assinaturas(pdf: bytes, *, strict: bool = True) -> list[EmbeddedPdfSignature]:
    return list(PdfFileReader(io.BytesIO(pdf), strict=strict).embedded_signatures)


def _intervalo(assinatura: EmbeddedPdfSignature) -> tuple[int, int, int, int]:
    inicio1, tamanho1, inicio2, tamanho2 = (int(n) for n in assinatura.byte_range)
    return inicio1, tamanho1, inicio2, tamanho2


def _fim_assinado(assinatura: EmbeddedPdfSignature) -> int:
    _, _, inicio2, tamanho2 = _intervalo(assinatura)
    return inicio2 + tamanho2


def _ultima(assinaturas: list[EmbeddedPdfSignature]) -> EmbeddedPdfSignature:
    return max(assinaturas, key=_fim_assinado)


def _certificados_pem(raizes_pem: bytes) -> list[bytes]:
    """The DER of every certificate in ``raizes_pem`` (one or more PEM blocks, concatenated)."""
    ders = [der for tipo, _, der in pem.unarmor(raizes_pem, multiple=True) if tipo == "CERTIFICATE"]
    if not ders:
        raise ValueError("raizes_pem não contém nenhum certificado PEM.")
    return ders


# --- pdfsig -----------------------------------------------------------------------------------


def _executar(*comando: str, limite: int, aceitos: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    try:
        resultado = subprocess.run(comando, capture_output=True, text=True, timeout=limite, check=False)
    except subprocess.TimeoutExpired as erro:
        raise ErroPdfsig(f"{comando[0]} não terminou em {limite} s.") from erro
    if resultado.returncode not in aceitos:
        raise ErroPdfsig(f"{' '.join(comando)} saiu com {resultado.returncode}: {resultado.stderr.strip()}")
    return resultado


def _certificados_embutidos(pdf: bytes) -> list[bytes]:
    """The DER of the certificates carried by the signatures' CMS (signer and intermediates),
    without repeats; none when pyHanko cannot read the file (pdfsig still gets to say why)."""
    try:
        assinaturas = _assinaturas(pdf, strict=False)
    except Exception:  # a damaged file is pdfsig's to judge, not this helper's
        return []
    ders: list[bytes] = []
    for assinatura in assinaturas:
        for escolha in assinatura.signed_data["certificates"] or []:
            if escolha.name == "certificate" and (der := escolha.chosen.dump()) not in ders:
                ders.append(der)
    return ders


def _bloco_pdfsig(texto: str) -> AssinaturaPdfsig:
    def valor(rotulo: str) -> str:
        achado = re.search(rf"^\s*- {re.escape(rotulo)}: (.*)$", texto, re.MULTILINE)
        return achado.group(1).strip() if achado else ""

    return AssinaturaPdfsig(
        campo=valor("Signature Field Name"),
        nome_comum=valor("Signer Certificate Common Name"),
        assinatura_valida=valor("Signature Validation") == "Signature is Valid.",
        certificado_confiavel=valor("Certificate Validation") == "Certificate is Trusted.",
        documento_inteiro=re.search(r"^\s*- Total document signed\s*$", texto, re.MULTILINE) is not None,
        texto=texto,
    )


def verificar_pdfsig(pdf: bytes, raizes_pem: bytes) -> list[AssinaturaPdfsig]:
    """Run Poppler's ``pdfsig`` on ``pdf`` with a fresh NSS database that trusts exactly the
    certificates of ``raizes_pem`` ("CT,C,C"); one entry per signature, in pdfsig's order.

    pdfsig exits 0 whatever it finds: the verdict is parsed from its text.

    Quirk of Poppler 22.12 (Debian 12), measured: in one pdfsig run, a signature whose signer
    certificate was already met for an earlier signature gets "Certificate Validation: Unknown
    issue with Certificate or corrupted data." although nothing is wrong (the same seal signing
    twice: always on the 2nd signature, whenever an RSA key is in the chain; an all-EC chain
    happens not to show it). Its validateCertificate ignores what CERT_PKIXVerifyCert returns and
    reads PORT_GetError(), NSS's last error, which success does not reset, so a stale error
    (apparently from re-importing that certificate as a temporary one) becomes the verdict;
    later Poppler checks the return value. Checking signature k on the prefix that ends with
    revision k does not help: the earlier signatures are still there and pdfsig checks them
    first. What helps: the certificates the signatures carry go into the database beforehand
    with no trust at all (",,"). That grants nothing (trust still comes only from the roots: a
    foreign root still gives "issuer is unknown", and NSS reads those certificates from the CMS
    anyway), and "Certificate is Trusted." means no error at all, so it can never be a stale
    verdict: the workaround only removes false failures. Never pass -no-ocsp: on this Poppler
    it makes every signature "Unknown issue".
    """
    raizes = _certificados_pem(raizes_pem)
    confiancas = [(der, "CT,C,C") for der in raizes]
    confiancas += [(der, ",,") for der in _certificados_embutidos(pdf) if der not in raizes]
    with tempfile.TemporaryDirectory(prefix="pdfsig-") as pasta:
        base = Path(pasta)
        banco = f"sql:{base}"
        _executar("certutil", "-N", "-d", banco, "--empty-password", limite=LIMITE_CERTUTIL)
        for numero, (der, confianca) in enumerate(confiancas):
            arquivo = base / f"certificado-{numero}.der"
            arquivo.write_bytes(der)
            apelido = f"certificado-{numero}"
            importar = ["certutil", "-A", "-d", banco, "-n", apelido, "-t", confianca, "-i", str(arquivo)]
            _executar(*importar, limite=LIMITE_CERTUTIL)
        documento = base / "documento.pdf"
        documento.write_bytes(pdf)
        # Exit 2 with "does not contain any signatures" on stdout; 1 when it cannot read the file.
        resultado = _executar(
            "pdfsig", "-nssdir", banco, str(documento), limite=LIMITE_PDFSIG, aceitos=(0, 2)
        )
    saida = resultado.stdout
    if resultado.returncode == 2 and "does not contain any signatures" not in saida:
        raise ErroPdfsig(f"pdfsig saiu com 2: {resultado.stderr.strip() or saida.strip()}")
    # The header line ("Digital Signature Info of: ...") first, then one block per signature.
    return [_bloco_pdfsig(bloco) for bloco in _BLOCO_PDFSIG.split(saida)[1:]]


# --- pyHanko ----------------------------------------------------------------------------------


def verificar_pyhanko(pdf: bytes, raizes_pem: bytes) -> list[AssinaturaPyhanko]:
    """Validate every signature of ``pdf`` with pyHanko against exactly the roots of
    ``raizes_pem`` (no fetching: no OCSP, CRL or AIA over the network); one entry per
    signature, oldest first."""
    raizes = [x509.Certificate.load(der) for der in _certificados_pem(raizes_pem)]
    resultado = []
    for assinatura in sorted(_assinaturas(pdf), key=_fim_assinado):
        # A context per signature: it caches validation paths.
        contexto = ValidationContext(trust_roots=raizes, allow_fetching=False)
        situacao = validate_pdf_signature(assinatura, signer_validation_context=contexto)
        resultado.append(
            AssinaturaPyhanko(
                campo=assinatura.field_name,
                intacta=situacao.intact,
                assinatura_valida=situacao.valid,
                certificado_confiavel=situacao.trusted,
                bottom_line=situacao.bottom_line,
                cobertura=situacao.coverage,
                nivel_modificacao=situacao.modification_level,
                resumo=situacao.summary(),
            )
        )
    return resultado


# --- Coverage ---------------------------------------------------------------------------------


def ultima_revisao_cobre_o_fim(pdf: bytes) -> bool:
    """Whether the last signature's ByteRange ends exactly at the last byte of ``pdf``.

    Exact, not "up to trailing whitespace after %%EOF": pyHanko's ENTIRE_FILE and pdfsig's
    "Total document signed" both compare with the file size exactly (the signer writes its
    "%%EOF" and end of line inside the signed range), so a laxer rule here would pass files that
    both verifiers call partly unsigned; and the product writes these files itself, so it has no
    reason to leave a stray byte. Any appended revision (an unsigned incremental update) fails."""
    assinaturas = _assinaturas(pdf, strict=False)
    return bool(assinaturas) and _fim_assinado(_ultima(assinaturas)) == len(pdf)


# --- Tampering ----------------------------------------------------------------------------------


def trocar_byte_assinado(pdf: bytes) -> bytes:
    """A copy of ``pdf`` with one byte flipped in the first signed range of the first signature
    (before its /Contents): a byte of the data of the first stream there, so that the file still
    parses and only the signed digests can notice."""
    inicio1, tamanho1, _, _ = _intervalo(min(_assinaturas(pdf), key=_fim_assinado))
    for achado in re.finditer(rb"stream\r?\n", pdf[inicio1 : inicio1 + tamanho1]):
        dados = inicio1 + achado.end()
        fim = pdf.find(b"endstream", dados, inicio1 + tamanho1)
        if fim - dados >= 2:
            posicao = dados + (fim - dados) // 2
            return pdf[:posicao] + bytes([pdf[posicao] ^ 0x01]) + pdf[posicao + 1 :]
    raise ValueError("Nenhum stream no primeiro intervalo assinado para adulterar.")


def corromper_assinatura(pdf: bytes) -> bytes:
    """A copy of ``pdf`` with one hex digit changed inside the signature value (the signer's
    RSA/ECDSA output) of the last signature's /Contents: the CMS still decodes, the digest of
    the document still matches, only the signature check fails."""
    ultima = _ultima(_assinaturas(pdf))
    _, tamanho1, inicio2, _ = _intervalo(ultima)
    # Between the two ranges: "<" hex ">" (the hex of the DER, then zero padding).
    hexa = pdf[tamanho1 + 1 : inicio2 - 1].lower()
    valor = ultima.signer_info["signature"].native.hex().encode()
    deslocamento = hexa.find(valor)
    if deslocamento < 0 or hexa.find(valor, deslocamento + 1) >= 0:
        raise ValueError("Valor da assinatura não localizado (uma única vez) em /Contents.")
    posicao = tamanho1 + 1 + deslocamento + len(valor) // 2
    trocado = b"0" if pdf[posicao : posicao + 1] != b"0" else b"1"
    return pdf[:posicao] + trocado + pdf[posicao + 1 :]


def acrescentar_revisao(pdf: bytes) -> bytes:
    """A copy of ``pdf`` with an unsigned incremental update appended that draws a red
    rectangle near the bottom-left corner of the first page (a change anyone sees), every signed
    byte left as it was: pdfsig still calls each signature valid, only coverage tells."""
    escritor = IncrementalPdfFileWriter(io.BytesIO(pdf))
    desenho = generic.StreamObject(stream_data=b"q 1 0 0 rg 20 20 200 60 re f Q\n")
    escritor.add_stream_to_page(0, escritor.add_object(desenho))
    saida = io.BytesIO()
    escritor.write(saida)
    return saida.getvalue()
