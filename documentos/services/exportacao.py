"""Gerar PDF / ZIP do processo: the request (``exportacao_solicitar``), then what the worker
does with it (``executar_exportacao``: claim, build with progress and a heartbeat on the row,
store, finish), and the sweeps: hand over the exports whose worker is gone
(``retomar_exportacoes``), re-enqueue those whose message was lost
(``reenfileirar_esquecidas``), drop expired files (``descartar_vencidas``). Idempotent: a
redelivered message finds the export no longer pending and stops; a worker taken for dead can
no longer write (its attempt number fences it off)."""

import logging
import os
import tempfile
import threading
import time
import uuid
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, RegraDeNegocio
from sei.tarefas import publicar, publicar_apos_commit

from .. import pdf, renderizacao
from ..batimento import Batimento
from ..models import Documento, Exportacao
from . import bloqueio, pdfs

logger = logging.getLogger(__name__)

MAXIMO_TENTATIVAS = 3


class ExportacaoImpossivel(RegraDeNegocio):
    """What was asked cannot become a file any more (409); its message is what the user reads
    as the export's error (``Exportacao.detalhe``). Codes: ``exportacao_sem_documentos``,
    ``exportacao_sem_pdf``."""

    code = "exportacao_impossivel"


class ExecucaoPerdida(Exception):
    """The export was handed to another worker (this one was taken for dead): stop, store nothing."""


def documentos_exportaveis(ator: Ator, processo):
    """What the actor may export: documents of the process whose content they may read (no
    cancelled ones, no other units' minutas), in tree order."""
    qs = Documento.objects.filter(processo=processo)
    return acesso.filtrar_documentos_conteudo(qs, ator).order_by("id")


@transaction.atomic(durable=True)
def exportacao_solicitar(
    *, ator: Ator, processo, formato: str, documentos: list[int] | None = None
) -> Exportacao:
    acesso.exigir_visivel(ator, processo)
    if not acesso.pode_ver_conteudo(ator, processo):
        raise AcessoNegado("Sem acesso ao conteúdo do processo.", code="acesso_restrito")
    if formato not in Exportacao.Formato.values:
        raise EntradaInvalida("Formato inválido.", errors={"formato": ["Use pdf ou zip."]})
    permitidos = list(documentos_exportaveis(ator, processo).values_list("numero_sei", flat=True))
    if documentos is None:
        escolhidos = permitidos
    else:
        pedidos = {int(n) for n in documentos}
        fora = sorted(pedidos - set(permitidos))
        if fora:
            raise EntradaInvalida(
                "Há documentos que não podem ser exportados.",
                errors={"documentos": [f"{n:07d}: inexistente, cancelado ou sem acesso." for n in fora]},
            )
        escolhidos = [n for n in permitidos if n in pedidos]
    if not escolhidos:
        raise EntradaInvalida("Nenhum documento para exportar.", errors={"documentos": ["Lista vazia."]})
    agora = timezone.now()
    exportacao = Exportacao.objects.create(
        processo=processo,
        usuario=ator.usuario,
        unidade=ator.unidade,
        formato=formato,
        documentos=escolhidos,
        criada_em=agora,
        atualizada_em=agora,
        expira_em=agora + timedelta(hours=settings.SEI_EXPORTACAO_HORAS),
    )
    # The exported documents are read by the actor's unit: another unit's signed ones are bloqueado.
    bloqueio.ao_ler_varios(ator, Documento.objects.filter(numero_sei__in=escolhidos).values("pk"))
    _agendar(exportacao.pk)
    return exportacao


# Embedded mode (no broker: Celery runs tasks inside the caller): the export runs in a thread of
# the web process, so that the request returns the progress page at once and the page polls.
EM_ANDAMENTO: dict[int, threading.Thread] = {}


def _agendar(exportacao_id: int) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: _iniciar_thread(exportacao_id))
    else:
        publicar_apos_commit("documentos.tasks.exportar_processo", exportacao_id)


