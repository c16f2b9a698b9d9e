from datetime import timedelta

import pytest
from django.utils import timezone

from processos import selectors, services
from processos.models import Andamento, Atividade, Credencial, NivelAcesso, Processo, RetornoProgramado
from processos.nup import nup_valido
from processos.services.historico import verificar_cadeia
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado, RegraDeNegocio
from tests.factories import UnidadeFactory, UsuarioFactory, hipotese, lotar, tipo_processo


def na_caixa(ator, processo) -> bool:
    """Whether ``processo`` is listed in the inbox of ``ator``'s unit."""
    return any(item.processo_id == processo.pk for item in selectors.caixa_itens(ator=ator, limite=10_000))


def abertas(processo):
    return set(Atividade.objects.filter(processo=processo, aberta=True).values_list("unidade__sigla", flat=True))


def tipos_historico(processo):
    return list(Andamento.objects.filter(processo=processo).order_by("id").values_list("tipo", flat=True))


# --- Criação ------------------------------------------------------------------------------


def test_criar_processo_gera_nup_valido_aberto_e_atribuido_ao_criador(atores, criar_processo):
    ator = atores["A"]
    p = criar_processo(ator, especificacao="Compra de material", interessados=["Maria", "529.982.247-25"])
    ano = timezone.localdate().year
    assert nup_valido(p.nup) and p.nup.startswith(f"52402000001{ano}")
    atividade = Atividade.objects.get(processo=p)
    assert atividade.unidade == ator.unidade and atividade.aberta and atividade.origem == "gerado"
    assert atividade.atribuida_a == ator.usuario and not atividade.nao_lida
    assert [(i.nome, i.cpf_cnpj) for i in p.interessados.all()] == [
        ("Maria", ""),
        ("529.982.247-25", "52998224725"),
    ]
    assert tipos_historico(p) == ["geracao"]


def test_nups_consecutivos_por_orgao(atores, criar_processo, orgao):
    a = criar_processo(atores["A"])
    b = criar_processo(atores["B"])
    assert int(b.nup[5:11]) == int(a.nup[5:11]) + 1
    outro = UnidadeFactory(orgao__sigla="OUTRO", orgao__codigo_protocolo="19957")
    c = criar_processo(lotar(UsuarioFactory(), outro))
    assert c.nup.startswith("19957000001")


@pytest.mark.parametrize(
    ("nivel", "hip_nivel", "campo"),
    [
        (NivelAcesso.RESTRITO, None, "hipotese_legal"),  # restrito sem hipótese
        (NivelAcesso.SIGILOSO, None, "hipotese_legal"),
        (NivelAcesso.PUBLICO, NivelAcesso.RESTRITO, "hipotese_legal"),  # público com hipótese
        (NivelAcesso.RESTRITO, NivelAcesso.SIGILOSO, "hipotese_legal"),  # nível não confere
    ],
)
def test_nivel_e_hipotese_inconsistentes_sao_recusados(atores, nivel, hip_nivel, campo):
    with pytest.raises(EntradaInvalida) as erro:
        services.processo_criar(
            ator=atores["A"],
            tipo=tipo_processo(),
            nivel_acesso=nivel,
            hipotese_legal=hipotese(hip_nivel) if hip_nivel is not None else None,
        )
    assert campo in erro.value.errors
    assert not Processo.objects.exists()


def test_nivel_nao_permitido_pelo_tipo(atores):
    tipo = tipo_processo(nome="Só público", permite_restrito=False, permite_sigiloso=False)
    with pytest.raises(EntradaInvalida) as erro:
        services.processo_criar(
            ator=atores["A"], tipo=tipo, nivel_acesso=NivelAcesso.RESTRITO, hipotese_legal=hipotese()
        )
    assert "não permite" in erro.value.errors["nivel_acesso"][0]


def test_especificacao_longa_e_cpf_invalido_nao_criam_nada(atores, criar_processo):
    with pytest.raises(EntradaInvalida):
        criar_processo(atores["A"], especificacao="x" * 101)
    with pytest.raises(EntradaInvalida) as erro:
        criar_processo(atores["A"], interessados=[{"nome": "João", "cpf_cnpj": "111.111.111-11"}])
    assert "CPF/CNPJ inválido" in erro.value.errors["interessados"][0]
    assert not Processo.objects.exists() and not Andamento.objects.exists()


def test_usuario_de_outra_unidade_nao_cria(unidades, atores, criar_processo):
    from sei.acesso import Ator

    intruso = Ator(usuario=atores["A"].usuario, unidade=unidades["B"])
    with pytest.raises(AcessoNegado):
        criar_processo(intruso)


