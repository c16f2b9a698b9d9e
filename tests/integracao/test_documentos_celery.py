"""Documents through Redis and a real Celery worker: the PDF rendered after the save commits,
and the process PDF built by the worker with its progress, as a user would see them."""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from documentos import services
from documentos.models import Exportacao, PdfRenderizado
from documentos.renderizacao import chave_pdf, retomar_pendentes

from .conftest import esperar

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
    registro = esperar(lambda: PdfRenderizado.objects.filter(chave=chave_pdf(doc)).first(), limite=60)
    assert registro.paginas == 1

    exportacao = services.exportacao_solicitar(ator=ator, processo=processo, formato="pdf")
    concluida = esperar(
        lambda: Exportacao.objects.filter(pk=exportacao.pk, estado__in=["concluida", "erro"]).first(), limite=60
    )
    assert concluida.estado == "concluida", concluida.detalhe
    assert concluida.progresso == 100
    with default_storage.open(concluida.arquivo_nome) as arquivo:
        leitor = PdfReader(io.BytesIO(arquivo.read()))
    assert len(leitor.pages) == 2  # cover + the document
    assert "Parecer favorável" in leitor.pages[1].extract_text()
    assert processo.nup_formatado in leitor.pages[0].extract_text()


def test_worker_morto_no_meio_do_pdf_do_processo_e_a_geracao_retomada(
    worker_celery, armazenamento_do_worker, atores, processo, criar_documento
):
    """SIGKILL of the worker while it builds a process PDF: the export stays "executando", no
    partial file is left, and the beat sweeper retries it; the user gets the whole PDF."""
    ator = atores["A"]
    exportacoes = armazenamento_do_worker / "exportacoes"
    antes = set(exportacoes.glob("*"))
    worker_celery.matar()  # while it is down, messages only queue up
    try:
        for n in range(1, 21):
            criar_documento(ator, processo, conteudo=f"<p>Documento {n}</p>" + "<p>Texto do parecer.</p>" * 40)
        exportacao = services.exportacao_solicitar(ator=ator, processo=processo, formato="pdf")
    finally:
        worker_celery.iniciar()  # purges the queue: the messages are lost, the rows are not
    pk = exportacao.pk
    assert Exportacao.objects.get(pk=pk).estado == "pendente"

    # The sweeper re-enqueues the forgotten export; the worker renders each document as it goes.
    Exportacao.objects.filter(pk=pk).update(atualizada_em=timezone.now() - timedelta(minutes=3))
    assert retomar_pendentes() == 1
    esperar(lambda: Exportacao.objects.filter(pk=pk, progresso__gte=8, progresso__lt=80).exists(), intervalo=0.02)
    worker_celery.matar()
    no_meio = Exportacao.objects.get(pk=pk)
    assert no_meio.estado == "executando" and no_meio.tentativas == 1 and not no_meio.arquivo_nome
    assert set(exportacoes.glob("*")) == antes  # nothing partial stored

    worker_celery.iniciar()
    # Ten minutes without progress: the worker is gone. The sweeper retries it at once.
    Exportacao.objects.filter(pk=pk).update(atualizada_em=timezone.now() - timedelta(minutes=11))
    assert retomar_pendentes() == 1
    concluida = esperar(
        lambda: Exportacao.objects.filter(pk=pk, estado__in=["concluida", "erro"]).first(), limite=90
    )
    assert concluida.estado == "concluida", concluida.detalhe
    assert concluida.tentativas == 2 and concluida.progresso == 100
    assert len(set(exportacoes.glob("*")) - antes) == 1
    with default_storage.open(concluida.arquivo_nome) as arquivo:
        texto = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(arquivo.read())).pages)
    assert all(f"Documento {n}" in texto for n in (1, 10, 20))
