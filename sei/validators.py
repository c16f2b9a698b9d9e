"""CPF/CNPJ check digits and helpers (stored as ASCII digits only).

The one place that reads and checks a CPF or CNPJ: every form, service, command and filter goes
through ``somente_digitos`` and the validators here. Any Unicode decimal digit (Arabic-Indic
``٥``, fullwidth ``５`` from a phone keyboard...) is read as its ASCII digit, so what is stored
and searched is always ``0-9``; ``re``'s ``\\d``, ``str.isdigit()`` and ``int()`` accept those
digits as they are typed, and must not be used on a CPF/CNPJ.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

_NAO_DIGITO_ASCII = re.compile(r"[^0-9]")


def somente_digitos(valor: str) -> str:
    """The decimal digits of ``valor`` as ASCII (``"５２９.٩٨٢"`` → ``"529982"``); everything else,
    punctuation, superscripts (``²``) and NUL included, is dropped."""
    valor = valor or ""
    if valor.isascii():
        return _NAO_DIGITO_ASCII.sub("", valor)
    return "".join(str(d) for d in (unicodedata.decimal(c, None) for c in valor) if d is not None)


def digitos_verificadores_cpf(base: str) -> str:
    """The two check digits of the first nine digits of a CPF."""
    digitos = [int(d) for d in somente_digitos(base)[:9]]
    for tamanho in (9, 10):
        soma = sum(d * peso for d, peso in zip(digitos, range(tamanho + 1, 1, -1), strict=True))
        digitos.append((soma * 10 % 11) % 10)
    return f"{digitos[9]}{digitos[10]}"


def cpf_valido(valor: str) -> bool:
    cpf = somente_digitos(valor)
    if len(cpf) != 11 or cpf == cpf[0] * 11:
        return False
    return digitos_verificadores_cpf(cpf[:9]) == cpf[9:]


def cnpj_valido(valor: str) -> bool:
    cnpj = somente_digitos(valor)
    if len(cnpj) != 14 or cnpj == cnpj[0] * 14:
        return False
    pesos1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    pesos2 = [6, *pesos1]
    for tamanho, pesos in ((12, pesos1), (13, pesos2)):
        soma = sum(int(d) * p for d, p in zip(cnpj[:tamanho], pesos, strict=True))
        resto = soma % 11
        digito = 0 if resto < 2 else 11 - resto
        if digito != int(cnpj[tamanho]):
            return False
    return True


def validar_cpf(valor: str) -> None:
    """Model validator: what is stored is 11 ASCII digits with matching check digits."""
    if not (valor.isascii() and valor.isdigit() and cpf_valido(valor)):
        raise ValidationError("CPF inválido.", code="cpf_invalido")


def validar_cpf_cnpj(valor: str) -> None:
    digitos = somente_digitos(valor)
    if len(digitos) == 11 and cpf_valido(digitos):
        return
    if len(digitos) == 14 and cnpj_valido(digitos):
        return
    raise ValidationError("CPF/CNPJ inválido.", code="cpf_cnpj_invalido")


def normalizar_cpf(valor: str) -> str | None:
    """A CPF typed with or without punctuation, in any decimal digits → its 11 ASCII digits;
    ``None`` when empty. Raises ``ValidationError`` when the check digits do not match."""
    if not (valor or "").strip():
        return None
    if not cpf_valido(valor):
        raise ValidationError("CPF inválido.", code="cpf_invalido")
    return somente_digitos(valor)


def formatar_cpf(cpf: str) -> str:
    return f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}" if len(cpf) == 11 else cpf


def formatar_cpf_cnpj(valor: str) -> str:
    if len(valor) == 14:
        return f"{valor[:2]}.{valor[2:5]}.{valor[5:8]}/{valor[8:12]}-{valor[12:]}"
    return formatar_cpf(valor)
