"""SEI's paragraph styles print as the editor shows them: one stylesheet for both."""

from django.contrib.staticfiles import finders

from documentos.pdf import extrair_texto_pdf, renderizar_html
from documentos.pdf.render import FOLHA_DO_CONTEUDO
from documentos.widgets import FOLHA_DO_CONTEUDO as FOLHA_DO_EDITOR


def test_editor_pagina_e_pdf_usam_a_mesma_folha_de_estilo():
    assert finders.find(FOLHA_DO_EDITOR) == str(FOLHA_DO_CONTEUDO)


def test_itens_e_paragrafos_numerados_no_pdf():
    corpo = (
        '<section class="corpo">'
        '<p class="Item_Nivel1">Objeto</p><p class="Item_Nivel2">Escopo</p><p class="Item_Nivel2">Prazo</p>'
        '<p class="Item_Nivel3">Etapas</p><p class="Item_Nivel4">Entrega</p><p class="Item_Nivel1">Valor</p>'
        '<p class="Item_Nivel2">Fonte</p>'
        '<p class="Paragrafo_Numerado_Nivel1">Considerando A</p><p>sem número</p>'
        '<p class="Paragrafo_Numerado_Nivel1">Considerando B</p>'
        '<p class="Citacao">Citação</p><p class="Texto_Justificado_Recuo_Primeira_Linha">Recuo</p>'
        "</section>"
    )
    linhas = extrair_texto_pdf(renderizar_html(corpo, titulo="t", rodape="r")).splitlines()
    assert linhas[:11] == [
        "1. Objeto",
        "1.1. Escopo",
        "1.2. Prazo",
        "1.2.1. Etapas",
        "1.2.1.1. Entrega",
        "2. Valor",
        "2.1. Fonte",
        "1. Considerando A",
        "sem número",
        "2. Considerando B",
        "Citação",
    ]
