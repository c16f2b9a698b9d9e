"""The access rule as data (``sei.models.Alcance``, derived by ``processos.services.alcance``),
held to the rule as it was written before, in Python, over every actor × process of a scenario
that exercises it: levels, units passed through, another órgão, credentials granted and cassada,
a level raised by a document, a process made sigiloso, annexed processes, relations."""

import itertools

import pytest
from django.core.management import call_command

from documentos import services as documentos_services
from processos import services
from processos.models import Atividade, Credencial, NivelAcesso, Processo
from processos.services.alcance import divergencias
from sei import acesso
from sei.models import Alcance
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, hipotese, lotar, tipo_documento

# --- The rule as sei/acesso.py wrote it before the principals (commit 944dbb5), plus the annexed
# processes read under their main process (issue 7) --------------------------------------------


def _regente(p: Processo) -> Processo:
    return p.processo_principal if p.processo_principal_id else p


def _tramitou(ator, p) -> bool:
    return Atividade.objects.filter(processo=p, unidade=ator.unidade).exists()


def _credencial(ator, p) -> bool:
    return Credencial.objects.filter(
        processo=p, usuario=ator.usuario, unidade=ator.unidade, cassada_em__isnull=True
    ).exists()


def ve_antes(ator, p) -> bool:
    p = _regente(p)
    if p.nivel_acesso_global == NivelAcesso.SIGILOSO:
        return _credencial(ator, p)
    return p.orgao_id == ator.unidade.orgao_id or _tramitou(ator, p)


def le_antes(ator, p) -> bool:
    p = _regente(p)
    if p.nivel_acesso_global == NivelAcesso.SIGILOSO:
        return _credencial(ator, p)
    if p.nivel_acesso_global == NivelAcesso.RESTRITO:
        return _tramitou(ator, p)
    return p.orgao_id == ator.unidade.orgao_id or _tramitou(ator, p)


@pytest.fixture
def cenario(atores, unidades, criar_processo, criar_documento):
    a, b, c = atores["A"], atores["B"], atores["C"]
    colega = ator_em(unidades["A"], username="colega_a")
    outro_orgao = OrgaoFactory(sigla="MUN", codigo_protocolo="19957")
    x = ator_em(UnidadeFactory(orgao=outro_orgao, sigla="X"), username="user_x")
    em_dois = lotar(ator_em(unidades["B"], username="em_dois").usuario, unidades["C"])

    processos = {nivel: criar_processo(a, nivel) for nivel in NivelAcesso}
    enviado_restrito = criar_processo(a, NivelAcesso.RESTRITO)
    services.processo_enviar(ator=a, processo=enviado_restrito, destinos=[unidades["B"]])
    enviado_outro_orgao = criar_processo(a)
    services.processo_enviar(ator=a, processo=enviado_outro_orgao, destinos=[x.unidade], manter_aberto=True)
    restrito_fora = criar_processo(a, NivelAcesso.RESTRITO)
    services.processo_enviar(ator=a, processo=restrito_fora, destinos=[x.unidade], manter_aberto=True)

    credenciado = criar_processo(a, NivelAcesso.SIGILOSO)
    services.credencial_conceder(ator=a, processo=credenciado, usuario=colega.usuario, unidade=unidades["A"])
    services.credencial_conceder(ator=a, processo=credenciado, usuario=em_dois.usuario, unidade=unidades["C"])
    cassado = criar_processo(a, NivelAcesso.SIGILOSO)
    credencial = services.credencial_conceder(
        ator=a, processo=cassado, usuario=b.usuario, unidade=unidades["B"]
    )
    services.credencial_cassar(ator=a, processo=cassado, credencial_id=credencial.pk)

    elevado = criar_processo(a)  # a restrito document makes it restrito
    services.processo_enviar(ator=a, processo=elevado, destinos=[unidades["B"]], manter_aberto=True)
    criar_documento(a, elevado, nivel=NivelAcesso.RESTRITO)
    tornado_sigiloso = criar_processo(a)
    services.processo_alterar(
        ator=a, processo=tornado_sigiloso, nivel_acesso=NivelAcesso.SIGILOSO, hipotese_legal=hipotese(2)
    )
    rebaixado = criar_processo(a, NivelAcesso.RESTRITO)
    services.processo_alterar(ator=a, processo=rebaixado, nivel_acesso=NivelAcesso.PUBLICO)

    principal = criar_processo(a, NivelAcesso.RESTRITO)
    anexado = criar_processo(a)
    services.processo_enviar(ator=a, processo=anexado, destinos=[unidades["C"]], manter_aberto=True)
    services.processo_concluir(ator=c, processo=anexado)
    services.processo_anexar(ator=a, processo=principal, anexado=anexado)
    # The main process then travels: the annexed one follows it.
    services.processo_enviar(ator=a, processo=principal, destinos=[unidades["B"]], manter_aberto=True)

    excluido = documentos_services.documento_interno_criar(
        ator=a, processo=processos[NivelAcesso.PUBLICO], tipo=tipo_documento("Ofício"), nivel_acesso=NivelAcesso.SIGILOSO,
        hipotese_legal=hipotese(2),
    )  # fmt: skip
    documentos_services.documento_excluir(ator=a, documento=excluido)  # the level comes back down

    # em_dois is in B and in C; its credential holds in C only.
    em_dois_b = acesso.Ator(usuario=em_dois.usuario, unidade=unidades["B"])
    return {"a": a, "b": b, "c": c, "colega": colega, "x": x, "em_dois_c": em_dois, "em_dois_b": em_dois_b,
            "_credenciado": credenciado}  # fmt: skip