def test_sigiloso_da_credencial_ao_criador_e_nao_e_atribuido(atores, criar_processo):
    p = criar_processo(atores["A"], NivelAcesso.SIGILOSO)
    assert Credencial.objects.filter(processo=p, usuario=atores["A"].usuario, cassada_em=None).exists()
    assert Atividade.objects.get(processo=p).atribuida_a is None


# --- Tramitação -----------------------------------------------------------------------------


def test_matriz_de_tramitacao_em_tres_unidades(atores, unidades, criar_processo):
    a, b, c = atores["A"], atores["B"], atores["C"]
    p = criar_processo(a, NivelAcesso.RESTRITO)

    services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"], unidades["C"]], manter_aberto=True)
    assert abertas(p) == {"A", "B", "C"}
    rb = Atividade.objects.get(processo=p, unidade=unidades["B"])
    assert rb.nao_lida and rb.origem == "recebido" and rb.remetente == unidades["A"] and rb.atribuida_a is None

    assert services.processo_receber(ator=b, processo=p) is True
    assert services.processo_receber(ator=b, processo=p) is False  # only the first access counts
    assert not Atividade.objects.get(processo=p, unidade=unidades["B"]).nao_lida

    services.processo_concluir(ator=b, processo=p)
    assert abertas(p) == {"A", "C"}  # the others keep it

    services.processo_enviar(ator=c, processo=p, destinos=[unidades["B"]])  # without manter aberto
    assert abertas(p) == {"A", "B"}

    services.processo_concluir(ator=a, processo=p)
    services.processo_concluir(ator=b, processo=p)
    assert abertas(p) == set()

    services.processo_reabrir(ator=c, processo=p)  # any unit where it was ever open
    rc = Atividade.objects.get(processo=p, unidade=unidades["C"])
    assert rc.aberta and rc.atribuida_a == c.usuario and rc.origem == "gerado"
    assert tipos_historico(p) == [
        "geracao", "remessa", "recebimento", "conclusao", "remessa", "conclusao", "conclusao", "reabertura",
    ]
    assert verificar_cadeia(p)


def test_cada_operacao_grava_exatamente_um_andamento(atores, unidades, criar_processo):
    a, b = atores["A"], atores["B"]
    p = criar_processo(a)
    outro = criar_processo(a)
    operacoes = [
        lambda: services.processo_atribuir(ator=a, processo=p, usuario=None),
        lambda: services.processo_atualizar_andamento(ator=a, processo=p, texto="Aguardando parecer"),
        lambda: services.processo_alterar(ator=a, processo=p, especificacao="Nova especificação"),
        lambda: services.processo_relacionar(ator=a, processo=p, outro=outro),
        lambda: services.processo_remover_relacionamento(ator=a, processo=p, outro=outro),
        lambda: services.processo_sobrestar(ator=a, processo=p, motivo="Aguardando decisão judicial"),
        lambda: services.processo_remover_sobrestamento(ator=a, processo=p),
        lambda: services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], manter_aberto=True),
        lambda: services.processo_receber(ator=b, processo=p),
        lambda: services.processo_concluir(ator=b, processo=p),
        lambda: services.processo_reabrir(ator=b, processo=p),
    ]
    for operacao in operacoes:
        antes = Andamento.objects.count()
        operacao()
        assert Andamento.objects.count() == antes + 1
    assert verificar_cadeia(p)


def test_enviar_recusas(atores, unidades, criar_processo, orgao):
    a = atores["A"]
    p = criar_processo(a)
    inativa = UnidadeFactory(orgao=orgao, sigla="INATIVA", ativa=False)
    nao_recebe = UnidadeFactory(orgao=orgao, sigla="NAOREC", recebe_processos=False)
    for destinos in ([], [unidades["A"]], [inativa], [nao_recebe]):
        with pytest.raises(EntradaInvalida):
            services.processo_enviar(ator=a, processo=p, destinos=destinos)
    with pytest.raises(RegraDeNegocio):  # not open in B
        services.processo_enviar(ator=atores["B"], processo=p, destinos=[unidades["C"]])
    sig = criar_processo(a, NivelAcesso.SIGILOSO)
    with pytest.raises(RegraDeNegocio) as erro:
        services.processo_enviar(ator=a, processo=sig, destinos=[unidades["B"]])
    assert erro.value.code == "processo_sigiloso"
    services.processo_sobrestar(ator=a, processo=p, motivo="motivo")
    with pytest.raises(RegraDeNegocio):
        services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]])
    assert abertas(p) == {"A"}


