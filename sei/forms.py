"""Forms of the organisation pages: login and the unit switcher."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form (it keeps ``request``, which django-axes needs) with pt-BR texts."""

    error_messages = {
        "invalid_login": "Usuário ou senha incorretos.",
        "inactive": "Esta conta está desativada.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Usuário"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = "Senha"


class TrocarUnidadeForm(forms.Form):
    unidade = forms.IntegerField(label="Unidade")
