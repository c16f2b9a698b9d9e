"""Masking CPF and CNPJ (LGPD) in whatever the public sees: one function, for every field and
snippet of the pesquisa pública.

A CPF keeps its middle six digits (``***.456.789-**``), a CNPJ its root after the first two
(``**.345.678/****-**``), as Brazilian transparency portals show them; formatted or bare digits
alike. A run of digits longer than a CPF or CNPJ (a NUP's 17 digits, a barcode) is left alone.
"""

import re

_CPF = re.compile(r"(?<![\d./-])(\d{3})\.?(\d{3})\.?(\d{3})-?(\d{2})(?![\d])")
_CNPJ = re.compile(r"(?<![\d./-])(\d{2})\.?(\d{3})\.?(\d{3})/?(\d{4})-?(\d{2})(?![\d])")


def mascarar_cpf_cnpj(texto: str) -> str:
    """``texto`` with every CPF and CNPJ in it masked."""
    if not texto:
        return texto or ""
    texto = _CNPJ.sub(lambda m: f"**.{m[2]}.{m[3]}/****-**", texto)
    return _CPF.sub(lambda m: f"***.{m[2]}.{m[3]}-**", texto)


def contem_cpf_cnpj(texto: str) -> bool:
    """Whether ``texto`` holds something the masking would treat as a CPF or CNPJ (formatted or
    bare 11/14 digits; a NUP's 17 digits and shorter numbers are not). The pesquisa pública
    refuses such queries: finding a document by a person's CPF would confirm their link to a
    process even with the snippet masked."""
    return bool(texto) and bool(_CNPJ.search(texto) or _CPF.search(texto))
