from django.contrib import admin

from sei.admin import SomenteLeitura
from sei.models import NivelAcesso

from .models import AcessoExterno, CadastroExterno


@admin.register(CadastroExterno)
class CadastroExternoAdmin(admin.ModelAdmin):
    list_display = ("usuario", "situacao", "criado_em", "analisado_em")
    list_filter = ("situacao",)
    search_fields = ("usuario__nome", "usuario__cpf", "usuario__email")
    readonly_fields = (
        "usuario",
        "email_confirmado_em",
        "termos_aceitos_em",
        "termos_versao",
        "analisado_por",
        "analisado_em",
        "criado_em",
    )


@admin.register(AcessoExterno)
class AcessoExternoAdmin(SomenteLeitura, admin.ModelAdmin):
    """For consultation only (grants are made and cancelled from the process, with a history
    entry); no sigiloso, and no motivo (free text is content)."""

    list_display = (
        "processo",
        "email",
        "tipo",
        "valido_ate",
        "unidade",
        "criado_em",
        "cancelado_em",
        "expirado_em",
    )
    list_filter = ("tipo",)
    search_fields = ("processo__nup", "email", "usuario__cpf")
    fields = (
        "processo",
        "usuario",
        "email",
        "tipo",
        "valido_ate",
        "unidade",
        "concedido_por",
        "criado_em",
        "expirado_em",
        "cancelado_em",
        "cancelado_por",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("processo", "unidade")
        return qs.exclude(processo__nivel_acesso_global=NivelAcesso.SIGILOSO)
