"""What the document tasks do: render each document to PDF once (cached by content hash),
extract text, and build the process PDF / ZIP with progress. Idempotent: a rerun finds the
cache, or a finished export, and stops."""

import hashlib
import html
import logging
import math
import os
import tempfile
import uuid
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import RegraDeNegocio
from sei.tarefas import publicar

from . import pdf
from .batimento import Batimento
from .models import Documento, Exportacao, PdfRenderizado, VersaoDocumento

logger = logging.getLogger(__name__)

VERSAO_LEIAUTE = "1"  # bump when the document sections change: re-renders everything
# Measured (bench/documentos.py): the cover of 500 documents is 12 pages. A close first guess
# of the cover's length spares rendering it twice to fix the page numbers it lists.
ITENS_POR_PAGINA_CAPA = 43
MIMES_IMAGEM = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff"}
MIMES_TEXTO = {"text/plain", "text/csv"}


def rodape(documento: Documento) -> str:
    """``<Tipo> <Número> (<número SEI>) · SEI <NUP>``; the renderer adds `` / pág. N``."""
    numero = f" {documento.numero}" if documento.numero else ""
    return f"{documento.tipo.nome}{numero} ({documento.numero_sei_formatado}) · SEI {documento.processo.nup_formatado}"


def html_do_documento(documento: Documento, corpo: str) -> str:
    """The whole internal document: title, body, signature area and reference footer."""
    return (
        f'<section class="titulo">{documento.titulo_html}</section>'
        f'<section class="corpo">{corpo}</section>'
        f'<section class="assinatura">{documento.assinatura_html}</section>'
        f'<section class="referencia">{documento.rodape_html}</section>'
    )


def _corpo(documento: Documento, versao: int) -> str:
    return documento.versoes.filter(numero=versao).values_list("conteudo", flat=True).first() or ""


def chave_pdf(documento: Documento, versao: int | None = None, *, corpo: str | None = None) -> str | None:
    """What identifies the rendered bytes; None when the document has no PDF form. ``corpo``: the
    version's body when the caller already has it (saves a query)."""
    base = [VERSAO_LEIAUTE, pdf.VERSAO_IMPRESSAO, rodape(documento)]
    if documento.interno:
        if corpo is None:
            corpo = _corpo(documento, versao or documento.versao_atual)
        base += ["interno", documento.cabecalho_html, html_do_documento(documento, corpo)]
    elif documento.arquivo_mime == "application/pdf" or documento.arquivo_mime in MIMES_IMAGEM | MIMES_TEXTO:
        base += ["externo", documento.arquivo_sha256]
    else:
        return None
    return hashlib.sha256("\x1f".join(base).encode()).hexdigest()


def _ler_arquivo(documento: Documento) -> bytes:
    from . import arquivos

    leitor = arquivos.abrir_verificado(documento.arquivo_nome, documento.arquivo_sha256)
    try:
        return leitor.read()
    finally:
        leitor.close()


def _renderizar(documento: Documento, versao: int | None) -> bytes:
    if documento.interno:
        corpo = _corpo(documento, versao or documento.versao_atual)
        return pdf.renderizar_html(
            html_do_documento(documento, corpo),
            titulo=documento.rotulo,
            rodape=rodape(documento),
            cabecalho_html=documento.cabecalho_html,
        )
    conteudo = _ler_arquivo(documento)
    if documento.arquivo_mime == "application/pdf":
        return conteudo  # external PDFs as they are
    if documento.arquivo_mime in MIMES_IMAGEM:
        return pdf.imagem_para_pdf(conteudo)
    texto = conteudo.decode("utf-8", errors="replace")
    return pdf.renderizar_html(
        f"<pre>{html.escape(texto)}</pre>", titulo=documento.rotulo, rodape=rodape(documento)
    )


def obter_pdf(documento: Documento, versao: int | None = None) -> PdfRenderizado | None:
    """The cached PDF of the document (rendering it now if the task has not yet)."""
    chave = chave_pdf(documento, versao)
    if chave is None:
        return None
    existente = PdfRenderizado.objects.filter(chave=chave).first()
    if existente is not None and default_storage.exists(existente.arquivo_nome):
        return existente
    conteudo = _renderizar(documento, versao)
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
    from . import arquivos

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
    documento = Documento.objects.select_related("tipo", "processo").filter(pk=documento_id).first()
    if documento is None or documento.estado == Documento.Estado.EXCLUIDO:
        return "ignorado"
    if documento.interno and versao and versao != documento.versao_atual:
        return "versão superada"  # a newer save scheduled its own render
    return "renderizado" if obter_pdf(documento, versao or None) else "sem pdf"


