"""POST /processos/{nup}/documentos/ (external, multipart) and serving the file back."""

import errno
import hashlib

from django.core.files.storage import FileSystemStorage

from documentos.models import Documento
from processos.models import NivelAcesso
from tests.documentos.api.conftest import (
    arquivos_gravados,
    pdf_com_texto,
    upload,
    url_documento,
    url_documentos,
)
from tests.documentos.arquivos.amostras import docx
from tests.factories import hipotese

HTML_MALICIOSO = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _enviar(c, processo, arquivo, **campos):
    corpo = {"tipo": "Nota Fiscal", "numero": "345", "arquivo": arquivo, **campos}
    return c.post(url_documentos(processo), corpo, format="multipart")


def test_pdf_valido_volta_identico_com_cabecalhos_do_servidor(atores, cliente, processo, armazenamento):
    c = cliente(atores["A"])
    conteudo = pdf_com_texto()
    r = _enviar(
        c,
        processo,
        upload("nota.pdf", conteudo, "text/html"),  # the client's type is ignored
        data="2026-01-15",
        remetente="Empresa X",
        formato="digitalizado",
        tipo_conferencia="copia_simples",
        descricao="",
    )
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["natureza"] == "externo" and d["rotulo"] == f"Nota Fiscal 345 ({d['numero_sei_formatado']})"
    assert (
        d["nome_arquivo"] == "nota.pdf" and d["mime"] == "application/pdf" and d["tamanho"] == len(conteudo)
    )
    assert d["sha256"] == hashlib.sha256(conteudo).hexdigest()
    assert (
        d["data"] == "2026-01-15"
        and d["formato"] == "digitalizado"
        and d["tipo_conferencia"] == "copia_simples"
    )
    assert d["remetente"] == "Empresa X" and d["versao"] is None and r["ETag"] == '"1"'
    assert len(arquivos_gravados(armazenamento)) == 1
    assert "nota" not in arquivos_gravados(armazenamento)[0]  # stored under a generated name

    baixado = c.get(url_documento(d["numero_sei"], "conteudo"))
    assert baixado.status_code == 200
    assert b"".join(baixado.streaming_content) == conteudo
    assert baixado["Content-Type"] == "application/pdf"
    assert baixado["Content-Disposition"] == 'inline; filename="nota.pdf"'
    assert baixado["X-Content-Type-Options"] == "nosniff"
    assert baixado["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert baixado["Cache-Control"] == "private, no-cache"  # público: not no-store, but never shared


def test_restrito_servido_com_no_store(atores, cliente, processo):
    c = cliente(atores["A"])
    r = _enviar(
        c,
        processo,
        upload("laudo.pdf", pdf_com_texto()),
        nivel_acesso="restrito",
        hipotese_legal=hipotese(NivelAcesso.RESTRITO).pk,
    )
    assert r.status_code == 201, r.json()
    assert r.json()["nivel_acesso"] == "restrito"
    baixado = c.get(url_documento(r.json()["numero_sei"], "conteudo/"))  # with the slash too
    assert baixado.status_code == 200 and baixado["Cache-Control"] == "no-store"


def test_html_renomeado_para_pdf_e_415_sem_linha_nem_arquivo(atores, cliente, processo, armazenamento):
    r = _enviar(cliente(atores["A"]), processo, upload("nota.pdf", HTML_MALICIOSO))
    assert r.status_code == 415 and r.json()["code"] == "tipo_recusado"
    assert r.json()["detail"]
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []


def test_extensao_nao_permitida_e_415(atores, cliente, processo, armazenamento):
    r = _enviar(cliente(atores["A"]), processo, upload("pagina.html", HTML_MALICIOSO, "text/html"))
    assert r.status_code == 415
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []


def test_limite_de_tamanho_e_413(atores, cliente, processo, settings, armazenamento):
    conteudo = pdf_com_texto()
    settings.SEI_UPLOAD_MAX_BYTES = len(conteudo) - 1
    r = _enviar(cliente(atores["A"]), processo, upload("nota.pdf", conteudo))
    assert r.status_code == 413 and r.json()["code"] == "arquivo_grande"
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []
    settings.SEI_UPLOAD_MAX_BYTES = len(conteudo)
    assert _enviar(cliente(atores["A"]), processo, upload("nota.pdf", conteudo)).status_code == 201


def test_arquivo_vazio_e_400(atores, cliente, processo, armazenamento):
    r = _enviar(cliente(atores["A"]), processo, upload("nota.pdf", b""))
    assert r.status_code == 400 and "arquivo" in r.json()["errors"]
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []


def test_nome_com_caminho_e_guardado_so_com_o_nome(atores, cliente, processo, armazenamento):
    c = cliente(atores["A"])
    r = _enviar(c, processo, upload("../../x.pdf", pdf_com_texto()))
    assert r.status_code == 201
    assert r.json()["nome_arquivo"] == "x.pdf"
    assert Documento.objects.get().arquivo_nome_original == "x.pdf"
    (gravado,) = arquivos_gravados(armazenamento)
    assert gravado.startswith(str(armazenamento))
    baixado = c.get(url_documento(r.json()["numero_sei"], "conteudo"))
    assert baixado["Content-Disposition"] == 'inline; filename="x.pdf"'


def test_metadados_com_marcacao_voltam_como_dados_e_nome_codificado(atores, cliente, processo):
    c = cliente(atores["A"])
    xss = '<script>alert("x")</script>'
    r = _enviar(
        c,
        processo,
        upload('<img src=x onerror=alert(1)>"a.pdf', pdf_com_texto()),
        descricao=xss,
        remetente=xss,
        numero=xss[:50],
    )
    assert r.status_code == 201, r.json()
    d = c.get(url_documento(r.json()["numero_sei"])).json()
    assert d["descricao"] == xss and d["remetente"] == xss and d["numero"] == xss[:50]
    baixado = c.get(url_documento(d["numero_sei"], "conteudo"))
    disposicao = baixado["Content-Disposition"]
    # one header, the quote escaped: the client's name cannot end the value nor add parameters
    assert disposicao.startswith('inline; filename="') and '\\"a.pdf"' in disposicao
    assert "\n" not in disposicao and "\r" not in disposicao


def test_documento_externo_nao_e_editado(atores, cliente, processo):
    c = cliente(atores["A"])
    r = _enviar(c, processo, upload("nota.pdf", pdf_com_texto()))
    numero = r.json()["numero_sei"]
    r = c.patch(url_documento(numero), {"conteudo": "<p>x</p>"}, format="json", HTTP_IF_MATCH='"1"')
    assert r.status_code == 409 and r.json()["code"] == "documento_externo"


def test_docx_sem_pdf_e_409_mas_conteudo_baixa_como_anexo(atores, cliente, processo):
    c = cliente(atores["A"])
    conteudo = docx()
    r = _enviar(c, processo, upload("oficio.docx", conteudo), tipo="Anexo", numero="")
    assert r.status_code == 201, r.json()
    numero = r.json()["numero_sei"]
    r = c.get(url_documento(numero, "pdf"))
    assert r.status_code == 409 and r.json()["code"] == "sem_pdf" and "PDF" in r.json()["detail"]
    baixado = c.get(url_documento(numero, "conteudo"))
    assert baixado.status_code == 200
    assert baixado["Content-Disposition"].startswith("attachment;")
    assert b"".join(baixado.streaming_content) == conteudo


def test_upload_em_processo_nao_aberto_na_unidade_nao_grava_nada(atores, cliente, processo, armazenamento):
    r = _enviar(cliente(atores["B"]), processo, upload("nota.pdf", pdf_com_texto()))
    assert r.status_code == 409
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []


def test_multipart_sem_arquivo_valido_e_400(atores, cliente, processo):
    r = cliente(atores["A"]).post(
        url_documentos(processo), {"tipo": "Nota Fiscal", "arquivo": "texto"}, format="multipart"
    )
    assert r.status_code == 400 and "arquivo" in r.json()["errors"]


def test_armazenamento_indisponivel_e_503_sem_linha_nem_arquivo(
    atores, cliente, processo, armazenamento, monkeypatch
):
    def disco_cheio(self, name, content):
        caminho = armazenamento / name
        caminho.parent.mkdir(parents=True, exist_ok=True)
        caminho.write_bytes(b"%PDF-1.4 parcial")  # something partial was written before the failure
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disco_cheio)
    r = _enviar(cliente(atores["A"]), processo, upload("nota.pdf", pdf_com_texto()))
    assert r.status_code == 503 and r.json()["code"] == "armazenamento_indisponivel"
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []
