"""The access matrix: who × level × action, through the policy module and the selectors."""

import pytest

from processos import selectors, services
from processos.models import NivelAcesso
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, ErroDominio, NaoEncontrado
from tests.factories import UnidadeFactory, UsuarioFactory, lotar


def na_caixa(ator, processo) -> bool:
    """Whether ``processo`` is listed in the inbox of ``ator``'s unit."""
    return any(item.processo_id == processo.pk for item in selectors.caixa_itens(ator=ator, limite=10_000))


@pytest.fixture
def cenario(atores, unidades, criar_processo):
    """A process per level created in A; público and restrito sent to B (kept open in A)."""
    a = atores["A"]
    processos = {n: criar_processo(a, n) for n in NivelAcesso}
    for nivel in (NivelAcesso.PUBLICO, NivelAcesso.RESTRITO):
        services.processo_enviar(ator=a, processo=processos[nivel], destinos=[unidades["B"]], manter_aberto=True)
    outro_orgao = UnidadeFactory(orgao__sigla="OUTRO", orgao__codigo_protocolo="19957", sigla="X")
    quem = {
        "gerador": a,  # unit A created them
        "tramitou": atores["B"],  # B received público and restrito
        "mesmo_orgao": atores["C"],  # C never saw any of them
        "outro_orgao": lotar(UsuarioFactory(), outro_orgao),
        # Another user of A, without the sigiloso credential:
        "colega_sem_credencial": lotar(UsuarioFactory(), unidades["A"]),
    }
    return processos, quem


# expected: (visible: knows it exists, content, in inbox)
MATRIZ = {
    ("gerador", NivelAcesso.PUBLICO): (True, True, True),
    ("gerador", NivelAcesso.RESTRITO): (True, True, True),
    ("gerador", NivelAcesso.SIGILOSO): (True, True, True),
    ("tramitou", NivelAcesso.PUBLICO): (True, True, True),
    ("tramitou", NivelAcesso.RESTRITO): (True, True, True),
    ("tramitou", NivelAcesso.SIGILOSO): (False, False, False),
    ("mesmo_orgao", NivelAcesso.PUBLICO): (True, True, False),
    ("mesmo_orgao", NivelAcesso.RESTRITO): (True, False, False),
    ("mesmo_orgao", NivelAcesso.SIGILOSO): (False, False, False),
    ("outro_orgao", NivelAcesso.PUBLICO): (False, False, False),
    ("outro_orgao", NivelAcesso.RESTRITO): (False, False, False),
    ("outro_orgao", NivelAcesso.SIGILOSO): (False, False, False),
    ("colega_sem_credencial", NivelAcesso.PUBLICO): (True, True, True),
    ("colega_sem_credencial", NivelAcesso.RESTRITO): (True, True, True),
    ("colega_sem_credencial", NivelAcesso.SIGILOSO): (False, False, False),
}


@pytest.mark.parametrize(("quem", "nivel"), list(MATRIZ))
def test_matriz_de_acesso(cenario, quem, nivel):
    processos, atores = cenario
    ator, processo = atores[quem], processos[nivel]
    visivel, conteudo, listado = MATRIZ[(quem, nivel)]

    assert acesso.pode_ver_processo(ator, processo) is visivel
    assert acesso.pode_ver_conteudo(ator, processo) is conteudo
    assert selectors.processos_visiveis(ator=ator).filter(pk=processo.pk).exists() is visivel
    assert acesso.filtrar_processos_conteudo(type(processo).objects.all(), ator).filter(pk=processo.pk).exists() is conteudo
    assert na_caixa(ator, processo) is listado

    if visivel:
        assert selectors.processo_por_nup(ator=ator, nup=processo.nup_formatado) == processo
        assert selectors.andamentos(ator=ator, processo=processo).exists()  # history is visible
    else:
        with pytest.raises(NaoEncontrado):  # 404: may not know it exists
            selectors.processo_por_nup(ator=ator, nup=processo.nup)
        with pytest.raises(NaoEncontrado):
            selectors.andamentos(ator=ator, processo=processo)
    if visivel and not conteudo:
        with pytest.raises(AcessoNegado):
            acesso.exigir_conteudo(ator, processo)


SEM_OPERACAO = [(q, n) for q in ("mesmo_orgao", "outro_orgao") for n in NivelAcesso] + [
    ("colega_sem_credencial", NivelAcesso.SIGILOSO)
]


@pytest.mark.parametrize(("quem", "nivel"), SEM_OPERACAO)
def test_quem_nao_tem_o_processo_aberto_nao_opera(cenario, unidades, quem, nivel):
    processos, atores = cenario
    ator, processo = atores[quem], processos[nivel]
    operacoes = [
        lambda: services.processo_concluir(ator=ator, processo=processo),
        lambda: services.processo_enviar(ator=ator, processo=processo, destinos=[unidades["C"]]),
        lambda: services.processo_alterar(ator=ator, processo=processo, especificacao="invasão"),
        lambda: services.processo_atualizar_andamento(ator=ator, processo=processo, texto="invasão"),
        lambda: services.processo_reabrir(ator=ator, processo=processo),
    ]
    for operacao in operacoes:
        with pytest.raises(ErroDominio) as erro:
            operacao()
        assert getattr(erro.value, "status", None) in (403, 404, 409)
    processo.refresh_from_db()
    assert processo.especificacao != "invasão"


def test_restrito_volta_a_ser_visivel_a_quem_tramitou_mesmo_concluido(cenario):
    processos, atores = cenario
    b, p = atores["tramitou"], processos[NivelAcesso.RESTRITO]
    services.processo_concluir(ator=b, processo=p)
    assert acesso.pode_ver_conteudo(b, p)  # tramitou once is enough
    assert not na_caixa(b, p)


def test_credencial_e_por_unidade(cenario, unidades):
    """A credential held in unit A does not open the sigiloso when the user acts in C."""
    processos, atores = cenario
    a = atores["gerador"]
    lotar(a.usuario, unidades["C"])
    em_c = Ator(usuario=a.usuario, unidade=unidades["C"])
    assert not acesso.pode_ver_processo(em_c, processos[NivelAcesso.SIGILOSO])


def test_usuario_inativo_ou_sem_lotacao_nao_age(atores, unidades):
    usuario = atores["A"].usuario
    with pytest.raises(AcessoNegado):
        acesso.exigir_lotacao(usuario, unidades["B"])
    usuario.is_active = False
    usuario.save()
    with pytest.raises(AcessoNegado):
        acesso.exigir_lotacao(usuario, unidades["A"])


def test_tentativa_negada_fica_registrada_sem_dados_pessoais(cenario, caplog):
    processos, atores = cenario
    intruso = atores["outro_orgao"]
    with caplog.at_level("WARNING", logger="sei.acesso"), pytest.raises(NaoEncontrado):
        selectors.processo_por_nup(ator=intruso, nup=processos[NivelAcesso.RESTRITO].nup)
    registro = caplog.records[-1].getMessage()
    assert "acesso negado" in registro and f"usuario={intruso.usuario.pk}" in registro
    assert intruso.usuario.cpf not in registro
