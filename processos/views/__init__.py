"""The server-rendered UI of processes: thin views over ``processos.services`` and
``processos.selectors``; the access policy (``sei.acesso``) decides, never the view."""

from .comum import processo_ou_404
from .controle import controle, controle_lote, pesquisa_rapida
from .processo import (
    processo_acao,
    processo_alterar,
    processo_iniciar,
    processo_reautenticar,
)

__all__ = [
    "processo_ou_404",
    "controle",
    "controle_lote",
    "pesquisa_rapida",
    "processo_acao",
    "processo_alterar",
    "processo_iniciar",
    "processo_reautenticar",
]
