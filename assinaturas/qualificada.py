"""Assinatura qualificada (ICP-Brasil certificate, Lei 14.063/2020 art. 4º, III): the server never
holds the signer's key. In two steps:

- ``preparar`` appends the next revision to the document's PDF exactly as the eletrônica
  signature does (the first one: the rendered PDF, the código CRC and the appearance with the
  validation block; later ones: the next tarja slot, here with the qualificada wording), with an
  empty signature (room for the CMS), stores it and returns the SHA-256 of its byte ranges: the
  value the external signer puts in the CMS ``messageDigest`` signed attribute.
- ``concluir`` takes the CMS (DER SignedData) the signer made over that digest, checks it (the
  digest is the prepared one, the signature checks with the certificate it carries, the
  certificate chains to ``SEI_ICP_RAIZES``, is within its validity and carries the signer's CPF in
  the ICP-Brasil otherName 2.16.76.1.3.1), adds the RFC 3161 timestamp when a TSA is configured,
  embeds it, checks the whole file again with pyHanko and records the signature as the eletrônica
  one does (same locks, rows and history).

A ``sei-assinador`` console command (``assinaturas.assinador_referencia``) signs a digest with a
local .p12/.pfx, so the flow is usable and testable end to end."""

import asyncio
import base64
import binascii
import datetime
import hashlib
import hmac
import io
import os
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from documentos import arquivos
from documentos.models import Documento
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado, RegraDeNegocio

from . import carimbo, services
from .models import Assinatura, PreparacaoAssinatura

ALGORITMO = "sha256"
OID_CPF_ICP_BRASIL = "2.16.76.1.3.1"  # pessoa física: nascimento (8), CPF (11), NIS, RG, órgão


def disponivel() -> bool:
    """Whether the qualificada signature is offered (``SEI_ICP_RAIZES`` configured)."""
    return bool(settings.SEI_ICP_RAIZES)


_raizes: dict[tuple, list] = {}
_trava = threading.Lock()


def raizes_icp() -> list:
    """The trusted roots (asn1crypto certificates) of ``SEI_ICP_RAIZES``, read once per file
    version; without them the qualificada signature is unavailable (409)."""
    from asn1crypto import pem, x509

    caminho = settings.SEI_ICP_RAIZES
    indisponivel = "Assinatura com certificado digital indisponível: o servidor não tem as raízes ICP-Brasil configuradas (SEI_ICP_RAIZES)."
    if not caminho:
        raise RegraDeNegocio(indisponivel, code="qualificada_indisponivel")
    try:
        estado = os.stat(caminho)
        chave = (caminho, estado.st_mtime_ns, estado.st_size)
        with _trava:
            if chave not in _raizes:
                with open(caminho, "rb") as arquivo:
                    dados = arquivo.read()
                certificados = [
                    x509.Certificate.load(der) for tipo, _, der in pem.unarmor(dados, multiple=True) if tipo == "CERTIFICATE"
                ]
                if not certificados:
                    raise ValueError("nenhum certificado")
                _raizes.clear()
                _raizes[chave] = certificados
            return _raizes[chave]
    except (OSError, ValueError):
        raise RegraDeNegocio(
            "Assinatura com certificado digital indisponível: o arquivo de raízes ICP-Brasil (SEI_ICP_RAIZES) não pôde ser lido.",
            code="qualificada_indisponivel",
        ) from None


def _contexto_validacao(raizes: list):
    from pyhanko_certvalidator import ValidationContext

    # No fetching (no OCSP/CRL/AIA over the network from here): revocation is checked against
    # what the CMS carries, and unknown revocation status does not refuse (soft-fail).
    return ValidationContext(trust_roots=raizes, allow_fetching=False, revocation_mode="soft-fail")


# --- preparar ---------------------------------------------------------------------------------


def preparar(*, ator: Ator, documento: Documento, cargo: str, url_publica: str) -> PreparacaoAssinatura:
    """Assinatura qualificada, 1st step: the same rules as ``services.assinar`` on who signs and
    with which cargo (no password: the certificate authenticates). The prepared PDF is stored
    before the row that names it commits (and deleted if it does not)."""
    raizes_icp()
    nome_arquivo = arquivos.gerar_nome("pdf", prefixo="preparados")
    with arquivos.apagar_se_falhar(nome_arquivo):
        return _preparar(ator, documento, cargo, url_publica, nome_arquivo)


