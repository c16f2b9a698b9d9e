"""Admin of the portal's records: the registrations (approve and deactivate as actions, through
the same services and permission as the internal page) and the terms of use."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from processos.services.criacao import validar_nivel
from sei.acesso import Ator
from sei.admin import SomenteLeitura
from sei.contexto import unidade_da_requisicao
from sei.exceptions import AcessoNegado, ErroDominio
from sei.models import NivelAcesso

from . import services
from .models import (
    AcessoExterno,
    CadastroExterno,
    Manifestacao,
    Peticao,
    TermosDeUso,
    TipoManifestacao,
    TipoPeticionamento,
)


def _ator(request) -> Ator:
    try:
        unidade = unidade_da_requisicao(request)
    except AcessoNegado:
        unidade = None
    return Ator(usuario=request.user, unidade=unidade)


def _aplicar(modeladmin, request, queryset, servico, verbo, **extra):
    feitos = 0
    for cadastro in queryset.select_related("usuario"):
        try:
            servico(
                ator=_ator(request),
                usuario=cadastro.usuario,
                url_base=request.build_absolute_uri("/"),
                **extra,
            )
        except ErroDominio as erro:
            modeladmin.message_user(request, f"{cadastro.usuario.nome}: {erro.mensagem}", messages.ERROR)
        else:
            feitos += 1
    if feitos:
        modeladmin.message_user(
            request, f"{feitos} cadastro(s) {verbo}; os usuários foram avisados por e-mail."
        )


@admin.register(CadastroExterno)
class CadastroExternoAdmin(admin.ModelAdmin):
    list_display = ("usuario", "situacao", "email_confirmado_em", "criado_em", "analisado_em")
    list_filter = ("situacao",)
    list_select_related = ("usuario",)
    search_fields = ("usuario__nome", "usuario__cpf", "usuario__email")
    readonly_fields = (
        "usuario",
        "situacao",
        "motivo",
        "email_confirmado_em",
        "termos_aceitos_em",
        "termos_versao",
        "analisado_por",
        "analisado_em",
        "criado_em",
    )
    actions = ["liberar", "desativar", "reativar"]

    def has_add_permission(self, request):
        return False  # registrations come from the portal or manage.py criar_usuario_externo

    def has_delete_permission(self, request, obj=None):
        return False  # refused or deactivated, never deleted

    def get_actions(self, request):
        acoes = super().get_actions(request)
        if not services.pode_liberar_cadastros(request.user):
            for nome in ("liberar", "desativar", "reativar"):
                acoes.pop(nome, None)
        return acoes

    @admin.action(description="Liberar os cadastros pendentes selecionados")
    def liberar(self, request, queryset):
        _aplicar(self, request, queryset, services.cadastro_liberar, "liberado(s)")

    @admin.action(description="Reativar os cadastros desativados selecionados")
    def reativar(self, request, queryset):
        _aplicar(self, request, queryset, services.cadastro_reativar, "reativado(s)")

    @admin.action(description="Desativar os cadastros selecionados (com motivo)")
    def desativar(self, request, queryset):
        motivo = (request.POST.get("motivo") or "").strip()
        if request.POST.get("confirmar") and motivo:
            _aplicar(self, request, queryset, services.cadastro_desativar, "desativado(s)", motivo=motivo)
            return None
        return TemplateResponse(
            request,
            "admin/externo/desativar.html",
            {
                **self.admin_site.each_context(request),
                "title": "Desativar cadastros de usuários externos",
                "cadastros": queryset.select_related("usuario"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "faltou_motivo": bool(request.POST.get("confirmar")),
            },
        )


@admin.register(TermosDeUso)
class TermosDeUsoAdmin(admin.ModelAdmin):
    """A new text is a new row (the one in force is the latest); older ones stay, unchanged, since
    each registration keeps the digest of the text it accepted."""

    list_display = ("__str__", "criado_por")
    readonly_fields = ("criado_em", "criado_por")
    fields = ("texto", "criado_em", "criado_por")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.criado_por = request.user
        super().save_model(request, obj, form, change)


@admin.register(AcessoExterno)
class AcessoExternoAdmin(SomenteLeitura, admin.ModelAdmin):
    """For consultation only (grants are made and cancelled from the process, with a history
    entry); no sigiloso, and no motivo (free text is content)."""

    list_display = (
        "processo",
        "email",
        "tipo",
        "permite_inclusao",
        "valido_ate",
        "unidade",
        "criado_em",
        "cancelado_em",
        "expirado_em",
    )
    list_filter = ("tipo", "permite_inclusao")
    search_fields = ("processo__nup", "email", "usuario__cpf")
    fields = (
        "processo",
        "usuario",
        "email",
        "tipo",
        "permite_inclusao",
        "tipos_documento",
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


class TipoPeticionamentoForm(forms.ModelForm):
    nivel_acesso = forms.TypedChoiceField(label="nível de acesso", choices=NivelAcesso.choices, coerce=int)

    class Meta:
        model = TipoPeticionamento
        fields = [
            "nome", "tipo_processo", "unidade", "instrucoes", "nivel_acesso", "hipotese_legal", "principal",
            "tipo_principal", "tipos_essenciais", "tipos_complementares", "intercorrente_interessado", "ativo",
        ]  # fmt: skip

    def clean(self):
        dados = super().clean()
        if dados.get("tipo_processo") is not None and dados.get("nivel_acesso") is not None:
            try:
                validar_nivel(dados["tipo_processo"], dados["nivel_acesso"], dados.get("hipotese_legal"))
            except ErroDominio as erro:
                raise forms.ValidationError([m for lista in erro.errors.values() for m in lista]) from None
        return dados


@admin.register(TipoPeticionamento)
class TipoPeticionamentoAdmin(admin.ModelAdmin):
    """The órgão's configuration of Peticionamento Eletrônico (what the portal offers)."""

    list_display = ["nome", "tipo_processo", "unidade", "principal", "ativo"]
    list_filter = ["ativo", "principal"]
    search_fields = ["nome"]
    filter_horizontal = ["tipos_essenciais", "tipos_complementares"]
    form = TipoPeticionamentoForm


