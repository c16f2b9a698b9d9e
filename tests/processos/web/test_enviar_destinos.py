"""Enviar Processo: the destination units picker (processos.widgets.UnidadesDestinoWidget) —
names, a filter box, checkboxes instead of a Ctrl-click select — with the form's validation
unchanged. The browser test is tests/e2e/test_enviar_destinos.py."""

import re

import pytest
from django.urls import reverse

from processos.forms import EnviarForm
from tests.factories import OrgaoFactory, UnidadeFactory


def _form(unidades, dados=None):
    return EnviarForm(dados, unidade=unidades["A"], prefix="enviar")


@pytest.mark.django_db
def test_validacao_como_antes(unidades):
    b, c = unidades["B"], unidades["C"]
    form = _form(unidades, {"enviar-unidades": [str(b.pk), str(c.pk)], "enviar-manter_aberto": "on"})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["unidades"]) == [b, c] and form.cleaned_data["manter_aberto"] is True
    vazio = _form(unidades, {})
    assert not vazio.is_valid()
    assert vazio.errors["unidades"] == ["Informe ao menos uma unidade de destino."]
    # Its own unit and another órgão's are not destinations.
    de_fora = UnidadeFactory(orgao=OrgaoFactory(), sigla="X")
    for invalida in (unidades["A"], de_fora):
        form = _form(unidades, {"enviar-unidades": [str(invalida.pk)]})
        assert not form.is_valid() and "unidades" in form.errors


@pytest.mark.django_db
def test_widget_mostra_os_nomes_caixas_de_marcar_e_o_filtro(unidades, django_assert_num_queries):
    b = unidades["B"]
    b.nome = 'Diretoria <de> "Compras"'
    b.save()
    form = _form(unidades)
    with django_assert_num_queries(1):  # the units with their órgão, one query
        html = form["unidades"].as_field_group()
    assert "<legend>Unidades de destino" in html  # a group of checkboxes, named
    assert f"B — Diretoria &lt;de&gt; &quot;Compras&quot; ({b.orgao.sigla})" in html
    assert f"C — {unidades['C'].nome} ({b.orgao.sigla})" in html
    caixas = re.findall(r'<input type="checkbox" name="enviar-unidades" value="(\d+)" id="([^"]+)"', html)
    assert [int(v) for v, _ in caixas] == [b.pk, unidades["C"].pk]
    for _, ident in caixas:
        assert f'<label for="{ident}">' in html
    assert f'value="{unidades["A"].pk}"' not in html
    assert re.search(
        r'<label for="id_enviar-unidades_filtro">Filtrar unidades</label>\s*<input type="search" id="id_enviar-unidades_filtro"',
        html,
    )
    assert '<div class="unidades-destino-filtro" hidden>' in html  # shown by the script only
    assert '<script src="/static/js/unidades_destino.js" defer></script>' in html
    assert "Ctrl" not in html
    # The choice survives a validation error (the page shows the form again).
    com_erro = _form(unidades, {"enviar-unidades": [str(b.pk)], "enviar-retorno_programado": "lixo"})
    assert not com_erro.is_valid()
    assert re.search(rf'value="{b.pk}" id="[^"]+" checked', com_erro["unidades"].as_field_group())


def test_tela_do_processo_usa_o_widget(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    html = entrar(atores["A"]).get(reverse("processos:detalhe", args=[p.nup])).content.decode()
    assert 'class="unidades-destino" data-unidades-destino' in html
    assert f"B — {unidades['B'].nome}" in html


def test_envio_em_lote_do_controle_usa_o_widget(entrar, atores, unidades, criar_processo):
    p1, p2 = criar_processo(atores["A"]), criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    html = cliente.get(reverse("processos:controle")).content.decode()
    assert 'data-unidades-destino' not in html  # the inbox names the action; the next step asks
    html = cliente.post(
        reverse("processos:lote"), {"escolher": "enviar", "processos": [p1.nup, p2.nup]}
    ).content.decode()
    assert "<legend>Enviar para" in html and 'class="unidades-destino" data-unidades-destino' in html
    assert f"B — {unidades['B'].nome}" in html
    assert p1.nup_formatado in html and p2.nup_formatado in html and "Enviar 2 processos" in html
    resposta = cliente.post(
        reverse("processos:lote"),
        {"acao": "enviar", "processos": [p1.nup, p2.nup], "unidades": [unidades["B"].pk, unidades["C"].pk]},
        follow=True,
    )
    assert "Processos enviados" in resposta.content.decode()