@transaction.atomic(durable=True)
def _preparar(ator: Ator, documento: Documento, cargo: str, url_publica: str, nome_arquivo: str) -> PreparacaoAssinatura:
    _, documento, cargo = services.travar_para_assinar(ator, documento, cargo)
    return preparar_travado(ator=ator, documento=documento, cargo=cargo, url_publica=url_publica, nome_arquivo=nome_arquivo)


def preparar_travado(
    *, ator: Ator, documento: Documento, cargo: str, url_publica: str, nome_arquivo: str
) -> PreparacaoAssinatura:
    """The 1st step for a signer the caller has already checked, in the caller's transaction,
    the process and the document locked (``externo``'s assinatura externa: the citizen, under
    the unit that released the document, with the cargo "Usuário Externo")."""
    raizes_icp()
    agora = timezone.now()
    tarja = services.tarja_de(ator, cargo=cargo, em=agora, nivel=Assinatura.Nivel.QUALIFICADA)
    revisao = services.proxima_revisao(documento, tarja, url_publica=url_publica)
    preparado = services.preparar_pdf(revisao, tarja=tarja)
    nome_arquivo, sha256 = arquivos.gravar_bytes(nome_arquivo, preparado.pdf)
    return PreparacaoAssinatura.objects.create(
        documento=documento,
        usuario=ator.usuario,
        unidade=ator.unidade,
        cargo=cargo,
        nome=tarja.nome,
        cpf_mascarado=tarja.cpf_mascarado,
        campo=revisao.campo,
        ordem=revisao.ordem,
        digest=preparado.digest,
        regiao_inicio=preparado.regiao_inicio,
        regiao_fim=preparado.regiao_fim,
        arquivo_nome=nome_arquivo,
        arquivo_sha256=sha256,
        base_sha256=documento.pdf_assinado_sha256 if not revisao.primeira else _sha256(revisao.base),
        versao_documento=documento.versao_atual,
        primeira=revisao.primeira,
        codigo_crc=revisao.codigo_crc,
        codigo_crc_chave=revisao.codigo_crc_chave,
        criada_em=agora,
        expira_em=agora + datetime.timedelta(minutes=settings.SEI_ICP_PREPARACAO_MINUTOS),
    )


def _sha256(dados: bytes) -> str:
    return hashlib.sha256(dados).hexdigest()


# --- concluir ---------------------------------------------------------------------------------


def cms_de_base64(texto: str) -> bytes:
    """The DER of a CMS sent in base64 (spaces and line breaks allowed, as tools wrap it)."""
    try:
        return base64.b64decode("".join(texto.split()), validate=True)
    except (binascii.Error, ValueError):
        raise EntradaInvalida("O CMS não está em base64.", code="cms_invalido", errors={"cms": ["Base64 inválido."]}) from None


@dataclass(frozen=True)
class CertificadoSignatario:
    sujeito: str
    emissor: str
    serial: str
    sha256: str
    cpf: str | None


def concluir(*, ator: Ator, documento: Documento, preparacao_id, cms_der: bytes) -> Assinatura:
    """Assinatura qualificada, 2nd step: embed the signer's CMS in the prepared revision after
    checking it (see the module's docstring). Refused, with nothing stored, when the preparation
    is not the caller's, expired or used, or the document changed since."""
    nome_arquivo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with arquivos.apagar_se_falhar(nome_arquivo):
        assinatura, preparado = _concluir(ator, documento, preparacao_id, cms_der, nome_arquivo)
    # The prepared PDF served its purpose (its bytes are in the signed one).
    arquivos.apagar(preparado)
    return assinatura


def _preparacao(ator: Ator, documento: Documento, preparacao_id, *, travar: bool) -> PreparacaoAssinatura:
    linhas = PreparacaoAssinatura.objects.select_for_update() if travar else PreparacaoAssinatura.objects
    try:
        preparacao = linhas.get(pk=preparacao_id)
    except (PreparacaoAssinatura.DoesNotExist, ValidationError, ValueError):
        raise NaoEncontrado("Preparação de assinatura não encontrada.", code="preparacao_inexistente") from None
    if preparacao.usuario_id != ator.usuario.pk or preparacao.unidade_id != ator.unidade.pk:
        raise AcessoNegado("Esta preparação de assinatura é de outro usuário ou de outra unidade.", code="preparacao_de_outro")
    if preparacao.documento_id != documento.pk:
        raise EntradaInvalida(
            "Esta preparação de assinatura é de outro documento.", code="preparacao_de_outro_documento", errors={"id": ["De outro documento."]}
        )
    return preparacao


