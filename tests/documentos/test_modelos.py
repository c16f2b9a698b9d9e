"""Documents created from their type's model start with what the process already knows: the
subject (especificação), the recipient block one line per line as typed (the interessados when
none is given), the salutation taken from it, and the number in the órgão's format."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documentos.models import Modelo, NumeracaoOrgao
from documentos.variaveis import vocativo
from processos import services as processos_services
from tests.documentos.web.conftest import tipo_documento


@pytest.fixture
def processo_papel(atores, criar_processo):
    return criar_processo(
        atores["A"],
        especificacao="Aquisição de papel A4",
        interessados=["Papelaria Central Ltda.", "Ana <Souza>"],
    )


def _corpo(documento) -> str:
    return documento.versoes.get(numero=1).conteudo


def test_oficio_com_assunto_destinatario_em_linhas_e_vocativo(atores, processo_papel, criar_documento):
    linhas = ["Ao Senhor", "João da Silva", "Diretor Comercial", "Papelaria Central Ltda."]
    oficio = criar_documento(atores["A"], processo_papel, destinatarios=linhas)
    corpo = _corpo(oficio)
    assert "<p>Ao Senhor<br>João da Silva<br>Diretor Comercial<br>Papelaria Central Ltda.</p>" in corpo
    assert "<strong>Assunto:</strong> Aquisição de papel A4" in corpo
    assert "<p>Senhor Diretor Comercial,</p>" in corpo
    assert "Senhor(a)" not in corpo and "A(o)" not in corpo and "," not in corpo.split("<br>")[0]


def test_sem_destinatario_informado_os_interessados_um_por_linha(atores, processo_papel, criar_documento):
    corpo = _corpo(criar_documento(atores["A"], processo_papel, destinatarios=None))
    assert "<p>Papelaria Central Ltda.<br>Ana &lt;Souza&gt;</p>" in corpo  # escaped, never markup
    assert "<p>Prezado(a) Senhor(a),</p>" in corpo  # no form of address to take the salutation from


def test_memorando_e_nota_tecnica_trazem_o_assunto(atores, processo_papel, criar_documento):
    memorando = _corpo(
        criar_documento(atores["A"], processo_papel, tipo="Memorando", destinatarios=["DIRAD", "GAB"])
    )
    assert "<strong>Ao(À):</strong><br>DIRAD<br>GAB" in memorando
    assert "<strong>Assunto:</strong> Aquisição de papel A4" in memorando
    nota = _corpo(criar_documento(atores["A"], processo_papel, tipo="Nota Técnica"))
    assert "<p><strong>1. ASSUNTO</strong></p><p>Aquisição de papel A4</p>" in nota


def test_numero_no_formato_do_orgao(atores, orgao, processo, criar_documento):
    ano = timezone.localdate().year
    a = atores["A"]
    padrao = criar_documento(a, processo)
    assert f"OFÍCIO Nº 1/{ano}/{a.unidade.hierarquia}" in padrao.titulo_html
    NumeracaoOrgao.objects.create(orgao=orgao, formato="@numero@/@ano@/@orgao@-@unidade@")
    configurado = criar_documento(a, processo)
    assert f"OFÍCIO Nº 2/{ano}/ORG-A</strong>" in configurado.titulo_html
    despacho = criar_documento(a, processo, tipo="Despacho")  # no number: no "Nº"
    assert "Nº" not in despacho.titulo_html


def test_formulario_comeca_com_os_interessados(entrar, atores, processo_papel):
    html = entrar(atores["A"]).get(reverse("documentos:incluir", args=[processo_papel.nup])).content.decode()
    assert "Papelaria Central Ltda.\nAna &lt;Souza&gt;</textarea>" in html


def test_formulario_envia_as_linhas_como_digitadas(entrar, atores, processo_papel):
    dados = {"tipo": tipo_documento("Ofício").pk, "texto_inicial": "modelo", "nivel_acesso": "publico",
             "destinatarios": "À Senhora Diretora\r\n  Maria Lima  \r\n\r\nEmpresa X"}  # fmt: skip
    resposta = entrar(atores["A"]).post(reverse("documentos:incluir", args=[processo_papel.nup]), dados)
    assert resposta.status_code == 302
    corpo = _corpo(processo_papel.documentos.get())
    assert "<p>À Senhora Diretora<br>Maria Lima<br>Empresa X</p>" in corpo
    assert "<p>Senhora Diretora,</p>" in corpo


@pytest.mark.parametrize(
    ("linhas", "esperado"),
    [
        (["Ao Senhor", "João da Silva", "Diretor de Administração"], "Senhor Diretor de Administração,"),
        (["A Sua Senhoria a Senhora", "Maria Lima", "Secretária"], "Senhora Secretária,"),
        (["À Senhora Diretora Comercial", "Papelaria"], "Senhora Diretora Comercial,"),
        (["Excelentíssimo Senhor Governador"], "Excelentíssimo Senhor Governador,"),
        (["Ao Senhor", "João da Silva"], "Senhor João da Silva,"),
        (["Papelaria Central"], "Prezado(a) Senhor(a),"),
        (["Senhorinha Alves"], "Prezado(a) Senhor(a),"),
        ([], "Prezado(a) Senhor(a),"),
    ],
)
def test_vocativo(linhas, esperado):
    assert vocativo(linhas) == esperado


def test_unidade_que_enviou_o_processo(atores, unidades, processo, criar_documento):
    processos_services.processo_enviar(ator=atores["A"], processo=processo, destinos=[unidades["B"]])
    modelo = Modelo.objects.create(
        tipo=tipo_documento("Despacho"), nome="Resposta", corpo="<p>À @unidade_destino@,</p>", padrao=False
    )
    despacho = criar_documento(atores["B"], processo, tipo="Despacho", modelo=modelo)
    assert f"<p>À A - {unidades['A'].nome},</p>" in _corpo(despacho)