def _iniciar_thread(exportacao_id: int) -> None:
    thread = threading.Thread(
        target=_executar_na_thread, args=(exportacao_id,), name=f"exportacao-{exportacao_id}", daemon=True
    )
    EM_ANDAMENTO[exportacao_id] = thread
    thread.start()


def _executar_na_thread(exportacao_id: int) -> None:
    try:
        # The task itself, run eagerly in this thread (the same path as with a worker).
        publicar("documentos.tasks.exportar_processo", exportacao_id)
    except Exception:
        logger.exception("exportação %s falhou na thread do modo embutido", exportacao_id)
    finally:
        EM_ANDAMENTO.pop(exportacao_id, None)
        connections.close_all()  # only this thread's connections


# --- The worker: build the file ------------------------------------------------------------------


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
    return list(qs.select_related("tipo", "processo", "hipotese_legal").order_by("id"))


def _gerar_pdf(exportacao: Exportacao, documentos: list[Documento], destino) -> None:
    ultimo, escrito_em = 0, time.monotonic()

    def ao_ler(i: int, total: int) -> None:
        nonlocal ultimo, escrito_em
        progresso = int(80 * i / total)
        # One write per 2 % or per second, whichever first: the page shows each document counted.
        if progresso - ultimo >= 2 or i == total or time.monotonic() - escrito_em >= 1:
            _registrar(exportacao, progresso=progresso, documentos_feitos=i)
            ultimo, escrito_em = progresso, time.monotonic()

    def ao_mesclar(feitas: int, total_partes: int) -> None:
        nonlocal ultimo
        progresso = 80 + int(19 * feitas / max(total_partes, 1))
        if progresso - ultimo >= 2:
            _registrar(exportacao, progresso=progresso)
            ultimo = progresso

    processo = exportacao.processo
    escrever_pdf(
        processo,
        documentos,
        destino,
        interessados=[i.nome for i in processo.interessados.all()],
        ao_ler=ao_ler,
        ao_mesclar=ao_mesclar,
    )


def escrever_pdf(processo, documentos: list[Documento], destino, *, interessados, ao_ler=None, ao_mesclar=None) -> None:
    """The process PDF of ``documentos`` (already access-checked by the caller), cover first,
    into ``destino``: the export's worker, and the external portal (its granted documents)."""
    partes, com_pdf = [], []
    total = len(documentos)
    em_cache = pdfs.pdfs_em_cache(documentos)
    for i, documento in enumerate(documentos, start=1):
        conteudo = pdfs.ler_pdf_final(documento, em_cache.get(documento.pk))
        if conteudo is not None:
            carimbo = renderizacao.carimbo_da_pagina(processo, documento)
            partes.append(pdf.ParteMesclagem(titulo=documento.rotulo, conteudo=conteudo, carimbo=carimbo))
            com_pdf.append(documento)
        if ao_ler:
            ao_ler(i, total)
    if not partes:
        raise ExportacaoImpossivel(
            "Nenhum dos documentos escolhidos pode ser convertido em PDF.", code="exportacao_sem_pdf"
        )
    pdf.mesclar(
        partes,
        titulo=f"Processo {processo.nup_formatado}",
        capa=renderizacao.capa(processo, com_pdf, interessados=interessados, gerado_em=timezone.now()),
        progresso=ao_mesclar,
        destino=destino,
        paginas_capa_estimadas=renderizacao.paginas_capa_estimadas(len(com_pdf)),
        carimbo_capa=renderizacao.carimbo_da_pagina(processo),
    )


def _gerar_zip(exportacao: Exportacao, documentos: list[Documento], destino) -> None:
    def ao_escrever(i: int, total: int) -> None:
        _registrar(exportacao, progresso=int(99 * i / total), documentos_feitos=i)

    escrever_zip(documentos, destino, ao_escrever=ao_escrever)


