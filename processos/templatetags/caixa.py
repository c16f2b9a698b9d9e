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
    if item.processo.sigiloso:
        selos.append(('<span class="selo selo-sigiloso">Sigiloso</span>', ()))
    if item.atribuida_a_id:
        selos.append(
            ('<span class="atribuido"><span class="vh">Atribuído a </span>{}</span>', (item.atribuida_a.username,))
        )
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
    p = item.processo
    antes, depois = _prefixo_detalhe()
    classes = " ".join(c for c in ("nao-lido" if item.nao_lida else "", "sigiloso" if p.sigiloso else "") if c)
    titulo = p.tipo.nome + (f" — {p.especificacao}" if p.especificacao else "")
    selos = mark_safe(
        "".join(" " + (format_html(modelo, *args) if args else modelo) for modelo, args in _selos(item, hoje))
    )
    remetente = format_html(" · de {}", item.remetente.sigla) if item.remetente_id else ""
    return format_html(
        '<li class="{}"><input type="checkbox" name="processos" value="{}" id="sel-{}">'
        '<label for="sel-{}" class="vh">Selecionar processo {}</label>'
        '<div class="item-corpo"><a class="nup" href="{}{}{}" title="{}">{}</a>{}{}'
        '<div class="item-tipo">{}{}</div></div></li>',
        classes,
        p.nup,
        item.pk,
        item.pk,
        p.nup_formatado,
        antes,
        p.nup,
        depois,
        titulo,
        p.nup_formatado,
        mark_safe('<span class="vh"> (não recebido)</span>') if item.nao_lida else "",
        selos,
        p.tipo.nome,
        remetente,
    )


