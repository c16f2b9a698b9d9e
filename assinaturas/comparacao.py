"""Comparar um arquivo (public Conferir page and API): once the two codes name a signed
document, a visitor's PDF is compared with every signed file we keep of it, by SHA-256 alone.

The upload is never stored, not even in a temporary file: ``ResumoSemGuardar`` is the request's
only upload handler and keeps, of the file, its size, its SHA-256 and its first bytes, reading it
in Django's 64 KiB chunks; past ``limite_bytes()`` it stops reading. Our side is the SHA-256s the
database already holds: the current signed PDF (``Documento.pdf_assinado_sha256``) and the file
as it stood after each signature (``Assinatura.arquivo_sha256``, dropped signatures included)."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.utils import timezone
from django.utils.formats import date_format

from documentos.arquivos import ArquivoGrande
from documentos.arquivos.tipos import MiB
from documentos.arquivos.verificacao import formatar_tamanho

from .models import Assinatura

CAMPO = "arquivo"
# A signed PDF is the document's PDF plus one revision per signature (tarja, certificate chain,
# maybe a timestamp): room for them above the upload limit an external document was held to.
FOLGA_ASSINATURAS = 8 * MiB
# The rest of the request: the two codes, the CSRF token, the multipart headers.
FOLGA_REQUISICAO = 64 * 1024

IDENTICO = "identico"
VERSAO_ANTERIOR = "versao_anterior"
VERSAO_DESCARTADA = "versao_descartada"
DIFERENTE = "diferente"
RESULTADOS = (IDENTICO, VERSAO_ANTERIOR, VERSAO_DESCARTADA, DIFERENTE)


def limite_bytes() -> int:
    """The largest file worth comparing: the upload limit (``SEI_UPLOAD_MAX_BYTES``) plus room
    for the signatures' revisions. Nothing of ours is larger."""
    return settings.SEI_UPLOAD_MAX_BYTES + FOLGA_ASSINATURAS


def erro_grande() -> ArquivoGrande:
    return ArquivoGrande(
        f"O arquivo excede o tamanho máximo de {formatar_tamanho(limite_bytes())}: não é um documento deste sistema."
    )


def corpo_grande_demais(request) -> bool:
    """The declared body is larger than any file worth comparing plus the form's fields: refuse
    before reading a byte of it."""
    try:
        tamanho = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return tamanho > limite_bytes() + FOLGA_REQUISICAO


@dataclass(frozen=True)
class ArquivoResumido:
    """What is kept of the uploaded file: never its content."""

    nome: str
    tamanho: int
    sha256: str
    pdf: bool  # starts with ``%PDF-``


class ResumoSemGuardar(FileUploadHandler):
    """Upload handler that hashes the ``arquivo`` field as it arrives and keeps nothing else;
    other file fields are skipped. Beyond ``limite`` bytes it stops (``grande`` is then set and
    no file is handed over)."""

    def __init__(self, request=None, *, limite: int):
        super().__init__(request)
        self.limite = limite
        self.grande = False
        self._hash = None
        self._tamanho = 0
        self._inicio = b""
        self._entregue = False

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        if field_name != CAMPO or self._entregue or self._hash is not None:
            raise SkipFile
        self._hash, self._tamanho, self._inicio = hashlib.sha256(), 0, b""

    def receive_data_chunk(self, raw_data, start):
        self._tamanho += len(raw_data)
        if self._tamanho > self.limite:
            self.grande, self._hash = True, None
            # The rest of the body is read and dropped (the declared length was checked first,
            # so it is at most a few KiB): the browser then gets the page, not a reset.
            raise StopUpload(connection_reset=False)
        self._hash.update(raw_data)
        if len(self._inicio) < 5:
            self._inicio += raw_data[: 5 - len(self._inicio)]
        return None

    def file_complete(self, file_size):
        if self._hash is None:
            return None
        resumo = ArquivoResumido(
            nome=self.file_name or "", tamanho=self._tamanho, sha256=self._hash.hexdigest(), pdf=self._inicio == b"%PDF-"
        )
        self._hash, self._entregue = None, True
        return resumo


def instalar(request) -> ResumoSemGuardar:
    """Make ``ResumoSemGuardar`` the request's only upload handler (before its body is read)."""
    manipulador = ResumoSemGuardar(request, limite=limite_bytes())
    request.upload_handlers = [manipulador]
    return manipulador


@dataclass
class Comparacao:
    resultado: str
    arquivo: ArquivoResumido
    # The signature after which our file was the uploaded one (None: identical to the current
    # file, or different).
    assinatura: Assinatura | None = None

    @property
    def titulo(self) -> str:
        return {
            IDENTICO: "Arquivo idêntico ao documento assinado",
            VERSAO_ANTERIOR: "Versão anterior do documento assinado",
            VERSAO_DESCARTADA: "Versão anterior, cujas assinaturas foram descartadas",
            DIFERENTE: "Arquivo diferente: não é deste documento ou foi alterado",
        }[self.resultado]

    @property
    def mensagem(self) -> str:
        a = self.assinatura
        if self.resultado == IDENTICO:
            return "O arquivo enviado é idêntico, byte a byte, ao PDF assinado deste documento guardado pelo órgão."
        if self.resultado == VERSAO_ANTERIOR:
            return (
                f"O arquivo enviado é este documento como estava depois da assinatura de {a.nome} em "
                f"{_data(a.criada_em)}; depois dela o documento recebeu outras assinaturas, que este "
                "arquivo não tem. O PDF atual tem todas."
            )
        if self.resultado == VERSAO_DESCARTADA:
            return (
                f"O arquivo enviado é uma versão anterior deste documento, assinada por {a.nome} em "
                f"{_data(a.criada_em)}. Essas assinaturas foram descartadas em {_data(a.descartada_em)}, "
                "quando o documento foi alterado: o arquivo não vale como o documento atual."
            )
        aviso = "" if self.arquivo.pdf else " (O arquivo enviado nem é um PDF.)"
        return (
            "O arquivo enviado não é nenhuma das versões assinadas deste documento: não foi emitido "
            f"pelo órgão com estes códigos ou foi alterado depois de assinado.{aviso}"
        )


def _data(momento) -> str:
    local = timezone.localtime(momento)
    return f"{date_format(local, 'd/m/Y')}, às {date_format(local, 'H:i')}"


def comparar(documento, arquivo: ArquivoResumido) -> Comparacao:
    """Which of our signed files of ``documento`` the upload is, by SHA-256: the current signed
    PDF; the file as it stood after an earlier signature still in force; after a signature since
    dropped; or none of them."""
    if arquivo.sha256 == documento.pdf_assinado_sha256:
        return Comparacao(resultado=IDENTICO, arquivo=arquivo)
    revisao = (
        Assinatura.objects.filter(documento=documento, arquivo_sha256=arquivo.sha256).order_by("-ordem").first()
    )
    if revisao is None:
        return Comparacao(resultado=DIFERENTE, arquivo=arquivo)
    resultado = VERSAO_DESCARTADA if revisao.descartada_em else VERSAO_ANTERIOR
    return Comparacao(resultado=resultado, arquivo=arquivo, assinatura=revisao)
