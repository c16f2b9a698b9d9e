"""The inbox row, rendered in Python: 100 rows through the template engine cost most of the
Controle de Processos page's time. Every value is escaped by format_html."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@lru_cache(maxsize=1)
def _prefixo_detalhe() -> tuple[str, str]:
    marcador = "0" * 17
    url = reverse("processos:detalhe", args=[marcador])
    antes, depois = url.split(marcador)
    return antes, depois


def _selos(item, hoje) -> list[tuple]:
    selos = []
    if item.sigiloso:
        selos.append(('<span class="selo selo-sigiloso">Sigiloso</span>', ()))
    if item.atribuida_a:
        selos.append(('<span class="atribuido"><span class="vh">Atribuído a </span>{}</span>', (item.atribuida_a,)))
    if item.retorno_data:
        atrasado = item.retorno_data < hoje
        selos.append(
            (
                '<span class="selo {}">Retorno até {}{}</span>',
                (
                    "selo-atrasado" if atrasado else "selo-retorno",
                    item.retorno_data.strftime("%d/%m/%Y"),
                    " (atrasado)" if atrasado else "",
                ),
            )
        )
    if item.aguardando_retorno_data:
        selos.append(
            (
                '<span class="selo selo-aguardando">Aguardando retorno até {}</span>',
                (item.aguardando_retorno_data.strftime("%d/%m/%Y"),),
            )
        )
    return selos


@register.simple_tag
def linha_caixa(item, hoje):
    """``item``: a ``processos.selectors.ItemCaixa``."""
    antes, depois = _prefixo_detalhe()
    classes = " ".join(c for c in ("nao-lido" if item.nao_lida else "", "sigiloso" if item.sigiloso else "") if c)
    # A sigiloso's especificação is content: shown only once its password is typed again.
    titulo = item.tipo_nome + (f" — {item.especificacao}" if item.especificacao and not item.sigiloso else "")
    selos = mark_safe(
        "".join(" " + (format_html(modelo, *args) if args else modelo) for modelo, args in _selos(item, hoje))
    )
    remetente = format_html(" · de {}", item.remetente) if item.remetente else ""
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
        mark_safe('<span class="vh"> (não recebido)</span>') if item.nao_lida else "",
        selos,
        item.tipo_nome,
        remetente,
    )


