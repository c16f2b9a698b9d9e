"""Controle de Processos, detailed view ("Visualização detalhada"): the table, its sortable
headers, the level icons, the counts, and the choice of view remembered in the session."""

import importlib
import re

import pytest
from django.urls import reverse

from processos import services
from processos.models import NivelAcesso
from tests.factories import UsuarioFactory, lotar, tipo_processo

URL = reverse("processos:controle")
controle_view = importlib.import_module("processos.views.controle")  # the package re-exports the view


def _secao(html: str, origem: str) -> str:
    inicio = html.index(f'id="titulo-{origem}"')
    return html[inicio : html.find("</section>", inicio)]


def _nups(html: str) -> list[str]:
    return re.findall(r'class="nup" href="[^"]+">([0-9./-]+)</a>', html)


@pytest.fixture
def caixa(atores, unidades, criar_processo):
    a, b = atores["A"], atores["B"]
    colega = lotar(UsuarioFactory(username="colega"), unidades["A"])
    publico = criar_processo(
        a,
        tipo=tipo_processo(nome="Teste: Beta"),
        especificacao="Compra de cadeiras",
        interessados=["Maria Silva", "José Souza"],
    )
    services.processo_atribuir(ator=a, processo=publico, usuario=colega.usuario)
    restrito = criar_processo(
        a,
        NivelAcesso.RESTRITO,
        tipo=tipo_processo(nome="Teste: Alfa"),
        especificacao="Dados pessoais",
        interessados=["Nome restrito"],
    )
    sigiloso = criar_processo(
        a, NivelAcesso.SIGILOSO, especificacao="Investigação", interessados=["Nome secreto"]
    )
    services.processo_atualizar_andamento(ator=a, processo=sigiloso, texto="Texto livre secreto")
    recebido = criar_processo(b, especificacao="Pedido de férias")
    services.processo_enviar(ator=b, processo=recebido, destinos=[unidades["A"]])
    services.processo_atualizar_andamento(
        ator=a, processo=publico, texto="Aguardando orçamento do fornecedor"
    )
    return {"publico": publico, "restrito": restrito, "sigiloso": sigiloso, "recebido": recebido}


def test_visao_detalhada_escolhida_e_lembrada(entrar, atores, caixa):
    cliente = entrar(atores["A"])
    html = cliente.get(URL).content.decode()
    assert '<ul class="caixa"' in html and "<table" not in html  # SEI's compact view first
    assert re.search(r'<a href="[^"]*visao=detalhada"[^>]*>Visualização detalhada</a>', html)
    html = cliente.get(URL, {"visao": "detalhada"}).content.decode()
    assert '<table class="tabela-caixa"' in html
    assert re.search(r'aria-current="page">Visualização detalhada', html)
    assert '<table class="tabela-caixa"' in cliente.get(URL).content.decode()  # remembered
    html = cliente.get(URL, {"visao": "resumida"}).content.decode()
    assert "<table" not in html
    assert "<table" not in cliente.get(URL).content.decode()


def test_tabela_mostra_as_colunas_e_esconde_o_conteudo_do_sigiloso(entrar, atores, caixa):
    cliente = entrar(atores["A"])
    html = cliente.get(URL, {"visao": "detalhada"}).content.decode()
    gerados = _secao(html, "gerado")
    for cabecalho in (
        "NUP",
        "Tipo",
        "Especificação",
        "Interessados",
        "Atribuído a",
        "Último andamento",
        "Nível",
    ):
        assert re.search(rf"<th scope=\"col\"[^>]*>(<a [^>]+>)?{cabecalho}", gerados), cabecalho
    linha = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*{caixa['publico'].nup_formatado}.*?</tr>", gerados, re.S
    ).group(0)
    assert "Teste: Beta" in linha and "Compra de cadeiras" in linha and "Maria Silva; José Souza" in linha
    assert "colega" in linha and "Aguardando orçamento do fornecedor" in linha
    assert re.search(r"<time datetime=\"[^\"]+\">\d\d/\d\d/\d{4} \d\d:\d\d</time>", linha)
    assert '<span class="vh">Público</span>' in linha
    restrito = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*{caixa['restrito'].nup_formatado}.*?</tr>", gerados, re.S
    ).group(0)
    assert '<span aria-hidden="true">R</span><span class="vh"> Restrito</span>' in restrito
    # Its interessados are read (and the read recorded) on its page, not in the list.
    assert "Dados pessoais" in restrito and "Nome restrito" not in restrito
    assert "Veja no processo (restrito)" in restrito
    sigiloso = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*{caixa['sigiloso'].nup_formatado}.*?</tr>", gerados, re.S
    ).group(0)
    assert '<span aria-hidden="true">S</span><span class="vh"> Sigiloso</span>' in sigiloso
    assert "Investigação" not in sigiloso and "Nome secreto" not in sigiloso and "secreto" not in sigiloso
    assert "Andamento atualizado" in sigiloso
    # The received one nobody opened yet: "não visualizado".
    recebidos = _secao(html, "recebido")
    assert re.search(r'<tr class="nao-lido">.*\(não visualizado\)', recebidos, re.S)


def test_icone_de_restrito_e_sigiloso_na_visao_resumida(entrar, atores, caixa):
    html = entrar(atores["A"]).get(URL).content.decode()
    gerados = _secao(html, "gerado")
    assert gerados.count('class="nivel-icone nivel-icone-restrito" title="Restrito"') == 1
    assert gerados.count('class="nivel-icone nivel-icone-sigiloso" title="Sigiloso"') == 1
    assert '<link rel="stylesheet" href="/static/css/controle.css">' in html


