"""The cache of rendered PDFs: each document version renders once (``documentos.renderizacao``),
keyed by what it is rendered from, kept as a ``PdfRenderizado`` row and a file in storage, and
served checked against the SHA-256 recorded when it was rendered. Derived data: a row or file
that is missing or altered is rendered again, never an error for the reader. Idempotent: a
rerun of the render task finds the cache and stops."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F

from sei.exceptions import RegraDeNegocio

from .. import arquivos, pdf, renderizacao
from ..models import Documento, PdfRenderizado, VersaoDocumento

logger = logging.getLogger(__name__)


def corpo_da_versao(documento: Documento, versao: int | None = None) -> str:
    """The body of an internal document's version (the current one by default); "" for uploads."""
    if not documento.interno:
        return ""
    numero = versao or documento.versao_atual
    return documento.versoes.filter(numero=numero).values_list("conteudo", flat=True).first() or ""


def ler_original(documento: Documento) -> bytes:
    """The uploaded file's bytes, checked against the SHA-256 recorded at upload."""
    leitor = arquivos.abrir_verificado(documento.arquivo_nome, documento.arquivo_sha256)
    try:
        return leitor.read()
    finally:
        leitor.close()


def chave_do_documento(documento: Documento, versao: int | None = None) -> str | None:
    """``renderizacao.chave_pdf`` of the version (the current one by default), its body read here."""
    if not renderizacao.tem_pdf(documento):
        return None
    return renderizacao.chave_pdf(documento, corpo_da_versao(documento, versao))


def obter_pdf(documento: Documento, versao: int | None = None) -> PdfRenderizado | None:
    """The cached PDF of the document (rendering it now if the task has not yet); None when the
    document has no PDF form."""
    if not renderizacao.tem_pdf(documento):
        return None
    corpo = corpo_da_versao(documento, versao)
    chave = renderizacao.chave_pdf(documento, corpo)
    existente = PdfRenderizado.objects.filter(chave=chave).first()
    if existente is not None and default_storage.exists(existente.arquivo_nome):
        return existente
    original = b"" if documento.interno else ler_original(documento)
    conteudo = renderizacao.renderizar_pdf(documento, corpo=corpo, original=original)
    nome = default_storage.save(f"pdf/{chave[:2]}/{chave}.pdf", ContentFile(conteudo))
    campos = {
        "arquivo_nome": nome,
        "sha256": hashlib.sha256(conteudo).hexdigest(),
        "paginas": pdf.paginas_de(conteudo),
    }
    try:
        with transaction.atomic():
            registro, criado = PdfRenderizado.objects.update_or_create(chave=chave, defaults=campos)
    except IntegrityError:  # a concurrent render won the race: keep theirs
        default_storage.delete(nome)
        registro = PdfRenderizado.objects.get(chave=chave)
    return registro


def pdf_para_servir(documento: Documento) -> PdfRenderizado:
    """The document's PDF for a download (rendered now if not cached yet), failures as domain
    errors: 409 ``sem_pdf`` when it has no PDF form or cannot be converted, 503 when the storage
    cannot be reached. The caller has already checked access to the content."""
    try:
        registro = obter_pdf(documento)
    except (pdf.PDFInvalido, pdf.ImagemInvalida) as erro:
        raise RegraDeNegocio(
            f"Não foi possível gerar o PDF deste documento: {erro.mensagem}", code="sem_pdf"
        ) from None
    except arquivos.ArquivoCorrompido:
        raise
    except arquivos.ERROS_DE_ARMAZENAMENTO as erro:
        raise arquivos.ArmazenamentoIndisponivel(
            "Não foi possível obter o PDF agora. Tente novamente mais tarde."
        ) from erro
    if registro is None:
        raise RegraDeNegocio(
            "Este documento não tem versão em PDF (o formato do arquivo não é convertido); baixe o original.",
            code="sem_pdf",
        )
    return registro


