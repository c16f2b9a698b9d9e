"""The process page's tree: labels, order, marks, what another unit sees, constant queries."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documentos import services
from processos import services as processos_services
from processos.models import NivelAcesso
from tests.factories import bloquear


def _pagina(cliente, processo):
    resposta = cliente.get(reverse("processos:detalhe", args=[processo.nup]))
    assert resposta.status_code == 200
    return resposta.content.decode()


def _rotulos(html: str) -> list[str]:
    """The documents' labels in the tree (role="tree"), in order."""
    arvore = html.split('role="tree"', 1)[1].split("</nav>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", r)
        for r in re.findall(r'href="/documentos/\d+/"[^>]*>.*?<span class="rotulo">(.*?)</span>', arvore)
    ]


def test_rotulos_e_ordem_da_arvore(entrar, atores, processo, criar_documento, incluir_externo):
    a = atores["A"]
    oficio = criar_documento(a, processo)
    despacho = criar_documento(a, processo, tipo="Despacho")
    nota = incluir_externo(a, processo, numero="345")
    html = _pagina(entrar(a), processo)
    assert _rotulos(html) == [
        f"Ofício 1 ({oficio.numero_sei:07d})",
        f"Despacho {despacho.numero_sei:07d}",
        f"Nota Fiscal 345 ({nota.numero_sei:07d})",
    ]
    assert f'href="/documentos/{oficio.numero_sei:07d}/"' in html
    assert html.count(">minuta<") == 2  # internal, unsigned; the external one is not a minuta
    assert "Incluir documento" in html and "Incluir documento externo" in html
    assert "Gerar PDF do processo" in html and "Gerar ZIP do processo" in html


def test_nivel_e_cancelado_marcados(entrar, atores, processo, criar_documento):
    a = atores["A"]
    restrito = criar_documento(a, processo, nivel=NivelAcesso.RESTRITO)
    cancelado = criar_documento(a, processo, tipo="Despacho")
    services.documento_cancelar(ator=a, documento=bloquear(cancelado), motivo="Incluído por engano")
    html = _pagina(entrar(a), processo)
    item_restrito = html.split(restrito.rotulo, 1)[1].split("</li>", 1)[0]
    assert '<span class="vh"> (restrito)</span>' in item_restrito
    assert f"<s>{cancelado.rotulo}</s>" in html
    assert 'class="marca marca-cancelado">cancelado<' in html


def test_minuta_de_outra_unidade_aparece_marcada(entrar, atores, unidades, processo, criar_documento):
    a, b = atores["A"], atores["B"]
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    minuta_b = criar_documento(b, processo, tipo="Despacho", conteudo="<p>Rascunho de B</p>")
    assert minuta_b.rotulo in _rotulos(_pagina(entrar(b), processo))
    # SEI: the other unit sees the entry, marked minuta (its content only after a signature)
    html_a = _pagina(entrar(a), processo)
    assert minuta_b.rotulo in _rotulos(html_a) and "Rascunho de B" not in html_a
    assert 'class="marca marca-minuta">minuta<' in html_a.split(minuta_b.rotulo, 1)[1].split("</li>", 1)[0]


def test_processo_sem_documentos(entrar, atores, processo):
    assert _rotulos(html := _pagina(entrar(atores["A"]), processo)) == []
    assert ">Nenhum documento</span>" in html


def test_estranho_ve_rotulos_sem_acoes(entrar, atores, criar_processo, incluir_externo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    nota = incluir_externo(atores["A"], p, numero="77", nivel_acesso=NivelAcesso.RESTRITO,
                           hipotese_legal=p.hipotese_legal)  # fmt: skip
    html = _pagina(entrar(atores["C"]), p)
    assert nota.rotulo in html
    assert "Incluir documento" not in html and "Gerar PDF do processo" not in html


def test_mesmo_numero_de_consultas_com_3_e_20(entrar, atores, criar_processo, criar_documento,
                                              django_assert_num_queries):  # fmt: skip
    a = atores["A"]
    poucos, muitos = criar_processo(a), criar_processo(a)
    for _ in range(3):
        criar_documento(a, poucos)
    for _ in range(20):
        criar_documento(a, muitos, tipo="Despacho")
    cliente = entrar(a)
    _pagina(cliente, poucos)
    _pagina(cliente, muitos)
    with CaptureQueriesContext(connection) as consultas:
        _pagina(cliente, poucos)
    with django_assert_num_queries(len(consultas)):
        _pagina(cliente, muitos)


def test_pagina_do_documento_com_arvore_consultas_constantes(
    entrar, atores, criar_processo, criar_documento, django_assert_num_queries
):
    a = atores["A"]
    poucos, muitos = criar_processo(a), criar_processo(a)
    docs_poucos = [criar_documento(a, poucos) for _ in range(3)]
    docs_muitos = [criar_documento(a, muitos, tipo="Despacho") for _ in range(20)]
    cliente = entrar(a)

    def abrir(doc):
        assert cliente.get(reverse("documentos:detalhe", args=[doc.numero_sei_formatado])).status_code == 200

    with CaptureQueriesContext(connection) as consultas:
        abrir(docs_poucos[0])
    with django_assert_num_queries(len(consultas)):
        abrir(docs_muitos[0])
