"""The Controle de Processos page, rendered in Python where the template engine cost most of
its time (bench/README.md): the inbox row, and the selects of its forms.

Every value that comes from the database or the user is escaped here (``html.escape``, as
Django's ``escape``); ids, dates and NUPs (17 digits) are formatted from typed values."""

from dataclasses import replace
from html import escape

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from sei.templatetags.interface import molde_de_url

register = template.Library()

# SEI's word for a received process nobody in the unit has opened yet (the row is in red).
_NAO_VISUALIZADO = '<span class="vh"> (não visualizado)</span>'
# The level as SEI shows it, an icon beside the NUP: a letter for the eye, the word for a screen
# reader (and on hover).
_NIVEL = {
    1: '<span class="nivel-icone nivel-icone-restrito" title="Restrito"><span aria-hidden="true">R</span>'
    '<span class="vh"> Restrito</span></span>',
    2: '<span class="nivel-icone nivel-icone-sigiloso" title="Sigiloso"><span aria-hidden="true">S</span>'
    '<span class="vh"> Sigiloso</span></span>',
}


def _prefixo_detalhe() -> tuple[str, str]:
    return molde_de_url("processos:detalhe", "0" * 17)


def _selos(item, hoje) -> str:
    selos = ""
    if item.nivel_acesso in _NIVEL:
        selos += " " + _NIVEL[item.nivel_acesso]
    if item.atribuida_a:
        selos += (
            f' <span class="atribuido"><span class="vh">Atribuído a </span>{escape(item.atribuida_a)}</span>'
        )
    if item.retorno_data:
        data = item.retorno_data.strftime("%d/%m/%Y")
        if item.retorno_data < hoje:
            selos += f' <span class="selo selo-atrasado">Retorno até {data} (atrasado)</span>'
        else:
            selos += f' <span class="selo selo-retorno">Retorno até {data}</span>'
    if item.aguardando_retorno_data:
        data = item.aguardando_retorno_data.strftime("%d/%m/%Y")
        selos += f' <span class="selo selo-aguardando">Aguardando retorno até {data}</span>'
    return selos


def linha_caixa(item, hoje) -> str:
    """``item``: a ``processos.selectors.ItemCaixa``. An f-string with ``escape`` on the text
    columns: ``format_html`` escaped every one of its 14 arguments (~30 µs a row, ~4 now)."""
    antes, depois = _prefixo_detalhe()
    nup, pk, nup_formatado = escape(item.nup), item.pk, escape(item.nup_formatado)
    nao_lida, sigiloso = item.nao_lida, item.sigiloso
    classes = " ".join(c for c, sim in (("nao-lido", nao_lida), ("sigiloso", sigiloso)) if sim)
    # A sigiloso's especificação is content: shown only once its password is typed again.
    titulo = item.tipo_nome + (f" — {item.especificacao}" if item.especificacao and not sigiloso else "")
    tipo = escape(item.tipo_nome) + (f" · de {escape(item.remetente)}" if item.remetente else "")
    marca = _NAO_VISUALIZADO if nao_lida else ""
    return (
        f'<li class="{classes}"><input type="checkbox" name="processos" value="{nup}" id="sel-{pk}">'
        f'<label for="sel-{pk}" class="vh">Selecionar processo {nup_formatado}</label>'
        f'<div class="item-corpo"><a class="nup" href="{antes}{nup}{depois}" title="{escape(titulo)}">'
        f'{nup_formatado}</a>{marca}{_selos(item, hoje)}<div class="item-tipo">{tipo}</div></div></li>'
    )


@register.simple_tag
def linhas_caixa(itens, hoje):
    """The rows of one column: one tag call, not one per row through the template loop."""
    return mark_safe("\n".join(linha_caixa(item, hoje) for item in itens))


def _resumo(texto: str, tamanho: int = 90) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= tamanho else texto[: tamanho - 1].rstrip() + "…"


