"""Django admin for the organisation: órgãos, unidades, usuários and their lotações."""

import re

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, Permission

from .models import Lotacao, Orgao, Unidade, Usuario
from .validators import normalizar_cpf, somente_digitos

# Any decimal digits (somente_digitos reads fullwidth and Arabic-Indic ones as ASCII).
CPF_DIGITADO = re.compile(r"\d{3}\.?\d{3}\.?\d{3}-?\d{2}")

admin.site.site_header = "SEI — Administração"
admin.site.site_title = "SEI — Administração"
admin.site.index_title = "Administração do sistema"

# Django names permissions "Can add <model>" in English, in the database; shown in Portuguese.
ACOES_PERMISSAO = {"add": "adicionar", "change": "alterar", "delete": "excluir", "view": "ver"}


class PermissaoField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, permissao: Permission) -> str:
        acao, _, _ = permissao.codename.partition("_")
        modelo = permissao.content_type.model_class()
        if modelo is None or acao not in ACOES_PERMISSAO:
            return str(permissao)
        return f"{modelo._meta.app_config.verbose_name} | {modelo._meta.verbose_name} | Pode {ACOES_PERMISSAO[acao]}"


class PermissoesEmPortugues:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissaoField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)


@admin.register(Group)
class GrupoAdmin(PermissoesEmPortugues, GroupAdmin):
    pass


@admin.register(Orgao)
class OrgaoAdmin(admin.ModelAdmin):
    list_display = ["sigla", "nome", "codigo_protocolo", "ativo"]
    list_filter = ["ativo"]
    search_fields = ["sigla", "nome", "codigo_protocolo"]


@admin.register(Unidade)
class UnidadeAdmin(admin.ModelAdmin):
    list_display = ["sigla", "nome", "orgao", "superior", "ativa", "recebe_processos", "email"]
    list_filter = ["orgao", "ativa", "recebe_processos"]
    list_select_related = ["orgao", "superior"]
    search_fields = ["sigla", "nome"]
    autocomplete_fields = ["superior"]


class LotacaoInline(admin.TabularInline):
    model = Lotacao
    extra = 0
    autocomplete_fields = ["unidade"]
    verbose_name = "lotação"
    verbose_name_plural = "lotações"


class UsuarioCriacaoForm(AdminUserCreationForm):
    cpf = forms.CharField(label="CPF", max_length=14, required=False, help_text="Com ou sem pontuação.")

    class Meta(AdminUserCreationForm.Meta):
        model = Usuario
        fields = ("username", "nome", "cpf", "email", "tipo")

    def clean_cpf(self):
        return normalizar_cpf(self.cleaned_data.get("cpf"))


class UsuarioAlteracaoForm(UserChangeForm):
    cpf = forms.CharField(label="CPF", max_length=14, required=False, help_text="Com ou sem pontuação.")

    class Meta(UserChangeForm.Meta):
        model = Usuario

    def clean_cpf(self):
        return normalizar_cpf(self.cleaned_data.get("cpf"))


@admin.register(Usuario)
class UsuarioAdmin(PermissoesEmPortugues, UserAdmin):
    form = UsuarioAlteracaoForm
    add_form = UsuarioCriacaoForm
    inlines = [LotacaoInline]
    list_display = ["username", "nome", "email", "tipo", "is_active", "is_staff"]
    list_filter = ["tipo", "is_active", "is_staff", "is_superuser", "lotacoes__unidade__orgao"]
    search_fields = ["username", "nome", "email", "cpf"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Dados pessoais", {"fields": ["nome", "cpf", "email", "tipo"]}),
        (
            "Permissões",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Datas importantes", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "nome",
                    "cpf",
                    "email",
                    "tipo",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # A CPF typed with punctuation or in other digits still finds the user (stored as ASCII digits).
        if CPF_DIGITADO.fullmatch(search_term.strip()):
            search_term = somente_digitos(search_term)
        return super().get_search_results(request, queryset, search_term)


@admin.register(Lotacao)
class LotacaoAdmin(admin.ModelAdmin):
    list_display = ["usuario", "unidade", "perfil", "ativa"]
    list_filter = ["perfil", "ativa", "unidade__orgao"]
    list_select_related = ["usuario", "unidade"]
    search_fields = ["usuario__username", "usuario__nome", "unidade__sigla"]
    autocomplete_fields = ["usuario", "unidade"]


class SomenteLeitura:
    """View permission only: state changes go through the services, which record history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