def extrair_texto_documento(documento_id: int) -> str:
    from . import arquivos

    documento = Documento.objects.filter(pk=documento_id, natureza=Documento.Natureza.EXTERNO).first()
    if documento is None or documento.texto_extraido_em is not None:
        return "ignorado"
    texto = arquivos.extrair_texto(_ler_arquivo(documento), documento.arquivo_mime)
    Documento.objects.filter(pk=documento.pk).update(
        texto_extraido=texto.replace("\x00", ""), texto_extraido_em=timezone.now()
    )
    return "extraído"


# --- Gerar PDF / ZIP do processo ----------------------------------------------------------------


MAXIMO_TENTATIVAS = 3


class ExecucaoPerdida(Exception):
    """The export was handed to another worker (this one was taken for dead): stop, store nothing."""


def _atualizar(exportacao: Exportacao, **campos) -> None:
    campos["atualizada_em"] = timezone.now()
    Exportacao.objects.filter(pk=exportacao.pk).update(**campos)
    for nome, valor in campos.items():
        setattr(exportacao, nome, valor)


def _da_execucao(exportacao: Exportacao):
    """The export's row while this run still holds it: running, under this run's attempt number."""
    return Exportacao.objects.filter(
        pk=exportacao.pk, estado=Exportacao.Estado.EXECUTANDO, tentativas=exportacao.tentativas
    )


def _registrar(exportacao: Exportacao, **campos) -> None:
    """A write of the worker running the export (also a heartbeat); ``ExecucaoPerdida`` once the
    export is no longer its own, so that a worker taken for dead cannot overwrite its successor."""
    agora = timezone.now()
    campos.update(atualizada_em=agora, batimento_em=agora)
    if not _da_execucao(exportacao).update(**campos):
        raise ExecucaoPerdida
    for nome, valor in campos.items():
        setattr(exportacao, nome, valor)


def _documentos_permitidos(exportacao: Exportacao) -> list[Documento]:
    """The requested documents the user may still read now (a revoked access applies at once)."""
    ator = Ator(usuario=exportacao.usuario, unidade=exportacao.unidade)
    qs = acesso.filtrar_documentos_conteudo(
        Documento.objects.filter(processo=exportacao.processo, numero_sei__in=exportacao.documentos), ator
    )
    return list(qs.select_related("tipo", "processo").order_by("id"))


def _capa(exportacao: Exportacao, documentos: list[Documento]):
    processo = exportacao.processo
    interessados = ", ".join(html.escape(i.nome) for i in processo.interessados.all()) or "—"

    def capa(inicios: list[int]) -> str:
        # A list, not a table: WeasyPrint lays out a 500-item list faster and in fewer pages.
        itens = "".join(
            f"<li>{html.escape(d.rotulo)} — pág. {inicio}</li>" for d, inicio in zip(documentos, inicios, strict=True)
        )
        return (
            f'<h1 class="text-center">Processo {processo.nup_formatado}</h1>'
            f"<p><strong>Tipo:</strong> {html.escape(processo.tipo.nome)}</p>"
            f"<p><strong>Especificação:</strong> {html.escape(processo.especificacao or '—')}</p>"
            f"<p><strong>Interessados:</strong> {interessados}</p>"
            f"<p><strong>Gerado em:</strong> {timezone.localtime(timezone.now()):%d/%m/%Y %H:%M}</p>"
            f"<h2>Documentos</h2><ol>{itens}</ol>"
        )

    return capa


def _descartar(registro: PdfRenderizado) -> None:
    """A cached PDF whose bytes no longer match: derived data, so it is dropped (row and file)
    and the next read renders it again. Logged: a changed file in storage is worth a look."""
    from . import arquivos

    logger.error("PDF em cache corrompido, descartado para ser gerado de novo: %s", registro.arquivo_nome)
    PdfRenderizado.objects.filter(pk=registro.pk, sha256=registro.sha256).delete()
    arquivos.apagar(registro.arquivo_nome)


def _abrir_registro(registro: PdfRenderizado):
    from . import arquivos

    if registro.sha256:
        return arquivos.abrir_verificado(registro.arquivo_nome, registro.sha256)
    return arquivos.abrir_armazenado(registro.arquivo_nome)


def abrir_pdf(documento: Documento):
    """The document's PDF opened for a download, checked against the SHA-256 recorded when it
    was rendered; errors as ``pdf_para_servir``'s. A cached PDF that no longer matches is
    rendered again (a file over ``arquivos.LIMITE_VERIFICACAO_PREVIA`` is checked while
    streamed, and a mismatch then ends the download instead). The caller has checked access."""
    from . import arquivos

    registro = pdf_para_servir(documento)
    try:
        return _abrir_registro(registro)
    except arquivos.ArquivoCorrompido:
        _descartar(registro)
        return _abrir_registro(pdf_para_servir(documento))


