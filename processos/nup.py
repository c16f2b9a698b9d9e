"""NUP, the federal 17-digit process number: ``OOOOO.SSSSSS/AAAA-DD``.

Two mod-11 check digits: weights 2, 3, 4, ... from the rightmost digit; ``11 - (sum mod 11)``
where 10 gives 0 and 11 gives 1; the second digit is computed over the 15 digits plus the first.
"""

from sei.validators import somente_digitos


def _dv_mod11(digitos: str) -> int:
    soma = sum(int(d) * peso for peso, d in enumerate(reversed(digitos), start=2))
    dv = 11 - (soma % 11)
    return {10: 0, 11: 1}.get(dv, dv)


def digitos_verificadores(quinze: str) -> str:
    dv1 = _dv_mod11(quinze)
    dv2 = _dv_mod11(quinze + str(dv1))
    return f"{dv1}{dv2}"


def gerar_nup(*, codigo_protocolo: str, sequencial: int, ano: int) -> str:
    """The 17 digits of a NUP (no punctuation)."""
    if not (len(codigo_protocolo) == 5 and codigo_protocolo.isdigit()):
        raise ValueError("código de protocolo deve ter 5 dígitos")
    if not 0 < sequencial <= 999_999:
        raise ValueError("sequencial do NUP fora do intervalo 1..999999")
    quinze = f"{codigo_protocolo}{sequencial:06d}{ano:04d}"
    return quinze + digitos_verificadores(quinze)


def normalizar_nup(valor: str) -> str:
    """The digits of a NUP typed with or without punctuation, as ASCII (``sei.validators``)."""
    return somente_digitos(valor)


def nup_valido(valor: str) -> bool:
    digitos = normalizar_nup(valor)
    return len(digitos) == 17 and digitos_verificadores(digitos[:15]) == digitos[15:]


def formatar_nup(digitos: str) -> str:
    if len(digitos) != 17:
        return digitos
    return f"{digitos[:5]}.{digitos[5:11]}/{digitos[11:15]}-{digitos[15:]}"
