"""The sanitiser's allowlist of classes (alignment, SEI's paragraph styles, link SEI) and the one
form a link SEI keeps."""

import pytest

from documentos.html import (
    ESTILOS,
    ESTILOS_PARAGRAFO,
    ESTILOS_TABELA,
    link_sei,
    links_sei_como_texto,
    sanitizar,
)


@pytest.mark.parametrize("classe", sorted(ESTILOS))
def test_estilos_do_sei_ficam_no_paragrafo(classe):
    assert sanitizar(f'<p class="{classe}">Texto</p>') == f'<p class="{classe}">Texto</p>'


@pytest.mark.parametrize("classe", sorted(ESTILOS_TABELA))
def test_estilos_de_tabela_ficam_na_celula(classe):
    html = f'<table><tbody><tr><td class="{classe}">A</td><th class="{classe}">B</th></tr></tbody></table>'
    assert sanitizar(html) == html


def test_classes_fora_da_lista_ou_fora_do_lugar_somem():
    assert (
        sanitizar('<p class="Item_Nivel1 outra text-center">x</p>')
        == '<p class="Item_Nivel1 text-center">x</p>'
    )
    assert sanitizar('<p class="mce-item-table Cabecalho">x</p>') == "<p>x</p>"
    # Paragraph styles only on paragraphs; table styles only on paragraphs and cells.
    for tag in ("h2", "li", "span", "div", "blockquote"):
        assert "class" not in sanitizar(f'<{tag} class="Citacao Item_Nivel2">x</{tag}>')
    tabela = sanitizar('<table><tbody><tr><td class="Item_Nivel1 Citacao">x</td></tr></tbody></table>')
    assert "class" not in tabela
    assert sanitizar('<span class="link-sei">x</span>') == "<span>x</span>"
    assert ESTILOS_PARAGRAFO >= {
        "Texto_Justificado_Recuo_Primeira_Linha",
        "Paragrafo_Numerado_Nivel1",
        "Citacao",
    }


def test_link_sei_guarda_uma_forma_so():
    esperado = '<a class="link-sei" data-sei="0001234">0001234</a>'
    assert sanitizar('<a class="link-sei" data-sei="0001234">0001234</a>') == esperado
    # No address, no title, no other text: the number it points to, formatted.
    assert (
        sanitizar(
            '<p><a class="link-sei" data-sei="1234" href="https://golpe.example/" title="t" target="_blank">'
            "Clique aqui</a></p>"
        )
        == f"<p>{esperado}</p>"
    )
    assert sanitizar('<a class="link-sei text-center" data-nup="52402.000001/2026-30">x</a>') == "x"
    nup = '<a class="link-sei" data-nup="52402000001202630">52402.000001/2026-30</a>'
    assert sanitizar('<a class="link-sei" data-nup="52402000001202630">outro texto</a>') == nup
    assert link_sei(nup="52402000001202630") == nup and link_sei(numero_sei="1234") == esperado


def test_link_sei_invalido_vira_texto_e_links_comuns_nao_levam_atributos_do_link_sei():
    assert sanitizar('<p><a class="link-sei" data-sei="12a">ver</a></p>') == "<p>ver</p>"
    assert sanitizar('<p><a class="link-sei">ver</a></p>') == "<p>ver</p>"
    assert sanitizar('<a data-sei="1">sem endereço</a>') == "sem endereço"
    assert sanitizar('<a href="https://gov.br/?a=1&amp;b=2" data-sei="1" data-nup="1">gov.br</a>') == (
        '<a href="https://gov.br/?a=1&amp;b=2" rel="noopener noreferrer">gov.br</a>'
    )
    assert sanitizar('<a href="javascript:alert(1)" class="link-sei" data-sei="1">x</a>') == (
        '<a class="link-sei" data-sei="0000001">0000001</a>'
    )


def test_sem_leitor_o_link_sei_e_o_texto_do_numero():
    corpo = sanitizar(
        '<p>Ver <a class="link-sei" data-sei="77">77</a> e <a class="link-sei" data-nup="52402000001202630">x</a>'
        ' e <a href="https://gov.br/">gov.br</a>.</p>'
    )
    assert links_sei_como_texto(corpo) == (
        '<p>Ver 0000077 e 52402.000001/2026-30 e <a href="https://gov.br/" rel="noopener noreferrer">gov.br</a>.</p>'
    )