def escrever_zip(documentos: list[Documento], destino, *, ao_escrever=None) -> None:
    """The process ZIP of ``documentos`` (already access-checked by the caller) into ``destino``."""
    with zipfile.ZipFile(destino, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i, documento in enumerate(documentos, start=1):
            if documento.interno and documento.pdf_assinado_nome:
                # Signed: the signed PDF itself, whose signatures any reader checks.
                zf.writestr(renderizacao.nome_no_zip(documento, "pdf"), pdfs.ler_pdf_final(documento, None))
            elif documento.interno:
                pagina = renderizacao.pagina_html(documento, pdfs.corpo_da_versao(documento))
                zf.writestr(renderizacao.nome_no_zip(documento, "html"), pagina)
            else:
                extensao = os.path.splitext(documento.arquivo_nome)[1].lstrip(".") or "bin"
                zf.writestr(renderizacao.nome_no_zip(documento, extensao), pdfs.ler_original(documento))
            if ao_escrever:
                ao_escrever(i, len(documentos))


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
        documentos_feitos=0,
        atualizada_em=agora,
        batimento_em=agora,
    )
    if not reivindicada:
        return "ignorada"
    exportacao = Exportacao.objects.select_related(
        "processo", "processo__tipo", "processo__hipotese_legal", "usuario", "unidade"
    ).get(pk=exportacao_id)
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
            raise ExportacaoImpossivel(
                "Nenhum dos documentos escolhidos pode mais ser exportado.", code="exportacao_sem_documentos"
            )
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
        # Only our own messages reach the user; anything else is logged above.
        if isinstance(erro, ExportacaoImpossivel | pdf.PDFInvalido):
            mensagem = erro.mensagem
        else:
            mensagem = "Falha ao gerar o arquivo."
        _registrar(exportacao, estado=Exportacao.Estado.ERRO, detalhe=mensagem[:500])
        return "erro"
    try:
        _registrar(exportacao, estado=Exportacao.Estado.CONCLUIDA, progresso=100, arquivo_nome=nome)
    except ExecucaoPerdida:
        default_storage.delete(nome)  # the run that holds the export stores its own
        raise
    return "concluida"


# --- The sweeps ------------------------------------------------------------------------------


def retomar_exportacoes() -> int:
    """Hand to another worker each export whose worker is gone: "executando" with no heartbeat
    for SEI_EXPORTACAO_RETOMADA_SEGUNDOS (killed, machine lost, hung past the task time limit).
    Back to pending and re-enqueued, or "erro" after 3 attempts. Each row is taken with a
    conditional UPDATE (still running, same attempt, still silent), so two sweepers, or a
    heartbeat landing meanwhile, never resume one twice. Returns how many were re-enqueued."""
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
            publicar("documentos.tasks.exportar_processo", pk)
            retomadas += 1
    return retomadas


def reenfileirar_esquecidas() -> int:
    """Re-enqueue the exports still pending two minutes after their last change (the broker lost
    their message, or never got it). Returns how many."""
    esquecidas = Exportacao.objects.filter(
        estado=Exportacao.Estado.PENDENTE, atualizada_em__lt=timezone.now() - timedelta(minutes=2)
    ).values_list("pk", flat=True)[:200]
    pendentes = list(esquecidas)
    for pk in pendentes:
        publicar("documentos.tasks.exportar_processo", pk)
    return len(pendentes)


def _atualizar(exportacao: Exportacao, **campos) -> None:
    campos["atualizada_em"] = timezone.now()
    Exportacao.objects.filter(pk=exportacao.pk).update(**campos)
    for nome, valor in campos.items():
        setattr(exportacao, nome, valor)


def descartar_vencidas() -> None:
    """Drop the files of expired exports (the row stays, without its file)."""
    for exportacao in Exportacao.objects.filter(expira_em__lt=timezone.now()).exclude(arquivo_nome=""):
        default_storage.delete(exportacao.arquivo_nome)
        _atualizar(exportacao, arquivo_nome="")
