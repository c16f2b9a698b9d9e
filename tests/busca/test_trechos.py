"""Snippets: the part of the text around what was searched, escaped, with the words marked."""

import html
import re
import time
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from busca.consulta import interpretar
from busca.trechos import destacar


def _texto_puro(trecho: str) -> str:
    return html.unescape(trecho.replace("<mark>", "").replace("</mark>", ""))


def _marcados(trecho: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", trecho)]


def test_plural_na_consulta_marca_o_singular_com_acento_no_texto():
    assert destacar("Licitação nº 5", interpretar("licitações")) == "<mark>Licitação</mark> nº 5"


def test_html_do_texto_e_escapado_e_mark_e_o_unico_html():
    trecho = destacar('Ofício <script>alert("x")</script> & anexos', interpretar("ofício anexo"))
    assert "<script>" not in trecho
    assert "&lt;script&gt;" in trecho and "&amp;" in trecho
    assert re.sub(r"</?mark>", "", trecho).count("<") == 0
    assert _marcados(trecho) == ["Ofício", "anexos"]


def test_sem_palavra_achada_mostra_o_inicio_cortado_entre_palavras():
    texto = "Despacho de encaminhamento " + "palavra " * 100
    trecho = destacar(texto, interpretar("inexistente"), tamanho=40)
    assert trecho.startswith("Despacho de encaminhamento")
    assert trecho.endswith(" palavra…")
    assert len(trecho) <= 41


def test_texto_curto_vem_inteiro_sem_reticencias():
    assert destacar("Nota fiscal nº 10", interpretar("nota")) == "<mark>Nota</mark> fiscal nº 10"


def test_espacos_e_quebras_de_linha_viram_um_espaco():
    assert destacar("Parecer\n\n  jurídico\t\tfavorável", interpretar("parecer")) == (
        "<mark>Parecer</mark> jurídico favorável"
    )


def test_o_trecho_e_o_trecho_com_mais_palavras_da_consulta():
    texto = " ".join(
        ["contrato assinado."]
        + ["texto de enchimento"] * 200
        + ["contrato e aditivo juntos aqui."]
        + ["fim"] * 200
    )
    trecho = destacar(texto, interpretar("contrato aditivo"))
    assert _marcados(trecho) == ["contrato", "aditivo"]
    assert trecho.startswith("…") and trecho.endswith("…")
    assert len(_texto_puro(trecho)) <= 240 + 2


def test_cortes_caem_entre_palavras():
    texto = (
        " ".join(f"palavra{i}" for i in range(300))
        + " licitação "
        + " ".join(f"outra{i}" for i in range(300))
    )
    trecho = _texto_puro(destacar(texto, interpretar("licitação"), tamanho=80))
    palavras = trecho.strip("…").split(" ")
    assert "licitação" in palavras
    assert all(p in texto.split(" ") for p in palavras)


def test_prefixo_e_frase_marcam_suas_palavras_e_a_negacao_nao():
    trecho = destacar(
        "Licitações e licitantes; nota fiscal; aditivo", interpretar('licit* "nota fiscal" -aditivo')
    )
    assert _marcados(trecho) == ["Licitações", "licitantes", "nota", "fiscal"]


def test_texto_decomposto_e_marcado_inteiro():
    texto = unicodedata.normalize("NFD", "Licitação encerrada")
    assert _marcados(destacar(texto, interpretar("licitação"))) == [unicodedata.normalize("NFD", "Licitação")]


def test_palavra_dentro_de_outra_nao_e_marcada():
    assert _marcados(destacar("contratos e subcontratos", interpretar("contrato"))) == ["contratos"]


def test_texto_de_um_megabyte_e_rapido():
    frase = "O processo de licitação foi encaminhado à unidade competente para análise. "
    texto = frase * (1_000_000 // len(frase)) + "contrato aditivo"
    inicio = time.perf_counter()
    trecho = destacar(texto, interpretar("contrato aditivo licit*"))
    # Generous: linear work takes well under a second; quadratic work would take minutes.
    assert time.perf_counter() - inicio < 5
    assert set(_marcados(trecho)) == {"licitação", "contrato", "aditivo"}  # all three words, at the end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["licitação", "contrato OU nota", "proc*", '"ab cd" ef']))
def test_o_trecho_e_sempre_um_pedaco_do_texto(texto, consulta):
    trecho = destacar(texto, interpretar(consulta), tamanho=60)
    assert re.sub(r"</?mark>", "", trecho).count("<") == 0
    compacto = " ".join(texto.split())
    assert _texto_puro(trecho).strip("…") in compacto
