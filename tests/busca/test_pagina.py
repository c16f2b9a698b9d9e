"""The search page (/pesquisa/), the top bar's quick box that lands there, and "Pesquisar neste
processo" on the process page. Queries are plain words (see test_api)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from busca import consulta
from busca.backends.base import BuscaDemorada
from busca.consulta import ConsultaInvalida
from documentos.models import Documento
from processos.models import NivelAcesso, TipoProcesso
from sei import indexacao
from tests.factories import bloquear, tipo_documento

URL = reverse("busca:pesquisa")


def _html(resposta) -> str:
    return resposta.content.decode()


def _opcao_marcada(html: str, nome: str, valor) -> bool:
    """The ``<option value="valor">`` of select ``nome`` is selected."""
    select = re.search(rf'<select name="{nome}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(rf'<option value="{valor}"[^>]*\bselected\b', select) is not None


@pytest.fixture
def com_documento(atores, criar_processo, criar_documento, indexar):
    a = atores["A"]
    p = criar_processo(a, especificacao="Compra de papel ornitorrinco")
    doc = criar_documento(
        a, p, conteudo="<p>Solicitamos o papel ornitorrinco.</p>", descricao="Pedido de papel"
    )
    indexar()
    return p, doc


def test_resultados_com_destaque(entrar, atores, com_documento):
    p, doc = com_documento
    resposta = entrar(atores["A"]).get(URL, {"q": "ornitorrinco"})
    assert resposta.status_code == 200
    html = _html(resposta)
    assert "2 resultados" in html
    assert "<mark>ornitorrinco</mark>" in html
    assert f'href="{reverse("documentos:detalhe", args=[doc.numero_sei_formatado])}"' in html
    assert f'href="{reverse("processos:detalhe", args=[p.nup])}"' in html
    assert "Documento interno" in html and ">Processo<" not in html  # labels in their badge
    assert p.nup_formatado in html and escape(f"{doc.rotulo} Pedido de papel") in html
    assert 'aria-current="page">Pesquisa</a>' in html  # the menu entry


def test_html_dos_documentos_aparece_escapado(entrar, atores, criar_processo, criar_documento, indexar):
    a = atores["A"]
    p = criar_processo(a)
    criar_documento(
        a,
        p,
        conteudo="<p>&lt;script&gt;alert(1)&lt;/script&gt; ornitorrinco</p>",
        descricao='<img src=x onerror="alert(2)">',
    )
    indexar()
    html = _html(entrar(a).get(URL, {"q": "ornitorrinco"}))
    assert "1 resultado" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "&lt;img src=x" in html and "<img" not in html


def test_nup_e_numero_sei_abrem_o_item(entrar, atores, com_documento):
    p, doc = com_documento
    cliente = entrar(atores["A"])
    for termo in (p.nup_formatado, p.nup):
        resposta = cliente.get(URL, {"q": f" {termo} "})
        assert resposta.status_code == 302 and resposta.url == reverse("processos:detalhe", args=[p.nup])
    for termo in (str(doc.numero_sei), doc.numero_sei_formatado):
        resposta = cliente.get(URL, {"q": termo})
        assert resposta.status_code == 302
        assert resposta.url == reverse("documentos:detalhe", args=[doc.numero_sei_formatado])


def test_numero_sei_de_sigiloso_leva_ao_documento_que_pede_a_senha(
    entrar, atores, criar_processo, criar_documento
):
    a = atores["A"]  # holds the credential: created it
    p = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    doc = criar_documento(a, p, nivel=NivelAcesso.SIGILOSO, conteudo="<p>Texto</p>")
    cliente = entrar(a)
    resposta = cliente.get(URL, {"q": str(doc.numero_sei)})
    assert resposta.status_code == 302
    assert resposta.url == reverse("documentos:detalhe", args=[doc.numero_sei_formatado])
    assert cliente.get(resposta.url).url.startswith(reverse("processos:reautenticar", args=[p.nup]))
    # For a user without the credential it does not exist: a plain word search.
    assert entrar(atores["B"]).get(URL, {"q": str(doc.numero_sei)}).status_code == 200


def test_consulta_malformada_mostra_a_mensagem(entrar, atores):
    with pytest.raises(ConsultaInvalida) as esperado:
        consulta.interpretar("!!! ???")
    resposta = entrar(atores["A"]).get(URL, {"q": "!!! ???"})
    assert resposta.status_code == 400
    html = _html(resposta)
    assert escape(esperado.value.mensagem) in html and 'id="erro-q"' in html
    assert 'value="!!! ???"' in html


def test_pesquisa_vazia_pede_o_que_pesquisar(entrar, atores):
    cliente = entrar(atores["A"])
    resposta = cliente.get(URL, {"q": "  "})
    assert resposta.status_code == 400 and "Informe o que pesquisar" in _html(resposta)
    resposta = cliente.get(URL)  # the menu entry: the form, no error
    assert resposta.status_code == 200
    assert "Informe o que pesquisar" not in _html(resposta) and "resultado" not in _html(resposta)


def test_busca_demorada_mostra_a_mensagem(entrar, atores, monkeypatch):
    from busca import selectors

    def demorada(**kwargs):
        raise BuscaDemorada("A pesquisa demorou demais e foi interrompida.")

    monkeypatch.setattr(selectors, "pesquisar", demorada)
    resposta = entrar(atores["A"]).get(URL, {"q": "qualquer"})
    assert resposta.status_code == 503
    assert "A pesquisa demorou demais e foi interrompida." in _html(resposta)


def test_periodo_invertido_e_data_invalida(entrar, atores):
    cliente = entrar(atores["A"])
    resposta = cliente.get(URL, {"q": "papel", "de": "2026-03-02", "ate": "2026-03-01"})
    assert resposta.status_code == 400
    assert "A data inicial do período é posterior à final." in _html(resposta)
    resposta = cliente.get(URL, {"q": "papel", "de": "2026-02-30"})
    assert resposta.status_code == 400 and "errorlist" in _html(resposta)


def test_filtros_mantem_os_valores(entrar, atores, unidades):
    tipo_proc = TipoProcesso.objects.filter(ativo=True).order_by("pk").first()
    oficio = tipo_documento("Ofício")
    parametros = {
        "q": "papel reciclado",
        "tipo": "interno",
        "tipo_processo": tipo_proc.pk,
        "tipo_documento": oficio.pk,
        "unidade": unidades["B"].pk,
        "de": "2026-01-01",
        "ate": "2026-12-31",
        "interessado": "Maria",
        "tramitacao": "on",
        "ordem": "data",
    }
    resposta = entrar(atores["A"]).get(URL, parametros)
    assert resposta.status_code == 200
    html = _html(resposta)
    assert 'value="papel reciclado"' in html
    assert re.search(r'<input type="radio" name="tipo" value="interno"[^>]*checked', html)
    assert _opcao_marcada(html, "tipo_processo", tipo_proc.pk)
    assert _opcao_marcada(html, "tipo_documento", oficio.pk)
    assert _opcao_marcada(html, "unidade", unidades["B"].pk)
    assert _opcao_marcada(html, "ordem", "data")
    assert 'name="de" value="2026-01-01"' in html and 'name="ate" value="2026-12-31"' in html
    assert 'name="interessado" value="Maria"' in html
    assert re.search(r'<input type="checkbox" name="tramitacao"[^>]*checked', html)
    assert '<details class="pesquisa-filtros" open>' in html


def test_sem_filtros_tudo_marcado_e_painel_fechado(entrar, atores, com_documento):
    html = _html(entrar(atores["A"]).get(URL, {"q": "ornitorrinco"}))
    assert re.search(r'<input type="radio" name="tipo" value=""[^>]*checked', html)
    assert '<details class="pesquisa-filtros">' in html


def test_pesquisar_neste_processo(entrar, atores, criar_processo, criar_documento, indexar):
    a = atores["A"]
    p1, p2 = criar_processo(a, especificacao="Um"), criar_processo(a, especificacao="Dois")
    d1 = criar_documento(a, p1, conteudo="<p>zabumba</p>")
    d2 = criar_documento(a, p2, conteudo="<p>zabumba</p>")
    indexar()
    cliente = entrar(a)
    # The process page offers it.
    pagina = _html(cliente.get(reverse("processos:detalhe", args=[p1.nup])))
    assert f'action="{URL}"' in pagina and f'name="processo" value="{p1.nup}"' in pagina
    assert "Pesquisar neste processo" in pagina

    html = _html(cliente.get(URL, {"q": "zabumba", "processo": p1.nup}))
    assert "Pesquisando no processo" in html and p1.nup_formatado in html
    assert d1.numero_sei_formatado in html and d2.numero_sei_formatado not in html
    assert "1 resultado" in html
    assert f'name="processo" value="{p1.nup}"' in html  # kept on the next submit
    remover = re.search(r'<a href="([^"]*)">Pesquisar em todos os processos</a>', html).group(1)
    assert remover == f"{URL}?q=zabumba"
    assert "2 resultados" in _html(cliente.get(remover))


def test_processo_que_nao_pode_conhecer_e_404(entrar, atores, criar_processo):
    sigiloso = criar_processo(atores["B"], nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(atores["A"])
    assert cliente.get(URL, {"q": "papel", "processo": sigiloso.nup}).status_code == 404
    assert cliente.get(URL, {"q": "papel", "processo": "123"}).status_code == 404


def test_paginas_anterior_e_proxima(entrar, atores, criar_processo, criar_documento, indexar, monkeypatch):
    from busca import selectors

    monkeypatch.setattr(selectors, "POR_PAGINA", 2)
    a = atores["A"]
    p = criar_processo(a)
    numeros = {criar_documento(a, p, conteudo="<p>xilogravura</p>").numero_sei_formatado for _ in range(3)}
    indexar()
    cliente = entrar(a)
    html = _html(cliente.get(URL, {"q": "xilogravura", "ordem": "data"}))
    assert "3 resultados" in html and ">Anterior<" not in html
    proxima = re.search(r'<a href="([^"]*)" rel="next">Próxima</a>', html).group(1).replace("&amp;", "&")
    assert "ordem=data" in proxima
    vistos = set(re.findall(r"/documentos/(\d{7})/", html))
    html = _html(cliente.get(proxima))
    assert ">Próxima<" not in html and 'rel="prev">Anterior</a>' in html
    vistos |= set(re.findall(r"/documentos/(\d{7})/", html))
    assert vistos == numeros


def test_cursor_invalido_mostra_a_primeira_pagina(entrar, atores, com_documento):
    resposta = entrar(atores["A"]).get(URL, {"q": "ornitorrinco", "cursor": "lixo"})
    assert resposta.status_code == 200
    html = _html(resposta)
    assert "Página inválida ou vencida" in html and "2 resultados" in html


def test_caixa_rapida_do_topo_leva_a_pesquisa(entrar, atores):
    html = _html(entrar(atores["A"]).get(reverse("processos:controle")))
    formulario = re.search(r'<form class="busca" role="search" action="([^"]*)"', html).group(1)
    assert formulario == URL
    assert '<label for="busca-rapida" class="vh">Pesquisar processo, documento ou palavras</label>' in html
    assert f'<a href="{URL}">Pesquisa</a>' in html


def test_consultas_nao_crescem_com_os_resultados(entrar, atores, criar_processo, criar_documento, indexar):
    a = atores["A"]
    p = criar_processo(a)
    criar_documento(a, p, conteudo="<p>zabumba</p>")
    indexar()
    cliente = entrar(a)
    cliente.get(URL, {"q": "zabumba"})  # the session's first reads out of the way
    with CaptureQueriesContext(connection) as um:
        assert "1 resultado" in _html(cliente.get(URL, {"q": "zabumba"}))
    for _ in range(5):
        documento = criar_documento(a, p, conteudo="<p>zabumba</p>")
        bloquear(documento)
        indexacao.marcar_documento(documento.pk)
    indexar()
    with CaptureQueriesContext(connection) as seis:
        assert "6 resultados" in _html(cliente.get(URL, {"q": "zabumba"}))
    assert len(seis) == len(um)
    assert Documento.objects.filter(processo=p).count() == 6
