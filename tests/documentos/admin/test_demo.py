"""carregar_demo: the quickstart's processes come with documents, as a real tree would."""

from io import StringIO

import pytest
from django.core.management import call_command

from documentos import arquivos
from documentos.models import Documento, PdfRenderizado
from documentos.services.pdfs import chave_do_documento
from processos.models import NivelAcesso, Processo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def embutido(settings):
    settings.EMBUTIDO = True


def rodar():
    call_command("carregar_demo", stdout=StringIO(), stderr=StringIO())


def test_demo_tem_documentos_na_arvore(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # as the embedded mode runs them
        rodar()

    material = Processo.objects.get(especificacao="Aquisição de material de escritório")
    arvore = [d.rotulo for d in Documento.objects.filter(processo=material).order_by("id")]
    assert len(arvore) == 2
    assert arvore[0].startswith("Proposta Comercial ")  # the external PDF's tree name
    assert arvore[1].startswith("Ofício 1 (")

    oficio = Documento.objects.get(processo=material, tipo__nome="Ofício")
    corpo = oficio.versoes.get(numero=1).conteudo
    assert "<table>" in corpo and "Papelaria Central" in corpo
    assert "OFÍCIO Nº 1/" in oficio.titulo_html and "/DIRAD/" in oficio.titulo_html

    proposta = Documento.objects.get(processo=material, natureza=Documento.Natureza.EXTERNO)
    assert proposta.arquivo_mime == "application/pdf"
    with arquivos.abrir_verificado(proposta.arquivo_nome, proposta.arquivo_sha256) as leitor:
        assert leitor.read(5) == b"%PDF-"
    assert "Proposta Comercial" in proposta.texto_extraido

    assert Documento.objects.filter(tipo__nome="Despacho").exists()
    informacao = Documento.objects.get(tipo__nome="Informação")
    assert informacao.nivel_acesso == NivelAcesso.RESTRITO
    # Eager tasks: the editor documents were rendered to PDF on commit, in process.
    assert PdfRenderizado.objects.filter(chave=chave_do_documento(oficio)).exists()


def test_demo_de_novo_nao_duplica_documentos():
    rodar()
    antes = list(Documento.objects.order_by("id").values_list("numero_sei", flat=True))

    rodar()

    assert list(Documento.objects.order_by("id").values_list("numero_sei", flat=True)) == antes
