"""CPF/CNPJ check digits and helpers (stored as digits only)."""

import re

from django.core.exceptions import ValidationError

_NAO_DIGITO = re.compile(r"\D")


def somente_digitos(valor: str) -> str:
    return _NAO_DIGITO.sub("", valor or "")


def cpf_valido(valor: str) -> bool:
    cpf = somente_digitos(valor)
    if len(cpf) != 11 or cpf == cpf[0] * 11:
        return False
    for tamanho in (9, 10):
        soma = sum(int(d) * peso for d, peso in zip(cpf[:tamanho], range(tamanho + 1, 1, -1), strict=True))
        digito = (soma * 10 % 11) % 10
        if digito != int(cpf[tamanho]):
            return False
    return True


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
    if not cpf_valido(valor):
        raise ValidationError("CPF inválido.", code="cpf_invalido")


def validar_cpf_cnpj(valor: str) -> None:
    digitos = somente_digitos(valor)
    if len(digitos) == 11 and cpf_valido(digitos):
        return
    if len(digitos) == 14 and cnpj_valido(digitos):
        return
    raise ValidationError("CPF/CNPJ inválido.", code="cpf_cnpj_invalido")


def formatar_cpf(cpf: str) -> str:
    return f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}" if len(cpf) == 11 else cpf


def formatar_cpf_cnpj(valor: str) -> str:
    if len(valor) == 14:
        return f"{valor[:2]}.{valor[2:5]}.{valor[5:8]}/{valor[8:12]}-{valor[12:]}"
    return formatar_cpf(valor)
