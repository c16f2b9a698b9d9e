"""Controle de Processos: the inbox query (hand-written SQL) against the access policy's ORM rule."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from processos import selectors, services
from processos.models import Andamento, Atividade, NivelAcesso, Processo
from sei import acesso
from sei.exceptions import EntradaInvalida
from tests.factories import ator_em, lotar, tipo_processo


def referencia_orm(ator, origem=None, meus=False, tipo_id=None) -> list[int]:
    """The inbox as the ORM policy defines it: open here, normal state, visible to the actor."""
    qs = acesso.filtrar_atividades_visiveis(
        Atividade.objects.filter(aberta=True, processo__estado=Processo.Estado.NORMAL), ator
    )
    if origem:
        qs = qs.filter(origem=origem)
    if meus:
        qs = qs.filter(atribuida_a=ator.usuario)
    if tipo_id:
        qs = qs.filter(processo__tipo_id=tipo_id)
    return list(qs.order_by("-aberta_em", "-id").values_list("pk", flat=True))


@pytest.fixture
def cenario(atores, unidades, criar_processo):
    """Every kind of row an inbox meets, in units A and B: levels, types, sent, received,
    attributed, retorno programado, credentials granted and cassada, concluded, sobrestado."""
    a, b = atores["A"], atores["B"]
    colega_a = ator_em(unidades["A"], username="colega_a")
    outro_tipo = tipo_processo(nome="Teste: Outro Tipo")
    criados = []
    for nivel in NivelAcesso:
        criados.append(criar_processo(a, nivel))
        criados.append(criar_processo(a, nivel, tipo=outro_tipo))
    publico, restrito = criados[0], criados[2]
    for p in criados[3:6]:  # sent to B (the sigilosos stay)
        if not p.sigiloso:
            services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], manter_aberto=True)
    services.processo_enviar(
        ator=a,
        processo=restrito,
        destinos=[unidades["B"]],
        manter_aberto=True,
        retorno_programado=timezone.localdate() + timedelta(5),
    )
    services.processo_receber(ator=b, processo=restrito)
    services.processo_atribuir(ator=b, processo=restrito, usuario=b.usuario)
    services.processo_atribuir(ator=a, processo=publico, usuario=colega_a.usuario)
    # A sigiloso with a credential in B, one with a cassada credential, one concluded, one sobrestado.
    sig_colega = criar_processo(
        a, NivelAcesso.SIGILOSO, especificacao="Sigiloso com credencial para a colega"
    )
    services.credencial_conceder(ator=a, processo=sig_colega, usuario=colega_a.usuario, unidade=unidades["A"])
    cassado = criar_processo(a, NivelAcesso.SIGILOSO, especificacao="Credencial cassada")
    credencial = services.credencial_conceder(
        ator=a, processo=cassado, usuario=colega_a.usuario, unidade=unidades["A"]
    )
    services.credencial_cassar(ator=a, processo=cassado, credencial_id=credencial.pk)
    services.processo_concluir(ator=a, processo=criar_processo(a))
    services.processo_sobrestar(ator=a, processo=criar_processo(a), motivo="Aguardando parecer")
    return {"atores": {"a": a, "b": b, "colega_a": colega_a, "c": atores["C"]}, "tipo": outro_tipo}


def test_a_consulta_da_caixa_lista_o_que_a_politica_de_acesso_permite(cenario):
    tipo = cenario["tipo"]
    combinacoes = itertools.product((None, "recebido", "gerado"), (False, True), (None, tipo.pk))
    for (nome, ator), (origem, meus, tipo_id) in itertools.product(cenario["atores"].items(), combinacoes):
        filtros = {"origem": origem, "meus": meus, "tipo_id": tipo_id}
        obtidos = [item.pk for item in selectors.caixa_itens(ator=ator, limite=1000, **filtros)]
        assert obtidos == referencia_orm(ator, **filtros), (nome, filtros)
        assert selectors.caixa_total(ator=ator, **filtros) == len(obtidos), (nome, filtros)
    # The cenário exercises the rule: a sigiloso is in the inbox only for credential holders.
    a, colega = cenario["atores"]["a"], cenario["atores"]["colega_a"]
    assert sum(item.sigiloso for item in selectors.caixa_itens(ator=a)) == 4  # the creator's own
    assert sum(item.sigiloso for item in selectors.caixa_itens(ator=colega)) == 1
    assert selectors.caixa_itens(ator=cenario["atores"]["c"]) == []


def test_cada_linha_traz_o_que_a_caixa_mostra(cenario):
    b = cenario["atores"]["b"]
    assert len(selectors.caixa_itens(ator=b)) == 2
    lidos = [i for i in selectors.caixa_itens(ator=b) if not i.nao_lida]
    assert len(lidos) == 1
    lido = lidos[0]
    assert lido.atribuida_a == b.usuario.username and lido.remetente == "A"
    assert lido.nivel_acesso == NivelAcesso.RESTRITO and lido.origem == "recebido"
    assert lido.retorno_data == timezone.localdate() + timedelta(5)
    assert lido.aberta_em.tzinfo is not None and lido.recebida_em is not None
    processo = Processo.objects.get(pk=lido.processo_id)
    assert lido.nup == processo.nup and lido.nup_formatado == processo.nup_formatado
    assert lido.tipo_nome == processo.tipo.nome
    # The sender waits for it back by the same date.
    a = cenario["atores"]["a"]
    (aguardando,) = [i for i in selectors.caixa_itens(ator=a) if i.processo_id == lido.processo_id]
    assert aguardando.aguardando_retorno_data == lido.retorno_data and aguardando.retorno_data is None
    assert all(i.nao_lida for i in selectors.caixa_itens(ator=b) if i.pk != lido.pk)


def test_paginas_seguidas_pelo_cursor_cobrem_a_caixa_sem_repetir_mesmo_com_horarios_iguais(
    atores, criar_processo, django_assert_max_num_queries
):
    a = atores["A"]
    for _ in range(7):
        criar_processo(a)
    # Same opening time for several rows: the id breaks the tie.
    mesmo_instante = timezone.now() - timedelta(hours=1)
    Atividade.objects.filter(unidade=a.unidade).update(aberta_em=mesmo_instante)
    for _ in range(3):
        criar_processo(a)
    esperado = referencia_orm(a)
    vistos, cursor = [], None
    while True:
        with django_assert_max_num_queries(2):  # one query per origem on the page, however deep
            pagina = selectors.caixa_pagina(ator=a, cursor=cursor, limite=3)
        vistos += [item.pk for item in pagina.itens]
        assert pagina.tem_anterior is (cursor is not None)
        if pagina.proximo is None:
            break
        cursor = pagina.proximo
    assert vistos == esperado and len(vistos) == 10
    # Backwards from the last row gives the rest in reverse order.
    ultimo = selectors.caixa_itens(ator=a, limite=100)[-1]
    para_tras = selectors.caixa_itens(ator=a, apos=(ultimo.aberta_em, ultimo.pk), para_tras=True, limite=100)
    assert [item.pk for item in para_tras] == list(reversed(esperado[:-1]))


@pytest.mark.parametrize(
    "cursor", ["xyz", "bm8tcGlwZQ", "MjAyNi0wMS0wMVQwMDowMDowMHwx"]
)  # junk, no pipe, naive date
def test_cursor_invalido_e_erro_de_entrada(atores, cursor):
    with pytest.raises(EntradaInvalida):
        selectors.caixa_pagina(ator=atores["A"], cursor=cursor)


def test_lotacao_em_outra_unidade_nao_traz_a_caixa_dela(atores, unidades, criar_processo):
    a = atores["A"]
    criar_processo(a)
    mesmo_usuario_em_b = lotar(a.usuario, unidades["B"])
    assert selectors.caixa_itens(ator=mesmo_usuario_em_b) == []
    assert selectors.caixa_total(ator=mesmo_usuario_em_b) == 0


# --- Orders (the detailed view's sortable columns) -----------------------------------------


def _referencia_ordenada(ator, origem, ordem) -> list[int]:
    """The inbox rows in ``ordem``, sorted in Python from the ORM's rows (ties broken by id)."""
    linhas = {
        a.pk: a
        for a in Atividade.objects.filter(pk__in=referencia_orm(ator, origem=origem)).select_related(
            "processo__tipo"
        )
    }
    ultimo = {}
    for processo_id, criado_em in Andamento.objects.filter(
        processo_id__in=[a.processo_id for a in linhas.values()]
    ).values_list("processo_id", "criado_em"):
        ultimo[processo_id] = max(criado_em, ultimo.get(processo_id, criado_em))
    chave = {
        "chegada": lambda a: a.aberta_em,
        "nup": lambda a: a.processo.nup,
        "tipo": lambda a: a.processo.tipo.nome,
        "andamento": lambda a: ultimo[a.processo_id],
    }[ordem.lstrip("-")]
    return [
        a.pk for a in sorted(linhas.values(), key=lambda a: (chave(a), a.pk), reverse=ordem.startswith("-"))
    ]


