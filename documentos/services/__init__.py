"""Every change of state of a document: one function per SEI operation, one transaction; the
operations SEI records in the process history write their ``Andamento`` on the process."""

from .ciclo import documento_cancelar, documento_excluir
from .exportacao import exportacao_solicitar
from .externos import documento_externo_criar
from .internos import documento_editar, documento_interno_criar, documento_restaurar_versao

__all__ = [
    "documento_cancelar",
    "documento_editar",
    "documento_excluir",
    "documento_externo_criar",
    "documento_interno_criar",
    "documento_restaurar_versao",
    "exportacao_solicitar",
]
