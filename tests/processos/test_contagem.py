"""The inbox total a unit sees, kept by the services (processos.services.contagem) instead of
recounted per request: it follows every change of where a process is open, its state and its level,
and ``verificar_alcance`` finds and repairs a counter that drifted."""

from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connection

from processos import selectors, services
from processos.models import Atividade, ContagemCaixa, NivelAcesso
from processos.services import contagem
from tests.factories import ator_em, hipotese


def _totais(ator) -> tuple[int, int, int]:
    """(all, received, generated) as the inbox shows them, each checked against its rows."""
    totais = []
    for origem in (None, "recebido", "gerado"):
        total = selectors.caixa_total(ator=ator, origem=origem)
        assert total == len(selectors.caixa_itens(ator=ator, origem=origem, limite=1000))
        totais.append(total)
    # The Controle de Processos page counts both columns in one query: the same numbers.
    assert selectors.caixa_totais(ator=ator) == {"recebido": totais[1], "gerado": totais[2]}
    return tuple(totais)


def test_o_total_da_caixa_acompanha_a_vida_do_processo(atores, unidades, criar_processo, cliente_api):
    a, b = atores["A"], atores["B"]
    p = criar_processo(a, NivelAcesso.RESTRITO)
    outro = criar_processo(a)
    assert _totais(a) == (2, 0, 2)

    services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], manter_aberto=False)
    assert _totais(a) == (1, 0, 1)
    assert _totais(b) == (1, 1, 0)
    services.processo_sobrestar(ator=b, processo=p, motivo="Aguardando parecer")
    assert _totais(b) == (0, 0, 0)
    services.processo_remover_sobrestamento(ator=b, processo=p)
    assert _totais(b) == (1, 1, 0)
    # Sent back to A while B keeps it: A's row is reused, now as received.
    services.processo_enviar(ator=b, processo=p, destinos=[unidades["A"]], manter_aberto=True)
    assert _totais(a) == (2, 1, 1)
    services.processo_concluir(ator=b, processo=p)
    assert _totais(b) == (0, 0, 0)
    services.processo_reabrir(ator=b, processo=p)
    assert _totais(b) == (1, 0, 1)  # reopened here: SEI lists it as generated
    services.processo_concluir(ator=b, processo=p)
    # Annexed, a process leaves every inbox; the main one stays.
    services.processo_anexar(ator=a, processo=outro, anexado=p)
    assert _totais(a) == (1, 0, 1)
    # What the API says is that same total.
    assert cliente_api(a).get("/api/v1/controle-processos/", {"page_size": 1}).json()["count"] == 1


def test_sigiloso_conta_so_para_quem_tem_credencial(atores, unidades, criar_processo, cliente_api):
    a = atores["A"]
    colega = ator_em(unidades["A"], username="colega")
    criar_processo(a)
    p = criar_processo(a)
    services.processo_alterar(
        ator=a, processo=p, nivel_acesso=NivelAcesso.SIGILOSO, hipotese_legal=hipotese(NivelAcesso.SIGILOSO)
    )
    assert _totais(a) == (2, 0, 2)  # the creator holds a credential
    assert _totais(colega) == (1, 0, 1)
    services.credencial_conceder(ator=a, processo=p, usuario=colega.usuario, unidade=unidades["A"])
    assert _totais(colega) == (2, 0, 2)
    # Counted per request, from outside the unit's counter: the counter holds the público only.
    assert sum(ContagemCaixa.objects.filter(unidade=unidades["A"]).values_list("total", flat=True)) == 1
    for ator in (a, colega):
        r = cliente_api(ator).get("/api/v1/controle-processos/", {"page_size": 1}).json()
        assert r["count"] == 2 and r["next"]


def test_verificar_alcance_acha_e_corrige_contador_fora_da_regra(atores, criar_processo, capsys):
    a = atores["A"]
    for _ in range(3):
        criar_processo(a)
    ContagemCaixa.objects.filter(unidade=a.unidade).update(total=7)  # e.g. a partial restore
    Atividade.objects.filter(unidade=a.unidade).update(contada_como="")
    with pytest.raises(SystemExit) as fim:
        call_command("verificar_alcance")
    assert fim.value.code == 1
    assert "contagem da caixa" in capsys.readouterr().err
    call_command("verificar_alcance", "--corrigir")
    assert "Contagem da caixa conferida: " in capsys.readouterr().out
    assert list(contagem.divergencias()) == []
    assert _totais(a) == (3, 0, 3)


def test_migracao_deriva_para_as_linhas_existentes_o_mesmo_que_os_servicos(atores, unidades, criar_processo):
    a = atores["A"]
    criar_processo(a)
    enviado = criar_processo(a, NivelAcesso.RESTRITO)
    services.processo_enviar(ator=a, processo=enviado, destinos=[unidades["B"]], manter_aberto=True)
    services.processo_sobrestar(ator=a, processo=criar_processo(a), motivo="Aguardando")
    criar_processo(a, NivelAcesso.SIGILOSO)
    esperado = _totais(a), _totais(atores["B"])
    guardado = sorted(Atividade.objects.values_list("pk", "contada_como"))
    Atividade.objects.update(contada_como="")
    ContagemCaixa.objects.all().delete()
    migracao = import_module("processos.migrations.0012_contagem_da_caixa")
    with connection.cursor() as cursor:
        for sql in migracao.DERIVAR:
            cursor.execute(sql)
    assert sorted(Atividade.objects.values_list("pk", "contada_como")) == guardado
    assert (_totais(a), _totais(atores["B"])) == esperado
