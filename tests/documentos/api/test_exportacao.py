"""POST /processos/{nup}/exportar/ → 202 + task; the task is only the requester's; expiry → 410."""

import io
import zipfile
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from documentos.models import Exportacao
from processos import services as processos_services
from tests.documentos.api.conftest import arquivos_gravados
from tests.factories import UsuarioFactory, bloquear, lotar


def _exportar(c, processo, capturar, **corpo):
    with capturar(execute=True):
        return c.post(f"/api/v1/processos/{processo.nup}/exportar/", corpo, format="json")


def _tarefa(r) -> str:
    return r.json()["tarefa"].removeprefix("http://testserver")


def test_pdf_do_processo_ate_100_e_download_so_de_quem_pediu(
    atores, unidades, cliente, processo, criar_documento, django_capture_on_commit_callbacks
):
    d1 = criar_documento(atores["A"], processo, conteudo="<p>Primeiro documento</p>")
    criar_documento(atores["A"], processo, tipo="Despacho", conteudo="<p>Segundo documento</p>")
    c = cliente(atores["A"])
    r = _exportar(c, processo, django_capture_on_commit_callbacks, formato="pdf")
    assert r.status_code == 202
    assert r["Location"] == r.json()["tarefa"] and r.json()["tarefa"].startswith(
        "http://testserver/api/v1/tarefas/"
    )

    estado = c.get(_tarefa(r))
    assert estado.status_code == 200, estado.json()
    corpo = estado.json()
    assert corpo["estado"] == "concluida" and corpo["progresso"] == 100 and corpo["detail"] is None
    assert corpo["documentos_feitos"] == corpo["documentos_total"] == 2
    assert corpo["arquivo"].endswith("/arquivo")
    baixado = c.get(corpo["arquivo"].removeprefix("http://testserver"))
    assert baixado.status_code == 200
    assert baixado["Content-Type"] == "application/pdf"
    assert baixado["Content-Disposition"] == f'attachment; filename="processo-{processo.nup}.pdf"'
    assert baixado["Cache-Control"] == "no-store" and baixado["X-Content-Type-Options"] == "nosniff"
    paginas = PdfReader(io.BytesIO(b"".join(baixado.streaming_content))).pages
    texto = " ".join(p.extract_text() for p in paginas)
    assert "Primeiro documento" in texto and "Segundo documento" in texto and d1.rotulo in texto

    # anyone else, even of the same unit, does not know the task exists
    colega = lotar(UsuarioFactory(username="colega_a"), unidades["A"])
    for outro in (colega, atores["B"]):
        assert cliente(outro).get(_tarefa(r)).status_code == 404
        assert cliente(outro).get(corpo["arquivo"].removeprefix("http://testserver")).status_code == 404
    assert cliente().get(_tarefa(r)).status_code == 401


def test_arquivo_expirado_ou_apagado_e_410(
    atores, cliente, processo, criar_documento, django_capture_on_commit_callbacks, armazenamento
):
    criar_documento(atores["A"], processo, conteudo="<p>texto</p>")
    c = cliente(atores["A"])
    r = _exportar(c, processo, django_capture_on_commit_callbacks, formato="zip")
    arquivo = c.get(_tarefa(r)).json()["arquivo"].removeprefix("http://testserver")
    assert c.get(arquivo).status_code == 200

    exportacao = Exportacao.objects.get()
    Exportacao.objects.filter(pk=exportacao.pk).update(expira_em=timezone.now() - timedelta(minutes=1))
    r410 = c.get(arquivo)
    assert r410.status_code == 410 and r410.json()["code"] == "expirado" and r410.json()["detail"]

    Exportacao.objects.filter(pk=exportacao.pk).update(expira_em=timezone.now() + timedelta(hours=1))
    default_storage.delete(exportacao.arquivo_nome)
    assert c.get(arquivo).status_code == 410


def test_zip_sem_minuta_alheia_nem_cancelado_e_pedido_explicito_e_400(
    atores, unidades, cliente, processo, criar_documento, django_capture_on_commit_callbacks
):
    a, b = atores["A"], atores["B"]
    d1 = criar_documento(a, processo, conteudo="<p>De A</p>")
    cancelado = bloquear(criar_documento(a, processo, conteudo="<p>Cancelado</p>"))
    cliente(a).post(
        f"/api/v1/documentos/{cancelado.numero_sei}/cancelar/", {"motivo": "engano"}, format="json"
    )
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    minuta_b = criar_documento(b, processo, tipo="Despacho", conteudo="<p>Minuta de B</p>")

    c = cliente(a)
    r = _exportar(c, processo, django_capture_on_commit_callbacks, formato="zip")
    arquivo = c.get(_tarefa(r)).json()["arquivo"].removeprefix("http://testserver")
    with zipfile.ZipFile(io.BytesIO(b"".join(c.get(arquivo).streaming_content))) as zf:
        nomes = zf.namelist()
    assert len(nomes) == 1 and nomes[0].startswith(d1.numero_sei_formatado)

    for pedido in ([minuta_b.numero_sei], [cancelado.numero_sei], [d1.numero_sei, 9999999]):
        r = _exportar(c, processo, django_capture_on_commit_callbacks, formato="pdf", documentos=pedido)
        assert r.status_code == 400 and "documentos" in r.json()["errors"], pedido
    r = _exportar(
        c, processo, django_capture_on_commit_callbacks, formato="pdf", documentos=[d1.numero_sei_formatado]
    )
    assert r.status_code == 202
    assert Exportacao.objects.filter(documentos=[d1.numero_sei]).exists()


def test_erros_de_entrada_e_tarefa_com_erro(
    atores, cliente, processo, incluir_externo, django_capture_on_commit_callbacks, armazenamento
):
    c = cliente(atores["A"])
    r = _exportar(c, processo, django_capture_on_commit_callbacks, formato="doc")
    assert r.status_code == 400 and "formato" in r.json()["errors"]
    r = _exportar(c, processo, django_capture_on_commit_callbacks, formato="pdf")
    assert r.status_code == 400  # no documents yet
    assert (
        c.post("/api/v1/processos/00000000000000000/exportar/", {"formato": "pdf"}, format="json").status_code
        == 404
    )

    # a file whose bytes no longer match: the task ends in "erro" with a message, nothing to download
    doc = incluir_externo(atores["A"], processo)
    (armazenamento / doc.arquivo_nome).write_bytes(b"%PDF-1.4 alterado")
    r = _exportar(c, processo, django_capture_on_commit_callbacks, formato="zip")
    corpo = c.get(_tarefa(r)).json()
    assert corpo["estado"] == "erro" and corpo["detail"] and corpo["arquivo"] is None
    r = c.get(_tarefa(r) + "arquivo")
    assert r.status_code == 409
    assert not [n for n in arquivos_gravados(armazenamento) if "exportacoes" in n]


def test_tarefa_pendente_ainda_sem_arquivo(atores, cliente, processo, criar_documento):
    criar_documento(atores["A"], processo)
    c = cliente(atores["A"])
    # without running the on-commit callbacks the worker never got the task
    r = c.post(f"/api/v1/processos/{processo.nup}/exportar/", {"formato": "pdf"}, format="json")
    corpo = c.get(_tarefa(r)).json()
    assert corpo["estado"] == "pendente" and corpo["progresso"] == 0 and corpo["arquivo"] is None
    assert c.get(_tarefa(r) + "arquivo").status_code == 409
