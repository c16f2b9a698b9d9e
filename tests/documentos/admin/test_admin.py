"""Documentos in the Django admin: what an administrator can maintain, and what they never see."""

import pytest
from django.urls import reverse

from documentos import services
from documentos.models import Documento, Exportacao, Modelo, TextoPadrao, TipoDocumento, VersaoDocumento
from processos.models import NivelAcesso
from tests.factories import UsuarioFactory, hipotese

pytestmark = pytest.mark.django_db

XSS = '<p onclick="roubar()">Olá<script>alert(1)</script><a href="javascript:alert(2)">x</a></p>'


@pytest.fixture
def cliente(client, db):
    client.force_login(UsuarioFactory(username="root", is_staff=True, is_superuser=True))
    return client


def url(modelo: str, acao: str, *args) -> str:
    return reverse(f"admin:documentos_{modelo}_{acao}", args=args)


def incluir(ator, processo, *, nivel=NivelAcesso.PUBLICO, conteudo="<p>Texto do ofício</p>", tipo="Ofício"):
    return services.documento_interno_criar(
        ator=ator,
        processo=processo,
        tipo=TipoDocumento.objects.get(nome=tipo),
        nivel_acesso=nivel,
        hipotese_legal=None if nivel == NivelAcesso.PUBLICO else hipotese(nivel),
        conteudo=conteudo,
    )


@pytest.fixture
def documento(atores, criar_processo):
    return incluir(atores["A"], criar_processo(atores["A"]), conteudo="<p>CONTEUDO-SECRETO do corpo</p>")


@pytest.mark.parametrize(
    "modelo",
    [
        "tipodocumento",
        "modelo",
        "textopadrao",
        "contadordocumento",
        "documento",
        "exportacao",
        "pdfrenderizado",
    ],
)
def test_listagens_abrem(cliente, documento, modelo):
    assert cliente.get(url(modelo, "changelist")).status_code == 200


def test_versoes_nao_estao_no_admin(cliente, documento):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        url("versaodocumento", "changelist")


def test_documento_somente_leitura_e_sem_conteudo(cliente, documento):
    lista = cliente.get(url("documento", "changelist")).content.decode()
    assert documento.rotulo in lista and documento.processo.nup_formatado in lista
    assert reverse("admin:documentos_documento_add") not in lista

    detalhe = cliente.get(url("documento", "change", documento.pk))
    html = detalhe.content.decode()
    assert detalhe.status_code == 200
    assert documento.numero_sei_formatado in html
    assert "CONTEUDO-SECRETO" not in html
    assert 'name="_save"' not in html  # nothing to save

    assert cliente.post(url("documento", "delete", documento.pk), {"post": "yes"}).status_code == 403
    assert Documento.objects.filter(pk=documento.pk).exists()
    assert cliente.get(url("documento", "add")).status_code == 403
    assert cliente.get(url("contadordocumento", "add")).status_code == 403
    assert cliente.get(url("exportacao", "add")).status_code == 403
    assert VersaoDocumento.objects.filter(documento=documento).count() == 1


def test_documento_externo_sem_texto_extraido_nem_remetente(
    cliente, atores, criar_processo, settings, tmp_path
):
    from tests.documentos.admin.conftest import pdf_simples

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = services.documento_externo_criar(
        ator=atores["A"],
        processo=criar_processo(atores["A"]),
        tipo=TipoDocumento.objects.get(nome="Nota Fiscal"),
        arquivo=SimpleUploadedFile("nota-do-fulano.pdf", pdf_simples()),
        nome_arquivo="nota-do-fulano.pdf",
        nivel_acesso=NivelAcesso.PUBLICO,
        numero="9",
        remetente="Remetente Confidencial Ltda",
    )
    Documento.objects.filter(pk=doc.pk).update(texto_extraido="TEXTO-EXTRAIDO-SECRETO")

    html = cliente.get(url("documento", "change", doc.pk)).content.decode()
    assert doc.numero_sei_formatado in html
    for segredo in ("TEXTO-EXTRAIDO-SECRETO", "Remetente Confidencial", "nota-do-fulano", doc.arquivo_sha256):
        assert segredo not in html


