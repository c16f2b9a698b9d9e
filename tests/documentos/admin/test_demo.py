"""carregar_demo: the quickstart's processes come with documents, as a real tree would; the bulk
of a few hundred processes (a reduced size here) made through the services, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from documentos import arquivos
from documentos.models import Documento, PdfRenderizado
from documentos.services.pdfs import chave_do_documento
from processos.models import Andamento, Atividade, NivelAcesso, Processo, RetornoProgramado
from sei.models import PendenciaIndice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def embutido(settings, tmp_path):
    settings.EMBUTIDO = True
    settings.VAR_DIR = tmp_path


def rodar(processos=0) -> str:
    saida = StringIO()
    call_command("carregar_demo", "--processos", str(processos), stdout=saida, stderr=StringIO())
    return saida.getvalue()


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
    # The demo's LAI requests are open to the pesquisa pública.
    from processos.models import TipoProcesso

    assert TipoProcesso.objects.get(nome="Acesso à Informação: Pedido (LAI)").pesquisa_publica


@pytest.mark.busca  # the search indexer runs, as in the embedded mode
def test_demo_em_volume_pelos_servicos_e_sem_duplicar(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        saida = rodar(processos=40)

    assert "35 processos de demonstração criados" in saida  # the 5 of the story, then the bulk
    processos = Processo.objects.all()
    assert processos.count() == 40
    # Realistic variety: several types, both levels, interessados, several documents, some long.
    assert processos.values("tipo").distinct().count() >= 6
    assert processos.filter(nivel_acesso=NivelAcesso.RESTRITO).exists()
    assert all(p.interessados.exists() for p in processos.order_by("id")[5:])  # the bulk
    documentos = Documento.objects.filter(processo__in=processos)
    assert documentos.count() >= 2 * 40
    assert documentos.filter(natureza=Documento.Natureza.EXTERNO).exists()
    assert any(len(d.versoes.get(numero=1).conteudo) > 4000 for d in documentos.filter(tipo__nome="Parecer"))
    # The services wrote the history, and every screen has something: unread and received
    # processes, attributions, retornos programados, concluded and sobrestado ones.
    assert Andamento.objects.count() > 3 * 40
    abertas = Atividade.objects.filter(aberta=True)
    assert abertas.filter(recebida_em__isnull=True, origem=Atividade.Origem.RECEBIDO).exists()
    assert abertas.filter(atribuida_a__isnull=False).exists()
    assert RetornoProgramado.objects.exists()
    assert processos.filter(estado=Processo.Estado.SOBRESTADO).exists()
    assert processos.exclude(atividades__aberta=True).exists()  # concluded everywhere
    # Indexed once at the end (the bulk's tasks were held back): nothing left pending.
    assert not PendenciaIndice.objects.exists()

    antes = list(Processo.objects.order_by("id").values_list("nup", flat=True))
    assert "processos de demonstração criados" not in rodar(processos=40)
    assert list(Processo.objects.order_by("id").values_list("nup", flat=True)) == antes
    # The ouvidoria's form offers the five kinds of manifestation, each to GAB, restrito (once).
    from externo.models import TipoManifestacao

    tipos = TipoManifestacao.objects.filter(ativo=True).select_related("unidade")
    assert sorted(t.nome for t in tipos) == ["Denúncia", "Elogio", "Reclamação", "Solicitação", "Sugestão"]
    assert {(t.unidade.sigla, t.nivel_acesso) for t in tipos} == {("GAB", 1)}