def test_concluir_fora_da_unidade_ou_duas_vezes(atores, criar_processo):
    p = criar_processo(atores["A"])
    with pytest.raises(RegraDeNegocio):
        services.processo_concluir(ator=atores["B"], processo=p)
    services.processo_concluir(ator=atores["A"], processo=p)
    with pytest.raises(RegraDeNegocio) as erro:
        services.processo_concluir(ator=atores["A"], processo=p)
    assert erro.value.code == "processo_nao_aberto"
    with pytest.raises(RegraDeNegocio) as erro:
        services.processo_reabrir(ator=atores["B"], processo=p)  # never passed through B
    assert erro.value.code == "processo_nao_tramitou"
    services.processo_reabrir(ator=atores["A"], processo=p)
    with pytest.raises(RegraDeNegocio):
        services.processo_reabrir(ator=atores["A"], processo=p)


def test_retorno_programado(atores, unidades, criar_processo):
    a, b, c = atores["A"], atores["B"], atores["C"]
    p = criar_processo(a)
    ontem = timezone.localdate() - timedelta(days=1)
    with pytest.raises(EntradaInvalida):
        services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], retorno_programado=ontem)
    data = timezone.localdate() + timedelta(days=5)
    services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], retorno_programado=data)
    # B owes the return: cannot conclude, cannot send elsewhere without keeping it open.
    with pytest.raises(RegraDeNegocio) as erro:
        services.processo_concluir(ator=b, processo=p)
    assert "retorno programado" in str(erro.value)
    with pytest.raises(RegraDeNegocio):
        services.processo_enviar(ator=b, processo=p, destinos=[unidades["C"]])
    services.processo_enviar(ator=b, processo=p, destinos=[unidades["C"]], manter_aberto=True)
    assert RetornoProgramado.objects.get(processo=p).devolvido_em is None
    services.processo_enviar(ator=b, processo=p, destinos=[unidades["A"]])  # back to the requester
    assert RetornoProgramado.objects.get(processo=p).devolvido_em is not None
    assert abertas(p) == {"A", "C"}
    services.processo_concluir(ator=c, processo=p)


def test_atribuir(atores, unidades, criar_processo):
    a = atores["A"]
    colega = lotar(UsuarioFactory(), unidades["A"]).usuario
    p = criar_processo(a)
    services.processo_atribuir(ator=a, processo=p, usuario=colega)
    assert Atividade.objects.get(processo=p).atribuida_a == colega
    with pytest.raises(EntradaInvalida):
        services.processo_atribuir(ator=a, processo=p, usuario=atores["B"].usuario)
    services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], manter_aberto=True)
    assert Atividade.objects.get(processo=p, unidade=unidades["B"]).atribuida_a is None  # not carried


# --- Estrutura ----------------------------------------------------------------------------


def test_sobrestar_so_aberto_apenas_aqui_e_sai_da_caixa(atores, unidades, criar_processo):
    a = atores["A"]
    p = criar_processo(a)
    with pytest.raises(EntradaInvalida):
        services.processo_sobrestar(ator=a, processo=p, motivo="  ")
    services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], manter_aberto=True)
    with pytest.raises(RegraDeNegocio) as erro:
        services.processo_sobrestar(ator=a, processo=p, motivo="Aguardando")
    assert erro.value.code == "aberto_em_outras_unidades"
    services.processo_concluir(ator=atores["B"], processo=p)
    services.processo_sobrestar(ator=a, processo=p, motivo="Aguardando")
    assert not na_caixa(a, p)
    with pytest.raises(RegraDeNegocio):
        services.processo_concluir(ator=a, processo=p)
    services.processo_remover_sobrestamento(ator=a, processo=p)
    assert na_caixa(a, p)


def test_anexar(atores, unidades, criar_processo):
    a = atores["A"]
    principal = criar_processo(a)
    acessorio = criar_processo(a, NivelAcesso.RESTRITO)
    services.processo_enviar(ator=a, processo=acessorio, destinos=[unidades["B"]], manter_aberto=True)
    with pytest.raises(RegraDeNegocio):  # open elsewhere too
        services.processo_anexar(ator=a, processo=principal, anexado=acessorio)
    services.processo_concluir(ator=atores["B"], processo=acessorio)
    services.processo_anexar(ator=a, processo=principal, anexado=acessorio)
    principal.refresh_from_db()
    acessorio.refresh_from_db()
    assert acessorio.estado == "anexado" and acessorio.processo_principal == principal
    assert principal.nivel_acesso_global == NivelAcesso.RESTRITO  # most restrictive of both
    assert abertas(acessorio) == set()
    with pytest.raises(RegraDeNegocio):
        services.processo_reabrir(ator=a, processo=acessorio)
    with pytest.raises(EntradaInvalida):
        services.processo_anexar(ator=a, processo=principal, anexado=principal)
    sig = criar_processo(a, NivelAcesso.SIGILOSO)
    with pytest.raises(RegraDeNegocio):
        services.processo_anexar(ator=a, processo=principal, anexado=sig)


