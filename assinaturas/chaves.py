"""The keys the product signs with: an internal root and a seal certificate per órgão, for
installations without their own certificates (``manage.py criar_certificado_orgao``; the
embedded mode makes them on first run). Keys never live in the database: each is a PKCS#12 file
in ``SEI_CHAVES_DIR`` protected by ``SEI_CHAVES_SENHA``; the database keeps the certificates
(``CertificadoOrgao``), so every signature records which one signed and old ones stay checkable
after a rotation. An installation with its own seal imports its PKCS#12 file the same way."""

import datetime
import hashlib
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from sei.exceptions import RegraDeNegocio
from sei.models import Orgao

from .models import CertificadoOrgao

TAMANHO_CHAVE = 3072  # RSA: what every PDF reader and NSS version verifies


def _pasta() -> Path:
    pasta = Path(settings.SEI_CHAVES_DIR)
    pasta.mkdir(parents=True, exist_ok=True, mode=0o700)
    return pasta


def _senha() -> bytes:
    senha = settings.SEI_CHAVES_SENHA
    if not senha:
        raise ImproperlyConfigured("SEI_CHAVES_SENHA não configurada: sem ela as chaves de assinatura não abrem.")
    return senha.encode()


def _nome(cn: str, orgao: str = "") -> x509.Name:
    atributos = [x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SEI livre")]
    if orgao:
        atributos.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, orgao[:64]))
    atributos.append(x509.NameAttribute(NameOID.COMMON_NAME, cn[:64]))
    return x509.Name(atributos)


def _uso(*, assinatura: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=assinatura,
        content_commitment=assinatura,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not assinatura,
        crl_sign=not assinatura,
        encipher_only=False,
        decipher_only=False,
    )


def _registrar(certificado: x509.Certificate, *, tipo: str, orgao: Orgao | None, arquivo: str) -> CertificadoOrgao:
    return CertificadoOrgao.objects.create(
        tipo=tipo,
        orgao=orgao,
        sujeito=certificado.subject.rfc4514_string()[:300],
        emissor=certificado.issuer.rfc4514_string()[:300],
        serial=format(certificado.serial_number, "X"),
        impressao_sha256=certificado.fingerprint(hashes.SHA256()).hex(),
        certificado_pem=certificado.public_bytes(serialization.Encoding.PEM).decode(),
        valido_de=certificado.not_valid_before_utc,
        valido_ate=certificado.not_valid_after_utc,
        arquivo_chave=arquivo,
    )


def _gravar_p12(nome: str, chave, certificado: x509.Certificate, cadeia: list[x509.Certificate]) -> str:
    arquivo = f"{nome}-{format(certificado.serial_number, 'X')[:16]}.p12"
    conteudo = pkcs12.serialize_key_and_certificates(
        nome.encode(), chave, certificado, cadeia, serialization.BestAvailableEncryption(_senha())
    )
    caminho = _pasta() / arquivo
    caminho.write_bytes(conteudo)
    caminho.chmod(0o600)
    return arquivo


def _carregar_p12(arquivo: str):
    try:
        dados = (_pasta() / arquivo).read_bytes()
    except OSError:
        raise RegraDeNegocio(
            "A chave de assinatura do órgão não está disponível neste servidor.", code="chave_indisponivel"
        ) from None
    return pkcs12.load_key_and_certificates(dados, _senha())


def raiz() -> CertificadoOrgao | None:
    return CertificadoOrgao.objects.filter(tipo=CertificadoOrgao.Tipo.RAIZ, ativo=True).order_by("-pk").first()


