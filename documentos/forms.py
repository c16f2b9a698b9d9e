"""Forms of the document pages. They only parse input; the services decide (their domain errors
are put back on the fields by ``processos.forms.aplicar_erros``)."""

from django import forms
from django.conf import settings

from processos.forms import NIVEIS, HipoteseField
from processos.models import NivelAcesso

from . import selectors
from .models import Documento, Exportacao, TipoDocumento
from .widgets import EditorHTML

# The editor widget in one place: switching editors is this one line.
WidgetEditor = EditorHTML

TEXTO_INICIAL = [
    ("modelo", "Modelo padrão do tipo"),
    ("documento", "Documento modelo (número SEI)"),
    ("texto_padrao", "Texto padrão da unidade"),
    ("nenhum", "Nenhum (documento em branco)"),
]


class SelectTipo(forms.Select):
    """Each type's option says whether its number is typed by the user (documentos.js shows the
    Número field only then)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        opcao = super().create_option(name, value, label, selected, index, subindex, attrs)
        tipo = getattr(value, "instance", None)
        if tipo is not None and tipo.numeracao == TipoDocumento.Numeracao.INFORMADA:
            opcao["attrs"]["data-numero-informado"] = "1"
        return opcao


class SelectHipotese(forms.Select):
    """Each hipótese's option carries its level (``data-nivel``: restrito / sigiloso), so that
    documentos.js offers only those of the chosen level; the service still refuses a mismatch."""

    def __init__(self, *args, niveis: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.niveis = niveis

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        opcao = super().create_option(name, value, label, selected, index, subindex, attrs)
        nivel = self.niveis.get(str(value))
        if nivel:
            opcao["attrs"]["data-nivel"] = nivel
        return opcao


class _NivelMixin:
    """Nível de acesso + hipótese legal, as on the process forms; a new document starts at the
    process's level and hipótese (SEI's default)."""

    def _campos_nivel(self, processo=None):
        inicial = NivelAcesso(processo.nivel_acesso).chave if processo is not None else "publico"
        self.fields["nivel_acesso"] = forms.ChoiceField(
            label="Nível de acesso", choices=NIVEIS, widget=forms.RadioSelect, initial=inicial
        )
        hipotese = HipoteseField(
            label="Hipótese legal", help_text="Obrigatória para documento restrito ou sigiloso."
        )
        hipotese.choices = [("", "Nenhuma (documento público)"), *hipotese.choices[1:]]
        niveis = {pk: NivelAcesso(h.nivel).chave for pk, h in hipotese._por_id.items()}
        hipotese.widget = SelectHipotese(niveis=niveis, attrs={"data-hipoteses": "1"})
        hipotese.widget.choices = hipotese.choices
        if processo is not None and processo.hipotese_legal_id:
            hipotese.initial = str(processo.hipotese_legal_id)
        self.fields["hipotese_legal"] = hipotese

    def clean(self):
        d = super().clean()
        # Also checked by the service (the authority); here so the message sits on the field.
        chave, hipotese = d.get("nivel_acesso"), d.get("hipotese_legal")
        if chave and hipotese is not None and NivelAcesso(hipotese.nivel).chave != chave:
            if chave == "publico":
                self.add_error("hipotese_legal", "Hipótese legal não se aplica a documento público.")
            else:
                nivel = NivelAcesso.de_chave(chave).label.lower()
                self.add_error(
                    "hipotese_legal",
                    f"A hipótese legal escolhida não vale para documento {nivel}: escolha uma da lista {nivel}.",
                )
        return d

    def nivel_servico(self) -> dict:
        d = self.cleaned_data
        return {
            "nivel_acesso": int(NivelAcesso.de_chave(d["nivel_acesso"])),
            "hipotese_legal": d["hipotese_legal"],
        }


class DocumentoInternoForm(_NivelMixin, forms.Form):
    """Incluir Documento (gerado)."""

    tipo = forms.ModelChoiceField(
        label="Tipo do documento", queryset=None, empty_label="Selecione o tipo", widget=SelectTipo
    )
    texto_inicial = forms.ChoiceField(
        label="Texto inicial", choices=TEXTO_INICIAL, widget=forms.RadioSelect, initial="modelo"
    )
    documento_modelo = forms.CharField(
        label="Número SEI do documento modelo", required=False, max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    texto_padrao = forms.ModelChoiceField(
        label="Texto padrão", queryset=None, required=False, empty_label="Selecione o texto padrão"
    )
    descricao = forms.CharField(label="Descrição", max_length=200, required=False)
    destinatarios = forms.CharField(
        label="Destinatários", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Como devem aparecer no texto, uma linha por linha (ex.: Ao Senhor / Nome / Cargo); "
        "a saudação vem daqui (Senhor Cargo,). Começa com os interessados do processo.",
    )  # fmt: skip
    numero = forms.CharField(
        label="Número", max_length=50, required=False, help_text="Só para tipos com numeração informada."
    )

    def __init__(self, *args, ator, processo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo"].queryset = selectors.tipos_documento(interno=True)
        self.fields["texto_padrao"].queryset = selectors.textos_padrao(ator=ator)
        self._campos_nivel(processo)
        if processo is not None:
            self.fields["destinatarios"].initial = "\n".join(i.nome for i in processo.interessados.all())

    def clean(self):
        d = super().clean()
        escolha = d.get("texto_inicial")
        if escolha == "documento":
            try:
                d["documento_modelo"] = int((d.get("documento_modelo") or "").strip())
            except ValueError:
                self.add_error("documento_modelo", "Informe o número SEI do documento modelo.")
        if escolha == "texto_padrao" and not d.get("texto_padrao"):
            self.add_error("texto_padrao", "Escolha o texto padrão.")
        return d

    def dados_servico(self) -> dict:
        d = self.cleaned_data
        dados = {
            "tipo": d["tipo"],
            "descricao": d["descricao"],
            "numero": d["numero"].strip(),
            # As typed, one per line; empty stays empty (the interessados were offered and removed).
            "destinatarios": [linha.strip() for linha in d["destinatarios"].splitlines() if linha.strip()],
            **self.nivel_servico(),
        }
        if d["texto_inicial"] == "documento":
            dados["documento_modelo"] = d["documento_modelo"]
        elif d["texto_inicial"] == "texto_padrao":
            dados["texto_padrao"] = d["texto_padrao"]
        elif d["texto_inicial"] == "nenhum":
            dados["conteudo"] = "<p></p>"
        return dados


class DocumentoExternoForm(_NivelMixin, forms.Form):
    """Incluir Documento externo (recebido)."""

    tipo = forms.ModelChoiceField(
        label="Tipo do documento", queryset=None, empty_label="Selecione o tipo", widget=SelectTipo
    )
    # Not required here: after a validation error the file already sent is kept server-side and
    # named by a token (the view resolves it); with neither, the view asks for the file.
    arquivo = forms.FileField(label="Arquivo", required=False)
    data = forms.DateField(
        label="Data do documento", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )  # fmt: skip
    numero = forms.CharField(label="Número", max_length=50, required=False)
    descricao = forms.CharField(
        label="Nome na árvore", max_length=200, required=False,
        help_text="Opcional: substitui o nome do tipo na árvore (ex.: Nota Fiscal).",
    )  # fmt: skip
    formato = forms.ChoiceField(
        label="Formato", choices=Documento.Formato.choices, widget=forms.RadioSelect,
        initial=Documento.Formato.NATO_DIGITAL,
    )  # fmt: skip
    tipo_conferencia = forms.ChoiceField(
        label="Tipo de conferência", required=False,
        choices=[("", "Selecione (obrigatório se digitalizado)"), *Documento.Conferencia.choices],
    )  # fmt: skip
    remetente = forms.CharField(label="Remetente", max_length=200, required=False)

    def __init__(self, *args, processo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo"].queryset = selectors.tipos_documento(interno=False)
        extensoes = sorted(settings.SEI_UPLOAD_EXTENSOES)
        self.fields["arquivo"].widget.attrs["accept"] = ",".join(f".{e}" for e in extensoes)
        self.fields[
            "arquivo"
        ].help_text = f"Tipos aceitos: {', '.join(extensoes)}. Tamanho máximo: {settings.SEI_UPLOAD_MAX_BYTES // (1024 * 1024)} MB."
        self._campos_nivel(processo)

    def dados_servico(self) -> dict:
        """Everything but the file (the new upload or the kept one: the view chooses)."""
        d = self.cleaned_data
        return {
            "tipo": d["tipo"],
            "data_documento": d["data"],
            "numero": d["numero"].strip(),
            "descricao": d["descricao"],
            "formato": d["formato"],
            "tipo_conferencia": d["tipo_conferencia"],
            "remetente": d["remetente"],
            **self.nivel_servico(),
        }


class EditarForm(forms.Form):
    """Salvar: the body and the version it was edited from."""

    conteudo = forms.CharField(label="Texto do documento", required=False, widget=WidgetEditor)
    versao_base = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # Shown only for a signed document not yet bloqueado (saving drops its signatures).
    descartar_assinaturas = forms.BooleanField(
        label="Estou ciente de que salvar descarta as assinaturas deste documento (elas ficam no histórico).",
        required=False,
    )


class CancelarForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo do cancelamento", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExportarForm(forms.Form):
    formato = forms.ChoiceField(
        label="Formato", choices=Exportacao.Formato.choices, widget=forms.RadioSelect, initial="pdf"
    )
    documentos = forms.MultipleChoiceField(
        label="Documentos", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Escolha ao menos um documento."},
    )  # fmt: skip

    def __init__(self, *args, documentos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documentos"].choices = [(str(d.numero_sei), d.rotulo) for d in documentos]
        self.fields["documentos"].initial = [str(d.numero_sei) for d in documentos]
