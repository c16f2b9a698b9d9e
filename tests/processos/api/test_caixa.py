"""GET /api/v1/controle-processos/: the unit inbox, keyset-paginated."""

import base64
import itertools
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from processos import selectors, services
from processos.api import _item_da_caixa
from processos.models import TipoProcesso
from processos.selectors import ORDENS, ItemCaixa
from processos.serializers import CaixaFiltroSerializer, CaixaItemSerializer


def _enviar(ator, processo, destino):
    services.processo_enviar(ator=ator, processo=processo, destinos=[destino], manter_aberto=True)


def _nups(pagina: dict) -> list[str]:
    return [i["nup"] for i in pagina["results"]]


def _todas_as_paginas(c, **params) -> list[list[str]]:
    paginas, r = [], c.get("/api/v1/controle-processos/", params).json()
    while True:
        paginas.append(_nups(r))
        if not r["next"]:
            return paginas
        r = c.get(r["next"]).json()


def test_recebidos_primeiro_depois_gerados_mais_recentes_primeiro(atores, unidades, cliente, criar_processo):
    gerados = [criar_processo(atores["B"]).nup for _ in range(2)]
    recebidos = []
    for _ in range(2):
        p = criar_processo(atores["A"])
        _enviar(atores["A"], p, unidades["B"])
        recebidos.append(p.nup)
    r = cliente(atores["B"]).get("/api/v1/controle-processos/").json()
    assert r["count"] == 4
    assert _nups(r) == recebidos[::-1] + gerados[::-1]
    assert [i["origem"] for i in r["results"]] == ["recebido", "recebido", "gerado", "gerado"]
    assert [i["nao_lida"] for i in r["results"]] == [True, True, False, False]
    assert r["next"] is None and r["previous"] is None


def test_paginacao_por_cursor_ida_e_volta(atores, unidades, cliente, criar_processo):
    gerados = [criar_processo(atores["B"]).nup for _ in range(4)]
    recebidos = []
    for _ in range(3):
        p = criar_processo(atores["A"])
        _enviar(atores["A"], p, unidades["B"])
        recebidos.append(p.nup)
    esperado = recebidos[::-1] + gerados[::-1]
    c = cliente(atores["B"])

    paginas = _todas_as_paginas(c, page_size=2)
    assert paginas == [esperado[0:2], esperado[2:4], esperado[4:6], esperado[6:7]]

    p1 = c.get("/api/v1/controle-processos/", {"page_size": 2}).json()
    p2 = c.get(p1["next"]).json()
    p3 = c.get(p2["next"]).json()
    assert "cursor=" in p1["next"] and "page_size=2" in p1["next"]
    assert p1["previous"] is None and p3["count"] == 7
    voltou = c.get(p3["previous"]).json()
    assert _nups(voltou) == _nups(p2)
    voltou = c.get(voltou["previous"]).json()
    assert _nups(voltou) == _nups(p1)
    assert voltou["previous"] is None
    assert c.get(voltou["next"]).json()["results"] == p2["results"]


def test_novo_processo_nao_desloca_a_pagina_seguinte(atores, unidades, cliente, criar_processo):
    for _ in range(4):
        criar_processo(atores["B"])
    c = cliente(atores["B"])
    p1 = c.get("/api/v1/controle-processos/", {"page_size": 2}).json()
    esperado = _nups(c.get(p1["next"]).json())
    criar_processo(atores["B"])  # entra no topo
    assert _nups(c.get(p1["next"]).json()) == esperado


def test_filtros(atores, unidades, cliente, criar_processo):
    outro_tipo = TipoProcesso.objects.get(nome="Finanças: Pagamento")
    gerado = criar_processo(atores["B"], tipo=outro_tipo)
    recebido = criar_processo(atores["A"])
    _enviar(atores["A"], recebido, unidades["B"])
    c = cliente(atores["B"])

    def nups(**params):
        r = c.get("/api/v1/controle-processos/", params)
        assert r.status_code == 200, r.json()
        assert r.json()["count"] == len(r.json()["results"])
        return _nups(r.json())

    assert nups(origem="recebido") == [recebido.nup]
    assert nups(origem="gerado") == [gerado.nup]
    assert nups(meus="1") == [gerado.nup]  # o criador recebe o processo atribuído
    assert nups(tipo=outro_tipo.pk) == [gerado.nup]
    assert nups(tipo=outro_tipo.pk, origem="recebido") == []


def test_parametros_invalidos_400(atores, cliente):
    c = cliente(atores["A"])
    for params in ({"origem": "todos"}, {"cursor": "nao-e-cursor"}, {"tipo": "x"}, {"page_size": 0}):
        r = c.get("/api/v1/controle-processos/", params)
        assert r.status_code == 400, params
        assert r.json()["code"] == "entrada_invalida" and r.json()["errors"]
    forjado = base64.urlsafe_b64encode(b"outro|-chegada|2026-01-01T00:00:00+00:00|1|n|").decode()
    assert c.get("/api/v1/controle-processos/", {"cursor": forjado}).status_code == 400