@pytest.mark.parametrize(
    "ordem", ["-chegada", "chegada", "nup", "-nup", "tipo", "-tipo", "andamento", "-andamento"]
)
def test_cada_ordem_pagina_pelo_cursor_sem_repetir_nem_pular(atores, unidades, criar_processo, ordem):
    a = atores["A"]
    tipos = [tipo_processo(nome=f"Teste: Tipo {letra}") for letra in "CAB"]
    for n in range(7):
        p = criar_processo(a, tipo=tipos[n % 3])
        if n % 2:
            services.processo_atualizar_andamento(ator=a, processo=p, texto="Movimentado")
    # Same arrival time for several rows: the id breaks the tie.
    Atividade.objects.filter(
        unidade=a.unidade, pk__in=Atividade.objects.filter(unidade=a.unidade).values("pk")[:4]
    ).update(aberta_em=timezone.now() - timedelta(hours=1))
    esperado = _referencia_ordenada(a, "gerado", ordem)
    vistos, cursor = [], None
    while True:
        pagina = selectors.caixa_pagina(ator=a, cursor=cursor, limite=3, origem="gerado", ordem=ordem)
        vistos += [item.pk for item in pagina.itens]
        if pagina.proximo is None:
            break
        cursor = pagina.proximo
    assert vistos == esperado and len(vistos) == 7
    # And back: the previous page of the last one is the one before it.
    anterior = selectors.caixa_pagina(ator=a, cursor=pagina.anterior, limite=3, origem="gerado", ordem=ordem)
    assert [item.pk for item in anterior.itens] == esperado[3:6]


