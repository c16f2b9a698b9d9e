"""The public ouvidoria form (no login). The files (``anexos``, several PDFs) are read from
``request.FILES`` and checked by ``externo.ouvidoria``."""

from django import forms

from . import ouvidoria


class ManifestacaoForm(forms.Form):
    tipo = forms.ModelChoiceField(
        label="Tipo de manifestação", queryset=ouvidoria.tipos_ativos(), empty_label="Escolha"
    )
    nome = forms.CharField(label="Nome", max_length=200)
    email = forms.EmailField(label="E-mail (para confirmar a manifestação)", max_length=254)
    cpf = forms.CharField(label="CPF (opcional)", required=False, max_length=14)
    telefone = forms.CharField(label="Telefone (opcional)", required=False, max_length=30)
    assunto = forms.CharField(label="Assunto", max_length=100)
    texto = forms.CharField(
        label="Manifestação", max_length=ouvidoria.MAX_TEXTO, widget=forms.Textarea(attrs={"rows": 10})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo"].queryset = ouvidoria.tipos_ativos().order_by("nome")