@transaction.atomic(durable=True)
def _concluir(ator: Ator, documento: Documento, preparacao_id, cms_der: bytes, nome_arquivo: str):
    raizes_icp()
    preparacao = _preparacao(ator, documento, preparacao_id, travar=False)
    processo, documento, cargo = services.travar_para_assinar(ator, documento, preparacao.cargo)
    return concluir_travado(
        ator=ator,
        processo=processo,
        documento=documento,
        cargo=cargo,
        preparacao_id=preparacao_id,
        cms_der=cms_der,
        nome_arquivo=nome_arquivo,
    )


def concluir_travado(
    *, ator: Ator, processo, documento: Documento, cargo: str, preparacao_id, cms_der: bytes, nome_arquivo: str
) -> tuple[Assinatura, str]:
    """The 2nd step for a signer the caller has already checked, in the caller's transaction,
    the process and the document locked: (the signature, the prepared file to delete after the
    commit). The preparation must be ``ator``'s (user and unit) and of this document."""
    raizes = raizes_icp()
    # Locked after the process and the document, in the order every service takes them.
    preparacao = _preparacao(ator, documento, preparacao_id, travar=True)
    agora = timezone.now()
    if preparacao.concluida_em is not None:
        raise RegraDeNegocio("Esta preparação de assinatura já foi usada.", code="preparacao_usada")
    if agora >= preparacao.expira_em:
        raise RegraDeNegocio("A preparação de assinatura expirou: prepare de novo.", code="preparacao_expirada")
    base_esperada = "" if preparacao.primeira else preparacao.base_sha256
    if documento.pdf_assinado_sha256 != base_esperada or documento.versao_atual != preparacao.versao_documento:
        raise RegraDeNegocio(
            "O documento mudou desde a preparação (outra assinatura ou edição): prepare a assinatura de novo.",
            code="documento_alterado",
        )
    conteudo = _ler_cms(cms_der)
    certificado = _conferir_cms(conteudo, bytes(preparacao.digest), raizes, agora)
    _conferir_cpf(certificado, ator.usuario.cpf)
    conteudo = carimbo.carimbar_cms(conteudo)
    assinado = _embutir(preparacao, conteudo)
    _conferir_pdf(assinado, preparacao.campo, raizes, carimbo_esperado=carimbo.carimbador() is not None)
    nome_arquivo, sha256 = arquivos.gravar_bytes(nome_arquivo, assinado)
    tarja = services.tarja_de(ator, cargo=cargo, em=agora, nivel=Assinatura.Nivel.QUALIFICADA)
    revisao = services.Revisao(
        base=b"",
        primeira=preparacao.primeira,
        ordem=preparacao.ordem,
        pagina=-1,
        caixa=None,
        aparencia_pdf=None,
        codigo_crc=preparacao.codigo_crc,
        codigo_crc_chave=preparacao.codigo_crc_chave,
    )
    assinatura = services.registrar_assinatura(
        processo=processo,
        documento=documento,
        ator=ator,
        tarja=tarja,
        revisao=revisao,
        nome_arquivo=nome_arquivo,
        sha256=sha256,
        certificado_sujeito=certificado.sujeito[:500],
        certificado_emissor=certificado.emissor[:500],
        certificado_serial=certificado.serial[:64],
        certificado_sha256=certificado.sha256,
        carimbo_tempo=carimbo.carimbador() is not None,
    )
    preparacao.concluida_em = agora
    preparacao.save(update_fields=["concluida_em"])
    return assinatura, preparacao.arquivo_nome