def test_cursor_de_outra_ordem_e_invalido(atores, criar_processo):
    a = atores["A"]
    for _ in range(3):
        criar_processo(a)
    pagina = selectors.caixa_pagina(ator=a, limite=1, ordem="nup")
    with pytest.raises(EntradaInvalida):
        selectors.caixa_pagina(ator=a, limite=1, cursor=pagina.proximo, ordem="-chegada")
    assert selectors.caixa_pagina(ator=a, limite=1, cursor=pagina.proximo, ordem="nup").itens


def test_detalhes_da_pagina_em_duas_consultas(
    atores, unidades, criar_processo, django_assert_max_num_queries
):
    a = atores["A"]
    for n in range(6):
        criar_processo(a, interessados=[f"Interessado {n}", "Outro interessado"])
    sigiloso = criar_processo(a, NivelAcesso.SIGILOSO, interessados=["Nome secreto"])
    services.processo_atualizar_andamento(ator=a, processo=sigiloso, texto="Texto livre secreto")
    with django_assert_max_num_queries(3):  # the page (one origem), last andamentos, interessados
        pagina = selectors.caixa_pagina(ator=a, origem="gerado", detalhes=True)
    por_processo = {item.processo_id: item for item in pagina.itens}
    assert len(por_processo) == 7
    item = next(i for i in pagina.itens if not i.sigiloso)
    assert item.interessados[1] == "Outro interessado" and item.ultimo_andamento_em is not None
    assert item.ultimo_andamento  # the generation's text
    restrito = criar_processo(a, NivelAcesso.RESTRITO, interessados=["Dado pessoal"])
    detalhado = selectors.caixa_pagina(ator=a, origem="gerado", detalhes=True).itens
    assert next(i for i in detalhado if i.processo_id == restrito.pk).interessados == ()
    secreto = por_processo[sigiloso.pk]
    assert secreto.interessados == () and "secreto" not in secreto.ultimo_andamento
    assert secreto.ultimo_andamento == "Andamento atualizado"


def test_total_filtrado_limitado(atores, criar_processo):
    a = atores["A"]
    tipo = tipo_processo(nome="Teste: Contado")
    for _ in range(5):
        criar_processo(a, tipo=tipo)
    pagina = selectors.caixa_pagina(ator=a, limite=2, tipo_id=tipo.pk, contar=True, contar_ate=3)
    assert pagina.total == 4 and not pagina.total_exato
    segunda = selectors.caixa_pagina(
        ator=a, limite=2, tipo_id=tipo.pk, contar=True, contar_ate=3, cursor=pagina.proximo
    )
    assert segunda.total == 4 and not segunda.total_exato  # carried by the cursor
    exata = selectors.caixa_pagina(ator=a, limite=2, tipo_id=tipo.pk, contar=True, contar_ate=10)
    assert exata.total == 5 and exata.total_exato
    # Unfiltered, the unit's counters: exact whatever the bound.
    todos = selectors.caixa_pagina(ator=a, limite=2, contar=True, contar_ate=3)
    assert todos.total == 5 and todos.total_exato


def test_ordem_fora_do_indice_so_em_lista_curta(atores, criar_processo, monkeypatch):
    """NUP, tipo and último andamento sort every open row of the unit: refused over a long list
    (the unit's, whatever the filters), so the page stays within its budget."""
    a = atores["A"]
    for _ in range(3):
        criar_processo(a)
    monkeypatch.setattr(selectors, "LIMITE_ORDENACAO", 3)
    assert len(selectors.caixa_pagina(ator=a, ordem="nup").itens) == 3
    criar_processo(a)
    for ordem in ("nup", "-tipo", "andamento"):
        with pytest.raises(EntradaInvalida) as erro:
            selectors.caixa_pagina(ator=a, ordem=ordem, meus=True)
        assert "até 3 processos; esta tem 4" in erro.value.mensagem and "ordem" in erro.value.errors
    assert len(selectors.caixa_pagina(ator=a, ordem="chegada").itens) == 4
