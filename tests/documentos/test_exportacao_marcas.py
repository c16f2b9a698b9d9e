"""The process PDF says what it is on every page: the access level (cover and each page of a
non-público process), MINUTA over unsigned documents only, and when the PDF was generated; the
progress counts documents; in the embedded mode the export runs in a thread."""

import io
import re
import time

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from documentos.models import Documento, Exportacao
from documentos.services import exportacao as servico
from processos.models import NivelAcesso
from tests.factories import hipotese


def _paginas(exportacao) -> list[str]:
    with default_storage.open(exportacao.arquivo_nome) as arquivo:
        leitor = PdfReader(io.BytesIO(arquivo.read()))
    return [" ".join(p.extract_text().split()) for p in leitor.pages]


def _exportar(ator, processo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        exportacao = servico.exportacao_solicitar(ator=ator, processo=processo, formato="pdf")
    exportacao.refresh_from_db()
    assert exportacao.estado == Exportacao.Estado.CONCLUIDA, exportacao.detalhe
    return exportacao


def test_nivel_em_cada_pagina_e_minuta_so_nas_minutas(atores, criar_processo, criar_documento,
                                                       django_capture_on_commit_callbacks):  # fmt: skip
    a = atores["A"]
    hip = hipotese(NivelAcesso.RESTRITO)
    processo = criar_processo(a, nivel=NivelAcesso.RESTRITO, hipotese_legal=hip)
    longo = "".join(
        f"<p>Parágrafo {i} do parecer, com texto bastante para ocupar a linha.</p>" for i in range(90)
    )
    minuta = criar_documento(a, processo, conteudo=longo)  # several pages, still a minuta
    assinado = criar_documento(a, processo, tipo="Despacho", conteudo="<p>Despacho assinado</p>")
    Documento.objects.filter(pk=assinado.pk).update(estado=Documento.Estado.ASSINADO)

    paginas = _paginas(_exportar(a, processo, django_capture_on_commit_callbacks))
    faixa = f"Processo restrito — Hipótese legal: {hip.nome} ({hip.base_legal})"
    assert len(paginas) >= 4  # cover, the minuta's pages, the signed one
    for texto in paginas:
        assert faixa in texto  # every page, cover included
    capa, *meio, ultima = paginas
    assert re.search(r"PDF gerado em: \d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}", capa)
    assert "Nível de acesso: " + faixa in capa
    assert len(meio) >= 2 and all("MINUTA" in p and "Parágrafo" in p for p in meio)
    assert "Despacho assinado" in ultima and "MINUTA" not in ultima
    assert minuta.rotulo in capa


def test_documento_restrito_em_processo_publico_leva_a_propria_hipotese(
    atores, processo, criar_documento, django_capture_on_commit_callbacks
):
    a = atores["A"]
    hip = hipotese(NivelAcesso.RESTRITO)
    criar_documento(a, processo, tipo="Despacho", conteudo="<p>Aberto</p>")
    criar_documento(a, processo, nivel=NivelAcesso.RESTRITO, hipotese_legal=hip, conteudo="<p>Fechado</p>")
    capa, aberto, fechado = _paginas(_exportar(a, processo, django_capture_on_commit_callbacks))
    assert "Documento restrito — Hipótese legal: " + hip.nome in fechado
    assert "Processo restrito" in aberto and "Documento restrito" not in aberto
    assert "Processo restrito" in capa


def test_processo_publico_sem_faixa(atores, processo, criar_documento, django_capture_on_commit_callbacks):
    a = atores["A"]
    criar_documento(a, processo, conteudo="<p>Público</p>")
    for texto in _paginas(_exportar(a, processo, django_capture_on_commit_callbacks)):
        assert "restrito" not in texto.lower() and "sigiloso" not in texto.lower()


def test_progresso_conta_os_documentos(atores, processo, criar_documento, monkeypatch):
    a = atores["A"]
    for i in range(5):
        criar_documento(a, processo, tipo="Despacho", conteudo=f"<p>Despacho {i}</p>")
    exportacao = servico.exportacao_solicitar(ator=a, processo=processo, formato="pdf")
    vistos = []
    original = servico._registrar

    def registrar(exp, **campos):
        original(exp, **campos)
        linha = Exportacao.objects.get(pk=exp.pk)
        vistos.append((linha.documentos_feitos, linha.progresso))

    monkeypatch.setattr(servico, "_registrar", registrar)
    monkeypatch.setattr(servico.time, "monotonic", iter(range(0, 1000, 5)).__next__)  # a second each
    assert servico.executar_exportacao(exportacao.pk) == "concluida"
    feitos = [f for f, _ in vistos]
    assert feitos[:5] == [1, 2, 3, 4, 5]  # each document counted as it is read
    progressos = [p for _, p in vistos]
    assert progressos == sorted(progressos) and progressos[-1] == 100


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_modo_embutido_devolve_a_pagina_de_progresso_na_hora(entrar, atores, criar_processo, criar_documento,
                                                              settings, monkeypatch):  # fmt: skip
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no broker: the embedded mode
    a = atores["A"]
    processo = criar_processo(a)
    documento = criar_documento(a, processo, conteudo="<p>Embutido</p>")
    liberar = __import__("threading").Event()
    original = servico._construir

    def construir_devagar(exportacao):
        liberar.wait(10)  # the export is still running when the request returns
        return original(exportacao)

    monkeypatch.setattr(servico, "_construir", construir_devagar)
    cliente = entrar(a)
    resposta = cliente.post(
        reverse("documentos:exportar", args=[processo.nup]),
        {"formato": "pdf", "documentos": [documento.numero_sei]},
    )
    assert resposta.status_code == 302
    exportacao = Exportacao.objects.get()
    estado = cliente.get(reverse("documentos:exportacao_estado", args=[exportacao.pk])).json()
    assert estado["estado"] in ("pendente", "executando") and estado["arquivo"] is None
    liberar.set()
    thread = servico.EM_ANDAMENTO.get(exportacao.pk)
    if thread is not None:
        thread.join(30)
    for _ in range(100):
        estado = cliente.get(reverse("documentos:exportacao_estado", args=[exportacao.pk])).json()
        if estado["estado"] == "concluida":
            break
        time.sleep(0.1)
    assert estado["estado"] == "concluida" and estado["feitos"] == estado["total"] == 1