def pdf_do_documento(documento_id: int, versao: int) -> str:
    """What the render task does after a save: render that version once (a rerun finds the cache)."""
    documento = Documento.objects.select_related("tipo", "processo").filter(pk=documento_id).first()
    if documento is None or documento.estado == Documento.Estado.EXCLUIDO:
        return "ignorado"
    if documento.interno and versao and versao != documento.versao_atual:
        return "versão superada"  # a newer save scheduled its own render
    return "renderizado" if obter_pdf(documento, versao or None) else "sem pdf"


def _descartar(registro: PdfRenderizado) -> None:
    """A cached PDF whose bytes no longer match: derived data, so it is dropped (row and file)
    and the next read renders it again. Logged: a changed file in storage is worth a look."""
    logger.error("PDF em cache corrompido, descartado para ser gerado de novo: %s", registro.arquivo_nome)
    PdfRenderizado.objects.filter(pk=registro.pk, sha256=registro.sha256).delete()
    arquivos.apagar(registro.arquivo_nome)


def _abrir_registro(registro: PdfRenderizado):
    if registro.sha256:
        return arquivos.abrir_verificado(registro.arquivo_nome, registro.sha256)
    return arquivos.abrir_armazenado(registro.arquivo_nome)


def abrir_pdf(documento: Documento):
    """The document's PDF opened for a download, checked against the SHA-256 recorded when it
    was rendered; errors as ``pdf_para_servir``'s. A cached PDF that no longer matches is
    rendered again (a file over ``arquivos.LIMITE_VERIFICACAO_PREVIA`` is checked while
    streamed, and a mismatch then ends the download instead). A signed document is its signed
    PDF (never rendered again: an altered one is an error). The caller has checked access."""
    if documento.pdf_assinado_nome:
        return arquivos.abrir_verificado(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)
    registro = pdf_para_servir(documento)
    try:
        return _abrir_registro(registro)
    except arquivos.ArquivoCorrompido:
        _descartar(registro)
        return _abrir_registro(pdf_para_servir(documento))


def pdfs_em_cache(documentos: list[Documento]) -> dict[int, PdfRenderizado]:
    """The cached PDFs of many documents in two queries (current bodies, cache rows)."""
    corpos = dict(
        VersaoDocumento.objects.filter(
            documento__in=[d for d in documentos if d.interno], numero=F("documento__versao_atual")
        ).values_list("documento_id", "conteudo")
    )
    chaves = {d.pk: renderizacao.chave_pdf(d, corpos.get(d.pk, "")) for d in documentos}
    registros = {
        r.chave: r for r in PdfRenderizado.objects.filter(chave__in=[c for c in chaves.values() if c])
    }
    return {pk: registros[c] for pk, c in chaves.items() if c in registros}


def ler_pdf_final(documento: Documento, registro: PdfRenderizado | None) -> bytes | None:
    """``ler_pdf``, except that a signed document is its signed PDF (its tarjas and signatures)."""
    if documento.pdf_assinado_nome:
        return arquivos.ler_tudo(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)
    return ler_pdf(documento, registro)


def ler_pdf(documento: Documento, registro: PdfRenderizado | None) -> bytes | None:
    """The bytes of the document's PDF: from ``registro`` (its cache row, if known) when its file
    is there and unaltered, else rendered now; None when the document has no PDF form."""
    if registro is not None:
        try:
            with default_storage.open(registro.arquivo_nome) as arquivo:
                conteudo = arquivo.read()
        except FileNotFoundError:
            pass  # the cache row outlived its file: render again below
        else:
            if not registro.sha256 or hashlib.sha256(conteudo).hexdigest() == registro.sha256:
                return conteudo
            _descartar(registro)
    registro = obter_pdf(documento)
    if registro is None:
        return None
    with default_storage.open(registro.arquivo_nome) as arquivo:
        return arquivo.read()