def _pdfs_em_cache(documentos: list[Documento]) -> dict[int, PdfRenderizado]:
    """The cached PDFs of many documents in two queries (current bodies, cache rows)."""
    corpos = dict(
        VersaoDocumento.objects.filter(
            documento__in=[d for d in documentos if d.interno], numero=F("documento__versao_atual")
        ).values_list("documento_id", "conteudo")
    )
    chaves = {d.pk: chave_pdf(d, corpo=corpos.get(d.pk, "")) for d in documentos}
    registros = {
        r.chave: r for r in PdfRenderizado.objects.filter(chave__in=[c for c in chaves.values() if c])
    }
    return {pk: registros[c] for pk, c in chaves.items() if c in registros}


def _ler_pdf(documento: Documento, registro: PdfRenderizado | None) -> bytes | None:
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


def _gerar_pdf(exportacao: Exportacao, documentos: list[Documento], destino) -> None:
    partes, com_pdf = [], []
    total = len(documentos)
    ultimo = 0
    em_cache = _pdfs_em_cache(documentos)
    for i, documento in enumerate(documentos, start=1):
        conteudo = _ler_pdf(documento, em_cache.get(documento.pk))
        if conteudo is not None:
            partes.append(pdf.ParteMesclagem(titulo=documento.rotulo, conteudo=conteudo))
            com_pdf.append(documento)
        progresso = int(80 * i / total)
        if progresso - ultimo >= 2 or i == total:
            _registrar(exportacao, progresso=progresso)
            ultimo = progresso

    def ao_mesclar(feitas: int, total_partes: int) -> None:
        nonlocal ultimo
        progresso = 80 + int(19 * feitas / max(total_partes, 1))
        if progresso - ultimo >= 2:
            _registrar(exportacao, progresso=progresso)
            ultimo = progresso

    if not partes:
        raise ValueError("Nenhum dos documentos escolhidos pode ser convertido em PDF.")
    pdf.mesclar(
        partes,
        titulo=f"Processo {exportacao.processo.nup_formatado}",
        capa=_capa(exportacao, com_pdf),
        progresso=ao_mesclar,
        destino=destino,
        paginas_capa_estimadas=math.ceil((len(com_pdf) + 8) / ITENS_POR_PAGINA_CAPA),
    )


def _nome_no_zip(documento: Documento, extensao: str) -> str:
    base = f"{documento.numero_sei_formatado} - {documento.rotulo}"
    seguro = "".join(c if c.isalnum() or c in " ()-_." else "_" for c in base)[:150]
    return f"{seguro}.{extensao}"


