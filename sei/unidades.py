"""A unit as people and integrations write it: ``SIGLA``, or ``ORGAO:SIGLA`` when the sigla alone
is ambiguous or names a unit of another órgão (``X-Unidade`` header, API destinations, the
management commands). One parser, and the filter every lookup by reference is built on; each
caller decides what a reference without órgão means (its own órgão, the user's units, the whole
installation). Siglas compare case-insensitively, stripped; an empty sigla names no unit."""

from django.db.models import Q


def parse_referencia_unidade(texto: str | None) -> tuple[str | None, str]:
    """``"SEGER:GAB"`` → ``("SEGER", "GAB")``; ``" gab "`` → ``(None, "gab")``; ``""`` → ``(None, "")``.

    Split at the last colon; each part stripped; an empty órgão part (``":GAB"``) is no órgão."""
    orgao, _, sigla = (texto or "").strip().rpartition(":")
    return (orgao.strip() or None), sigla.strip()


def filtro_referencia_unidade(texto: str | None, *, caminho: str = "", orgao_padrao=None) -> Q | None:
    """The ``Q`` selecting the unit written ``texto``; None when it names no unit (empty sigla).

    ``caminho``: the lookup path from the filtered model to the unit (``"unidade"`` for a
    ``Lotacao``; empty for ``Unidade`` itself). ``orgao_padrao``: the órgão (or its id) a
    reference without ``ORGAO:`` is looked up in; None: any órgão."""
    orgao_sigla, sigla = parse_referencia_unidade(texto)
    if not sigla:
        return None
    prefixo = f"{caminho}__" if caminho else ""
    filtro = Q(**{f"{prefixo}sigla__iexact": sigla})
    if orgao_sigla:
        filtro &= Q(**{f"{prefixo}orgao__sigla__iexact": orgao_sigla})
    elif orgao_padrao is not None:
        filtro &= Q(**{f"{prefixo}orgao": orgao_padrao})
    return filtro
