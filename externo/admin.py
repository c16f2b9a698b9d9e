from django.contrib import admin

from .models import CadastroExterno


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
