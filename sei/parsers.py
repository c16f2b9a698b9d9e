"""Request body parsers of the API (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``)."""

from rest_framework import exceptions, parsers

# No body of the contract nests more than a few levels; a deeper one is an attack (a
# 5,000-level ``[[[...]]]`` overflows the decoder's recursion) and is refused as malformed.
PROFUNDIDADE_MAXIMA = 64


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (the body is read within ``DATA_UPLOAD_MAX_MEMORY_SIZE``) that refuses
    documents nested deeper than ``PROFUNDIDADE_MAXIMA`` with a 400 ``requisicao_malformada``."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            dados = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _aninhamento_excessivo() from None
        if _profundidade_excede(dados, PROFUNDIDADE_MAXIMA):
            raise _aninhamento_excessivo()
        return dados


def _aninhamento_excessivo() -> exceptions.ParseError:
    return exceptions.ParseError(
        f"Requisição malformada: JSON com mais de {PROFUNDIDADE_MAXIMA} níveis de aninhamento.",
        code="requisicao_malformada",
    )


def _profundidade_excede(dados, limite: int) -> bool:
    """Whether lists and objects nest more than ``limite`` levels (``[]`` is one), without
    recursion."""
    pilha = [(dados, 1)]
    while pilha:
        valor, nivel = pilha.pop()
        filhos = valor.values() if isinstance(valor, dict) else valor if isinstance(valor, list) else None
        if filhos is None:
            continue
        if nivel > limite:
            return True
        pilha.extend((filho, nivel + 1) for filho in filhos if isinstance(filho, dict | list))
    return False
