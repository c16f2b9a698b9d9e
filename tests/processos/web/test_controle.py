"""Controle de Processos: columns, unread marking, badges, filters, keyset pages, batch actions."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from processos import services
from processos.models import Atividade, RetornoProgramado
from tests.factories import UsuarioFactory, lotar, tipo_processo


def _coluna(html: str, origem: str) -> str:
    """The HTML of one inbox column (recebido/gerado)."""
    inicio = html.index(f'id="titulo-{origem}"')
    fim = html.find("</section>", inicio)
    return html[inicio:fim]


@pytest.fixture
def caixa_a(atores, unidades, criar_processo):
    """In A: one generated (attributed to user_a), one received unread from B, one received and read."""
    gerado = criar_processo(atores["A"], especificacao="Compra de cadeiras")
    recebido = criar_processo(atores["B"], especificacao="Pedido de férias")
    services.processo_enviar(ator=atores["B"], processo=recebido, destinos=[unidades["A"]])
    lido = criar_processo(atores["B"], especificacao="Já lido")
    services.processo_enviar(ator=atores["B"], processo=lido, destinos=[unidades["A"]])
    services.processo_receber(ator=atores["A"], processo=lido)
    return {"gerado": gerado, "recebido": recebido, "lido": lido}


def test_colunas_recebidos_e_gerados(entrar, atores, caixa_a):
    html = entrar(atores["A"]).get(reverse("processos:controle")).content.decode()
    recebidos, gerados = _coluna(html, "recebido"), _coluna(html, "gerado")
    assert caixa_a["recebido"].nup_formatado in recebidos
    assert caixa_a["lido"].nup_formatado in recebidos
    assert caixa_a["gerado"].nup_formatado in gerados
    assert caixa_a["gerado"].nup_formatado not in recebidos
    assert caixa_a["recebido"].nup_formatado not in gerados


def test_nao_recebido_marcado_e_atribuicao_visivel(entrar, atores, caixa_a):
    html = entrar(atores["A"]).get(reverse("processos:controle")).content.decode()
    recebidos = _coluna(html, "recebido")
    item_nao_lido = re.search(r'<li class="nao-lido">.*?</li>', recebidos, re.S).group(0)
    assert caixa_a["recebido"].nup_formatado in item_nao_lido
    assert "(não visualizado)" in item_nao_lido
    assert recebidos.count("(não visualizado)") == 1  # the read one is not marked
    gerados = _coluna(html, "gerado")
    assert atores["A"].usuario.username in gerados  # the creator holds the attribution
    # Tooltip with type and especificação.
    assert f'title="{caixa_a["gerado"].tipo.nome} — Compra de cadeiras"' in gerados


def test_selo_de_retorno_programado(entrar, atores, unidades, criar_processo):
    p1 = criar_processo(atores["B"])
    p2 = criar_processo(atores["B"])
    amanha = timezone.localdate() + timedelta(days=1)
    for p in (p1, p2):
        services.processo_enviar(
            ator=atores["B"], processo=p, destinos=[unidades["A"]], manter_aberto=True, retorno_programado=amanha
        )
    # p2's return date has passed (time moved on): shown as late.
    ontem = timezone.localdate() - timedelta(days=1)
    RetornoProgramado.objects.filter(processo=p2).update(data=ontem)
    html = entrar(atores["A"]).get(reverse("processos:controle")).content.decode()
    assert f'<span class="selo selo-retorno">Retorno até {amanha:%d/%m/%Y}</span>' in html
    assert f'<span class="selo selo-atrasado">Retorno até {ontem:%d/%m/%Y} (atrasado)</span>' in html
    # B, waiting for the return, sees it too.
    html_b = entrar(atores["B"]).get(reverse("processos:controle")).content.decode()
    assert f"Aguardando retorno até {amanha:%d/%m/%Y}" in html_b


def test_filtro_meus(entrar, atores, unidades, criar_processo):
    meu = criar_processo(atores["A"])
    colega = lotar(UsuarioFactory(username="colega"), unidades["A"])
    dele = criar_processo(colega)
    cliente = entrar(atores["A"])
    html = cliente.get(reverse("processos:controle"), {"meus": "on"}).content.decode()
    assert meu.nup_formatado in html
    assert dele.nup_formatado not in html
    html = cliente.get(reverse("processos:controle")).content.decode()
    assert meu.nup_formatado in html and dele.nup_formatado in html


def test_filtro_por_tipo(entrar, atores, criar_processo):
    tipo_x = tipo_processo(nome="Tipo X de teste")
    tipo_y = tipo_processo(nome="Tipo Y de teste")
    px = criar_processo(atores["A"], tipo=tipo_x)
    py = criar_processo(atores["A"], tipo=tipo_y)
    html = entrar(atores["A"]).get(reverse("processos:controle"), {"tipo": tipo_x.pk}).content.decode()
    assert px.nup_formatado in html
    assert py.nup_formatado not in html
    assert f'<option value="{tipo_x.pk}" selected>' in html


def test_sigiloso_sem_credencial_nao_aparece(entrar, atores, unidades, criar_processo):
    from processos.models import NivelAcesso

    colega = lotar(UsuarioFactory(username="colega2"), unidades["A"])
    sigiloso = criar_processo(colega, nivel=NivelAcesso.SIGILOSO)
    html = entrar(atores["A"]).get(reverse("processos:controle")).content.decode()
    assert sigiloso.nup_formatado not in html


def test_paginacao_por_cursor(entrar, atores, criar_processo, settings):
    settings.SEI_CONTROLE_POR_PAGINA = 2
    processos = [criar_processo(atores["A"]) for _ in range(5)]
    cliente = entrar(atores["A"])
    html = cliente.get(reverse("processos:controle")).content.decode()
    gerados = _coluna(html, "gerado")
    # Newest first.
    assert processos[4].nup_formatado in gerados and processos[3].nup_formatado in gerados
    assert processos[2].nup_formatado not in gerados
    assert "Primeira página" not in gerados
    proxima = re.search(r'<a href="([^"]+)">Próxima página</a>', gerados).group(1).replace("&amp;", "&")
    assert "g=" in proxima
    gerados2 = _coluna(cliente.get(proxima).content.decode(), "gerado")
    assert processos[2].nup_formatado in gerados2 and processos[1].nup_formatado in gerados2
    assert processos[3].nup_formatado not in gerados2
    assert "Primeira página" in gerados2
    proxima = re.search(r'<a href="([^"]+)">Próxima página</a>', gerados2).group(1).replace("&amp;", "&")
    gerados3 = _coluna(cliente.get(proxima).content.decode(), "gerado")
    assert processos[0].nup_formatado in gerados3
    assert "Próxima página" not in gerados3


def test_cursor_invalido_volta_a_primeira_pagina(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["A"]).get(reverse("processos:controle"), {"g": "lixo!!"})
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert p.nup_formatado in html
    assert "Cursor de paginação inválido." in html


def _popular(atores, unidades, criar_processo, n):
    colega = lotar(UsuarioFactory(), unidades["A"])
    for i in range(n):
        p = criar_processo(atores["A"] if i % 2 else colega)
        q = criar_processo(atores["B"])
        services.processo_enviar(
            ator=atores["B"],
            processo=q,
            destinos=[unidades["A"]],
            manter_aberto=True,
            retorno_programado=timezone.localdate() + timedelta(days=3),
        )
        if i % 3 == 0:
            services.processo_receber(ator=atores["A"], processo=q)
            services.processo_atribuir(ator=atores["A"], processo=q, usuario=colega.usuario)
        assert p


def _consultas(django_assert_num_queries, cliente):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        resposta = cliente.get(reverse("processos:controle"))
    assert resposta.status_code == 200
    return len(ctx.captured_queries)


def test_numero_de_consultas_nao_cresce_com_as_linhas(
    entrar, atores, unidades, criar_processo, django_assert_num_queries
):
    _popular(atores, unidades, criar_processo, 3)
    cliente = entrar(atores["A"])
    com_3 = _consultas(django_assert_num_queries, cliente)
    _popular(atores, unidades, criar_processo, 27)
    with django_assert_num_queries(com_3):
        resposta = cliente.get(reverse("processos:controle"))
    assert resposta.content.decode().count('name="processos"') == 60


def test_pagina_em_sete_consultas(entrar, atores, unidades, criar_processo, django_assert_num_queries):
    """Session and user; the user's units (the acting unit and the switcher share them: 1); the
    two columns (1 each); the select of types (1); the menu's count of blocos de assinatura
    awaiting the unit (1). The batch actions' units and users are asked in their own step."""
    _popular(atores, unidades, criar_processo, 3)
    cliente = entrar(atores["A"])
    for url in (reverse("processos:controle"), reverse("processos:controle") + "?meus=on&r=lixo"):
        with django_assert_num_queries(7):
            resposta = cliente.get(url)
        assert resposta.status_code == 200