def _gerar_zip(exportacao: Exportacao, documentos: list[Documento], destino) -> None:
    with zipfile.ZipFile(destino, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i, documento in enumerate(documentos, start=1):
            if documento.interno:
                corpo = html_do_documento(documento, _corpo(documento, documento.versao_atual))
                pagina = pdf.montar_html(
                    corpo, titulo=documento.rotulo, cabecalho_html=documento.cabecalho_html
                )
                zf.writestr(_nome_no_zip(documento, "html"), pagina)
            else:
                extensao = os.path.splitext(documento.arquivo_nome)[1].lstrip(".") or "bin"
                zf.writestr(_nome_no_zip(documento, extensao), _ler_arquivo(documento))
            _registrar(exportacao, progresso=int(99 * i / len(documentos)))


def executar_exportacao(exportacao_id: int) -> str:
    """Claim the export (pending → running, one more attempt), build the file in a temp file with
    a heartbeat on the row, store it, finish. Any failure leaves the export in "erro" with a pt-BR
    message and no partial file stored. A redelivered message finds it no longer pending: no-op."""
    tentativas = (
        Exportacao.objects.filter(pk=exportacao_id, estado=Exportacao.Estado.PENDENTE)
        .values_list("tentativas", flat=True)
        .first()
    )
    agora = timezone.now()
    reivindicada = tentativas is not None and Exportacao.objects.filter(
        pk=exportacao_id, estado=Exportacao.Estado.PENDENTE, tentativas=tentativas
    ).update(
        estado=Exportacao.Estado.EXECUTANDO,
        tentativas=tentativas + 1,
        progresso=0,
        atualizada_em=agora,
        batimento_em=agora,
    )
    if not reivindicada:
        return "ignorada"
    exportacao = Exportacao.objects.select_related("processo", "processo__tipo", "usuario", "unidade").get(
        pk=exportacao_id
    )
    exportacao.tentativas = tentativas + 1  # this run's attempt: the fence of all its writes
    batimento = Batimento(
        _da_execucao(exportacao),
        campo="batimento_em",
        intervalo=settings.SEI_EXPORTACAO_BATIMENTO_SEGUNDOS,
        duracao_maxima=settings.CELERY_TASK_TIME_LIMIT,
    )
    try:
        with batimento:
            return _construir(exportacao)
    except ExecucaoPerdida:
        logger.warning("exportação %s retomada por outro worker; esta execução foi descartada", exportacao_id)
        return "ignorada"


def _construir(exportacao: Exportacao) -> str:
    try:
        documentos = _documentos_permitidos(exportacao)
        if not documentos:
            raise ValueError("Nenhum dos documentos escolhidos pode mais ser exportado.")
        with tempfile.TemporaryFile() as temporario:
            if exportacao.formato == Exportacao.Formato.PDF:
                _gerar_pdf(exportacao, documentos, temporario)
            else:
                _gerar_zip(exportacao, documentos, temporario)
            temporario.seek(0)
            nome = default_storage.save(
                f"exportacoes/{uuid.uuid4().hex}.{exportacao.formato}", File(temporario)
            )
    except ExecucaoPerdida:
        raise
    except Exception as erro:
        logger.exception("exportação %s falhou", exportacao.pk)
        mensagem = (
            str(erro) if isinstance(erro, ValueError | pdf.PDFInvalido) else "Falha ao gerar o arquivo."
        )
        _registrar(exportacao, estado=Exportacao.Estado.ERRO, detalhe=mensagem[:500])
        return "erro"
    try:
        _registrar(exportacao, estado=Exportacao.Estado.CONCLUIDA, progresso=100, arquivo_nome=nome)
    except ExecucaoPerdida:
        default_storage.delete(nome)  # the run that holds the export stores its own
        raise
    return "concluida"


def retomar_exportacoes() -> int:
    """Hand to another worker each export whose worker is gone: "executando" with no heartbeat
    for SEI_EXPORTACAO_RETOMADA_SEGUNDOS (killed, machine lost, hung past the task time limit).
    Back to pending and re-enqueued, or "erro" after 3 attempts. Each row is taken with a
    conditional UPDATE (still running, same attempt, still silent), so two sweepers, or a
    heartbeat landing meanwhile, never resume one twice. Returns how many were re-enqueued."""
    from .tasks import exportar_processo

    agora = timezone.now()
    limite = agora - timedelta(seconds=settings.SEI_EXPORTACAO_RETOMADA_SEGUNDOS)
    # Rows claimed before the heartbeat existed have none: their last progress stands in.
    silenciosas = Q(batimento_em__lt=limite) | Q(batimento_em__isnull=True, atualizada_em__lt=limite)
    paradas = Exportacao.objects.filter(silenciosas, estado=Exportacao.Estado.EXECUTANDO)
    retomadas = 0
    for pk, tentativas in paradas.order_by("atualizada_em").values_list("pk", "tentativas")[:200]:
        ainda_parada = paradas.filter(pk=pk, tentativas=tentativas)
        if tentativas >= MAXIMO_TENTATIVAS:
            if ainda_parada.update(
                estado=Exportacao.Estado.ERRO,
                detalhe=f"A geração foi interrompida {tentativas} vezes sem concluir. "
                "Tente de novo com menos documentos ou procure o suporte.",
                atualizada_em=agora,
            ):
                logger.error("exportação %s: %s tentativas interrompidas, marcada com erro", pk, tentativas)
        elif ainda_parada.update(estado=Exportacao.Estado.PENDENTE, progresso=0, atualizada_em=agora):
            logger.warning("exportação %s sem sinal do worker: retomada, tentativa %s", pk, tentativas + 1)
            publicar(exportar_processo, pk)
            retomadas += 1
    return retomadas


def retomar_pendentes() -> int:
    """Re-enqueue exports and text extractions whose message the broker lost or whose worker
    died (outbox sweeper); drop the files of expired exports. Returns how many exports. Exports
    whose worker is gone are also taken over more often by ``retomar_exportacoes``."""
    from .tasks import exportar_processo, extrair_texto

    agora = timezone.now()
    retomadas = retomar_exportacoes()
    esquecidas = Exportacao.objects.filter(
        estado=Exportacao.Estado.PENDENTE, atualizada_em__lt=agora - timedelta(minutes=2)
    ).values_list("pk", flat=True)[:200]
    pendentes = list(esquecidas)
    for pk in pendentes:
        publicar(exportar_processo, pk)
    # Uploads whose text extraction never ran (its message lost, its worker gone).
    sem_texto = Documento.objects.filter(
        natureza=Documento.Natureza.EXTERNO, texto_extraido_em__isnull=True, criado_em__lt=agora - timedelta(minutes=5)
    ).exclude(arquivo_nome="").exclude(estado=Documento.Estado.EXCLUIDO)
    extracoes = list(sem_texto.values_list("pk", flat=True)[:200])
    for pk in extracoes:
        publicar(extrair_texto, pk)
    for exportacao in Exportacao.objects.filter(expira_em__lt=agora).exclude(arquivo_nome=""):
        default_storage.delete(exportacao.arquivo_nome)
        _atualizar(exportacao, arquivo_nome="")
    return retomadas + len(pendentes)