def test_alcance_decide_como_a_regra_escrita_antes(cenario):
    credenciado = cenario.pop("_credenciado")
    processos = list(Processo.objects.select_related("processo_principal").order_by("pk"))
    assert len(processos) == 13
    for (nome, ator), p in itertools.product(cenario.items(), processos):
        assert acesso.pode_ver_processo(ator, p) == ve_antes(ator, p), (nome, p.nup, "ver")
        assert acesso.pode_ver_conteudo(ator, p) == le_antes(ator, p), (nome, p.nup, "ler")
    for nome, ator in cenario.items():
        visiveis = set(
            acesso.filtrar_processos_visiveis(Processo.objects.all(), ator).values_list("pk", flat=True)
        )
        assert visiveis == {p.pk for p in processos if ve_antes(ator, p)}, nome
        legiveis = set(
            acesso.filtrar_processos_conteudo(Processo.objects.all(), ator).values_list("pk", flat=True)
        )
        assert legiveis == {p.pk for p in processos if le_antes(ator, p)}, nome
    # The scenario does exercise the rule: a credential holds in its unit only.
    assert acesso.pode_ver_conteudo(cenario["em_dois_c"], credenciado)
    assert not acesso.pode_ver_processo(cenario["em_dois_b"], credenciado)


def test_verificar_alcance_acha_e_corrige_divergencias(atores, criar_processo, capsys):
    p = criar_processo(atores["A"], NivelAcesso.RESTRITO)
    assert list(divergencias()) == []
    Alcance.objects.filter(processo_id=p.pk).delete()  # e.g. rows lost in a partial restore
    Alcance.objects.create(processo_id=p.pk, principal=f"u:{atores['B'].unidade.pk}", grau=Alcance.Grau.LE)
    with pytest.raises(SystemExit) as fim:
        call_command("verificar_alcance")
    assert fim.value.code == 1
    assert p.nup_formatado in capsys.readouterr().err
    call_command("verificar_alcance", "--corrigir")
    assert list(divergencias()) == []
    assert not acesso.pode_ver_conteudo(atores["B"], p)
    assert acesso.pode_ver_conteudo(atores["A"], p)


def test_migracao_deriva_para_os_processos_existentes_o_mesmo_que_os_servicos(cenario):
    """processos migration 0010 fills the principals of the processes that existed before them."""
    from importlib import import_module

    from django.db import connection

    migracao = import_module("processos.migrations.0010_alcance_dos_processos")
    Alcance.objects.all().delete()
    with connection.cursor() as cursor:
        for sql in migracao.INSERIR:
            cursor.execute(sql)
    assert Alcance.objects.count() > 20
    assert list(divergencias()) == []
