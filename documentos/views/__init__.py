"""The server-rendered UI of documents: thin views over ``documentos.services`` and
``documentos.selectors``; the access policy (``sei.acesso``) decides, never the view."""

from .documento import (
    documento_arquivo,
    documento_cancelar,
    documento_comparar,
    documento_conteudo,
    documento_detalhe,
    documento_editar,
    documento_excluir,
    documento_pdf,
    documento_restaurar,
    documento_versao,
    documento_versoes,
)
from .exportacao import exportacao_arquivo, exportacao_estado, exportacao_progresso, exportar
from .inclusao import documento_externo_incluir, documento_incluir

__all__ = [
    "documento_arquivo",
    "documento_cancelar",
    "documento_comparar",
    "documento_conteudo",
    "documento_detalhe",
    "documento_editar",
    "documento_excluir",
    "documento_externo_incluir",
    "documento_incluir",
    "documento_pdf",
    "documento_restaurar",
    "documento_versao",
    "documento_versoes",
    "exportacao_arquivo",
    "exportacao_estado",
    "exportacao_progresso",
    "exportar",
]
