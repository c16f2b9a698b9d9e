"""Model variables (``@nome@``) replaced from an allowlist.

A model is plain text with markers, never a template language: it can reach only the values
listed here, each HTML-escaped (a value of several lines, as the recipients, one per line with
``<br>``). Unknown markers stay as they are.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape

MESES = [
    "janeiro", "fevereiro", "março", "abril", "maio", "junho",
    "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
]  # fmt: skip

DESCRICOES = {
    "processo": "NUP do processo (52402.000001/2026-72)",
    "tipo_processo": "tipo do processo",
    "especificacao": "especificação do processo",
    "interessados": "interessados do processo, separados por vírgula",
    "tipo_documento": "tipo do documento (Ofício)",
    "tipo_documento_maiusculo": "tipo do documento em maiúsculas (OFÍCIO)",
    "numero": "número do documento (12)",
    "numero_formatado": "número no formato do órgão (12/2026/SEGER-DIRAD; vazio sem número)",
    "ano": "ano do documento",
    "numero_sei": "número SEI do documento (0000123)",
    "unidade": "sigla da unidade (DIRAD)",
    "unidade_nome": "nome da unidade",
    "unidade_hierarquia": "sigla da unidade e de suas superiores (DIRAD/SE-ORG)",
    "orgao": "sigla do órgão",
    "orgao_nome": "nome do órgão",
    "data_extenso": "data por extenso (26 de novembro de 2026)",
    "usuario": "nome de quem gerou o documento",
    "destinatarios": "destinatários, um por linha como digitados (sem nenhum informado pela API: os interessados)",
    "vocativo": "vocativo tirado dos destinatários (Senhor Diretor,), ou Prezado(a) Senhor(a),",
    "unidade_destino": "sigla e nome da unidade que enviou o processo (a quem se responde)",
}

# "Ao Senhor", "À Senhora", "A Sua Senhoria o Senhor", "A Sua Excelência a Senhora"...
_TRATAMENTO = re.compile(
    r"^(?:(?:ao|à|a|aos|às)\s+)?(?:(?:sua|v\.?\s*s\.?ª?)\s+(?:excelência|senhoria|magnificência)\s+(?:o|a)\s+)?"
    r"(?P<pronome>senhora|senhor|excelentíssima senhora|excelentíssimo senhor|magnífica reitora|magnífico reitor)\b"
    r"\s*(?P<resto>.*)$",
    re.IGNORECASE,
)

_MARCADOR = re.compile(r"@([a-z_]+)@")


def data_por_extenso(d: date) -> str:
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


def _texto(valor: str | list[str]) -> str:
    if isinstance(valor, list):
        return "<br>".join(escape(linha) for linha in valor)
    return escape(valor)


def vocativo(destinatarios: list[str]) -> str:
    """The salutation of an ofício from its addressee block, as the Manual de Redação da
    Presidência writes it: "Senhor" / "Senhora" and the position ("Senhor Diretor,"), taken
    from the line after the name ("Ao Senhor / Fulano / Diretor"), or what follows the form of
    address on its own line ("À Senhora Diretora Comercial"). Without a form of address:
    "Prezado(a) Senhor(a),"."""
    linhas = [linha.strip() for linha in destinatarios if linha.strip()]
    if not linhas:
        return "Prezado(a) Senhor(a),"
    achado = _TRATAMENTO.match(linhas[0])
    if achado is None:
        return "Prezado(a) Senhor(a),"
    pronome = achado.group("pronome")
    pronome = " ".join(palavra.capitalize() for palavra in pronome.split())
    resto = achado.group("resto").strip()
    if resto:  # "À Senhora Diretora Comercial" / "Senhor Diretor"
        return f"{pronome} {resto},"
    if len(linhas) >= 3:  # "Ao Senhor" / name / position
        return f"{pronome} {linhas[2]},"
    if len(linhas) == 2:  # "Ao Senhor" / name
        return f"{pronome} {linhas[1]},"
    return f"{pronome},"


def formatar_numero(formato: str, *, numero: str, ano: int, unidade) -> str:
    """The document number in the órgão's format (plain text: escaped where it is used)."""
    if not numero:
        return ""
    valores = {
        "numero": numero,
        "ano": str(ano),
        "unidade": unidade.sigla,
        "unidade_hierarquia": unidade.hierarquia,
        "orgao": unidade.orgao.sigla,
    }
    return _MARCADOR.sub(lambda m: valores.get(m.group(1), m.group(0)), formato)


@dataclass(frozen=True)
class Contexto:
    valores: dict[str, str | list[str]]

    def aplicar(self, texto: str) -> str:
        return _MARCADOR.sub(
            lambda m: _texto(self.valores[m.group(1)]) if m.group(1) in self.valores else m.group(0),
            texto or "",
        )


def contexto_documento(*, processo, tipo, numero: str, ano: int, numero_sei: int, unidade, usuario, data: date,
                       destinatarios: list[str] | None = None, formato_numero: str = "@numero@/@ano@/@unidade_hierarquia@",
                       unidade_destino=None) -> Contexto:  # fmt: skip
    """``destinatarios``: as typed, one per line; None (not given at all, e.g. by the API): the
    interessados of the process. ``unidade_destino``: the unit the process came from."""
    nomes = [i.nome for i in processo.interessados.all()]
    interessados = ", ".join(nomes)
    if destinatarios is None:
        destinatarios = nomes
    linhas = [linha.strip() for linha in destinatarios if linha.strip()]
    valores = {
        "processo": processo.nup_formatado,
        "tipo_processo": processo.tipo.nome,
        "especificacao": processo.especificacao,
        "interessados": interessados,
        "tipo_documento": tipo.nome,
        "tipo_documento_maiusculo": tipo.nome.upper(),
        "numero": numero,
        "numero_formatado": formatar_numero(formato_numero, numero=numero, ano=ano, unidade=unidade),
        "ano": str(ano),
        "numero_sei": f"{numero_sei:07d}",
        "unidade": unidade.sigla,
        "unidade_nome": unidade.nome,
        "unidade_hierarquia": unidade.hierarquia,
        "orgao": unidade.orgao.sigla,
        "orgao_nome": unidade.orgao.nome,
        "data_extenso": data_por_extenso(data),
        "usuario": usuario.get_full_name(),
        "destinatarios": linhas,
        "vocativo": vocativo(linhas),
        "unidade_destino": f"{unidade_destino.sigla} - {unidade_destino.nome}" if unidade_destino else "",
    }
    return Contexto(valores)
