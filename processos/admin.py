"""Django admin for the process reference tables, and read-only views of processes.

Processes, their history and the e-mail outbox change only through ``processos.services``:
here they can be looked at, never added, edited or deleted. Like every list, the admin
follows the access policy where it can without an acting unit: sigiloso processes are never
listed, and no process's especificação or interessados are shown (what SEI shows outsiders).
"""

from django.contrib import admin

from sei.admin import SomenteLeitura

from . import services
from .models import (
    Andamento,
    Atividade,
    HipoteseLegal,
    LeituraAuditada,
    NivelAcesso,
    NotificacaoEmail,
    Processo,
    TipoProcesso,
)
from .nup import normalizar_nup


@admin.register(HipoteseLegal)
class HipoteseLegalAdmin(admin.ModelAdmin):
    list_display = ["nome", "base_legal", "nivel", "ativa"]
    list_filter = ["nivel", "ativa"]
    search_fields = ["nome", "base_legal"]


@admin.register(TipoProcesso)
class TipoProcessoAdmin(admin.ModelAdmin):
    list_display = [
        "nome",
        "permite_publico",
        "permite_restrito",
        "permite_sigiloso",
        "nivel_sugerido",
        "pesquisa_publica",
        "ativo",
    ]
    list_filter = ["ativo", "permite_publico", "permite_restrito", "permite_sigiloso", "pesquisa_publica"]
    search_fields = ["nome"]
    autocomplete_fields = ["hipotese_sugerida"]

    def save_model(self, request, obj, form, change):
        # The flag goes through the service: the type's processes are marked for the indexer.
        publica = obj.pesquisa_publica
        if change and "pesquisa_publica" in form.changed_data:
            obj.pesquisa_publica = not publica
        super().save_model(request, obj, form, change)
        if (not change and publica) or (change and "pesquisa_publica" in form.changed_data):
            services.tipo_processo_definir_pesquisa_publica(tipo=obj, pesquisa_publica=publica)


class AtividadeInline(SomenteLeitura, admin.TabularInline):
    model = Atividade
    fields = ["unidade", "aberta", "origem", "remetente", "aberta_em", "recebida_em", "concluida_em"]
    readonly_fields = fields
    extra = 0
    verbose_name = "situação na unidade"
    verbose_name_plural = "unidades por onde tramitou"


def _sem_sigilosos(queryset, campo="nivel_acesso_global"):
    return queryset.filter(**{f"{campo}__lt": NivelAcesso.SIGILOSO})


@admin.register(Processo)
class ProcessoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["nup_formatado", "tipo", "nivel_acesso_global", "orgao", "unidade_geradora", "criado_em", "estado"]
    list_filter = ["nivel_acesso_global", "estado", "orgao"]
    list_select_related = ["tipo", "orgao", "unidade_geradora"]
    search_fields = ["nup"]
    ordering = ["-id"]
    show_full_result_count = False
    fields = [
        "nup_formatado",
        "orgao",
        "unidade_geradora",
        "criado_por",
        "criado_em",
        "tipo",
        "nivel_acesso",
        "hipotese_legal",
        "nivel_acesso_global",
        "estado",
        "processo_principal",
    ]
    readonly_fields = fields
    inlines = [AtividadeInline]

    @admin.display(description="NUP", ordering="nup")
    def nup_formatado(self, obj):
        return obj.nup_formatado

    def get_queryset(self, request):
        return _sem_sigilosos(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # A NUP with or without punctuation.
        digitos = normalizar_nup(search_term)
        if digitos:
            return queryset.filter(nup__startswith=digitos), False
        return super().get_search_results(request, queryset, search_term)


class DoProcesso(SomenteLeitura):
    """Rows that belong to a process: never of a sigiloso; found by the process's NUP."""

    def get_queryset(self, request):
        return _sem_sigilosos(super().get_queryset(request), "processo__nivel_acesso_global")

    def get_search_results(self, request, queryset, search_term):
        digitos = normalizar_nup(search_term)
        if digitos:
            return queryset.filter(processo__nup__startswith=digitos), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Andamento)
class AndamentoAdmin(DoProcesso, admin.ModelAdmin):
    list_display = ["criado_em", "processo", "unidade", "usuario", "tipo", "descricao"]
    list_filter = ["tipo"]
    list_select_related = ["processo", "unidade", "usuario"]
    search_fields = ["processo__nup"]
    show_full_result_count = False
    # No "atributos": for an alteração they carry the before/after especificação (content).
    fields = ["processo", "unidade", "usuario", "criado_em", "tipo", "descricao", "hash_anterior", "hash"]
    readonly_fields = fields


@admin.register(LeituraAuditada)
class LeituraAuditadaAdmin(DoProcesso, admin.ModelAdmin):
    """Who read restrito content: by process (NUP), by user (login), by unit, by period. Rows of
    sigiloso processes follow the admin's rule and are not listed here."""

    list_display = ["criado_em", "usuario", "unidade", "processo", "objeto", "numero_sei", "nivel_acesso", "canal"]
    list_filter = ["objeto", "canal", "nivel_acesso", "unidade"]
    list_select_related = ["usuario", "unidade", "processo"]
    search_fields = ["usuario__username"]  # and a NUP or número SEI: get_search_results
    date_hierarchy = "criado_em"
    show_full_result_count = False
    fields = ["criado_em", "usuario", "unidade", "processo", "numero_sei", "objeto", "nivel_acesso", "canal"]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        termo = search_term.strip()
        if termo.isdigit() and len(termo) <= 7:  # a número SEI
            return queryset.filter(numero_sei=termo.zfill(7)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(NotificacaoEmail)
class NotificacaoEmailAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["criada_em", "destinatario", "assunto", "estado", "tentativas", "enviada_em"]
    list_filter = ["estado"]
    list_select_related = ["processo", "unidade"]
    search_fields = ["destinatario", "assunto"]
    fields = [
        "processo",
        "unidade",
        "destinatario",
        "assunto",
        "corpo",
        "estado",
        "tentativas",
        "criada_em",
        "enviada_em",
        "erro",
    ]
    readonly_fields = fields