def _ler_cms(der: bytes):
    """The CMS as asn1crypto's ContentInfo: DER SignedData, one signer, detached, SHA-256."""
    from asn1crypto import cms

    invalido = EntradaInvalida(
        "O CMS enviado não é uma assinatura válida (SignedData em DER, com um signatário e o certificado dele).",
        code="cms_invalido",
        errors={"cms": ["CMS inválido."]},
    )
    try:
        conteudo = cms.ContentInfo.load(der, strict=True)
        if conteudo["content_type"].native != "signed_data":
            raise invalido
        dados = conteudo["content"]
        conteudo.native  # noqa: B018 - parses everything now: garbage deep inside fails here, not later
        infos = dados["signer_infos"]
        if len(infos) != 1 or infos[0]["signed_attrs"].native is None or not dados["certificates"].native:
            raise invalido
        algoritmo = infos[0]["digest_algorithm"]["algorithm"].native
    except EntradaInvalida:
        raise
    except Exception:  # asn1crypto raises assorted errors on arbitrary bytes
        raise invalido from None
    if algoritmo != ALGORITMO:
        raise EntradaInvalida(
            "O CMS usa outro algoritmo de resumo; use SHA-256.", code="cms_outro_digest", errors={"cms": ["Algoritmo de resumo."]}
        )
    return conteudo


_RECUSAS_DO_CERTIFICADO = {
    "NO_CERTIFICATE_CHAIN_FOUND": (
        "certificado_nao_confiavel",
        "O certificado do signatário não pertence a uma cadeia confiável (raízes ICP-Brasil configuradas).",
    ),
    "OUT_OF_BOUNDS_NO_POE": ("certificado_expirado", "O certificado do signatário está vencido."),
    "OUT_OF_BOUNDS_NOT_REVOKED": ("certificado_expirado", "O certificado do signatário está vencido."),
    "NOT_YET_VALID": ("certificado_ainda_nao_valido", "O certificado do signatário ainda não é válido."),
    "REVOKED_NO_POE": ("certificado_revogado", "O certificado do signatário foi revogado."),
    "REVOKED_CA_NO_POE": ("certificado_revogado", "Um certificado da cadeia do signatário foi revogado."),
    "TRY_LATER": ("revogacao_indisponivel", "A situação de revogação do certificado não pôde ser conferida; tente mais tarde."),
}


def _recusa_do_certificado(indicacao: str) -> EntradaInvalida:
    """The refusal for pyHanko's AdES sub-indication about the signer's certificate."""
    code, mensagem = _RECUSAS_DO_CERTIFICADO.get(
        indicacao, ("certificado_recusado", f"O certificado do signatário não foi aceito ({indicacao or 'cadeia inválida'}).")
    )
    return EntradaInvalida(mensagem, code=code, errors={"cms": [mensagem]})


def _conferir_cms(conteudo, digest: bytes, raizes: list, agora) -> CertificadoSignatario:
    """pyHanko checks the CMS against the prepared digest: the messageDigest is it, the signature
    over the signed attributes checks with the signer's certificate, and the certificate has a
    valid path to the roots (non-repudiation key usage)."""
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes
    from pyhanko.sign.general import find_unique_cms_attribute
    from pyhanko.sign.validation.generic_cms import async_validate_cms_signature, extract_certs_for_validation

    dados = conteudo["content"]
    info = dados["signer_infos"][0]
    try:
        resumo = find_unique_cms_attribute(info["signed_attrs"], "message_digest").native
        certificado_asn1 = extract_certs_for_validation(dados).signer_cert
    except Exception:  # no or repeated messageDigest, no signer certificate
        raise EntradaInvalida(
            "O CMS enviado não traz o resumo assinado ou o certificado do signatário.",
            code="cms_invalido",
            errors={"cms": ["CMS inválido."]},
        ) from None
    if not hmac.compare_digest(resumo, digest):
        raise EntradaInvalida(
            "O CMS assina outro conteúdo, não o resumo desta preparação: assine o resumo mostrado na preparação.",
            code="cms_outro_digest",
            errors={"cms": ["Resumo diferente."]},
        )
    certificado = cx509.load_der_x509_certificate(certificado_asn1.dump())
    if agora > certificado.not_valid_after_utc:
        raise _recusa_do_certificado("OUT_OF_BOUNDS_NO_POE")
    if agora < certificado.not_valid_before_utc:
        raise _recusa_do_certificado("NOT_YET_VALID")
    situacao = asyncio.run(
        async_validate_cms_signature(dados, raw_digest=digest, validation_context=_contexto_validacao(raizes))
    )
    if not (situacao.intact and situacao.valid):
        raise EntradaInvalida(
            "A assinatura do CMS não confere com o certificado do signatário.",
            code="cms_assinatura_invalida",
            errors={"cms": ["Assinatura inválida."]},
        )
    if situacao.trust_problem_indic is not None or not situacao.trusted:
        raise _recusa_do_certificado(getattr(situacao.trust_problem_indic, "name", ""))
    return CertificadoSignatario(
        sujeito=certificado.subject.rfc4514_string(),
        emissor=certificado.issuer.rfc4514_string(),
        serial=format(certificado.serial_number, "X"),
        sha256=certificado.fingerprint(hashes.SHA256()).hex(),
        cpf=cpf_do_certificado(certificado),
    )


