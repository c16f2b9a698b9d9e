"""The harness of tests/assinaturas/verificacao.py on PDFs signed here, with a throwaway PKI:
what it accepts must be valid for pdfsig and pyHanko, and each tampering must fail where it
should. No database.

The keys are RSA on purpose: with RSA in the chain, Poppler 22.12 shows the quirk described in
``verificar_pdfsig`` (2nd signature by the same certificate); an all-EC chain would hide it.

pdfsig/certutil missing: skipped, unless SEI_EXIGIR_INTEGRACAO=1 (scripts/test, hence CI), which
fails instead.
"""

import datetime
import io
import os
import shutil
from dataclasses import dataclass

import pytest
import weasyprint
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel

from .verificacao import (
    ErroPdfsig,
    acrescentar_revisao,
    corromper_assinatura,
    trocar_byte_assinado,
    ultima_revisao_cobre_o_fim,
    verificar_pdfsig,
    verificar_pyhanko,
)

SELO = "Selo Eletrônico de Teste"


@pytest.fixture
def requer_pdfsig():
    """pdfsig and certutil on the PATH, or skip (fail when SEI_EXIGIR_INTEGRACAO=1)."""
    faltam = [programa for programa in ("pdfsig", "certutil") if shutil.which(programa) is None]
    if not faltam:
        return
    motivo = f"faltam no PATH: {', '.join(faltam)} (apt-get install poppler-utils libnss3-tools)"
    if os.environ.get("SEI_EXIGIR_INTEGRACAO") == "1":
        pytest.fail(f"Integração exigida, mas {motivo}.", pytrace=False)
    pytest.skip(motivo)


# --- A throwaway PKI, a PDF, its signatures ------------------------------------------------------


def _nome(nome_comum: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Órgão de Teste"),
        x509.NameAttribute(NameOID.COMMON_NAME, nome_comum),
    ])  # fmt: skip


def _uso(*, ac: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ac, content_commitment=not ac, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=ac, crl_sign=ac, encipher_only=False, decipher_only=False,
    )  # fmt: skip


