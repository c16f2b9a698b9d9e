"""Model variables (``@nome@``) replaced from an allowlist.

A model is plain text with markers, never a template language: it can reach only the values
listed here, each HTML-escaped. Unknown markers stay as they are.
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
    "ano": "ano do documento",
    "numero_sei": "número SEI do documento (0000123)",
    "unidade": "sigla da unidade (DIRAD)",
    "unidade_nome": "nome da unidade",
    "unidade_hierarquia": "sigla da unidade e de suas superiores (DIRAD/SE-ORG)",
    "orgao": "sigla do órgão",
    "orgao_nome": "nome do órgão",
    "data_extenso": "data por extenso (26 de novembro de 2026)",
    "usuario": "nome de quem gerou o documento",
    "destinatarios": "destinatários informados, separados por vírgula",
}

_MARCADOR = re.compile(r"@([a-z_]+)@")


def data_por_extenso(d: date) -> str:
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


@dataclass(frozen=True)
class Contexto:
    valores: dict[str, str]

    def aplicar(self, texto: str) -> str:
        return _MARCADOR.sub(
            lambda m: escape(self.valores[m.group(1)]) if m.group(1) in self.valores else m.group(0),
            texto or "",
        )


def contexto_documento(*, processo, tipo, numero: str, ano: int, numero_sei: int, unidade, usuario, data: date,
                       destinatarios: list[str] | None = None) -> Contexto:  # fmt: skip
    interessados = ", ".join(i.nome for i in processo.interessados.all())
    valores = {
        "processo": processo.nup_formatado,
        "tipo_processo": processo.tipo.nome,
        "especificacao": processo.especificacao,
        "interessados": interessados,
        "tipo_documento": tipo.nome,
        "tipo_documento_maiusculo": tipo.nome.upper(),
        "numero": numero,
        "ano": str(ano),
        "numero_sei": f"{numero_sei:07d}",
        "unidade": unidade.sigla,
        "unidade_nome": unidade.nome,
        "unidade_hierarquia": unidade.hierarquia,
        "orgao": unidade.orgao.sigla,
        "orgao_nome": unidade.orgao.nome,
        "data_extenso": data_por_extenso(data),
        "usuario": usuario.get_full_name(),
        "destinatarios": ", ".join(destinatarios or []),
    }
    return Contexto(valores)