def test_documento_sigiloso_nunca_aparece(cliente, atores, criar_processo, documento):
    sigiloso = incluir(atores["A"], criar_processo(atores["A"]), nivel=NivelAcesso.SIGILOSO)

    lista = cliente.get(url("documento", "changelist")).content.decode()
    assert documento.rotulo in lista
    assert sigiloso.numero_sei_formatado not in lista
    assert (
        cliente.get(url("documento", "change", sigiloso.pk)).status_code == 302
    )  # "does not exist" redirect
    busca = cliente.get(url("documento", "changelist"), {"q": str(sigiloso.numero_sei)}).content.decode()
    assert sigiloso.numero_sei_formatado not in busca


def test_busca_por_numero_sei(cliente, atores, criar_processo, documento):
    outro = incluir(atores["A"], criar_processo(atores["A"]), tipo="Despacho")

    html = cliente.get(url("documento", "changelist"), {"q": documento.numero_sei_formatado}).content.decode()
    assert documento.rotulo in html
    assert outro.rotulo not in html


def test_modelo_salvo_com_html_sanitizado_e_lista_de_variaveis(cliente):
    tipo = TipoDocumento.objects.get(nome="Ofício")
    Modelo.objects.filter(tipo=tipo).update(padrao=False)

    pagina = cliente.get(url("modelo", "add")).content.decode()
    assert "@unidade_hierarquia@" in pagina and "@data_extenso@" in pagina

    resposta = cliente.post(
        url("modelo", "add"),
        {
            "tipo": tipo.pk,
            "nome": "Ofício da DIRAD",
            "padrao": "on",
            "ativo": "on",
            "cabecalho": XSS,
            "titulo": "<h1>OFÍCIO Nº @numero@</h1>",
            "corpo": '<p style="display:none">oculto</p>',
            "assinatura": "",
            "rodape": "<img src=x onerror=alert(3)>Ref.",
        },
    )
    assert resposta.status_code == 302, resposta.content.decode()[:2000]
    modelo = Modelo.objects.get(nome="Ofício da DIRAD")
    todas = modelo.cabecalho + modelo.corpo + modelo.rodape
    for proibido in ("script", "onclick", "javascript:", "display", "onerror", "<img"):
        assert proibido not in todas
    assert "Olá" in modelo.cabecalho and modelo.titulo == "<h1>OFÍCIO Nº @numero@</h1>"


def test_segundo_modelo_padrao_do_tipo_recusado_com_mensagem_clara(cliente):
    tipo = TipoDocumento.objects.get(nome="Despacho")
    Modelo.objects.filter(tipo=tipo).delete()
    Modelo.objects.create(tipo=tipo, nome="Padrão atual", padrao=True, ativo=True)

    dados = {"tipo": tipo.pk, "nome": "Novo", "padrao": "on", "ativo": "on", "corpo": "<p>x</p>"}
    resposta = cliente.post(url("modelo", "add"), dados)

    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "já tem um modelo padrão ativo (Padrão atual)" in html
    assert "is violated" not in html
    assert Modelo.objects.filter(tipo=tipo).count() == 1

    dados.pop("padrao")  # not the default: accepted
    assert cliente.post(url("modelo", "add"), dados).status_code == 302


def test_texto_padrao_sanitizado(cliente, unidades):
    resposta = cliente.post(
        url("textopadrao", "add"), {"unidade": unidades["A"].pk, "nome": "Saudação", "conteudo": XSS}
    )
    assert resposta.status_code == 302
    texto = TextoPadrao.objects.get(nome="Saudação")
    assert "script" not in texto.conteudo and "onclick" not in texto.conteudo and "Olá" in texto.conteudo


def test_exportacao_sem_nome_do_arquivo(cliente, atores, criar_processo, documento):
    from django.utils import timezone

    agora = timezone.now()
    exportacao = Exportacao.objects.create(
        processo=documento.processo,
        usuario=atores["A"].usuario,
        unidade=atores["A"].unidade,
        formato="pdf",
        estado="concluida",
        progresso=100,
        arquivo_nome="exportacoes/nome-interno-abc.pdf",
        criada_em=agora,
        atualizada_em=agora,
        expira_em=agora,
    )
    html = cliente.get(url("exportacao", "change", exportacao.pk)).content.decode()
    assert "nome-interno-abc" not in html
