"""Routes of the documents API under ``/api/v1/``.

A número SEI in the path may carry its leading zeros (``0000123``) or not; anything else still
reaches the view, which answers a JSON 404. ``conteudo`` and ``pdf`` answer with and without the
trailing slash (the contract writes them without).
"""

from django.urls import path

import sei.conversores  # noqa: F401 - the ``nup_api`` path converter

from . import api

D = "documentos/<str:numero_sei>/"
T = "tarefas/<int:tarefa_id>/"

urlpatterns = [
    path("tipos-documento/", api.TiposDocumentoView.as_view(), name="api-tipos-documento"),
    path("textos-padrao/", api.TextosPadraoView.as_view(), name="api-textos-padrao"),
    path("modelos/", api.ModelosView.as_view(), name="api-modelos"),
    path(
        "processos/<nup_api:nup>/documentos/",
        api.DocumentosProcessoView.as_view(),
        name="api-processo-documentos",
    ),
    path("processos/<nup_api:nup>/exportar/", api.ExportarView.as_view(), name="api-processo-exportar"),
    path(D, api.DocumentoView.as_view(), name="api-documento"),
    path(D + "conteudo", api.ConteudoView.as_view(), name="api-documento-conteudo"),
    path(D + "conteudo/", api.ConteudoView.as_view(schema=None)),  # alias, left out of the schema
    path(D + "pdf", api.PdfView.as_view(), name="api-documento-pdf"),
    path(D + "pdf/", api.PdfView.as_view(schema=None)),  # alias, left out of the schema
    path(D + "versoes/", api.VersoesView.as_view(), name="api-documento-versoes"),
    path(D + "versoes/<int:numero>/", api.VersaoView.as_view(), name="api-documento-versao"),
    path(D + "restaurar/", api.RestaurarView.as_view(), name="api-documento-restaurar"),
    path(D + "cancelar/", api.CancelarView.as_view(), name="api-documento-cancelar"),
    path(T, api.TarefaView.as_view(), name="api-tarefa"),
    path(T + "arquivo", api.TarefaArquivoView.as_view(), name="api-tarefa-arquivo"),
    path(T + "arquivo/", api.TarefaArquivoView.as_view(schema=None)),  # alias, left out of the schema
]
