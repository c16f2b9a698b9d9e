"""The link SEI as a reader sees it: a link where the access policy lets the reader see the
target, the plain number otherwise (unknown and forbidden alike), never a link in the PDF."""

import re

import pytest
from django.urls import reverse

from documentos import links_sei, renderizacao
from documentos.html import link_sei
from processos.models import NivelAcesso
from sei import acesso
from tests.factories import bloquear


@pytest.fixture
def cenario(atores, criar_processo, criar_documento):
    """A público document of unit A citing: a document of A's sigiloso process, that process,
    a document that does not exist and a process that does not exist."""
    a = atores["A"]
    restrito = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    alvo = criar_documento(a, restrito, conteudo="<p>Alvo</p>")
    publico = criar_processo(a)
    citante = criar_documento(
        a,
        publico,
        conteudo=(
            f"<p>Conforme {link_sei(numero_sei=str(alvo.numero_sei))}, no processo {link_sei(nup=restrito.nup)}; "
            f"ver também {link_sei(numero_sei='9999999')} e {link_sei(nup='99999999999999999')}.</p>"
        ),
    )
    bloquear(citante)  # signed: other units read its content
    return {"alvo": alvo, "restrito": restrito, "citante": citante}


def _conteudo(cliente, documento) -> str:
    resposta = cliente.get(reverse("documentos:conteudo", args=[documento.numero_sei_formatado]))
    assert resposta.status_code == 200
    return resposta.content.decode()


def test_leitor_com_acesso_ve_links_para_o_documento_e_o_processo(entrar, atores, cenario):
    alvo, restrito = cenario["alvo"], cenario["restrito"]
    html = _conteudo(entrar(atores["A"]), cenario["citante"])
    assert (
        f'<a class="link-sei" href="/documentos/{alvo.numero_sei_formatado}/" target="_top">'
        f"{alvo.numero_sei_formatado}</a>"
    ) in html
    assert (
        f'<a class="link-sei" href="/processos/{restrito.nup}/" target="_top">{restrito.nup_formatado}</a>'
    ) in html
    # Unknown targets: the number only, for every reader.
    assert "ver também 9999999 e 99999.999999/9999-99." in html
    assert "data-sei" not in html and "data-nup" not in html


def test_quem_nao_pode_ver_o_alvo_ve_so_o_numero_como_para_um_alvo_que_nao_existe(entrar, atores, cenario):
    alvo, restrito, citante = cenario["alvo"], cenario["restrito"], cenario["citante"]
    b = atores["B"]  # reads the público document; holds no credential for the sigiloso
    assert not acesso.pode_ver_documento(b, alvo) and not acesso.pode_ver_processo(b, restrito)
    html = _conteudo(entrar(b), citante)
    assert f"Conforme {alvo.numero_sei_formatado}, no processo {restrito.nup_formatado}; " in html
    assert "ver também 9999999 e 99999.999999/9999-99." in html
    assert 'class="link-sei"' not in html and "href" not in re.sub(r"<link [^>]*>", "", html)


def test_resolucao_faz_no_maximo_duas_consultas(cenario, atores, django_assert_max_num_queries):
    corpo = cenario["citante"].versoes.get(numero=1).conteudo
    with django_assert_max_num_queries(2):
        links_sei.resolver(corpo, ator=atores["A"])
    assert links_sei.resolver("<p>sem links</p>", ator=atores["A"]) == "<p>sem links</p>"


def test_pdf_e_pagina_exportada_mostram_so_o_numero(cenario):
    citante, alvo = cenario["citante"], cenario["alvo"]
    corpo = citante.versoes.get(numero=1).conteudo
    pagina = renderizacao.pagina_html(citante, corpo)
    assert f"Conforme {alvo.numero_sei_formatado}, no processo" in pagina
    assert "link-sei" not in pagina and "/documentos/" not in pagina
