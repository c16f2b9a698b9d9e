"""Every change of state of a document: one function per SEI operation, one transaction; the
operations SEI records in the process history write their ``Andamento`` on the process. Also
what the workers write: the cache of rendered PDFs (``pdfs``), the extracted text
(``extracao``), the process export (``exportacao``) and the beat's sweep (``varredura``)."""

from .ciclo import documento_cancelar, documento_excluir
from .exportacao import ExportacaoImpossivel, executar_exportacao, exportacao_solicitar, retomar_exportacoes
from .externos import documento_externo_criar
from .extracao import extrair_texto_documento
from .internos import documento_editar, documento_interno_criar, documento_restaurar_versao
from .pdfs import abrir_pdf, obter_pdf, pdf_do_documento, pdf_para_servir
from .pendentes import (
    documento_externo_de_upload,
    token_do_upload,
    upload_descartar,
    upload_do_token,
    upload_guardar,
)
from .varredura import retomar_pendentes

__all__ = [
    "ExportacaoImpossivel",
    "abrir_pdf",
    "documento_cancelar",
    "documento_editar",
    "documento_excluir",
    "documento_externo_criar",
    "documento_externo_de_upload",
    "documento_interno_criar",
    "documento_restaurar_versao",
    "executar_exportacao",
    "exportacao_solicitar",
    "extrair_texto_documento",
    "obter_pdf",
    "pdf_do_documento",
    "pdf_para_servir",
    "retomar_exportacoes",
    "retomar_pendentes",
    "token_do_upload",
    "upload_descartar",
    "upload_do_token",
    "upload_guardar",
]