def test_ordem_como_na_pagina(atores, unidades, cliente, criar_processo, monkeypatch):
    """The page's sortable columns, through the same selector: recebidos first, each group in
    the order asked; the cursor carries it (and refuses another)."""
    escolhas = set(CaixaFiltroSerializer().fields["ordem"].choices)
    assert escolhas == {f"{s}{chave}" for chave in ORDENS for s in ("", "-")}
    gerados = [criar_processo(atores["A"]).nup for _ in range(3)]
    recebido = criar_processo(atores["B"])
    _enviar(atores["B"], recebido, unidades["A"])
    c = cliente(atores["A"])
    assert _todas_as_paginas(c, ordem="nup", page_size=2) == [
        [recebido.nup, min(gerados)],
        sorted(gerados)[1:],
    ]
    assert sum(_todas_as_paginas(c, ordem="-nup", page_size=2), []) == [
        recebido.nup,
        *sorted(gerados, reverse=True),
    ]
    proximo = c.get("/api/v1/controle-processos/", {"ordem": "nup", "page_size": 2}).json()["next"]
    assert c.get(proximo.replace("ordem=nup", "ordem=tipo")).status_code == 400
    assert c.get("/api/v1/controle-processos/", {"ordem": "especificacao"}).status_code == 400
    # Over a long list, the orders the index does not answer are refused (the page's budget).
    monkeypatch.setattr(selectors, "LIMITE_ORDENACAO", 3)
    r = c.get("/api/v1/controle-processos/", {"ordem": "nup"})
    assert r.status_code == 400 and r.json()["errors"]["ordem"]
    assert c.get("/api/v1/controle-processos/", {"ordem": "chegada"}).status_code == 200


def test_caixa_e_da_unidade_atual(atores, unidades, ator_x, cliente, criar_processo):
    p = criar_processo(atores["A"])
    assert _nups(cliente(atores["A"]).get("/api/v1/controle-processos/").json()) == [p.nup]
    assert cliente(atores["B"]).get("/api/v1/controle-processos/").json()["count"] == 0
    assert cliente(ator_x).get("/api/v1/controle-processos/").json()["count"] == 0
    assert cliente().get("/api/v1/controle-processos/").status_code == 401
    assert cliente(atores["A"], unidade="B").get("/api/v1/controle-processos/").status_code == 403


def test_consultas_nao_crescem_com_linhas_nem_com_a_profundidade(
    atores, unidades, cliente, criar_processo, django_assert_num_queries
):
    c = cliente(atores["B"])

    def encher(n):
        for i in range(n):
            if i % 2:
                p = criar_processo(atores["A"])
                _enviar(atores["A"], p, unidades["B"])
                services.processo_atribuir(ator=atores["A"], processo=p, usuario=atores["A"].usuario)
            else:
                criar_processo(atores["B"])

    encher(3)
    with CaptureQueriesContext(connection) as poucas:
        assert len(c.get("/api/v1/controle-processos/").json()["results"]) == 3
    encher(27)
    with CaptureQueriesContext(connection) as muitas:
        assert len(c.get("/api/v1/controle-processos/").json()["results"]) == 30
    assert len(muitas) == len(poucas)

    # Token, unit (among the user's active units), then the page: received and generated (both
    # fit, so the page is the count), or one origin and the total (the unit's counter plus the
    # rows outside it, one query); a deeper page has the total in its cursor.
    with django_assert_num_queries(4):
        assert c.get("/api/v1/controle-processos/").json()["count"] == 30
    with django_assert_num_queries(4):
        primeira = c.get("/api/v1/controle-processos/", {"page_size": 3, "origem": "gerado"}).json()
    assert primeira["count"] == 16
    profunda_url = c.get(c.get(primeira["next"]).json()["next"]).json()["next"]
    with django_assert_num_queries(3):
        profunda = c.get(profunda_url).json()
    assert len(profunda["results"]) == 3 and profunda["count"] == 16


def test_itens_como_o_serializer_os_escreveria(db):
    """The page's rows are written by hand (processos.api._item_da_caixa): the same JSON as
    CaixaItemSerializer, the contract's schema, in every combination of values."""
    combinacoes = itertools.product(
        (0, 1, 2),
        ("recebido", "gerado"),
        (None, datetime(2026, 3, 1, 12, tzinfo=UTC)),  # recebida_em
        (None, "fulano"),
        (None, "UN-B"),
        (None, date(2026, 3, 13)),
        (None, date(2026, 3, 19)),
        (datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC), datetime(2015, 1, 1, 3, tzinfo=UTC)),
    )
    itens = [
        ItemCaixa(
            pk=n,
            processo_id=n,
            nup="99901000001202611",
            especificacao='Compra <de> "cadeiras"' if n % 2 else "",
            nivel_acesso=nivel,
            tipo_id=7,
            tipo_nome="Pessoal: Férias",
            origem=origem,
            aberta_em=aberta - timedelta(minutes=n),
            recebida_em=recebida,
            atribuida_a=atribuida,
            remetente=remetente,
            retorno_data=retorno,
            aguardando_retorno_data=aguardando,
        )
        for n, (nivel, origem, recebida, atribuida, remetente, retorno, aguardando, aberta) in enumerate(
            combinacoes
        )
    ]
    fuso = timezone.get_current_timezone()
    assert [_item_da_caixa(item, fuso) for item in itens] == CaixaItemSerializer(itens, many=True).data
