"""Incluir documento (gerado) and Incluir documento externo."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documentos.models import Documento, TextoPadrao
from processos import services as processos_services
from processos.models import NivelAcesso
from tests.documentos.web.conftest import pdf_simples, tipo_documento
from tests.factories import hipotese


def _incluir(processo):
    return reverse("documentos:incluir", args=[processo.nup])


def _externo(processo):
    return reverse("documentos:incluir_externo", args=[processo.nup])


def test_formulario_de_inclusao(entrar, atores, processo):
    html = entrar(atores["A"]).get(_incluir(processo)).content.decode()
    assert 'for="id_tipo"' in html and ">Ofício</option>" in html
    assert ">Nota Fiscal</option>" not in html  # external-only types are not offered here
    for texto in (
        "Modelo padrão do tipo",
        "Documento modelo (número SEI)",
        "Texto padrão da unidade",
        "Nenhum",
    ):
        assert texto in html
    assert 'for="id_hipotese_legal"' in html and 'for="id_destinatarios"' in html


def test_incluir_oficio_do_modelo_abre_o_editor_com_o_titulo(entrar, atores, processo):
    cliente = entrar(atores["A"])
    dados = {"tipo": tipo_documento("Ofício").pk, "texto_inicial": "modelo", "descricao": "Resposta",
             "destinatarios": "Senhor Diretor", "nivel_acesso": "publico"}  # fmt: skip
    resposta = cliente.post(_incluir(processo), dados, follow=True)
    doc = Documento.objects.get(processo=processo)
    assert resposta.redirect_chain[-1][0] == reverse("documentos:editar", args=[doc.numero_sei_formatado])
    html = resposta.content.decode()
    ano = timezone.localdate().year
    assert f"OFÍCIO Nº 1/{ano}/{atores['A'].unidade.hierarquia}" in html
    assert f"Documento Ofício 1 ({doc.numero_sei:07d}) gerado." in html
    assert "Senhor Diretor" in html  # the model's @destinatarios@ in the body, in the editor
    assert 'data-editor="html"' in html
    assert 'name="versao_base" value="1"' in html
    assert "style-src-attr 'unsafe-hashes'" in resposta["Content-Security-Policy"]


def test_incluir_de_documento_modelo_e_texto_padrao(entrar, atores, processo, criar_documento):
    a = atores["A"]
    base = criar_documento(a, processo, conteudo="<p>Texto do modelo reaproveitado</p>")
    padrao = TextoPadrao.objects.create(
        unidade=a.unidade, nome="Saudação", conteudo="<p>Prezados senhores,</p>"
    )
    cliente = entrar(a)
    despacho = tipo_documento("Despacho").pk
    cliente.post(_incluir(processo), {"tipo": despacho, "texto_inicial": "documento",
                                      "documento_modelo": str(base.numero_sei), "nivel_acesso": "publico"})  # fmt: skip
    cliente.post(_incluir(processo), {"tipo": despacho, "texto_inicial": "texto_padrao",
                                      "texto_padrao": padrao.pk, "nivel_acesso": "publico"})  # fmt: skip
    d1, d2 = Documento.objects.filter(processo=processo, tipo__nome="Despacho").order_by("id")
    assert "Texto do modelo reaproveitado" in d1.versoes.get().conteudo
    assert "Prezados senhores," in d2.versoes.get().conteudo


def test_documento_modelo_invalido_mostra_erro(entrar, atores, processo):
    resposta = entrar(atores["A"]).post(_incluir(processo), {
        "tipo": tipo_documento("Despacho").pk, "texto_inicial": "documento", "documento_modelo": "9999999",
        "nivel_acesso": "publico"})  # fmt: skip
    assert resposta.status_code == 400
    assert "Número SEI inexistente ou sem acesso." in resposta.content.decode()
    assert not Documento.objects.exists()


def test_restrito_sem_hipotese_mostra_erro(entrar, atores, processo):
    resposta = entrar(atores["A"]).post(_incluir(processo), {
        "tipo": tipo_documento("Despacho").pk, "texto_inicial": "nenhum", "nivel_acesso": "restrito"})  # fmt: skip
    assert resposta.status_code == 400
    assert 'class="errorlist' in resposta.content.decode()
    assert not Documento.objects.exists()


def test_incluir_restrito_com_hipotese(entrar, atores, processo):
    hip = hipotese(NivelAcesso.RESTRITO)
    entrar(atores["A"]).post(_incluir(processo), {"tipo": tipo_documento("Despacho").pk, "texto_inicial": "nenhum",
                                                  "nivel_acesso": "restrito", "hipotese_legal": hip.pk})  # fmt: skip
    doc = Documento.objects.get()
    assert doc.nivel_acesso == NivelAcesso.RESTRITO and doc.hipotese_legal == hip


def test_processo_fechado_na_unidade_nao_recebe(entrar, atores, unidades, processo):
    processos_services.processo_enviar(ator=atores["A"], processo=processo, destinos=[unidades["B"]])
    resposta = entrar(atores["A"]).get(_incluir(processo), follow=True)
    assert "não recebe documentos" in resposta.content.decode()
    assert entrar(atores["C"]).get(_externo(processo), follow=True).status_code == 200
    assert not Documento.objects.exists()


# --- Externo ----------------------------------------------------------------------------------


def _dados_externos(arquivo, **extra):
    return {"tipo": tipo_documento("Nota Fiscal").pk, "arquivo": arquivo, "numero": "345",
            "formato": "nato_digital", "nivel_acesso": "publico", **extra}  # fmt: skip


def test_formulario_externo_multipart_e_accept(entrar, atores, processo):
    html = entrar(atores["A"]).get(_externo(processo)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'accept="[^"]*\.pdf[^"]*"', html)
    assert ">Nota Fiscal</option>" in html and ">Ofício</option>" not in html
    # the number is typed by the user for Nota Fiscal only (documentos.js shows the field then)
    assert re.search(r'data-numero-informado="1"[^>]*>Nota Fiscal</option>', html)
    assert not re.search(r'data-numero-informado="1"[^>]*>Anexo</option>', html)
    assert "Tipo de conferência" in html and "Remetente" in html and "Nome na árvore" in html


def test_upload_de_pdf_valido_entra_na_arvore(entrar, atores, processo):
    cliente = entrar(atores["A"])
    arquivo = SimpleUploadedFile("nota.pdf", pdf_simples(), content_type="application/pdf")
    resposta = cliente.post(_externo(processo), _dados_externos(arquivo, remetente="Empresa X"), follow=True)
    doc = Documento.objects.get()
    assert resposta.redirect_chain[-1][0] == reverse("documentos:detalhe", args=[doc.numero_sei_formatado])
    assert f"Documento externo Nota Fiscal 345 ({doc.numero_sei:07d}) incluído." in resposta.content.decode()
    arvore = cliente.get(reverse("processos:detalhe", args=[processo.nup])).content.decode()
    assert f"Nota Fiscal 345 ({doc.numero_sei:07d})" in arvore
    assert doc.arquivo_nome_original == "nota.pdf" and doc.remetente == "Empresa X"


def test_html_renomeado_recusado_com_415(entrar, atores, processo, tmp_path):
    arquivo = SimpleUploadedFile(
        "nota.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    resposta = entrar(atores["A"]).post(_externo(processo), _dados_externos(arquivo))
    assert resposta.status_code == 415
    html = resposta.content.decode()
    assert 'class="errorlist' in html and "<script>alert" not in html
    assert not Documento.objects.exists()


def test_arquivo_grande_recusado_com_413(entrar, atores, processo, settings):
    settings.SEI_UPLOAD_MAX_BYTES = 100
    arquivo = SimpleUploadedFile("nota.pdf", pdf_simples())
    resposta = entrar(atores["A"]).post(_externo(processo), _dados_externos(arquivo))
    assert resposta.status_code == 413
    assert not Documento.objects.exists()


def test_digitalizado_sem_conferencia(entrar, atores, processo):
    arquivo = SimpleUploadedFile("nota.pdf", pdf_simples())
    resposta = entrar(atores["A"]).post(_externo(processo), _dados_externos(arquivo, formato="digitalizado"))
    assert resposta.status_code == 400
    assert "Documento digitalizado exige o tipo de conferência." in resposta.content.decode()
    assert not Documento.objects.exists()


def test_sem_arquivo(entrar, atores, processo):
    resposta = entrar(atores["A"]).post(_externo(processo), _dados_externos(""))
    assert resposta.status_code == 400
    assert not Documento.objects.exists()
