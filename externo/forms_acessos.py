"""Forms of the acessos externos pages (internal side)."""

from django import forms

from documentos.models import TipoDocumento

from .models import AcessoExterno, Intimacao


class ConcederForm(forms.Form):
    destinatario = forms.CharField(
        label="Destinatário (CPF ou e-mail)",
        max_length=254,
        help_text="CPF de um usuário externo liberado, ou um e-mail (sem cadastro, o convite para se cadastrar).",
    )
    tipo = forms.ChoiceField(
        label="Tipo de acesso",
        choices=[
            (AcessoExterno.Tipo.INTEGRAL, "Integral: o processo e todos os documentos, atuais e futuros"),
            (AcessoExterno.Tipo.PARCIAL, "Parcial: só os documentos escolhidos abaixo"),
        ],
        widget=forms.RadioSelect,
        initial=AcessoExterno.Tipo.INTEGRAL,
    )
    documentos = forms.MultipleChoiceField(
        label="Documentos (acesso parcial)", required=False, widget=forms.CheckboxSelectMultiple
    )
    permite_inclusao = forms.BooleanField(
        label="Permitir que o usuário externo inclua documentos",
        required=False,
        help_text="PDFs dos tipos escolhidos abaixo, enquanto o acesso valer e o processo estiver aberto nesta unidade.",
    )
    tipos_documento = forms.ModelMultipleChoiceField(
        label="Tipos de documento que pode incluir",
        queryset=TipoDocumento.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    validade_dias = forms.IntegerField(label="Validade (dias)", min_value=1, max_value=365, initial=30)
    motivo = forms.CharField(label="Motivo", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    senha = forms.CharField(
        label="Sua senha", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), strip=False
    )

    def __init__(self, *args, documentos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documentos"].choices = [(str(d.numero_sei), d.rotulo) for d in documentos]
        self.fields["tipos_documento"].queryset = TipoDocumento.objects.filter(
            ativo=True, aplicabilidade__in=[TipoDocumento.Aplicabilidade.EXTERNO, TipoDocumento.Aplicabilidade.AMBOS]
        ).order_by("nome")

    def destino(self) -> dict:
        valor = self.cleaned_data["destinatario"].strip()
        return {"email": valor} if "@" in valor else {"cpf": valor}


class CancelarForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo do cancelamento", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class IntimarForm(forms.Form):
    cpf = forms.CharField(label="CPF do usuário externo liberado", max_length=20)
    documentos = forms.MultipleChoiceField(
        label="Documentos intimados (assinados ou externos)", widget=forms.CheckboxSelectMultiple
    )
    tipo_resposta = forms.ChoiceField(
        label="Resposta", choices=Intimacao.TipoResposta.choices, initial=Intimacao.TipoResposta.SEM_RESPOSTA
    )
    prazo_dias = forms.IntegerField(
        label="Prazo para responder (dias corridos da ciência)", min_value=1, max_value=365, required=False
    )
    senha = forms.CharField(
        label="Sua senha", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), strip=False
    )

    def __init__(self, *args, documentos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documentos"].choices = [(str(d.numero_sei), d.rotulo) for d in documentos]


class LiberarAssinaturaForm(forms.Form):
    destinatario = forms.CharField(
        label="Usuário externo (CPF ou e-mail)",
        max_length=254,
        help_text="De um usuário externo com o cadastro liberado.",
    )
    validade_dias = forms.IntegerField(label="Validade (dias)", min_value=1, max_value=365, initial=30)
    com_visualizacao_integral = forms.BooleanField(
        label="Com visualização integral do processo",
        required=False,
        help_text="Enquanto valer, o usuário também lê o processo (como num acesso externo integral).",
    )
    senha = forms.CharField(
        label="Sua senha", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), strip=False
    )

    def destino(self) -> dict:
        valor = self.cleaned_data["destinatario"].strip()
        return {"email": valor} if "@" in valor else {"cpf": valor}
