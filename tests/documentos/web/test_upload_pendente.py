"""Incluir documento externo keeps the chosen file after a validation error of another field
(server-side, named by a signed token bound to the user), and never leaves an orphan file."""

import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documentos.models import Documento, UploadPendente
from documentos.services import pendentes
from tests.documentos.web.conftest import pdf_simples, tipo_documento
from tests.factories import ator_em


def _externo(processo):
    return reverse("documentos:incluir_externo", args=[processo.nup])


def _dados(arquivo=None, **extra):
    dados = {"tipo": tipo_documento("Nota Fiscal").pk, "numero": "345", "formato": "nato_digital",
             "nivel_acesso": "publico", **extra}  # fmt: skip
    if arquivo is not None:
        dados["arquivo"] = arquivo
    return dados


def _arquivos(pasta):
    return sorted(p.relative_to(pasta).as_posix() for p in pasta.rglob("*") if p.is_file())


def _token(html):
    return re.search(r'name="arquivo_token" value="([^"]+)"', html).group(1)


def test_erro_em_outro_campo_mantem_o_arquivo_e_o_sucesso_o_usa(entrar, atores, processo, armazenamento):
    cliente = entrar(atores["A"])
    conteudo = pdf_simples()
    arquivo = SimpleUploadedFile("proposta.pdf", conteudo, content_type="application/pdf")
    resposta = cliente.post(_externo(processo), _dados(arquivo, formato="digitalizado"))
    assert resposta.status_code == 400
    html = resposta.content.decode()
    assert "Documento digitalizado exige o tipo de conferência." in html
    assert "Arquivo escolhido: <strong>proposta.pdf</strong>" in html and "escolher outro" in html
    pendente = UploadPendente.objects.get()
    assert pendente.usuario == atores["A"].usuario and pendente.tamanho == len(conteudo)
    assert _arquivos(armazenamento) == [pendente.arquivo_nome]

    # Second try: no file chosen again, only the token; the kept file becomes the document's.
    dados = _dados(formato="digitalizado", tipo_conferencia="original", arquivo_token=_token(html))
    resposta = cliente.post(_externo(processo), dados)
    assert resposta.status_code == 302
    doc = Documento.objects.get()
    assert doc.arquivo_nome_original == "proposta.pdf" and doc.arquivo_tamanho == len(conteudo)
    assert not UploadPendente.objects.exists()
    assert _arquivos(armazenamento) == [doc.arquivo_nome]  # no orphan: the pending copy is gone


def test_erro_de_formulario_tambem_mantem_o_arquivo(entrar, atores, processo):
    arquivo = SimpleUploadedFile("nota.pdf", pdf_simples())
    resposta = entrar(atores["A"]).post(_externo(processo), _dados(arquivo, data="ontem"))
    assert resposta.status_code == 400
    assert "Arquivo escolhido: <strong>nota.pdf</strong>" in resposta.content.decode()


def test_arquivo_recusado_nao_e_mantido(entrar, atores, processo, armazenamento):
    arquivo = SimpleUploadedFile("nota.pdf", b"<html><script>alert(1)</script></html>")
    resposta = entrar(atores["A"]).post(_externo(processo), _dados(arquivo, formato="digitalizado"))
    assert resposta.status_code == 400
    assert "Arquivo escolhido" not in resposta.content.decode()
    assert not UploadPendente.objects.exists() and _arquivos(armazenamento) == []


def test_token_de_outro_usuario_ou_adulterado_nao_serve(entrar, atores, unidades, processo):
    arquivo = SimpleUploadedFile("nota.pdf", pdf_simples())
    html = (
        entrar(atores["A"]).post(_externo(processo), _dados(arquivo, formato="digitalizado")).content.decode()
    )
    token = _token(html)
    colega = entrar(ator_em(unidades["A"], username="colega"))  # same unit, another user
    for alheio in (token, token[:-3] + "xyz"):
        resposta = colega.post(_externo(processo), _dados(arquivo_token=alheio))
        assert resposta.status_code == 400
        assert "escolha o arquivo de novo" in resposta.content.decode()
    assert not Documento.objects.exists() and UploadPendente.objects.count() == 1


def test_sem_arquivo_nem_token_pede_o_arquivo(entrar, atores, processo):
    resposta = entrar(atores["A"]).post(_externo(processo), _dados())
    assert resposta.status_code == 400
    assert "Escolha o arquivo do documento." in resposta.content.decode()


def test_abandonados_sao_apagados(entrar, atores, processo, armazenamento):
    cliente = entrar(atores["A"])
    for nome in ("a.pdf", "b.pdf"):
        arquivo = SimpleUploadedFile(nome, pdf_simples())
        cliente.post(_externo(processo), _dados(arquivo, formato="digitalizado"))
    velho, novo = UploadPendente.objects.order_by("pk")
    UploadPendente.objects.filter(pk=velho.pk).update(
        criado_em=timezone.now() - timedelta(hours=pendentes.UPLOAD_PENDENTE_HORAS + 1)
    )
    call_command("limpar_uploads_pendentes")
    assert list(UploadPendente.objects.all()) == [novo]
    assert _arquivos(armazenamento) == [novo.arquivo_nome]
    # The beat's sweep does the same.
    UploadPendente.objects.update(
        criado_em=timezone.now() - timedelta(hours=pendentes.UPLOAD_PENDENTE_HORAS + 1)
    )
    assert pendentes.descartar_uploads_abandonados() == 1
    assert _arquivos(armazenamento) == [] and not UploadPendente.objects.exists()


def test_token_expirado_pede_o_arquivo_de_novo(entrar, atores, processo, armazenamento, settings):
    cliente = entrar(atores["A"])
    arquivo = SimpleUploadedFile("nota.pdf", pdf_simples())
    token = _token(cliente.post(_externo(processo), _dados(arquivo, formato="digitalizado")).content.decode())
    call_command("limpar_uploads_pendentes", horas=0)
    resposta = cliente.post(_externo(processo), _dados(arquivo_token=token))
    assert resposta.status_code == 400
    assert "escolha o arquivo de novo" in resposta.content.decode()
    assert not Documento.objects.exists() and _arquivos(armazenamento) == []


def test_escolher_outro_arquivo_descarta_o_mantido(entrar, atores, processo, armazenamento):
    cliente = entrar(atores["A"])
    primeiro = SimpleUploadedFile("primeiro.pdf", pdf_simples())
    html = cliente.post(_externo(processo), _dados(primeiro, formato="digitalizado")).content.decode()
    segundo = SimpleUploadedFile("segundo.pdf", pdf_simples())
    dados = _dados(segundo, formato="digitalizado", tipo_conferencia="original", arquivo_token=_token(html))
    assert cliente.post(_externo(processo), dados).status_code == 302
    doc = Documento.objects.get()
    assert doc.arquivo_nome_original == "segundo.pdf"
    assert not UploadPendente.objects.exists() and _arquivos(armazenamento) == [doc.arquivo_nome]