def linha_tabela_caixa(item, hoje, fuso) -> str:
    """One row of the detailed view (``item`` from ``processos.selectors.caixa_detalhar``):
    NUP, tipo, especificação, interessados, atribuído a, último andamento, nível."""
    antes, depois = _prefixo_detalhe()
    nup, pk, nup_formatado = escape(item.nup), item.pk, escape(item.nup_formatado)
    nao_lida, sigiloso = item.nao_lida, item.sigiloso
    classes = " ".join(c for c, sim in (("nao-lido", nao_lida), ("sigiloso", sigiloso)) if sim)
    marca = _NAO_VISUALIZADO if nao_lida else ""
    # A sigiloso's especificação is content: only on its page, after the password. Interessados of
    # a non-público process: on its page, where the read is recorded (caixa_detalhar).
    oculto = '<span aria-hidden="true">—</span><span class="vh">Veja no processo ({})</span>'
    especificacao = oculto.format("sigiloso") if sigiloso else escape(item.especificacao)
    if item.nivel_acesso in _NIVEL:
        interessados = oculto.format("sigiloso" if sigiloso else "restrito")
    else:
        interessados = "; ".join(escape(nome) for nome in item.interessados)
    remetente = f'<div class="suave">de {escape(item.remetente)}</div>' if item.remetente else ""
    andamento = ""
    if item.ultimo_andamento_em:
        momento = item.ultimo_andamento_em.astimezone(fuso)
        texto = escape(item.ultimo_andamento)
        andamento = (
            f'<time datetime="{momento.isoformat()}">{momento:%d/%m/%Y %H:%M}</time>'
            f' <span title="{texto}">{escape(_resumo(item.ultimo_andamento))}</span>'
        )
    selos = ""
    if item.retorno_data or item.aguardando_retorno_data:
        selos = _selos(replace(item, nivel_acesso=0, atribuida_a=None), hoje)
    nivel = _NIVEL.get(item.nivel_acesso, '<span class="vh">Público</span>')
    return (
        f'<tr class="{classes}"><td><input type="checkbox" name="processos" value="{nup}" id="sel-{pk}">'
        f'<label for="sel-{pk}" class="vh">Selecionar processo {nup_formatado}</label></td>'
        f'<th scope="row"><a class="nup" href="{antes}{nup}{depois}">{nup_formatado}</a>{marca}{selos}</th>'
        f"<td>{escape(item.tipo_nome)}{remetente}</td><td>{especificacao}</td><td>{interessados}</td>"
        f"<td>{escape(item.atribuida_a or '')}</td><td>{andamento}</td><td>{nivel}</td></tr>"
    )


@register.simple_tag
def linhas_tabela_caixa(itens, hoje, fuso):
    return mark_safe("\n".join(linha_tabela_caixa(item, hoje, fuso) for item in itens))


def _atributos(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {nome}" if valor is True else f' {nome}="{escape(str(valor))}"'
        for nome, valor in attrs.items()
        if valor is not False
    )


@register.simple_tag
def campo_escolha(campo):
    """``{{ campo }}`` for a model choice field shown as a ``<select>``: the markup of Django's
    Select widget, built here. The widget renders each option through a template (the ~70
    options of the page cost ~3 ms) and reads the queryset through a server-side cursor
    (DECLARE, FETCH, CLOSE: three statements); here it is one list."""
    field, widget = campo.field, campo.field.widget
    if not isinstance(field, forms.ModelChoiceField) or type(widget) not in (
        forms.Select,
        forms.SelectMultiple,
    ):
        return campo.as_widget()
    attrs = campo.build_widget_attrs({}, widget)
    if campo.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", campo.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        attrs["multiple"] = True
    valores = set(widget.format_value(campo.value()))
    opcoes = [] if field.empty_label is None else [("", field.empty_label)]
    opcoes += [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in field.queryset]
    partes, marcou = [], False
    for valor, rotulo in opcoes:
        valor = str(valor)
        marcada = (not marcou or widget.allow_multiple_selected) and valor in valores
        marcou |= marcada
        partes.append(
            f'\n  <option value="{escape(valor)}"{" selected" if marcada else ""}>{conditional_escape(rotulo)}</option>'
        )
    return mark_safe(
        f'<select name="{escape(campo.html_name)}"{_atributos(attrs)}>{"".join(partes)}\n</select>'
    )