# --- Batch actions --------------------------------------------------------------------------


def test_lote_enviar(entrar, atores, unidades, criar_processo):
    p1, p2 = criar_processo(atores["A"]), criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    resposta = cliente.post(
        reverse("processos:lote"),
        {"acao": "enviar", "processos": [p1.nup, p2.nup], "unidades": [unidades["B"].pk]},
        follow=True,
    )
    html = resposta.content.decode()
    assert f"Processos enviados: {p1.nup_formatado}, {p2.nup_formatado}." in html or (
        "Processos enviados:" in html and p1.nup_formatado in html and p2.nup_formatado in html
    )
    assert Atividade.objects.filter(unidade=unidades["B"], aberta=True, processo__in=[p1, p2]).count() == 2
    assert not Atividade.objects.filter(unidade=unidades["A"], aberta=True, processo__in=[p1, p2]).exists()


def test_lote_enviar_mantendo_aberto(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    entrar(atores["A"]).post(
        reverse("processos:lote"),
        {"acao": "enviar", "processos": [p.nup], "unidades": [unidades["B"].pk, unidades["C"].pk], "manter_aberto": "on"},
    )
    assert set(Atividade.objects.filter(processo=p, aberta=True).values_list("unidade__sigla", flat=True)) == {
        "A",
        "B",
        "C",
    }


def test_lote_concluir_com_sucessos_e_falhas(entrar, atores, unidades, criar_processo):
    ok = criar_processo(atores["A"])
    devido = criar_processo(atores["B"])
    services.processo_enviar(
        ator=atores["B"],
        processo=devido,
        destinos=[unidades["A"]],
        retorno_programado=timezone.localdate() + timedelta(days=2),
    )
    resposta = entrar(atores["A"]).post(
        reverse("processos:lote"), {"acao": "concluir", "processos": [ok.nup, devido.nup]}, follow=True
    )
    html = resposta.content.decode()
    assert f"Processos concluídos: {ok.nup_formatado}." in html
    assert f"Não foi possível concluir {devido.nup_formatado}: Há retorno programado para B" in html
    assert not Atividade.objects.get(processo=ok, unidade=unidades["A"]).aberta
    assert Atividade.objects.get(processo=devido, unidade=unidades["A"]).aberta


def test_lote_atribuir(entrar, atores, unidades, criar_processo):
    colega = lotar(UsuarioFactory(username="fulano"), unidades["A"])
    p1, p2 = criar_processo(atores["A"]), criar_processo(atores["A"])
    resposta = entrar(atores["A"]).post(
        reverse("processos:lote"),
        {"acao": "atribuir", "processos": [p1.nup, p2.nup], "usuario": colega.usuario.pk},
        follow=True,
    )
    assert "Processos atribuídos:" in resposta.content.decode()
    assert set(
        Atividade.objects.filter(processo__in=[p1, p2], unidade=unidades["A"]).values_list(
            "atribuida_a__username", flat=True
        )
    ) == {"fulano"}


def test_lote_processo_de_outra_unidade_falha(entrar, atores, criar_processo):
    alheio = criar_processo(atores["C"])
    resposta = entrar(atores["A"]).post(
        reverse("processos:lote"), {"acao": "concluir", "processos": [alheio.nup]}, follow=True
    )
    assert f"Não foi possível concluir {alheio.nup_formatado}: O processo não está aberto na unidade A." in (
        resposta.content.decode()
    )


def test_lote_sem_selecao(entrar, atores):
    resposta = entrar(atores["A"]).post(reverse("processos:lote"), {"acao": "concluir"}, follow=True)
    assert "Selecione ao menos um processo." in resposta.content.decode()


def test_lote_pede_o_que_a_acao_precisa_e_confirma(entrar, atores, unidades, criar_processo):
    colega = lotar(UsuarioFactory(username="beltrano"), unidades["A"])
    p = criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    atribuir = cliente.post(reverse("processos:lote"), {"escolher": "atribuir", "processos": [p.nup]}).content.decode()
    assert "Atribuir processos" in atribuir and p.nup_formatado in atribuir
    assert f'value="{colega.usuario.pk}"' in atribuir and "Atribuir 1 processo<" in atribuir
    concluir = cliente.post(reverse("processos:lote"), {"escolher": "concluir", "processos": [p.nup]}).content.decode()
    assert "serão concluídos nesta unidade" in concluir
    assert Atividade.objects.get(processo=p, unidade=unidades["A"]).aberta  # nothing done yet
    nada = cliente.post(reverse("processos:lote"), {"escolher": "concluir"}, follow=True).content.decode()
    assert "Selecione ao menos um processo." in nada


def test_lote_enviar_sem_destino(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["A"]).post(
        reverse("processos:lote"), {"acao": "enviar", "processos": [p.nup]}, follow=True
    )
    assert "Informe ao menos uma unidade de destino." in resposta.content.decode()
