"""Django admin for the document reference tables, and read-only views of documents.

Types, models and textos padrão are maintained here; every HTML section an administrator
types is sanitised (documentos.html.sanitizar) before it is stored, as everything else that
stores HTML. Documents, counters, PDFs and exports change only through ``documentos.services``
and the worker: here they can be looked at, never added, edited or deleted. Like the process
admin, sigiloso documents (or documents of sigiloso processes) are never listed, and no
content is shown: no version body, no extracted text, no description, sender or file name.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from processos.models import NivelAcesso
from processos.nup import normalizar_nup
from sei.admin import SomenteLeitura

from .html import sanitizar
from .models import (
    ContadorDocumento,
    Documento,
    Exportacao,
    Modelo,
    NumeracaoOrgao,
    PdfRenderizado,
    TextoPadrao,
    TipoDocumento,
)
from .variaveis import DESCRICOES

SECOES_MODELO = ["cabecalho", "titulo", "corpo", "assinatura", "rodape"]


def ajuda_variaveis() -> str:
    itens = format_html_join("", "<li><code>@{}@</code>: {}</li>", sorted(DESCRICOES.items()))
    return format_html(
        "Cada seção é HTML (tags não permitidas, scripts e estilos são removidos ao salvar). "
        "Variáveis permitidas, substituídas na criação do documento; qualquer outro marcador "
        "fica como está:<ul>{}</ul>",
        itens,
    )


@admin.register(TipoDocumento)
class TipoDocumentoAdmin(admin.ModelAdmin):
    list_display = ["nome", "aplicabilidade", "numeracao", "ativo"]
    list_filter = ["aplicabilidade", "numeracao", "ativo"]
    search_fields = ["nome"]


class ModeloForm(forms.ModelForm):
    class Meta:
        model = Modelo
        fields = ["tipo", "nome", "padrao", "ativo", *SECOES_MODELO]

    def _sanitizar(self, campo: str) -> str:
        return sanitizar(self.cleaned_data.get(campo) or "")

    def clean_cabecalho(self):
        return self._sanitizar("cabecalho")

    def clean_titulo(self):
        return self._sanitizar("titulo")

    def clean_corpo(self):
        return self._sanitizar("corpo")

    def clean_assinatura(self):
        return self._sanitizar("assinatura")

    def clean_rodape(self):
        return self._sanitizar("rodape")

    def clean(self):
        dados = super().clean()
        tipo = dados.get("tipo")
        if tipo and dados.get("padrao") and dados.get("ativo"):
            outros = Modelo.objects.filter(tipo=tipo, padrao=True, ativo=True).exclude(pk=self.instance.pk)
            outro = outros.first()
            if outro is not None:
                raise ValidationError(
                    {
                        "padrao": (
                            f"O tipo {tipo} já tem um modelo padrão ativo ({outro.nome}). Desmarque "
                            "“modelo padrão do tipo” aqui ou naquele modelo antes de salvar."
                        )
                    },
                    code="modelo_padrao_duplicado",
                )
        return dados

    def _get_validation_exclusions(self):
        # "One default model per type" is checked in clean() with a message an admin understands,
        # instead of Django's generic "Constraint ... is violated"; the database still enforces it.
        excluidos = super()._get_validation_exclusions()
        excluidos.add("tipo")
        return excluidos


@admin.register(Modelo)
class ModeloAdmin(admin.ModelAdmin):
    form = ModeloForm
    list_display = ["nome", "tipo", "padrao", "ativo"]
    list_filter = ["ativo", "padrao", "tipo"]
    list_select_related = ["tipo"]
    search_fields = ["nome", "tipo__nome"]
    autocomplete_fields = ["tipo"]

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["tipo", "nome", "padrao", "ativo"]}),
            ("Seções do documento", {"fields": SECOES_MODELO, "description": ajuda_variaveis()}),
        ]


class TextoPadraoForm(forms.ModelForm):
    class Meta:
        model = TextoPadrao
        fields = ["unidade", "nome", "conteudo"]
        help_texts = {"conteudo": "HTML; o que não é permitido é removido ao salvar."}

    def clean_conteudo(self):
        conteudo = sanitizar(self.cleaned_data.get("conteudo") or "")
        if not conteudo.strip():
            raise ValidationError("O texto ficou vazio depois de removido o que não é permitido.")
        return conteudo


@admin.register(NumeracaoOrgao)
class NumeracaoOrgaoAdmin(admin.ModelAdmin):
    """How each órgão writes document numbers in the text (``@numero_formatado@``)."""

    list_display = ["orgao", "formato"]
    autocomplete_fields = ["orgao"]


@admin.register(TextoPadrao)
class TextoPadraoAdmin(admin.ModelAdmin):
    form = TextoPadraoForm
    list_display = ["nome", "unidade"]
    list_filter = ["unidade__orgao"]
    list_select_related = ["unidade"]
    search_fields = ["nome", "unidade__sigla"]
    autocomplete_fields = ["unidade"]


@admin.register(ContadorDocumento)
class ContadorDocumentoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["tipo", "escopo", "ano", "ultimo"]
    list_filter = ["ano", "tipo"]
    list_select_related = ["tipo"]
    fields = ["tipo", "escopo", "ano", "ultimo"]
    readonly_fields = fields


def _sem_sigilosos(queryset):
    return queryset.filter(
        nivel_acesso__lt=NivelAcesso.SIGILOSO, processo__nivel_acesso_global__lt=NivelAcesso.SIGILOSO
    )


@admin.register(Documento)
class DocumentoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["rotulo", "nup", "unidade_geradora", "nivel_acesso", "estado", "criado_em"]
    list_filter = ["estado", "natureza", "nivel_acesso", "tipo"]
    list_select_related = ["tipo", "processo", "unidade_geradora"]
    search_fields = ["numero_sei"]
    search_help_text = "Número SEI do documento (com ou sem zeros à esquerda) ou NUP do processo."
    ordering = ["-id"]
    show_full_result_count = False
    # Metadata only: nothing of the content (versions, extracted text) nor what the API keeps
    # for those who read the process content (description, sender, file name, size, hash).
    fields = [
        "numero_sei_formatado",
        "rotulo",
        "processo",
        "tipo",
        "natureza",
        "numero",
        "ano",
        "unidade_geradora",
        "criado_por",
        "criado_em",
        "nivel_acesso",
        "hipotese_legal",
        "estado",
        "versao_atual",
        "cancelado_em",
        "cancelado_por",
        "formato",
        "tipo_conferencia",
        "arquivo_mime",
    ]
    readonly_fields = fields

    @admin.display(description="rótulo na árvore")
    def rotulo(self, obj):
        return obj.rotulo

    @admin.display(description="número SEI", ordering="numero_sei")
    def numero_sei_formatado(self, obj):
        return obj.numero_sei_formatado

    @admin.display(description="processo (NUP)", ordering="processo__nup")
    def nup(self, obj):
        return obj.processo.nup_formatado

    def get_queryset(self, request):
        return _sem_sigilosos(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        termo = search_term.strip()
        if termo.isascii() and termo.isdigit() and len(termo) <= 10:  # not "²", which int() refuses
            return queryset.filter(numero_sei=int(termo)), False
        digitos = normalizar_nup(termo)
        if digitos:
            return queryset.filter(processo__nup__startswith=digitos), False
        return queryset.none() if termo else queryset, False


@admin.register(Exportacao)
class ExportacaoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = [
        "criada_em",
        "processo",
        "formato",
        "usuario",
        "unidade",
        "estado",
        "progresso",
        "expira_em",
    ]
    list_filter = ["estado", "formato"]
    list_select_related = ["processo", "usuario", "unidade"]
    ordering = ["-id"]
    show_full_result_count = False
    # No file name: the file is served only to the user who asked, through the access-checked view.
    fields = [
        "processo",
        "usuario",
        "unidade",
        "formato",
        "estado",
        "progresso",
        "detalhe",
        "tentativas",
        "criada_em",
        "atualizada_em",
        "expira_em",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(processo__nivel_acesso_global__lt=NivelAcesso.SIGILOSO)


@admin.register(PdfRenderizado)
class PdfRenderizadoAdmin(SomenteLeitura, admin.ModelAdmin):
    list_display = ["chave", "paginas", "criado_em"]
    ordering = ["-id"]
    show_full_result_count = False
    fields = ["chave", "paginas", "criado_em"]
    readonly_fields = fields
