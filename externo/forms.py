"""Forms of the external portal and of the internal pages that decide on registrations."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.exceptions import ValidationError

from sei.forms import EsqueciSenhaForm
from sei.models import Usuario
from sei.validators import formatar_cpf, normalizar_cpf, somente_digitos

from .models import CadastroExterno


class EntrarForm(AuthenticationForm):
    """CPF (with or without punctuation) or e-mail, and password. Only a registered, approved
    external user gets in; the login is django-axes's too (lockout as for internal users)."""

    error_messages = {
        "invalid_login": "CPF/e-mail ou senha incorretos.",
        "inactive": "Este cadastro está desativado.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "CPF ou e-mail"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = "Senha"

    def clean_username(self):
        valor = (self.cleaned_data.get("username") or "").strip()
        if "@" in valor:
            usuario = (
                Usuario.objects.filter(email__iexact=valor, tipo=Usuario.Tipo.EXTERNO)
                .only("username")
                .first()
            )
            return usuario.username if usuario else valor
        digitos = somente_digitos(valor)
        return digitos if len(digitos) == 11 else valor

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.interno:
            raise forms.ValidationError(
                "Servidores do órgão entram pelo SEI, não pelo portal.", code="usuario_interno"
            )
        cadastro = CadastroExterno.objects.filter(usuario=user).first()
        if cadastro is None:
            raise forms.ValidationError(
                "Seu cadastro ainda aguarda a liberação pelo órgão.", code="cadastro_pendente"
            )
        if cadastro.situacao == CadastroExterno.Situacao.PENDENTE:
            if cadastro.email_confirmado_em is None:
                raise forms.ValidationError(
                    "Seu e-mail ainda não foi confirmado: abra o link que enviamos para ele "
                    "(ou peça outro em “Reenviar confirmação”). Depois, o cadastro aguarda a liberação pelo órgão.",
                    code="email_nao_confirmado",
                )
            raise forms.ValidationError(
                "Seu e-mail foi confirmado e o cadastro aguarda a liberação pelo órgão.",
                code="cadastro_pendente",
            )
        if not cadastro.liberado:
            raise forms.ValidationError(
                f"Seu cadastro está {cadastro.get_situacao_display().lower()}.", code="cadastro_situacao"
            )


class CodigoForm(forms.Form):
    codigo = forms.CharField(
        label="Código do aplicativo autenticador",
        max_length=8,
        help_text="Os 6 dígitos que o aplicativo mostra agora.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autofocus": True,
            }
        ),
    )


class CadastroForm(forms.Form):
    """The public registration. The service checks again what the database relies on (CPF,
    duplicates, password rules); the form says it field by field."""

    cpf = forms.CharField(label="CPF", max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    nome = forms.CharField(
        label="Nome completo", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Informe um e-mail válido."},
    )
    telefone = forms.CharField(
        label="Telefone", max_length=30, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    endereco = forms.CharField(
        label="Endereço",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    senha = forms.CharField(
        label="Senha",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    senha_confirmacao = forms.CharField(
        label="Confirme a senha",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    termos_versao = forms.CharField(widget=forms.HiddenInput)
    aceite = forms.BooleanField(
        label="Li e aceito os termos de uso da assinatura eletrônica.",
        error_messages={"required": "Aceite os termos de uso para continuar."},
    )

    def clean_cpf(self):
        try:
            cpf = normalizar_cpf(self.cleaned_data["cpf"])
        except ValidationError:
            raise ValidationError(
                "CPF inválido: confira os 11 dígitos (com ou sem pontuação).", code="cpf_invalido"
            ) from None
        if cpf is None:
            raise ValidationError("Informe o CPF.", code="required")
        return cpf

    def clean(self):
        dados = super().clean()
        senha, confirmacao = dados.get("senha"), dados.get("senha_confirmacao")
        if senha and confirmacao and senha != confirmacao:
            self.add_error("senha_confirmacao", "As duas senhas não conferem.")
        elif senha:
            provisorio = Usuario(
                username=dados.get("cpf") or "", nome=dados.get("nome") or "", email=dados.get("email") or ""
            )
            try:
                password_validation.validate_password(senha, provisorio)
            except ValidationError as erro:
                self.add_error("senha", erro)
        return dados

    @property
    def cpf_formatado(self) -> str:
        return formatar_cpf(self.cleaned_data.get("cpf") or "")


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="E-mail cadastrado", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class EsqueciSenhaExternoForm(EsqueciSenhaForm):
    """Only external accounts receive the portal's link."""

    def get_users(self, email):
        return (u for u in PasswordResetForm.get_users(self, email) if not u.interno)


class ContatoForm(forms.ModelForm):
    class Meta:
        model = CadastroExterno
        fields = ["telefone", "endereco"]
        widgets = {
            "telefone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "endereco": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        }


class TrocarSenhaForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Senha atual"
        self.fields["new_password1"].label = "Senha nova"
        self.fields["new_password2"].label = "Confirme a senha nova"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class SenhaForm(forms.Form):
    senha = forms.CharField(
        label="Sua senha", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class MotivoForm(forms.Form):
    motivo = forms.CharField(label="Motivo", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
