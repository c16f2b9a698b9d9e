"""Races between users, on PostgreSQL (row locks are what is being tested)."""

import pytest

from processos import services
from processos.models import Andamento, Atividade, NivelAcesso, Processo
from processos.services.historico import verificar_cadeia
from sei.exceptions import ErroDominio
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401
from tests.factories import UsuarioFactory, lotar, tipo_processo

pytestmark = [
    pytest.mark.integracao,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("requer_postgresql"),
]


def test_50_criacoes_simultaneas_dao_50_numeros_distintos_e_consecutivos(atores):
    tipo = tipo_processo()
    ator = atores["A"]

    def criar():
        return services.processo_criar(ator=ator, tipo=tipo, nivel_acesso=NivelAcesso.PUBLICO).nup

    nups = em_paralelo([criar] * 50)
    assert all(isinstance(n, str) for n in nups), [n for n in nups if not isinstance(n, str)]
    sequenciais = sorted(int(n[5:11]) for n in nups)
    assert sequenciais == list(range(1, 51))
    assert Processo.objects.count() == 50


def test_concluir_e_enviar_ao_mesmo_tempo_deixam_estado_coerente(atores, unidades):
    a = atores["A"]
    colega = lotar(UsuarioFactory(), unidades["A"])
    for _ in range(5):
        p = services.processo_criar(ator=a, tipo=tipo_processo(), nivel_acesso=NivelAcesso.PUBLICO)
        resultados = em_paralelo(
            [
                lambda p=p: services.processo_concluir(ator=a, processo=p),
                lambda p=p: services.processo_enviar(ator=colega, processo=p, destinos=[unidades["B"]]),
            ]
        )
        sucessos = [r for r in resultados if isinstance(r, Processo)]
        erros = [r for r in resultados if isinstance(r, Exception)]
        # Exactly one wins; the other is refused with the domain message (not a crash).
        assert len(sucessos) == 1 and len(erros) == 1 and isinstance(erros[0], ErroDominio)
        historico = list(Andamento.objects.filter(processo=p).order_by("id").values_list("tipo", flat=True))
        abertas = set(
            Atividade.objects.filter(processo=p, aberta=True).values_list("unidade__sigla", flat=True)
        )
        if historico[-1] == "conclusao":
            assert abertas == set()
        else:
            assert historico[-1] == "remessa" and abertas == {"B"}
        assert len(historico) == 2
        assert verificar_cadeia(p)


def test_dois_envios_simultaneos_para_unidades_diferentes(atores, unidades):
    a = atores["A"]
    p = services.processo_criar(ator=a, tipo=tipo_processo(), nivel_acesso=NivelAcesso.PUBLICO)
    resultados = em_paralelo(
        [
            lambda: services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]]),
            lambda: services.processo_enviar(ator=a, processo=p, destinos=[unidades["C"]]),
        ]
    )
    assert sum(isinstance(r, Processo) for r in resultados) == 1
    abertas = set(Atividade.objects.filter(processo=p, aberta=True).values_list("unidade__sigla", flat=True))
    assert abertas in ({"B"}, {"C"})
    assert Andamento.objects.filter(processo=p, tipo="remessa").count() == 1
