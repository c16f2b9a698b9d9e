"""The query parser: what users type, and the Portuguese errors they get back."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from busca.consulta import ConsultaInvalida, E, Frase, Nao, Ou, Prefixo, Termo, interpretar, positivos


def T(*valores):
    return Termo(valores[0]) if len(valores) == 1 else E(tuple(Termo(v) for v in valores))


def test_palavras_soltas_sao_todas_exigidas_e_normalizadas():
    assert interpretar("Licitações") == Termo("licitacao")
    assert interpretar("ofícios despachos") == T("oficio", "despacho")
    assert interpretar("prestação de contas") == T("prestacao", "conta")


def test_pontuacao_e_espacos_a_mais_nao_atrapalham():
    assert interpretar("  ofício,   despacho.  parecer; ") == T("oficio", "despacho", "parecer")


@pytest.mark.parametrize("e", ["E", "e"])
@pytest.mark.parametrize("ou", ["OU", "ou", "Ou"])
def test_operadores_em_qualquer_caixa(e, ou):
    assert interpretar(f"contrato {e} aditivo {ou} nota") == Ou((T("contrato", "aditivo"), Termo("nota")))


@pytest.mark.parametrize("nao", ["NÃO", "NAO", "não", "nao", "Não"])
def test_nao_em_qualquer_grafia(nao):
    assert interpretar(f"contrato {nao} aditivo") == E((Termo("contrato"), Nao(Termo("aditivo"))))


def test_precedencia_nao_e_ou():
    assert interpretar("contrato OU aditivo nota -ofício") == Ou(
        (Termo("contrato"), E((Termo("aditivo"), Termo("nota"), Nao(Termo("oficio")))))
    )


def test_parenteses_agrupam_e_grupos_iguais_se_achatam():
    assert interpretar("(contrato OU aditivo) nota") == E(
        (Ou((Termo("contrato"), Termo("aditivo"))), Termo("nota"))
    )
    assert interpretar("contrato (aditivo (nota))") == T("contrato", "aditivo", "nota")
    assert interpretar("(contrato OU (aditivo OU nota))") == Ou(
        (Termo("contrato"), Termo("aditivo"), Termo("nota"))
    )
    assert interpretar("((contrato))") == Termo("contrato")


def test_repeticoes_contam_uma_vez():
    assert interpretar("contrato contratos Contrato") == Termo("contrato")


def test_frase_entre_aspas():
    assert interpretar('"prestação de contas"') == Frase(("prestacao", "conta"))
    assert interpretar("“nota fiscal” empenho") == E((Frase(("nota", "fiscal")), Termo("empenho")))
    assert interpretar('"Ofícios"') == Termo("oficio")
    assert interpretar('contrato "de"') == Termo("contrato")


def test_aspas_sem_fechar_se_fecham_no_fim():
    assert interpretar('contrato "nota fiscal') == E((Termo("contrato"), Frase(("nota", "fiscal"))))


def test_prefixo():
    assert interpretar("licitaç*") == Prefixo("licitac")
    assert interpretar("Ofíc* despacho") == E((Prefixo("ofic"), Termo("despacho")))
    assert interpretar('"licit* pública"') == Frase(("licit", "publica"))  # no * inside quotes


def test_prefixo_curto_e_recusado():
    with pytest.raises(ConsultaInvalida) as erro:
        interpretar("li*")
    assert erro.value.code == "consulta_prefixo_curto"
    assert "3 letras" in erro.value.mensagem


def test_negacao_com_hifen():
    assert interpretar('contrato -"nota fiscal"') == E((Termo("contrato"), Nao(Frase(("nota", "fiscal")))))
    assert interpretar("contrato -(aditivo OU nota)") == E(
        (Termo("contrato"), Nao(Ou((Termo("aditivo"), Termo("nota")))))
    )
    assert interpretar("contrato -(-aditivo)") == T("contrato", "aditivo")
    assert interpretar("contrato - aditivo") == T("contrato", "aditivo")  # a dash alone is punctuation


def test_palavras_ligadas_por_pontuacao_sao_uma_frase():
    assert interpretar("e-mail") == Termo("mail")
    assert interpretar("05/01/2026") == Frase(("05", "01", "2026"))


def test_nup_formatado_e_a_frase_dos_seus_grupos():
    assert interpretar("12345.000123/2026-01") == Frase(("12345", "000123", "2026", "01"))


def test_nup_so_com_digitos_acha_as_duas_formas():
    assert interpretar("12345000123202601") == Ou(
        (Termo("12345000123202601"), Frase(("12345", "000123", "2026", "01")))
    )


@pytest.mark.parametrize(
    ("texto", "code"),
    [
        ("", "consulta_vazia"),
        ("   ", "consulta_vazia"),
        ("de da dos", "consulta_vazia"),
        ('""', "consulta_vazia"),
        ("()", "consulta_vazia"),
        ("-contrato", "consulta_so_negacao"),
        ("NÃO contrato", "consulta_so_negacao"),
        ("-contrato -aditivo", "consulta_so_negacao"),
        ("contrato -(-aditivo -nota)", "consulta_so_negacao"),
        ("contrato OU -aditivo", "consulta_ou_negado"),
        ("contrato OU NÃO aditivo", "consulta_ou_negado"),
        ("contrato OU (-aditivo -nota)", "consulta_ou_negado"),
        ("OU contrato", "consulta_operador"),
        ("contrato OU", "consulta_operador"),
        ("contrato E", "consulta_operador"),
        ("contrato E E aditivo", "consulta_operador"),
        ("contrato OU E aditivo", "consulta_operador"),
        ("contrato NÃO", "consulta_operador"),
        ("(contrato OU) aditivo", "consulta_operador"),
        ("(contrato", "consulta_parenteses"),
        ("contrato)", "consulta_parenteses"),
        (")contrato(", "consulta_parenteses"),
        ("(" * 11 + "contrato" + ")" * 11, "consulta_parenteses"),
        ("a" * 501, "consulta_longa"),
        (" ".join(f"termo{i}" for i in range(51)), "consulta_muitos_termos"),
        ('"' + " ".join(f"termo{i}" for i in range(51)) + '"', "consulta_muitos_termos"),
        ("ab*", "consulta_prefixo_curto"),
    ],
)
def test_consultas_invalidas(texto, code):
    with pytest.raises(ConsultaInvalida) as erro:
        interpretar(texto)
    assert erro.value.code == code
    assert erro.value.status == 400
    assert erro.value.mensagem.endswith(".")


def test_mensagens_em_portugues():
    with pytest.raises(ConsultaInvalida, match="Informe ao menos uma palavra para pesquisar."):
        interpretar("de")
    with pytest.raises(
        ConsultaInvalida, match="A pesquisa precisa de ao menos um termo que não seja negado."
    ):
        interpretar("-contrato")
    with pytest.raises(ConsultaInvalida, match="O operador OU precisa"):
        interpretar("contrato OU")


def test_limites_no_maximo_passam():
    assert len(interpretar(" ".join(f"termo{i}" for i in range(50))).itens) == 50


def test_positivos_sao_as_palavras_fora_da_negacao():
    assert positivos(interpretar('"nota fiscal" OU licit* -aditivo')) == ({"nota", "fiscal"}, {"licit"})
    assert positivos(interpretar("(contrato OU nota) -(aditivo ofício)")) == ({"contrato", "nota"}, set())


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=600),
        st.lists(
            st.one_of(
                st.sampled_from(
                    ["E", "OU", "NÃO", "nao", "-", "(", ")", '"', "*", "“", ",", "de", "ab*", "-("]
                ),
                st.text(max_size=8),
            ),
            max_size=30,
        ).map(" ".join),
    )
)
def test_interpretar_so_levanta_consulta_invalida(texto):
    try:
        no = interpretar(texto)
    except ConsultaInvalida:
        return
    _conferir_arvore(no)


def _conferir_arvore(no, pai=None):
    """What every backend relies on: negations only inside an E with something positive, no
    group of one, no E in an E nor OU in an OU, phrases of two or more terms."""
    assert not isinstance(no, Nao) or isinstance(pai, E)
    if isinstance(no, E | Ou):
        assert len(no.itens) >= 2
        assert not any(isinstance(i, type(no)) for i in no.itens)
        assert any(not isinstance(i, Nao) for i in no.itens)
        for item in no.itens:
            _conferir_arvore(item, no)
    elif isinstance(no, Nao):
        assert not isinstance(no.item, Nao)
        _conferir_arvore(no.item, no)
    elif isinstance(no, Frase):
        assert len(no.valores) >= 2 and all(no.valores)
    else:
        assert no.valor
