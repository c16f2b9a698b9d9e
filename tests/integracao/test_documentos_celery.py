"""Documents through Redis and a real Celery worker: the PDF rendered after the save commits,
and the process PDF built by the worker with its progress, as a user would see them."""

import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from documentos import services
from documentos.models import Exportacao, PdfRenderizado
from documentos.renderizacao import chave_pdf

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