def test_relacionar_simetrico_sem_duplicar(atores, criar_processo):
    from processos.selectors import relacionados

    a = atores["A"]
    p1, p2 = criar_processo(a), criar_processo(a)
    services.processo_relacionar(ator=a, processo=p2, outro=p1)
    assert list(relacionados(p1)) == [p2] and list(relacionados(p2)) == [p1]
    with pytest.raises(RegraDeNegocio):
        services.processo_relacionar(ator=a, processo=p1, outro=p2)
    with pytest.raises(EntradaInvalida):
        services.processo_relacionar(ator=a, processo=p1, outro=p1)
    services.processo_remover_relacionamento(ator=a, processo=p1, outro=p2)
    assert not relacionados(p1).exists()
    with pytest.raises(NaoEncontrado):
        services.processo_remover_relacionamento(ator=a, processo=p1, outro=p2)


# --- Credenciais e alteração ------------------------------------------------------------------


def test_credenciais_conceder_e_cassar(atores, unidades, criar_processo):
    a, b = atores["A"], atores["B"]
    p = criar_processo(a, NivelAcesso.SIGILOSO)
    with pytest.raises(NaoEncontrado):  # without a credential it does not exist for B
        services.credencial_conceder(ator=b, processo=p, usuario=b.usuario, unidade=unidades["B"])
    cred = services.credencial_conceder(ator=a, processo=p, usuario=b.usuario, unidade=unidades["B"])
    assert na_caixa(b, p)
    with pytest.raises(RegraDeNegocio):
        services.credencial_conceder(ator=a, processo=p, usuario=b.usuario, unidade=unidades["B"])
    with pytest.raises(EntradaInvalida):  # the user must belong to the unit
        services.credencial_conceder(ator=a, processo=p, usuario=b.usuario, unidade=unidades["C"])
    services.credencial_cassar(ator=a, processo=p, credencial_id=cred.pk)
    assert not na_caixa(b, p)  # at once
    propria = Credencial.objects.get(processo=p, usuario=a.usuario)
    with pytest.raises(RegraDeNegocio):
        services.credencial_cassar(ator=a, processo=p, credencial_id=propria.pk)
    publico = criar_processo(a)
    with pytest.raises(RegraDeNegocio):
        services.credencial_conceder(ator=a, processo=publico, usuario=b.usuario, unidade=unidades["B"])


def test_alterar_registra_antes_e_depois(atores, unidades, criar_processo):
    a = atores["A"]
    p = criar_processo(a)
    outro_tipo = tipo_processo(nome="Outro tipo")
    services.processo_alterar(
        ator=a,
        processo=p,
        tipo=outro_tipo,
        nivel_acesso=NivelAcesso.RESTRITO,
        hipotese_legal=hipotese(),
        interessados=["Fulano"],
        observacao="Urgente",
    )
    p.refresh_from_db()
    assert p.tipo == outro_tipo and p.nivel_acesso_global == NivelAcesso.RESTRITO
    ultimo = Andamento.objects.filter(processo=p).order_by("-id").first()
    assert ultimo.tipo == "alteracao"
    assert ultimo.atributos["nivel_acesso"] == {"de": "publico", "para": "restrito"}
    assert Atividade.objects.get(processo=p, unidade=unidades["A"]).observacao == "Urgente"
    # Back to público drops the hipótese.
    services.processo_alterar(ator=a, processo=p, nivel_acesso=NivelAcesso.PUBLICO)
    p.refresh_from_db()
    assert p.hipotese_legal is None and p.nivel_acesso_global == NivelAcesso.PUBLICO
    # Nothing changed: no history entry.
    antes = Andamento.objects.count()
    services.processo_alterar(ator=a, processo=p, especificacao=p.especificacao)
    assert Andamento.objects.count() == antes
    # Only where it is open.
    with pytest.raises(RegraDeNegocio):
        services.processo_alterar(ator=atores["B"], processo=p, especificacao="x")


def test_tornar_sigiloso_so_se_aberto_apenas_aqui(atores, unidades, criar_processo):
    a = atores["A"]
    p = criar_processo(a)
    services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], manter_aberto=True)
    with pytest.raises(RegraDeNegocio):
        services.processo_alterar(
            ator=a, processo=p, nivel_acesso=NivelAcesso.SIGILOSO, hipotese_legal=hipotese(NivelAcesso.SIGILOSO)
        )
    services.processo_concluir(ator=atores["B"], processo=p)
    services.processo_alterar(
        ator=a, processo=p, nivel_acesso=NivelAcesso.SIGILOSO, hipotese_legal=hipotese(NivelAcesso.SIGILOSO)
    )
    assert Credencial.objects.filter(processo=p, usuario=a.usuario, cassada_em=None).exists()
