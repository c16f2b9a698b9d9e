"""The search page's form: it only parses what the user typed and chose; the selector decides
(a malformed query or a reversed period come back as its domain errors, ``aplicar_erros``)."""

from django import forms

from documentos import selectors as documentos_selectors
from processos.models import TipoProcesso
from sei.models import Unidade

from .serializers import Q_MAXIMO

TIPOS = [
    ("", "Tudo"),
    ("processo", "Processos"),
    ("interno", "Documentos internos"),
    ("externo", "Documentos externos"),
]
ORDENS = [("relevancia", "Relevância"), ("data", "Data (mais recentes primeiro)")]
_DATA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_FORMATOS_DATA = ["%Y-%m-%d", "%d/%m/%Y"]


class UnidadeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.sigla} — {obj.nome}" + ("" if obj.ativa else " (inativa)")


class PesquisaForm(forms.Form):
    q = forms.CharField(
        label="Pesquisar",
        required=False,
        max_length=Q_MAXIMO,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": f"A pesquisa pode ter até {Q_MAXIMO} caracteres."},
    )
    tipo = forms.ChoiceField(label="Mostrar", choices=TIPOS, required=False, widget=forms.RadioSelect)
    tipo_processo = forms.ModelChoiceField(
        label="Tipo de processo", queryset=TipoProcesso.objects.none(), required=False, empty_label="Todos"
    )
    tipo_documento = forms.ModelChoiceField(
        label="Tipo de documento", queryset=TipoProcesso.objects.none(), required=False, empty_label="Todos"
    )
    unidade = UnidadeField(
        label="Unidade geradora", queryset=Unidade.objects.none(), required=False, empty_label="Todas"
    )
    de = forms.DateField(label="De", required=False, widget=_DATA, input_formats=_FORMATOS_DATA)
    ate = forms.DateField(label="Até", required=False, widget=_DATA, input_formats=_FORMATOS_DATA)
    interessado = forms.CharField(
        label="Interessado", required=False, max_length=200, help_text="Palavras do nome do interessado."
    )
    tramitacao = forms.BooleanField(label="Com tramitação nesta unidade", required=False)
    ordem = forms.ChoiceField(label="Ordenar por", choices=ORDENS, required=False)
    processo = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    def __init__(self, *args, orgao_id: int, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("tipo"):
            self.data = self.data.copy()  # "Tudo" shows checked
            self.data["tipo"] = ""
        self.fields["tipo_processo"].queryset = TipoProcesso.objects.filter(ativo=True).order_by("nome")
        self.fields["tipo_documento"].queryset = documentos_selectors.tipos_documento()
        self.fields["unidade"].queryset = Unidade.objects.filter(orgao_id=orgao_id).order_by("sigla", "id")

    @property
    def filtrando(self) -> bool:
        """A filter other than the query, the order and the process was chosen (the panel opens)."""
        if not self.is_bound:
            return False
        return any(
            self.data.get(nome) not in (None, "")
            for nome in (
                "tipo",
                "tipo_processo",
                "tipo_documento",
                "unidade",
                "de",
                "ate",
                "interessado",
                "tramitacao",
            )
        )
