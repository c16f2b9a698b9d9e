"""Test PKIs for the assinatura qualificada and the timestamp: an ICP-Brasil-like hierarchy (root
→ AC → titular, the CPF in the SubjectAltName otherName 2.16.76.1.3.1 as ICP-Brasil puts it) with
the titular as a PKCS#12 file, and a local RFC 3161 timestamp authority (pyHanko's
``DummyTimeStamper`` behind a tiny HTTP server on 127.0.0.1). A helper, not a test module."""

import datetime
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import core, tsp
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OID_CPF = x509.ObjectIdentifier("2.16.76.1.3.1")
SENHA_P12 = "senha-do-certificado"


def _nome(cn: str, organizacao: str = "ICP-Brasil de Teste") -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organizacao),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])  # fmt: skip


def _uso(*, ac: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ac, content_commitment=not ac, key_encipherment=not ac, data_encipherment=False,
        key_agreement=False, key_cert_sign=ac, crl_sign=ac, encipher_only=False, decipher_only=False,
    )  # fmt: skip


@dataclass
class Entidade:
    chave: rsa.RSAPrivateKey
    certificado: x509.Certificate
    cadeia: list[x509.Certificate] = field(default_factory=list)  # above it, up to the root

    @property
    def pem(self) -> bytes:
        return self.certificado.public_bytes(serialization.Encoding.PEM)

    def p12(self, caminho: Path, senha: str = SENHA_P12) -> Path:
        caminho.write_bytes(
            pkcs12.serialize_key_and_certificates(
                b"titular", self.chave, self.certificado, self.cadeia, serialization.BestAvailableEncryption(senha.encode())
            )
        )
        return caminho

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificado.public_bytes(serialization.Encoding.DER))

    @property
    def chave_asn1(self) -> asn1_keys.PrivateKeyInfo:
        der = self.chave.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return asn1_keys.PrivateKeyInfo.load(der)


def _chave() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def raiz(cn: str = "AC Raiz de Teste v1", organizacao: str = "ICP-Brasil de Teste") -> Entidade:
    chave = _chave()
    agora = datetime.datetime.now(datetime.UTC)
    nome = _nome(cn, organizacao)
    certificado = (
        x509.CertificateBuilder()
        .subject_name(nome)
        .issuer_name(nome)
        .public_key(chave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(agora - datetime.timedelta(days=1))
        .not_valid_after(agora + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_uso(ac=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(chave.public_key()), critical=False)
        .sign(chave, hashes.SHA256())
    )
    return Entidade(chave, certificado)


def emitir(
    emissor: Entidade,
    cn: str,
    *,
    ac: bool = False,
    cpf: str | None = None,
    nascimento: str = "01011980",
    de: datetime.datetime | None = None,
    ate: datetime.datetime | None = None,
    carimbo: bool = False,
) -> Entidade:
    """A certificate issued by ``emissor``: an AC, a titular (with ``cpf`` in the ICP-Brasil
    otherName: birth date, CPF, then NIS/RG placeholders as zeros) or a TSA (``carimbo``)."""
    chave = _chave()
    agora = datetime.datetime.now(datetime.UTC)
    construtor = (
        x509.CertificateBuilder()
        .subject_name(_nome(cn, emissor.certificado.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value))
        .issuer_name(emissor.certificado.subject)
        .public_key(chave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(de or agora - datetime.timedelta(days=1))
        .not_valid_after(ate or agora + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ac, path_length=0 if ac else None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(chave.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(emissor.chave.public_key()), critical=False
        )
    )
    if carimbo:
        construtor = construtor.add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)  # fmt: skip
    else:
        construtor = construtor.add_extension(_uso(ac=ac), critical=True)
    if cpf is not None:
        valor = core.OctetString((nascimento + cpf + "0" * 11 + "0" * 15).encode("ascii")).dump()
        construtor = construtor.add_extension(
            x509.SubjectAlternativeName([x509.OtherName(OID_CPF, valor), x509.RFC822Name("titular@exemplo.gov.br")]),
            critical=False,
        )
    certificado = construtor.sign(emissor.chave, hashes.SHA256())
    return Entidade(chave, certificado, [emissor.certificado, *emissor.cadeia])


# --- A local timestamp authority ----------------------------------------------------------------


class ServidorCarimbo:
    """An RFC 3161 TSA on 127.0.0.1 (a thread): pyHanko's DummyTimeStamper answers each request
    with a token signed by ``tsa``. ``pedidos`` counts the requests."""

    def __init__(self, tsa: Entidade):
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        raiz_tsa = asn1_x509.Certificate.load(tsa.cadeia[0].public_bytes(serialization.Encoding.DER))
        self.carimbador = DummyTimeStamper(
            tsa_cert=tsa.asn1, tsa_key=tsa.chave_asn1, certs_to_embed=SimpleCertificateStore.from_certs([raiz_tsa])
        )
        self.pedidos = 0
        servidor = self

        class Tratador(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                pedido = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
                resposta = servidor.carimbador.request_tsa_response(pedido).dump()
                servidor.pedidos += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(resposta)))
                self.end_headers()
                self.wfile.write(resposta)

            def log_message(self, *args):
                pass

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tratador)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def parar(self) -> None:
        self.http.shutdown()
        self.http.server_close()