@transaction.atomic
def criar_raiz(*, anos: int = 20) -> CertificadoOrgao:
    """The internal root (self-signed CA) that signs the órgãos' seals; anyone may add it to a
    PDF reader's trust list (it is downloadable from the public page)."""
    chave = rsa.generate_private_key(public_exponent=65537, key_size=TAMANHO_CHAVE)
    agora = timezone.now()
    nome = _nome("SEI livre - Autoridade Raiz Interna")
    certificado = (
        x509.CertificateBuilder()
        .subject_name(nome)
        .issuer_name(nome)
        .public_key(chave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(agora - datetime.timedelta(minutes=5))
        .not_valid_after(agora + datetime.timedelta(days=365 * anos))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_uso(assinatura=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(chave.public_key()), critical=False)
        .sign(chave, hashes.SHA256())
    )
    arquivo = _gravar_p12("raiz", chave, certificado, [])
    return _registrar(certificado, tipo=CertificadoOrgao.Tipo.RAIZ, orgao=None, arquivo=arquivo)


@transaction.atomic
def criar_selo(orgao: Orgao, *, anos: int = 5) -> CertificadoOrgao:
    """A new seal certificate for ``orgao``, issued by the internal root; the one in use before
    it stays (inactive) to verify what it signed."""
    registro_raiz = raiz() or criar_raiz()
    chave_raiz, certificado_raiz, _ = _carregar_p12(registro_raiz.arquivo_chave)
    chave = rsa.generate_private_key(public_exponent=65537, key_size=TAMANHO_CHAVE)
    agora = timezone.now()
    certificado = (
        x509.CertificateBuilder()
        .subject_name(_nome(f"{orgao.sigla} - Selo de assinatura eletrônica", orgao.nome))
        .issuer_name(certificado_raiz.subject)
        .public_key(chave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(agora - datetime.timedelta(minutes=5))
        .not_valid_after(min(agora + datetime.timedelta(days=365 * anos), certificado_raiz.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_uso(assinatura=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(chave.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(chave_raiz.public_key()), critical=False)
        .sign(chave_raiz, hashes.SHA256())
    )
    arquivo = _gravar_p12(f"selo-{hashlib.sha256(orgao.sigla.encode()).hexdigest()[:8]}", chave, certificado, [certificado_raiz])
    CertificadoOrgao.objects.filter(tipo=CertificadoOrgao.Tipo.SELO, orgao=orgao, ativo=True).update(ativo=False)
    return _registrar(certificado, tipo=CertificadoOrgao.Tipo.SELO, orgao=orgao, arquivo=arquivo)


def selo_em_uso(orgao: Orgao) -> CertificadoOrgao:
    selo = CertificadoOrgao.objects.filter(tipo=CertificadoOrgao.Tipo.SELO, orgao=orgao, ativo=True).first()
    if selo is None:
        raise RegraDeNegocio(
            f"O órgão {orgao.sigla} não tem certificado de assinatura (manage.py criar_certificado_orgao).",
            code="sem_certificado",
        )
    return selo


_assinadores: dict[str, object] = {}
_trava = threading.Lock()


def assinador(selo: CertificadoOrgao):
    """pyHanko's signer for ``selo`` (its PKCS#12 opened once per process)."""
    with _trava:
        if selo.impressao_sha256 not in _assinadores:
            chave, certificado, cadeia = _carregar_p12(selo.arquivo_chave)
            if certificado is None or certificado.fingerprint(hashes.SHA256()).hex() != selo.impressao_sha256:
                raise RegraDeNegocio(
                    "O arquivo da chave não corresponde ao certificado registrado.", code="chave_trocada"
                )
            _assinadores[selo.impressao_sha256] = _assinador_de(chave, certificado, cadeia or [])
        return _assinadores[selo.impressao_sha256]


def _assinador_de(chave, certificado: x509.Certificate, cadeia: list[x509.Certificate]):
    # pyHanko loads its PDF stack: imported only where signing happens.
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    chave_der = chave.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    modelos: dict[tuple, tuple | None] = {}

    class AssinadorDoSelo(signers.SimpleSigner):
        """pyHanko's SimpleSigner parses its DER key again at every signature (~0.2 s for RSA
        3072, with the key's consistency checks), and signs twice per PDF (once to estimate the
        signature's size). Here the key opened once signs, and the size estimate gets a
        signature of the right length without using the key: the same signatures, made once."""

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            try:
                algoritmo = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            except ValueError:
                algoritmo = None
            if algoritmo != "rsassa_pkcs1v15" or not isinstance(chave, rsa.RSAPrivateKey):
                return super().sign_raw(data, digest_algorithm)
            from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
            from pyhanko_certvalidator.util import get_pyca_cryptography_hash

            return chave.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
            if dry_run and isinstance(chave, rsa.RSAPrivateKey):
                return bytes((chave.key_size + 7) // 8)
            return self.sign_raw(data, digest_algorithm)

        async def async_sign(
            self, data_digest: bytes, digest_algorithm: str, dry_run=False, use_pades=False, timestamper=None,
            signed_attr_settings=None, is_pdf_sig=True, encap_content_info=None,
        ):  # fmt: skip
            """A PAdES signature of the seal is the same CMS every time but for two fields: the
            message digest (a signed attribute) and the signature over the signed attributes.
            pyHanko builds it once (the model, with a random digest); each later one is that DER
            with the document's digest in place and the attributes signed again — the very bytes
            pyHanko would build (``tests/assinaturas/test_blocos_servicos.py`` compares them),
            without rebuilding ~1,300 ASN.1 values per signature. Anything else (a timestamp,
            CAdES attributes, a trial run) goes to pyHanko as it is."""
            comum = signed_attr_settings is None or (
                signed_attr_settings.cades_signed_attrs is None and signed_attr_settings.adobe_revinfo_attr is None
            )
            especial = dry_run or timestamper is not None or encap_content_info is not None
            if especial or not (use_pades and is_pdf_sig and comum):
                return await super().async_sign(
                    data_digest, digest_algorithm, dry_run=dry_run, use_pades=use_pades, timestamper=timestamper,
                    signed_attr_settings=signed_attr_settings, is_pdf_sig=is_pdf_sig,
                    encap_content_info=encap_content_info,
                )  # fmt: skip
            modelo = await self._modelo(digest_algorithm, is_pdf_sig, signed_attr_settings, len(data_digest))
            if modelo is None:
                return await super().async_sign(
                    data_digest, digest_algorithm, use_pades=use_pades, signed_attr_settings=signed_attr_settings,
                    is_pdf_sig=is_pdf_sig,
                )  # fmt: skip
            marcador, atributos, assinatura, der = modelo
            nova = self.sign_raw(atributos.replace(marcador, data_digest), digest_algorithm)
            if len(nova) != len(assinatura):
                raise RuntimeError("assinatura de tamanho inesperado")
            from asn1crypto import cms

            return cms.ContentInfo.load(der.replace(marcador, data_digest).replace(assinatura, nova))

        async def _modelo(self, digest_algorithm, is_pdf_sig, signed_attr_settings, tamanho):
            chave_modelo = (digest_algorithm, is_pdf_sig, tamanho)
            if chave_modelo not in modelos:
                import os

                marcador = os.urandom(tamanho)
                pronto = await super().async_sign(
                    marcador, digest_algorithm, use_pades=True, signed_attr_settings=signed_attr_settings,
                    is_pdf_sig=is_pdf_sig,
                )  # fmt: skip
                der = pronto.dump()
                info = pronto["content"]["signer_infos"][0]
                atributos = info["signed_attrs"].untag().dump(force=True)
                assinatura = info["signature"].native
                usavel = (
                    der.count(marcador) == 1
                    and atributos.count(marcador) == 1
                    and der.count(assinatura) == 1
                    and self.sign_raw(atributos, digest_algorithm) == assinatura  # what pyHanko signed
                )
                modelos[chave_modelo] = (marcador, atributos, assinatura, der) if usavel else None
            return modelos[chave_modelo]

    assinador = AssinadorDoSelo(
        signing_cert=asn1_x509.Certificate.load(certificado.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(chave_der),
        cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(c.public_bytes(der)) for c in cadeia]),
    )
    # Room for the CMS in the PDF, reserved up front (pyHanko would otherwise build a trial CMS to
    # measure it): the certificates it carries, the signature, and ample room for the attributes.
    certificados = [certificado, *cadeia]
    reserva = sum(len(c.public_bytes(der)) for c in certificados) + 2 * (chave.key_size // 8) + 4096
    assinador.reserva_cms = reserva + reserva % 2  # pyHanko wants an even number
    return assinador


def cadeia_publica_pem() -> str:
    """The PEM of the roots the órgãos sign under (active or not: old signatures stay checkable)."""
    return "".join(
        CertificadoOrgao.objects.filter(tipo=CertificadoOrgao.Tipo.RAIZ).order_by("pk").values_list("certificado_pem", flat=True)
    )