def cpf_do_certificado(certificado) -> str | None:
    """The CPF of an ICP-Brasil personal certificate (``cryptography`` x509): SubjectAltName
    otherName 2.16.76.1.3.1, whose value is the birth date (8 digits), the CPF (11) and more."""
    from asn1crypto import core
    from cryptography import x509 as cx509

    try:
        nomes = certificado.extensions.get_extension_for_class(cx509.SubjectAlternativeName).value
    except cx509.ExtensionNotFound:
        return None
    for nome in nomes.get_values_for_type(cx509.OtherName):
        if nome.type_id.dotted_string != OID_CPF_ICP_BRASIL:
            continue
        try:
            valor = core.Asn1Value.load(nome.value).native
        except ValueError:
            return None
        texto = valor.decode("latin-1") if isinstance(valor, bytes) else str(valor)
        cpf = texto[8:19]
        return cpf if len(cpf) == 11 and cpf.isdigit() else None
    return None


def _conferir_cpf(certificado: CertificadoSignatario, cpf_usuario: str | None) -> None:
    cpf = "".join(c for c in (cpf_usuario or "") if c.isdigit())
    if not cpf:
        raise RegraDeNegocio(
            "Seu cadastro não tem CPF: sem ele a assinatura com certificado digital não é aceita. Peça ao administrador.",
            code="usuario_sem_cpf",
        )
    if certificado.cpf is None:
        raise EntradaInvalida(
            "O certificado não é de pessoa física ICP-Brasil (não traz o CPF do titular).",
            code="certificado_sem_cpf",
            errors={"cms": ["Certificado sem CPF."]},
        )
    if not hmac.compare_digest(certificado.cpf, cpf):
        raise AcessoNegado("O certificado usado é de outra pessoa (o CPF não é o seu).", code="cpf_diferente")


def _embutir(preparacao: PreparacaoAssinatura, conteudo) -> bytes:
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest

    saida = io.BytesIO(arquivos.ler_tudo(preparacao.arquivo_nome, preparacao.arquivo_sha256))
    preparado = PreparedByteRangeDigest(
        document_digest=bytes(preparacao.digest),
        reserved_region_start=preparacao.regiao_inicio,
        reserved_region_end=preparacao.regiao_fim,
    )
    try:
        preparado.fill_with_cms(saida, conteudo.dump())
    except SigningError:
        raise EntradaInvalida(
            "O CMS enviado é grande demais para o espaço reservado no PDF.", code="cms_grande", errors={"cms": ["Grande demais."]}
        ) from None
    return saida.getvalue()


def _conferir_pdf(pdf: bytes, campo: str, raizes: list, *, carimbo_esperado: bool) -> None:
    """The signed PDF as any verifier sees it (pyHanko): the new signature intact, valid,
    trusted, covering the whole file, and its timestamp token intact when one was asked for."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature

    leitor = PdfFileReader(io.BytesIO(pdf), strict=False)
    assinatura = next((a for a in leitor.embedded_signatures if a.field_name == campo), None)
    situacao = None
    if assinatura is not None:
        situacao = validate_pdf_signature(assinatura, signer_validation_context=_contexto_validacao(raizes))
    carimbo_ok = not carimbo_esperado or (
        situacao is not None
        and situacao.timestamp_validity is not None
        and situacao.timestamp_validity.intact
        and situacao.timestamp_validity.valid
    )
    if (
        situacao is None
        or not (situacao.intact and situacao.valid and situacao.trusted)
        or situacao.coverage != SignatureCoverageLevel.ENTIRE_FILE
        or not carimbo_ok
    ):
        raise EntradaInvalida(
            "A assinatura embutida no PDF não conferiu; nada foi assinado.",
            code="assinatura_nao_conferiu",
            errors={"cms": ["Não conferiu no PDF."]},
        )
