"""The server-rendered UI of processes: thin views over ``processos.services`` and
``processos.selectors``; the access policy (``sei.acesso``) decides, never the view."""

from .controle import controle, controle_lote, pesquisa_rapida
from .processo import (
    processo_acao,
    processo_alterar,
    processo_iniciar,
    processo_reautenticar,
)

__all__ = [
    "controle",
    "controle_lote",
    "pesquisa_rapida",
    "processo_acao",
    "processo_alterar",
    "processo_iniciar",
    "processo_reautenticar",
]
