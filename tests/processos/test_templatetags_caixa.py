"""The Controle de Processos rendered in Python (processos/templatetags/caixa.py): the selects
give the markup of Django's widgets, the rows the markup of the former ``format_html`` tag, and
every text from the database is escaped."""

import itertools
import re
from datetime import UTC, date, datetime, timedelta

from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from processos.forms import FiltroControleForm, LoteForm
from processos.selectors import ItemCaixa
from processos.templatetags.caixa import campo_escolha, linha_caixa, linhas_caixa
from tests.factories import ator_em, tipo_processo

HOJE = date(2026, 3, 10)


def _sem_espacos_entre_tags(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _formularios(unidades, tipo):
    lote_preenchido = QueryDict(mutable=True)
    lote_preenchido.setlist("unidades", [str(unidades["B"].pk), str(unidades["C"].pk)])
    lote_preenchido.update({"acao": "enviar", "usuario": "999999"})
    return [
        FiltroControleForm({}),
        FiltroControleForm({"tipo": str(tipo.pk), "meus": "on"}),
        FiltroControleForm({"tipo": "999999"}),  # not a type: the field has errors
        LoteForm(unidade=unidades["A"]),
        LoteForm(lote_preenchido, unidade=unidades["A"]),
    ]


def test_selects_com_a_marcacao_dos_widgets_do_django(atores, unidades):
    tipo = tipo_processo(nome='Teste: <Tipo> & "aspas"')
    ator_em(unidades["A"], username="colega")
    comparados = 0
    for form in _formularios(unidades, tipo):
        form.is_valid()
        for campo in form:
            if campo.name in ("tipo", "usuario"):  # the units: UnidadesDestinoWidget (test_enviar_destinos)
                assert _sem_espacos_entre_tags(campo_escolha(campo)) == _sem_espacos_entre_tags(str(campo)), (
                    form.data,
                    campo.name,
                )
                comparados += 1
    assert comparados == 5
    # The cases exercised: selected options, a multiple select, an empty label, a field in error.
    filtro = FiltroControleForm({"tipo": str(tipo.pk)})
    filtro.is_valid()
    assert f'<option value="{tipo.pk}" selected>Teste: &lt;Tipo&gt; &amp; &quot;aspas&quot;</option>' in str(
        campo_escolha(filtro["tipo"])
    )
    invalido = FiltroControleForm({"tipo": "999999"})
    invalido.is_valid()
    assert 'aria-invalid="true"' in str(campo_escolha(invalido["tipo"]))


def test_selects_leem_as_opcoes_numa_consulta(atores, unidades, django_assert_num_queries):
    lote = LoteForm(unidade=unidades["A"])
    with django_assert_num_queries(1):  # the widget would DECLARE, FETCH and CLOSE a cursor
        html = str(campo_escolha(lote["usuario"]))
    assert html.startswith('<select name="usuario" id="id_usuario">')
    assert (
        f'<option value="{atores["A"].usuario.pk}">' in html
        and f'value="{atores["B"].usuario.pk}"' not in html
    )


# --- The row -------------------------------------------------------------------------------


def _linha_de_referencia(item, hoje):
    """The row as the tag built it with ``format_html`` before it was rewritten for speed: the
    specification the faster one must match."""
    antes, depois = reverse("processos:detalhe", args=["0" * 17]).split("0" * 17)
    selos = []
    if item.nivel_acesso:
        letra, nome = ("S", "Sigiloso") if item.sigiloso else ("R", "Restrito")
        selos.append(
            format_html(
                '<span class="nivel-icone nivel-icone-{}" title="{}"><span aria-hidden="true">{}</span>'
                '<span class="vh"> {}</span></span>',
                nome.lower(),
                nome,
                letra,
                nome,
            )
        )
    if item.atribuida_a:
        selos.append(
            format_html(
                '<span class="atribuido"><span class="vh">Atribuído a </span>{}</span>', item.atribuida_a
            )
        )
    if item.retorno_data:
        atrasado = item.retorno_data < hoje
        selos.append(
            format_html(
                '<span class="selo {}">Retorno até {}{}</span>',
                "selo-atrasado" if atrasado else "selo-retorno",
                item.retorno_data.strftime("%d/%m/%Y"),
                " (atrasado)" if atrasado else "",
            )
        )
    if item.aguardando_retorno_data:
        selos.append(
            format_html(
                '<span class="selo selo-aguardando">Aguardando retorno até {}</span>',
                item.aguardando_retorno_data.strftime("%d/%m/%Y"),
            )
        )
    classes = " ".join(
        c for c in ("nao-lido" if item.nao_lida else "", "sigiloso" if item.sigiloso else "") if c
    )
    titulo = item.tipo_nome + (f" — {item.especificacao}" if item.especificacao and not item.sigiloso else "")
    return format_html(
        '<li class="{}"><input type="checkbox" name="processos" value="{}" id="sel-{}">'
        '<label for="sel-{}" class="vh">Selecionar processo {}</label>'
        '<div class="item-corpo"><a class="nup" href="{}{}{}" title="{}">{}</a>{}{}'
        '<div class="item-tipo">{}{}</div></div></li>',
        classes,
        item.nup,
        item.pk,
        item.pk,
        item.nup_formatado,
        antes,
        item.nup,
        depois,
        titulo,
        item.nup_formatado,
        mark_safe('<span class="vh"> (não visualizado)</span>') if item.nao_lida else "",
        mark_safe("".join(f" {s}" for s in selos)),
        item.tipo_nome,
        format_html(" · de {}", item.remetente) if item.remetente else "",
    )


def _itens():
    hostil = "<script>alert(\"x\")</script> & 'y'"
    aberta = datetime(2026, 3, 1, 12, tzinfo=UTC)
    combinacoes = itertools.product(
        (0, 1, 2),  # nível
        ("recebido", "gerado"),
        (None, aberta),  # recebida_em
        (None, "fulano", hostil),  # atribuída a
        (None, "UN-B", hostil),  # remetente
        (None, HOJE + timedelta(3), HOJE - timedelta(1)),  # retorno devido
        (None, HOJE + timedelta(9)),  # aguardando retorno
        ("", "Compra de cadeiras", hostil),  # especificação
    )
    for n, (nivel, origem, recebida, atribuida, remetente, retorno, aguardando, espec) in enumerate(
        combinacoes
    ):
        yield ItemCaixa(
            pk=n + 1,
            processo_id=n + 1,
            nup="99901000001202611",
            especificacao=espec,
            nivel_acesso=nivel,
            tipo_id=1,
            tipo_nome="Pessoal: Férias" if n % 2 else hostil,
            origem=origem,
            aberta_em=aberta,
            recebida_em=recebida,
            atribuida_a=atribuida,
            remetente=remetente,
            retorno_data=retorno,
            aguardando_retorno_data=aguardando,
        )


def test_linha_igual_a_de_referencia_em_todas_as_combinacoes(db):
    itens = list(_itens())
    assert len(itens) == 3 * 2 * 2 * 3 * 3 * 3 * 2 * 3
    for item in itens:
        assert linha_caixa(item, HOJE) == str(_linha_de_referencia(item, HOJE)), item
    assert str(linhas_caixa(itens[:3], HOJE)) == "\n".join(linha_caixa(i, HOJE) for i in itens[:3])


def test_linha_escapa_o_texto_e_esconde_a_especificacao_do_sigiloso(db):
    item = next(
        i
        for i in _itens()
        if i.atribuida_a and i.remetente and "<" in i.especificacao and i.nivel_acesso == 1
    )
    html = linha_caixa(item, HOJE)
    assert (
        "<script>" not in html
        and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;" in html
    )
    sigiloso = next(i for i in _itens() if i.nivel_acesso == 2 and i.especificacao == "Compra de cadeiras")
    assert "Compra de cadeiras" not in linha_caixa(sigiloso, HOJE)
