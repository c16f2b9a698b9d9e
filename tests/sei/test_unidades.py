"""sei.unidades: one reading of ``SIGLA`` / ``ORGAO:SIGLA``, and the three lookups built on it
(the ``X-Unidade`` header among the user's units, an integration's destination, the
provisioning commands) agreeing on case, spaces and empty input."""

import pytest
from django.db.models import Q

from sei import api_views, contexto, services
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado
from sei.unidades import filtro_referencia_unidade, parse_referencia_unidade
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, lotar


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("GAB", (None, "GAB")),
        ("  gab  ", (None, "gab")),
        ("SEGER:GAB", ("SEGER", "GAB")),
        (" seger : gab ", ("seger", "gab")),
        (":GAB", (None, "GAB")),
        ("  :GAB", (None, "GAB")),
        ("SEGER:", ("SEGER", "")),
        ("A:B:C", ("A:B", "C")),  # the sigla is after the last colon
        ("", (None, "")),
        ("   ", (None, "")),
        (None, (None, "")),
    ],
)
def test_parse_referencia_unidade(texto, esperado):
    assert parse_referencia_unidade(texto) == esperado


def test_filtro_por_referencia():
    assert filtro_referencia_unidade("GAB") == Q(sigla__iexact="GAB")
    assert filtro_referencia_unidade(" seger:gab ", caminho="unidade") == Q(unidade__sigla__iexact="gab") & Q(
        unidade__orgao__sigla__iexact="seger"
    )
    assert filtro_referencia_unidade("GAB", orgao_padrao=7) == Q(sigla__iexact="GAB") & Q(orgao=7)
    # ORGAO: given wins over the caller's default órgão.
    assert filtro_referencia_unidade("SEGER:GAB", orgao_padrao=7) == Q(sigla__iexact="GAB") & Q(
        orgao__sigla__iexact="SEGER"
    )
    for vazio in ("", "  ", "SEGER:", None):
        assert filtro_referencia_unidade(vazio, orgao_padrao=7) is None  # names no unit


@pytest.fixture
def dois_orgaos(db):
    """GAB in SEFAZ and in SEGER; FIN only in SEFAZ."""
    sefaz, seger = OrgaoFactory(sigla="SEFAZ"), OrgaoFactory(sigla="SEGER")
    return {
        "sefaz": sefaz,
        "seger": seger,
        "gab_sefaz": UnidadeFactory(orgao=sefaz, sigla="GAB"),
        "fin": UnidadeFactory(orgao=sefaz, sigla="FIN"),
        "gab_seger": UnidadeFactory(orgao=seger, sigla="GAB"),
    }


def test_integracao_enderecada_no_proprio_orgao_ou_com_o_orgao(dois_orgaos):
    ator = ator_em(dois_orgaos["fin"])
    assert api_views.unidade_por_sigla(ator, " gab ") == dois_orgaos["gab_sefaz"]
    assert api_views.unidade_por_sigla(ator, "seger:gab") == dois_orgaos["gab_seger"]
    assert api_views.unidade_por_sigla(ator, "SEGER:FIN") is None
    for vazio in ("", "  ", "SEFAZ:", None):
        assert api_views.unidade_por_sigla(ator, vazio) is None


def test_cabecalho_so_entre_as_unidades_do_usuario(dois_orgaos):
    usuario = ator_em(dois_orgaos["gab_sefaz"]).usuario
    lotar(usuario, dois_orgaos["gab_seger"])
    with pytest.raises(AcessoNegado):
        contexto._unidade_por_sigla(usuario, "GAB")  # two of the user's units: the órgão decides
    assert contexto._unidade_por_sigla(usuario, "seger:gab ") == dois_orgaos["gab_seger"]
    assert contexto._unidade_por_sigla(usuario, " SEFAZ : GAB") == dois_orgaos["gab_sefaz"]
    for fora in ("FIN", "SEGER:FIN", "", "SEGER:"):
        with pytest.raises(AcessoNegado) as erro:
            contexto._unidade_por_sigla(usuario, fora)
        assert erro.value.code == "unidade_nao_permitida"


def test_comandos_acham_a_unidade_em_toda_a_instalacao(dois_orgaos):
    assert services.unidade_por_referencia(" fin ") == dois_orgaos["fin"]
    assert services.unidade_por_referencia("seger:gab") == dois_orgaos["gab_seger"]
    with pytest.raises(EntradaInvalida) as ambigua:
        services.unidade_por_referencia("gab")
    assert ambigua.value.code == "unidade_ambigua"
    for texto, code in [("", "unidade_nao_encontrada"), ("SEFAZ:", "unidade_nao_encontrada"),
                        ("NADA:GAB", "orgao_nao_encontrado"), ("SEGER:FIN", "unidade_nao_encontrada")]:
        with pytest.raises(NaoEncontrado) as erro:
            services.unidade_por_referencia(texto)
        assert erro.value.code == code
