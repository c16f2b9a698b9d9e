"""Documents through Redis and a real Celery worker: the PDF rendered after the save commits,
and the process PDF built by the worker with its progress, resumed by the beat's sweep when the
worker is killed in the middle, as a user would see them."""

import base64
import io
import json
import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from documentos import services
from documentos.models import Exportacao, PdfRenderizado
from documentos.services.pdfs import chave_do_documento
from documentos.services.varredura import retomar_pendentes

from .conftest import Beat, esperar

pytestmark = [pytest.mark.integracao, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def armazenamento_do_worker(worker_celery, settings):
    """The test reads the files the worker writes: both use the worker's media folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(worker_celery.media)},
        },
    }
    return worker_celery.media


def test_pdf_renderizado_pelo_worker_e_pdf_do_processo_com_progresso(
    worker_celery, armazenamento_do_worker, atores, processo, criar_documento
):
    ator = atores["A"]
    doc = criar_documento(ator, processo, conteudo="<p>Parecer favorável à contratação</p>")
    # The render task was published on commit; the worker renders and caches it.
    registro = esperar(lambda: PdfRenderizado.objects.filter(chave=chave_do_documento(doc)).first(), limite=60)
    assert registro.paginas == 1

    exportacao = services.exportacao_solicitar(ator=ator, processo=processo, formato="pdf")
    concluida = esperar(
        lambda: Exportacao.objects.filter(pk=exportacao.pk, estado__in=["concluida", "erro"]).first(),
        limite=60,
    )
    assert concluida.estado == "concluida", concluida.detalhe
    assert concluida.progresso == 100
    with default_storage.open(concluida.arquivo_nome) as arquivo:
        leitor = PdfReader(io.BytesIO(arquivo.read()))
    assert len(leitor.pages) == 2  # cover + the document
    assert "Parecer favorável" in leitor.pages[1].extract_text()
    assert processo.nup_formatado in leitor.pages[0].extract_text()


# Short heartbeat and takeover for the worker (through its environment, as an operator would
# set them), and the export sweep every second: the same mechanism as the defaults (10 s, 60 s,
# 30 s), at a pace a test can wait for.
RETOMADA_CURTA = {
    "SEI_EXPORTACAO_BATIMENTO_SEGUNDOS": "1",
    "SEI_EXPORTACAO_RETOMADA_SEGUNDOS": "4",
    "SEI_EXPORTACAO_VARREDURA_SEGUNDOS": "1",
}
# Only a stuck export takes this long (before the heartbeat: 10 to 15 minutes).
LIMITE_RETOMADA = 120


@pytest.fixture
def beat_com_retomada_curta(worker_celery):
    """The worker restarted with RETOMADA_CURTA and a real ``celery beat`` running the product's
    schedule with it; both back to the defaults afterwards."""
    worker_celery.parar()
    worker_celery.ambiente = RETOMADA_CURTA
    beat = Beat(pasta=worker_celery.pasta, ambiente=RETOMADA_CURTA)
    try:
        worker_celery.iniciar()
        beat.iniciar()
        yield beat
    finally:
        beat.parar()
        worker_celery.parar()
        worker_celery.ambiente = {}
        worker_celery.iniciar()


def _acompanhar(pk: int, fim, limite: float, trilha: list) -> Exportacao:
    """Poll the export every 50 ms until ``fim(exportacao)``; ``trilha`` gets each state seen."""
    inicio = time.monotonic()
    while True:
        atual = Exportacao.objects.get(pk=pk)
        if not trilha or trilha[-1] != (atual.estado, atual.tentativas):
            trilha.append((atual.estado, atual.tentativas))
        if fim(atual):
            return atual
        if time.monotonic() - inicio > limite:
            pytest.fail(f"Exportação parada: {trilha} em {limite} s.", pytrace=False)
        time.sleep(0.05)


def _sem_ack(tarefa: str, args: list) -> list[str]:
    """Ids of the ``tarefa(*args)`` messages delivered and never acknowledged: kombu keeps them in
    the Redis hash ``unacked`` until ``visibility_timeout``."""
    import redis

    cliente = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    mensagens = [json.loads(bruto)[0] for bruto in cliente.hvals("unacked")]
    return [
        m["headers"]["id"]
        for m in mensagens
        if m["headers"]["task"] == tarefa and json.loads(base64.b64decode(m["body"]))[0] == args
    ]


def _vencer_visibilidade() -> None:
    """What a live worker does once ``visibility_timeout`` has passed: unacknowledged messages
    go back to the queue (kombu's ``restore_visible``), here without waiting the 2 h."""
    from sei.celery import app

    with app.connection_for_write(transport_options={"visibility_timeout": 0}) as conexao:
        conexao.default_channel.qos.restore_visible(num=1000)


def test_worker_morto_no_meio_do_pdf_do_processo_e_a_geracao_retomada(
    worker_celery, armazenamento_do_worker, beat_com_retomada_curta, atores, processo, criar_documento, capsys
):
    """SIGKILL of the worker while it builds a process PDF: the export stays "executando" with no
    partial file; its heartbeat stops, the beat's sweep hands it back to the queue once silent,
    and the restarted worker delivers the whole PDF within seconds."""
    ator = atores["A"]
    exportacoes = armazenamento_do_worker / "exportacoes"
    antes = set(exportacoes.glob("*"))
    worker_celery.matar()  # while it is down, messages only queue up
    try:
        for n in range(1, 21):
            criar_documento(
                ator, processo, conteudo=f"<p>Documento {n}</p>" + "<p>Texto do parecer.</p>" * 40
            )
        exportacao = services.exportacao_solicitar(ator=ator, processo=processo, formato="pdf")
    finally:
        worker_celery.iniciar()  # purges the queue: the messages are lost, the rows are not
    pk = exportacao.pk
    assert Exportacao.objects.get(pk=pk).estado == "pendente"

    # The 5-minute sweeper re-enqueues the forgotten export; the worker renders each document.
    Exportacao.objects.filter(pk=pk).update(atualizada_em=timezone.now() - timedelta(minutes=3))
    de_antes = set(_sem_ack("documentos.tasks.exportar_processo", [pk]))  # left by earlier runs
    assert retomar_pendentes() == 1
    esperar(
        lambda: Exportacao.objects.filter(pk=pk, progresso__gte=8, progresso__lt=80).exists(), intervalo=0.02
    )
    worker_celery.matar()
    morto_em = time.monotonic()
    no_meio = Exportacao.objects.get(pk=pk)
    assert no_meio.estado == "executando" and no_meio.tentativas == 1 and not no_meio.arquivo_nome
    assert set(exportacoes.glob("*")) == antes  # nothing partial stored
    # The whole worker died: nobody rejected its message, which waits in Redis, unacknowledged.
    [mensagem_morta] = set(_sem_ack("documentos.tasks.exportar_processo", [pk])) - de_antes
    log_antes = len(worker_celery.texto_log())

    # Nobody calls the sweep here: beat sends it every second, the restarted worker runs it.
    worker_celery.iniciar()
    trilha = [("executando", 1)]
    _acompanhar(pk, lambda e: e.tentativas == 2 and e.estado != "pendente", LIMITE_RETOMADA, trilha)
    retomada = time.monotonic() - morto_em
    concluida = _acompanhar(pk, lambda e: e.estado in ("concluida", "erro"), LIMITE_RETOMADA, trilha)
    total = time.monotonic() - morto_em
    with capsys.disabled():
        print(
            f"\nSIGKILL no meio do PDF do processo: executando de novo em {retomada:.1f} s, "
            f"concluída em {total:.1f} s ({RETOMADA_CURTA}); "
            f"estados: {trilha}"
        )

    assert concluida.estado == "concluida", concluida.detalhe
    assert concluida.tentativas == 2 and concluida.progresso == 100
    assert trilha[0] == ("executando", 1) and trilha[-1] == ("concluida", 2) and ("erro", 2) not in trilha
    # Taken over only once silent: the last heartbeat came at most one beat before the kill.
    batimento, silencio = (
        int(RETOMADA_CURTA[f"SEI_EXPORTACAO_{n}_SEGUNDOS"]) for n in ("BATIMENTO", "RETOMADA")
    )
    assert retomada >= silencio - batimento
    log = worker_celery.texto_log()[log_antes:]
    tomada = r"documentos\.tasks\.retomar_exportacoes\[[^]]+\] succeeded in [\d.]+s: 1"
    assert re.search(tomada, log), log[-3000:]  # by the product's beat entry
    assert len(set(exportacoes.glob("*")) - antes) == 1
    with default_storage.open(concluida.arquivo_nome) as arquivo:
        leitor = PdfReader(io.BytesIO(arquivo.read()))
    texto = " ".join(p.extract_text() for p in leitor.pages)
    assert all(f"Documento {n}" in texto for n in range(1, 21))
    assert len(leitor.outline) == 21  # the cover and each of the 20 documents

    # Hours later the dead worker's message is redelivered: the finished export is left as it is.
    _vencer_visibilidade()
    esperar(lambda: worker_celery.resultado(mensagem_morta), limite=60)
    assert worker_celery.resultado(mensagem_morta).endswith("'ignorada'")
    depois = Exportacao.objects.get(pk=pk)
    assert (depois.estado, depois.tentativas, depois.arquivo_nome) == ("concluida", 2, concluida.arquivo_nome)
    assert len(set(exportacoes.glob("*")) - antes) == 1
    assert mensagem_morta not in _sem_ack("documentos.tasks.exportar_processo", [pk])
