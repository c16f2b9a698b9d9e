"""What an administrator sees of the search: the indexer's queue (read only) and, in its list
header, the configured backend's state."""

from django.contrib import admin

from sei.admin import SomenteLeitura
from sei.models import PendenciaIndice

from . import backends


@admin.register(PendenciaIndice)
class PendenciaIndiceAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["chave", "marcada_em"]
    search_fields = ["chave"]
    ordering = ["id"]

    def changelist_view(self, request, extra_context=None):
        backend = backends.obter()
        try:
            estado = backend.estado()
        except Exception as erro:  # an unreadable index is what the administrator came to see
            estado = {"backend": backend.nome, "erro": str(erro)}
        titulo = f"Fila do índice de busca — índice {estado.get('backend')}: " + ", ".join(
            f"{k} {v}" for k, v in estado.items() if k != "backend"
        )
        return super().changelist_view(request, {**(extra_context or {}), "title": titulo})
