"""Gerar PDF / ZIP do processo: the form, the progress page, its JSON, the download."""

import io
import re
import zipfile
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documentos import services
from documentos.models import Exportacao
from processos import services as processos_services
from tests.factories import ator_em, bloquear


def _exportar(processo):
    return reverse("documentos:exportar", args=[processo.nup])


def test_formulario_lista_o_que_pode_ser_exportado(entrar, atores, unidades, processo, criar_documento):
    a, b = atores["A"], atores["B"]
    d1 = criar_documento(a, processo)
    cancelado = criar_documento(a, processo, tipo="Despacho")
    services.documento_cancelar(ator=a, documento=bloquear(cancelado), motivo="engano")
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    minuta_b = criar_documento(b, processo, tipo="Despacho")
    html = entrar(a).get(_exportar(processo)).content.decode()
    assert d1.rotulo in html
    assert cancelado.rotulo not in html and minuta_b.rotulo not in html
    assert re.search(rf'value="{d1.numero_sei}"[^>]*checked', html)  # all checked by default
    assert re.search(r'value="pdf"[^>]*checked', html)
    zip_html = entrar(a).get(_exportar(processo) + "?formato=zip").content.decode()
    assert re.search(r'value="zip"[^>]*checked', zip_html)


def test_exportar_pdf_progresso_estado_e_download(entrar, atores, processo, criar_documento,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    a = atores["A"]
    d1 = criar_documento(a, processo, conteudo="<p>Primeiro</p>")
    d2 = criar_documento(a, processo, tipo="Despacho", conteudo="<p>Segundo</p>")
    cliente = entrar(a)
    with django_capture_on_commit_callbacks(execute=True):
        resposta = cliente.post(
            _exportar(processo), {"formato": "pdf", "documentos": [d1.numero_sei, d2.numero_sei]}
        )
    exportacao = Exportacao.objects.get()
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("documentos:exportacao", args=[exportacao.pk])

    pagina = cliente.get(resposta["Location"])
    html = pagina.content.decode()
    assert '<progress id="progresso-exportacao" max="100" value="100">' in html
    assert 'for="progresso-exportacao"' in html and 'aria-live="polite"' in html
    assert "100 %" in html and "Baixar o PDF" in html
    assert reverse("documentos:exportacao_estado", args=[exportacao.pk]) in html

    estado = cliente.get(reverse("documentos:exportacao_estado", args=[exportacao.pk])).json()
    assert estado["estado"] == "concluida" and estado["progresso"] == 100
    assert estado["arquivo"] == reverse("documentos:exportacao_arquivo", args=[exportacao.pk])

    download = cliente.get(estado["arquivo"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert f"processo-{processo.nup}.pdf" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    # Only the user who asked: anyone else (even in the same unit) gets 404.
    outro = ator_em(a.unidade, username="outro")
    cliente_outro = entrar(outro, Client())
    for nome in ("exportacao", "exportacao_estado", "exportacao_arquivo"):
        assert cliente_outro.get(reverse(f"documentos:{nome}", args=[exportacao.pk])).status_code == 404


def test_exportar_zip(entrar, atores, processo, criar_documento, django_capture_on_commit_callbacks):
    a = atores["A"]
    d1 = criar_documento(a, processo, conteudo="<p>Conteúdo do ofício</p>")
    cliente = entrar(a)
    with django_capture_on_commit_callbacks(execute=True):
        cliente.post(_exportar(processo), {"formato": "zip", "documentos": [d1.numero_sei]})
    exportacao = Exportacao.objects.get()
    download = cliente.get(reverse("documentos:exportacao_arquivo", args=[exportacao.pk]))
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as zf:
        assert len(zf.namelist()) == 1 and zf.namelist()[0].endswith(".html")


def test_nenhum_documento_escolhido(entrar, atores, processo, criar_documento):
    criar_documento(atores["A"], processo)
    resposta = entrar(atores["A"]).post(_exportar(processo), {"formato": "pdf"})
    assert resposta.status_code == 400
    assert "Escolha ao menos um documento." in resposta.content.decode()
    assert not Exportacao.objects.exists()


def test_documento_alheio_no_post_e_recusado(entrar, atores, unidades, processo, criar_documento):
    a, b = atores["A"], atores["B"]
    d1 = criar_documento(a, processo)
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    minuta_b = criar_documento(b, processo, tipo="Despacho")
    resposta = entrar(a).post(
        _exportar(processo), {"formato": "pdf", "documentos": [d1.numero_sei, minuta_b.numero_sei]}
    )
    assert resposta.status_code == 400
    assert not Exportacao.objects.exists()


def test_pendente_mostra_atualizar_e_expirada_410(entrar, atores, processo, criar_documento):
    a = atores["A"]
    criar_documento(a, processo)
    exportacao = services.exportacao_solicitar(ator=a, processo=processo, formato="pdf")  # on_commit not run
    cliente = entrar(a)
    html = cliente.get(reverse("documentos:exportacao", args=[exportacao.pk])).content.decode()
    assert "0 %" in html and ">Atualizar</a>" in html
    assert "data-baixar hidden" in html
    estado = cliente.get(reverse("documentos:exportacao_estado", args=[exportacao.pk])).json()
    assert estado == {"estado": "pendente", "progresso": 0, "feitos": 0, "total": 1, "arquivo": None,
                      "detail": "", "expirada": False}  # fmt: skip
    ainda_nao = cliente.get(reverse("documentos:exportacao_arquivo", args=[exportacao.pk]), follow=True)
    assert "O arquivo ainda não está pronto." in ainda_nao.content.decode()

    Exportacao.objects.filter(pk=exportacao.pk).update(
        estado="concluida",
        progresso=100,
        arquivo_nome="exportacoes/x.pdf",
        expira_em=timezone.now() - timedelta(hours=1),
    )
    expirada = cliente.get(reverse("documentos:exportacao_arquivo", args=[exportacao.pk]))
    assert expirada.status_code == 410
    assert "Arquivo expirado" in expirada.content.decode()
    assert (
        cliente.get(reverse("documentos:exportacao_estado", args=[exportacao.pk])).json()["arquivo"] is None
    )


def test_erro_mostra_a_mensagem(entrar, atores, processo, criar_documento):
    a = atores["A"]
    criar_documento(a, processo)
    exportacao = services.exportacao_solicitar(ator=a, processo=processo, formato="pdf")
    Exportacao.objects.filter(pk=exportacao.pk).update(
        estado="erro", detalhe="Nenhum dos documentos pode mais ser exportado."
    )
    html = entrar(a).get(reverse("documentos:exportacao", args=[exportacao.pk])).content.decode()
    assert "Nenhum dos documentos pode mais ser exportado." in html
    assert "Baixar" not in html.split("data-baixar", 1)[1].split("</p>", 1)[0] or "data-baixar hidden" in html