@admin.register(Peticao)
class PeticaoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["processo", "usuario", "tipo", "criada_em"]
    list_filter = ["tipo"]


class TipoManifestacaoForm(forms.ModelForm):
    nivel_acesso = forms.TypedChoiceField(
        label="nível de acesso", choices=NivelAcesso.choices, coerce=int, initial=NivelAcesso.RESTRITO
    )

    class Meta:
        model = TipoManifestacao
        fields = [
            "nome", "tipo_processo", "unidade", "tipo_documento", "nivel_acesso", "hipotese_legal", "instrucoes",
            "ativo",
        ]  # fmt: skip

    def clean(self):
        dados = super().clean()
        if dados.get("tipo_processo") is not None and dados.get("nivel_acesso") is not None:
            try:
                validar_nivel(dados["tipo_processo"], dados["nivel_acesso"], dados.get("hipotese_legal"))
            except ErroDominio as erro:
                raise forms.ValidationError([m for lista in erro.errors.values() for m in lista]) from None
        return dados


@admin.register(TipoManifestacao)
class TipoManifestacaoAdmin(admin.ModelAdmin):
    """Ouvidoria: each kind of manifestation of the public form and where it goes."""

    form = TipoManifestacaoForm
    list_display = ("nome", "tipo_processo", "unidade", "nivel_acesso", "ativo")
    list_filter = ("ativo",)
    list_select_related = ("tipo_processo", "unidade")


@admin.register(Manifestacao)
class ManifestacaoAdmin(admin.ModelAdmin):
    """Ouvidoria: manifestations sent by the public form, pending or confirmed; read only (the
    beat deletes the expired pending ones with their files)."""

    list_display = ("tipo", "nome", "email", "criada_em", "confirmada_em", "processo")
    list_filter = ("tipo", ("confirmada_em", admin.EmptyFieldListFilter))
    list_select_related = ("tipo", "processo")
    search_fields = ("nome", "email", "assunto")
    readonly_fields = [f.name for f in Manifestacao._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
