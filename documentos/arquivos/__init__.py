"""Files of external documents: verify an upload, store it, serve it, extract its text.

Pure functions over Django's storage API; no model of ``documentos`` is used here, so the
services wire it in (see each function's docstring).
"""

from .erros import ArmazenamentoIndisponivel, ArquivoCorrompido, ArquivoGrande, TipoRecusado
from .extracao import LIMITE_TEXTO, extrair_texto
from .gravacao import (
    ERROS_DE_ARMAZENAMENTO,
    ArquivoGravado,
    apagar,
    apagar_se_falhar,
    gerar_nome,
    gravar,
    gravar_bytes,
)
from .leitura import LeitorVerificado, abrir_armazenado, abrir_verificado, ler_tudo, resposta_arquivo
from .nomes import normalizar_nome_cliente
from .tipos import EXTENSOES_PADRAO, TIPOS, LimitesZip
from .verificacao import ArquivoVerificado, formatar_tamanho, verificar_upload

__all__ = [
    "ERROS_DE_ARMAZENAMENTO",
    "EXTENSOES_PADRAO",
    "LIMITE_TEXTO",
    "TIPOS",
    "ArmazenamentoIndisponivel",
    "ArquivoCorrompido",
    "ArquivoGrande",
    "ArquivoGravado",
    "ArquivoVerificado",
    "LeitorVerificado",
    "LimitesZip",
    "TipoRecusado",
    "abrir_armazenado",
    "abrir_verificado",
    "apagar",
    "apagar_se_falhar",
    "extrair_texto",
    "formatar_tamanho",
    "gerar_nome",
    "gravar",
    "gravar_bytes",
    "ler_tudo",
    "normalizar_nome_cliente",
    "resposta_arquivo",
    "verificar_upload",
]
