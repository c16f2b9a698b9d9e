"""Forms of the external portal."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from sei.models import Usuario
from sei.validators import somente_digitos

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
        if cadastro is None or cadastro.situacao == CadastroExterno.Situacao.PENDENTE:
            raise forms.ValidationError(
                "Seu cadastro ainda aguarda a liberação pelo órgão.", code="cadastro_pendente"
            )
        if not cadastro.liberado:
            raise forms.ValidationError(
                f"Seu cadastro está {cadastro.get_situacao_display().lower()}.", code="cadastro_situacao"
            )