def _certificado(*, nome_comum, chave, emissor=None, chave_emissor=None, ac: bool) -> x509.Certificate:
    agora = datetime.datetime.now(datetime.UTC)
    emissor_nome = emissor.subject if emissor else _nome(nome_comum)
    chave_emissor = chave_emissor or chave
    return (
        x509.CertificateBuilder()
        .subject_name(_nome(nome_comum))
        .issuer_name(emissor_nome)
        .public_key(chave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(agora - datetime.timedelta(hours=1))
        .not_valid_after(agora + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ac, path_length=None), critical=True)
        .add_extension(_uso(ac=ac), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(chave.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(chave_emissor.public_key()), critical=False
        )
        .sign(chave_emissor, hashes.SHA256())
    )


def _chave():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _raiz(nome_comum: str):
    chave = _chave()
    return _certificado(nome_comum=nome_comum, chave=chave, ac=True), chave


def _pem(certificado: x509.Certificate) -> bytes:
    return certificado.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def raiz():
    """The órgão's root CA: (certificate, key)."""
    return _raiz("AC Raiz do Órgão de Teste")


@pytest.fixture(scope="module")
def raiz_pem(raiz) -> bytes:
    return _pem(raiz[0])


@pytest.fixture(scope="module")
def outra_raiz_pem() -> bytes:
    """A CA that signed nothing here."""
    return _pem(_raiz("AC Raiz Alheia")[0])


@pytest.fixture(scope="module")
def assinador(raiz) -> signers.SimpleSigner:
    """The seal: an end-entity certificate (digitalSignature, nonRepudiation) issued by the root."""
    certificado_raiz, chave_raiz = raiz
    chave = _chave()
    certificado = _certificado(
        nome_comum=SELO, chave=chave, emissor=certificado_raiz, chave_emissor=chave_raiz, ac=False
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificado.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            chave.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=None,
    )


def _assinar(pdf: bytes, assinador: signers.SimpleSigner, campo: str) -> bytes:
    """A PAdES signature in a new incremental revision."""
    metadados = signers.PdfSignatureMetadata(field_name=campo, subfilter=fields.SigSeedSubFilter.PADES)
    saida = signers.PdfSigner(metadados, signer=assinador).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return saida.getvalue()


@pytest.fixture(scope="module")
def pdf_base() -> bytes:
    return weasyprint.HTML(string="<h1>Ofício 1/2026</h1><p>Texto do ofício assinado.</p>").write_pdf()


@pytest.fixture(scope="module")
def assinado_uma_vez(pdf_base, assinador) -> bytes:
    return _assinar(pdf_base, assinador, "Assinatura1")


@pytest.fixture(scope="module")
def assinado_duas_vezes(assinado_uma_vez, assinador) -> bytes:
    """Two revisions signed by the same seal certificate."""
    return _assinar(assinado_uma_vez, assinador, "Assinatura2")


@dataclass
class Assinado:
    pdf: bytes
    campos: list[str]  # the signature fields, oldest first


@pytest.fixture(params=["uma", "duas"])
def assinado(request, assinado_uma_vez, assinado_duas_vezes) -> Assinado:
    """Each test twice: the PDF signed once, then signed twice."""
    if request.param == "uma":
        return Assinado(assinado_uma_vez, ["Assinatura1"])
    return Assinado(assinado_duas_vezes, ["Assinatura1", "Assinatura2"])


# --- Untampered -------------------------------------------------------------------------------


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_aceita_cada_assinatura(assinado, raiz_pem):
    resultado = verificar_pdfsig(assinado.pdf, raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    for assinatura in resultado:
        assert assinatura.nome_comum == SELO, assinatura.texto
        assert assinatura.assinatura_valida, assinatura.texto
        assert assinatura.certificado_confiavel, assinatura.texto
    # Only the last revision's signature covers the whole file.
    assert [a.documento_inteiro for a in resultado] == [False] * (len(resultado) - 1) + [True]


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_duas_assinaturas_do_mesmo_certificado(assinado_duas_vezes, raiz_pem):
    """The quirk of verificar_pdfsig: the 2nd signature by the same certificate is trusted too."""
    resultado = verificar_pdfsig(assinado_duas_vezes, raiz_pem)
    assert [a.campo for a in resultado] == ["Assinatura1", "Assinatura2"]
    assert all(a.certificado_confiavel for a in resultado), [a.texto for a in resultado]


def test_pyhanko_aceita_cada_assinatura(assinado, raiz_pem):
    resultado = verificar_pyhanko(assinado.pdf, raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    for assinatura in resultado:
        assert assinatura.intacta and assinatura.assinatura_valida, assinatura.resumo
        assert assinatura.certificado_confiavel and assinatura.bottom_line, assinatura.resumo
    assert resultado[-1].cobertura == SignatureCoverageLevel.ENTIRE_FILE
    # An earlier signature covers its own revision; what came after it only added a signature.
    for anterior in resultado[:-1]:
        assert anterior.cobertura == SignatureCoverageLevel.ENTIRE_REVISION, anterior.resumo
        assert anterior.nivel_modificacao == ModificationLevel.FORM_FILLING, anterior.resumo


def test_ultima_revisao_cobre_o_fim(assinado):
    assert ultima_revisao_cobre_o_fim(assinado.pdf)


def test_sem_assinatura_nao_cobre_o_fim(pdf_base):
    assert not ultima_revisao_cobre_o_fim(pdf_base)


@pytest.mark.usefixtures("requer_pdfsig")
def test_sem_assinatura_lista_vazia(pdf_base, raiz_pem):
    """pdfsig exits 2 for a PDF without signatures: no signature, not an error."""
    assert verificar_pdfsig(pdf_base, raiz_pem) == []
    assert verificar_pyhanko(pdf_base, raiz_pem) == []


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_arquivo_ilegivel_e_erro(assinado_uma_vez, raiz_pem):
    with pytest.raises(ErroPdfsig):
        verificar_pdfsig(assinado_uma_vez[:300], raiz_pem)


def test_byte_a_mais_no_fim_nao_cobre_o_fim(assinado_uma_vez):
    assert not ultima_revisao_cobre_o_fim(assinado_uma_vez + b"\n")


# --- Roots ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_raiz_alheia_nao_confia(assinado_duas_vezes, outra_raiz_pem):
    resultado = verificar_pdfsig(assinado_duas_vezes, outra_raiz_pem)
    assert len(resultado) == 2
    for assinatura in resultado:
        assert assinatura.assinatura_valida, assinatura.texto
        assert not assinatura.certificado_confiavel, assinatura.texto


def test_pyhanko_raiz_alheia_nao_confia(assinado_duas_vezes, outra_raiz_pem):
    resultado = verificar_pyhanko(assinado_duas_vezes, outra_raiz_pem)
    assert len(resultado) == 2
    for assinatura in resultado:
        assert assinatura.intacta and assinatura.assinatura_valida, assinatura.resumo
        assert not assinatura.certificado_confiavel and not assinatura.bottom_line, assinatura.resumo


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_varias_raizes_concatenadas(assinado_duas_vezes, raiz_pem, outra_raiz_pem):
    """raizes_pem may hold several certificates: the right one among them is enough."""
    raizes = outra_raiz_pem + raiz_pem
    resultado = verificar_pdfsig(assinado_duas_vezes, raizes)
    assert [a.certificado_confiavel for a in resultado] == [True, True], [a.texto for a in resultado]
    assert [a.certificado_confiavel for a in verificar_pyhanko(assinado_duas_vezes, raizes)] == [True, True]


# --- Tampered ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_byte_trocado(assinado, raiz_pem):
    adulterado = trocar_byte_assinado(assinado.pdf)
    assert len(adulterado) == len(assinado.pdf) and adulterado != assinado.pdf
    resultado = verificar_pdfsig(adulterado, raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    # The byte is in the first revision, which every signature covers.
    assert not any(a.assinatura_valida for a in resultado), [a.texto for a in resultado]


def test_pyhanko_byte_trocado(assinado, raiz_pem):
    resultado = verificar_pyhanko(trocar_byte_assinado(assinado.pdf), raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    for assinatura in resultado:
        assert not assinatura.intacta and not assinatura.bottom_line, assinatura.resumo


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_assinatura_corrompida(assinado, raiz_pem):
    resultado = verificar_pdfsig(corromper_assinatura(assinado.pdf), raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    assert not resultado[-1].assinatura_valida, resultado[-1].texto
    # The earlier signature does not cover the last one's /Contents.
    assert all(a.assinatura_valida for a in resultado[:-1]), [a.texto for a in resultado]


def test_pyhanko_assinatura_corrompida(assinado, raiz_pem):
    resultado = verificar_pyhanko(corromper_assinatura(assinado.pdf), raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    ultima = resultado[-1]
    # The document's digest still matches: only the signature over it is wrong.
    assert ultima.intacta and not ultima.assinatura_valida and not ultima.bottom_line, ultima.resumo
    assert all(a.bottom_line for a in resultado[:-1]), [a.resumo for a in resultado]


def test_revisao_acrescentada_nao_cobre_o_fim(assinado):
    acrescentado = acrescentar_revisao(assinado.pdf)
    assert acrescentado.startswith(assinado.pdf) and len(acrescentado) > len(assinado.pdf)
    assert not ultima_revisao_cobre_o_fim(acrescentado)


def test_pyhanko_revisao_acrescentada(assinado, raiz_pem):
    resultado = verificar_pyhanko(acrescentar_revisao(assinado.pdf), raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    ultima = resultado[-1]
    assert ultima.cobertura != SignatureCoverageLevel.ENTIRE_FILE, ultima.resumo
    # A change to the page's content: beyond what any signature allows afterwards.
    assert ultima.nivel_modificacao == ModificationLevel.OTHER and not ultima.bottom_line, ultima.resumo


@pytest.mark.usefixtures("requer_pdfsig")
def test_pdfsig_nao_ve_a_revisao_acrescentada(assinado, raiz_pem):
    """Why ultima_revisao_cobre_o_fim exists: pdfsig still calls every signature valid and
    trusted; only the missing "Total document signed" hints at the appended revision."""
    resultado = verificar_pdfsig(acrescentar_revisao(assinado.pdf), raiz_pem)
    assert [a.campo for a in resultado] == assinado.campos
    textos = [a.texto for a in resultado]
    assert all(a.assinatura_valida and a.certificado_confiavel for a in resultado), textos
    assert not any(a.documento_inteiro for a in resultado), textos