def test_ordenar_pelos_cabecalhos(entrar, atores, caixa):
    cliente = entrar(atores["A"])
    html = cliente.get(URL, {"visao": "detalhada"}).content.decode()
    assert "aria-sort" not in html  # arrival order: no column holds it
    por_nup = sorted(p.nup_formatado for k, p in caixa.items() if k != "recebido")
    url = re.search(r'<a href="([^"]+)">NUP<span class="vh"> \(ordenar em ordem crescente\)', html).group(1)
    html = cliente.get(url.replace("&amp;", "&")).content.decode()
    assert _nups(_secao(html, "gerado")) == por_nup
    assert re.search(r'<th scope="col" aria-sort="ascending"><a [^>]+>NUP', html)
    url = re.search(r'<a href="([^"]+)">NUP<span class="vh"> \(ordenar em ordem decrescente\)', html).group(1)
    html = cliente.get(url.replace("&amp;", "&")).content.decode()
    assert _nups(_secao(html, "gerado")) == list(reversed(por_nup))
    assert re.search(r'<th scope="col" aria-sort="descending"><a [^>]+>NUP', html)
    # Tipo: Alfa (restrito), Beta (público), then "Teste: Tipo Geral" (the sigiloso).
    html = cliente.get(URL, {"ordem": "tipo"}).content.decode()
    assert _nups(_secao(html, "gerado")) == [
        caixa[k].nup_formatado for k in ("restrito", "publico", "sigiloso")
    ]
    # Último andamento, newest first: the público was moved last.
    html = cliente.get(URL, {"ordem": "-andamento"}).content.decode()
    assert _nups(_secao(html, "gerado"))[0] == caixa["publico"].nup_formatado
    assert re.search(r'aria-sort="descending"><a [^>]+>Último andamento', html)
    # The filter form keeps the order.
    assert '<input type="hidden" name="ordem" value="-andamento">' in html


def test_ordem_segue_pelas_paginas_e_cursor_de_outra_ordem_volta_ao_inicio(
    entrar, atores, criar_processo, settings
):
    settings.SEI_CONTROLE_POR_PAGINA = 2
    processos = [criar_processo(atores["A"]) for _ in range(5)]
    cliente = entrar(atores["A"])
    vistos, url = [], f"{URL}?visao=detalhada&ordem=nup"
    while url:
        gerados = _secao(cliente.get(url).content.decode(), "gerado")
        vistos += _nups(gerados)
        proxima = re.search(r'<a href="([^"]+)">Próxima página</a>', gerados)
        url = proxima.group(1).replace("&amp;", "&") if proxima else None
        if url:
            cursor_nup = url
    assert vistos == sorted(p.nup_formatado for p in processos)
    # A cursor of the NUP order under another order: the first page, with the message.
    html = cliente.get(cursor_nup.replace("ordem=nup", "ordem=tipo")).content.decode()
    assert "Cursor de paginação inválido." in html


def test_ordem_cara_em_lista_longa_volta_a_ordem_de_chegada(entrar, atores, caixa, monkeypatch):
    from processos import selectors

    monkeypatch.setattr(selectors, "LIMITE_ORDENACAO", 2)
    html = entrar(atores["A"]).get(URL, {"visao": "detalhada", "ordem": "nup"}).content.decode()
    assert "A ordenação por NUP vale para listas de até 2 processos; esta tem 4." in html
    assert "Mostrando pela ordem de chegada." in html and "aria-sort" not in html
    # Arrival order, newest first.
    assert _nups(_secao(html, "gerado"))[0] == caixa["sigiloso"].nup_formatado


def test_contagem_exata_e_limitada(entrar, atores, criar_processo, settings, monkeypatch):
    settings.SEI_CONTROLE_POR_PAGINA = 2
    tipo = tipo_processo(nome="Teste: Contado")
    for _ in range(5):
        criar_processo(atores["A"], tipo=tipo)
    cliente = entrar(atores["A"])
    html = cliente.get(URL).content.decode()
    assert re.search(r'id="titulo-gerado">Gerados <span class="contagem"><span class="vh">: </span>5<', html)
    monkeypatch.setattr(controle_view, "CONTAR_ATE", 3)
    html = cliente.get(URL, {"tipo": tipo.pk}).content.decode()
    assert re.search(
        r'id="titulo-gerado">Gerados <span class="contagem"><span class="vh">: </span>mais de 3<', html
    )


def test_visao_detalhada_sem_consulta_por_linha(
    entrar, atores, unidades, criar_processo, django_assert_max_num_queries
):
    """As the compact page (9 queries), plus the last andamentos and the interessados of each
    column (2 each) and the session's write of the chosen view."""
    cliente = entrar(atores["A"])
    for n in range(3):
        criar_processo(atores["A"], interessados=[f"Pessoa {n}"])
        p = criar_processo(atores["B"], interessados=["Alguém"])
        services.processo_enviar(ator=atores["B"], processo=p, destinos=[unidades["A"]])
    cliente.get(URL, {"visao": "detalhada"})
    with django_assert_max_num_queries(13):
        assert cliente.get(URL).status_code == 200
    for n in range(20):
        criar_processo(
            atores["A"], NivelAcesso.RESTRITO if n % 2 else NivelAcesso.PUBLICO, interessados=["A", "B"]
        )
    with django_assert_max_num_queries(13):
        html = cliente.get(URL).content.decode()
    assert html.count('name="processos"') == 26
