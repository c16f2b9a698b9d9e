"""The analysis chain: what a user notices is that accents, case and plurals do not matter, that
stopwords do not count, and that different words stay apart."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from busca.analise import dobrar, normalizar, termos, tokens


def _pares_de_plurais() -> list[tuple[str, str]]:
    linhas = (Path(__file__).parent / "palavras_plurais.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(linha.split()) for linha in linhas if linha.strip() and not linha.startswith("#")]


@pytest.mark.parametrize(("singular", "plural"), _pares_de_plurais())
def test_singular_e_plural_dao_o_mesmo_termo(singular, plural):
    assert normalizar(singular) == normalizar(plural)
    assert normalizar(singular.upper()) == normalizar(plural)


def test_a_lista_de_plurais_tem_vocabulario_suficiente():
    assert len(_pares_de_plurais()) >= 150


@pytest.mark.parametrize(
    ("uma", "outra"),
    [
        ("contrato", "contratação"),
        ("contratos", "contratações"),
        ("processo", "processual"),
        ("processos", "processuais"),
        ("ato", "ata"),
        ("atos", "atas"),
        ("lei", "leilão"),
        ("leis", "leilões"),
        ("nota", "notificação"),
        ("empenho", "empenhado"),
        ("documento", "documentação"),
        ("licitação", "licitante"),
        ("ofício", "oficial"),
        ("servidor", "servidão"),
        ("parecer", "parecerista"),
        ("papel", "papelaria"),
        ("real", "realização"),
        ("mão", "mãe"),
        ("mãos", "mães"),
        ("sei", "seis"),
        ("mês", "mesa"),
        ("meses", "mesas"),
        ("base", "básico"),
        ("pena", "penal"),
        ("órgão", "orgânico"),
        ("ação", "acionista"),
        ("fiscal", "fiscalização"),
        ("edital", "editoria"),
    ],
)
def test_palavras_diferentes_ficam_separadas(uma, outra):
    assert normalizar(uma) != normalizar(outra)


def test_acentos_e_maiusculas_nao_importam():
    assert {normalizar(p) for p in ["Licitações", "licitacoes", "LICITAÇÃO", "licitação", "Licitacao"]} == {
        "licitacao"
    }
    assert dobrar("Licitação") == "licitacao"
    assert dobrar("ç") == "c"
    assert dobrar("ÓRGÃO") == "orgao"


def test_texto_decomposto_de_pdf_e_uma_palavra_so():
    decomposto = unicodedata.normalize("NFD", "Licitação")
    assert len(decomposto) > len("Licitação")
    assert termos(decomposto) == ["licitacao"]


def test_stopwords_caem():
    assert termos("Prestação de contas da unidade, pelo servidor e pela chefia à Secretaria") == [
        "prestacao",
        "conta",
        "unidade",
        "servidor",
        "chefia",
        "secretaria",
    ]
    assert normalizar("de") is None
    assert normalizar("À") is None
    assert normalizar("não") is None


@pytest.mark.parametrize("palavra", ["São", "bem", "bens", "caso", "conforme", "lei", "art", "prazo", "sim"])
def test_palavras_com_sentido_nao_sao_stopwords(palavra):
    assert normalizar(palavra)


def test_numeros_ficam():
    assert termos("Processo 12345.000123/2026-01") == ["processo", "12345", "000123", "2026", "01"]
    assert normalizar("000123") == "000123"


@pytest.mark.parametrize(
    ("palavra", "termo"),
    [("lápis", "lapis"), ("ônibus", "onibus"), ("vírus", "virus"), ("simples", "simples"), ("país", "pais")],
)
def test_palavras_terminadas_em_s_no_singular_ficam_inteiras(palavra, termo):
    assert normalizar(palavra) == termo


def test_palavras_curtas_ficam_inteiras():
    assert normalizar("gás") == "gas"
    assert normalizar("mês") == "mes"


def test_tokens_tem_as_posicoes_no_texto_original():
    texto = "Ofício nº 12, de 05/01/2026 — nome_arquivo"
    achados = list(tokens(texto))
    assert [p for p, _, _ in achados] == ["Ofício", "nº", "12", "de", "05", "01", "2026", "nome", "arquivo"]
    assert all(texto[inicio:fim] == p for p, inicio, fim in achados)


# Letters with and without accents, a decomposed accent, digits, punctuation people type and
# every kind of space (the no-break one of text pasted from the web, tabs and line breaks).
_CARACTERES = "aAeçãÇÉoõsS0123456789\u0327\u0301_-.,;:/()ºª$§\"' \t\n\r\xa0\u2003\u200b"


@given(st.text(alphabet=_CARACTERES, max_size=60))
def test_termos_de_um_texto_sao_os_de_cada_palavra_em_ordem(texto):
    """The chain finds in any text exactly the words ``tokens`` shows (the snippets' offsets),
    each normalized, in order — however the text mixes spaces, punctuation and accents."""
    esperados = [t for t in (normalizar(p) for p, _, _ in tokens(texto)) if t]
    assert termos(texto) == esperados
