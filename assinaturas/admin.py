"""Django admin for signatures: the signers (``Assinante``) are maintained here; certificates and
signatures are only looked at (certificates come from ``criar_certificado_orgao``, signatures
from ``assinaturas.services``). Like the process admin, signatures on sigiloso documents (or
documents of sigiloso processes) are never listed."""

from django.contrib import admin

from processos.models import NivelAcesso
from sei.admin import SomenteLeitura

from .models import (
    Assinante,
    Assinatura,
    Bloco,
    BlocoUnidade,
    CertificadoOrgao,
    FundamentoLegal,
    ItemBloco,
    PreparacaoAssinatura,
)


@admin.register(Assinante)
class AssinanteAdmin(admin.ModelAdmin):
    list_display = ["usuario", "cargo", "orgao", "ativo"]
    list_filter = ["orgao", "ativo"]
    list_select_related = ["usuario", "orgao"]
    search_fields = ["usuario__username", "usuario__nome", "cargo"]
    autocomplete_fields = ["usuario"]
    filter_horizontal = ["unidades"]


@admin.register(FundamentoLegal)
class FundamentoLegalAdmin(admin.ModelAdmin):
    """The legal basis each kind of signature cites, per órgão (the tarjas made from then on)."""

    list_display = ["nivel", "orgao", "texto"]
    list_filter = ["nivel", "orgao"]
    list_select_related = ["orgao"]


@admin.register(CertificadoOrgao)
class CertificadoOrgaoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["tipo", "orgao", "sujeito", "serial", "valido_ate", "ativo"]
    list_filter = ["tipo", "ativo", "orgao"]
    list_select_related = ["orgao"]
    search_fields = ["sujeito", "serial", "impressao_sha256"]
    fields = [
        "tipo",
        "orgao",
        "sujeito",
        "emissor",
        "serial",
        "impressao_sha256",
        "valido_de",
        "valido_ate",
        "ativo",
        "arquivo_chave",
        "criado_em",
        "certificado_pem",
    ]
    readonly_fields = fields


@admin.register(Assinatura)
class AssinaturaAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["numero_sei", "nome", "cargo", "nivel", "tipo", "criada_em", "descartada_em"]
    list_filter = ["nivel", "tipo"]
    list_select_related = ["documento"]
    search_fields = ["nome", "cargo", "usuario__username"]  # and a número SEI: get_search_results
    search_help_text = "Número SEI do documento (com ou sem zeros à esquerda), nome, cargo ou login."
    date_hierarchy = "criada_em"
    ordering = ["-criada_em"]
    show_full_result_count = False
    # No CPF and no file name: what the public authenticity page would not show either.
    fields = [
        "numero_sei",
        "ordem",
        "tipo",
        "nivel",
        "usuario",
        "unidade",
        "nome",
        "cargo",
        "criada_em",
        "certificado",
        "certificado_sujeito",
        "certificado_emissor",
        "certificado_serial",
        "certificado_sha256",
        "carimbo_tempo",
        "campo",
        "arquivo_sha256",
        "descartada_em",
    ]
    readonly_fields = fields

    @admin.display(description="número SEI", ordering="documento__numero_sei")
    def numero_sei(self, obj):
        return obj.documento.numero_sei_formatado

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(
                documento__nivel_acesso__lt=NivelAcesso.SIGILOSO,
                documento__processo__nivel_acesso_global__lt=NivelAcesso.SIGILOSO,
            )
        )

    def get_search_results(self, request, queryset, search_term):
        termo = search_term.strip()
        if termo.isascii() and termo.isdigit() and len(termo) <= 10:  # a número SEI (not "²", which int() refuses)
            return queryset.filter(documento__numero_sei=int(termo)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(PreparacaoAssinatura)
class PreparacaoAssinaturaAdmin(SomenteLeitura, admin.ModelAdmin):
    """Qualificada signatures prepared (waiting for, or given, the signer's CMS): only looked at.
    Like the signatures, never those of sigiloso documents."""

    list_display = ["numero_sei", "nome", "cargo", "unidade", "criada_em", "expira_em", "concluida_em"]
    list_select_related = ["documento", "unidade"]
    search_fields = ["nome", "cargo", "usuario__username"]
    date_hierarchy = "criada_em"
    ordering = ["-criada_em"]
    show_full_result_count = False
    # No CPF, file name or digest: nothing the public page would not show either.
    fields = [
        "id",
        "numero_sei",
        "usuario",
        "unidade",
        "nome",
        "cargo",
        "campo",
        "ordem",
        "primeira",
        "versao_documento",
        "base_sha256",
        "criada_em",
        "expira_em",
        "concluida_em",
    ]
    readonly_fields = fields

    @admin.display(description="número SEI", ordering="documento__numero_sei")
    def numero_sei(self, obj):
        return obj.documento.numero_sei_formatado

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(
                documento__nivel_acesso__lt=NivelAcesso.SIGILOSO,
                documento__processo__nivel_acesso_global__lt=NivelAcesso.SIGILOSO,
            )
        )


class BlocoUnidadeInline(SomenteLeitura, admin.TabularInline):
    model = BlocoUnidade
    fields = ["unidade", "disponibilizado_em", "devolvido_em", "devolvido_por"]
    readonly_fields = fields
    extra = 0


class ItemBlocoInline(SomenteLeitura, admin.TabularInline):
    model = ItemBloco
    fields = ["numero_sei", "incluido_por", "incluido_em", "anotacao"]
    readonly_fields = fields
    extra = 0

    @admin.display(description="número SEI")
    def numero_sei(self, obj):
        return obj.documento.numero_sei_formatado

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("documento", "incluido_por")


@admin.register(Bloco)
class BlocoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["id", "descricao", "unidade", "estado", "criado_por", "criado_em"]
    list_filter = ["estado"]
    list_select_related = ["unidade", "criado_por"]
    search_fields = ["descricao", "unidade__sigla"]
    date_hierarchy = "criado_em"
    ordering = ["-id"]
    fields = ["id", "unidade", "descricao", "estado", "criado_por", "criado_em", "atualizado_em"]
    readonly_fields = fields
    inlines = [BlocoUnidadeInline, ItemBlocoInline]
