"""Every change of state of a process: one function per SEI operation, one transaction, one
``Andamento``. Views, API, admin, commands and tasks call these; nothing else writes."""

from .auditoria import registrar_leitura
from .credenciais import credencial_cassar, credencial_conceder
from .criacao import processo_alterar, processo_atualizar_andamento, processo_criar
from .estrutura import (
    processo_anexar,
    processo_relacionar,
    processo_remover_relacionamento,
    processo_remover_sobrestamento,
    processo_sobrestar,
)
from .tipos import tipo_processo_definir_pesquisa_publica
from .tramitacao import (
    processo_atribuir,
    processo_concluir,
    processo_enviar,
    processo_reabrir,
    processo_receber,
)

__all__ = [
    "tipo_processo_definir_pesquisa_publica",
    "credencial_cassar",
    "credencial_conceder",
    "processo_alterar",
    "processo_anexar",
    "processo_atribuir",
    "processo_atualizar_andamento",
    "processo_concluir",
    "processo_criar",
    "processo_enviar",
    "processo_reabrir",
    "processo_receber",
    "processo_relacionar",
    "processo_remover_relacionamento",
    "processo_remover_sobrestamento",
    "processo_sobrestar",
    "registrar_leitura",
]
