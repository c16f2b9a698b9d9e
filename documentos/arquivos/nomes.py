"""The client's file name: metadata only, never a storage path."""

import unicodedata

TAMANHO_MAXIMO_NOME = 255

# Cc: control characters; Cf: format characters (bidi overrides U+202A-U+202E, isolates
# U+2066-U+2069, zero-width joiners, BOM); Zl/Zp: line and paragraph separators.
_CATEGORIAS_REMOVIDAS = {"Cc", "Cf", "Zl", "Zp"}


def normalizar_nome_cliente(nome: str | None) -> str:
    """NFC, last path component only, no control/bidi characters, at most 255 characters.

    Returns "" when nothing usable is left ("", ".", "..", only control characters).
    """
    if not nome:
        return ""
    nome = unicodedata.normalize("NFC", str(nome))
    nome = "".join(c for c in nome if unicodedata.category(c) not in _CATEGORIAS_REMOVIDAS)
    # Both separators: a Windows browser may send "C:\\Users\\x\\arquivo.pdf".
    nome = nome.replace("\\", "/").rsplit("/", 1)[-1]
    nome = nome.strip()
    if not nome.strip("."):
        return ""
    if len(nome) > TAMANHO_MAXIMO_NOME:
        base, ponto, ext = nome.rpartition(".")
        if ponto and base and len(ext) <= 16:
            nome = base[: TAMANHO_MAXIMO_NOME - len(ext) - 1].rstrip() + "." + ext
        else:
            nome = nome[:TAMANHO_MAXIMO_NOME]
    return nome


def extensao(nome: str) -> str:
    """Lower-case extension without the dot ("" when there is none)."""
    base, ponto, ext = nome.rpartition(".")
    if not ponto or not base:
        return ""
    return ext.lower()
