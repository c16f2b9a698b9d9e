"""Forms of the organisation pages: login, password reset and the unit switcher."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm


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

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.interno:
            raise forms.ValidationError(
                "Usuários externos entram pelo portal: /externo/entrar/.", code="usuario_externo"
            )


class TrocarUnidadeForm(forms.Form):
    unidade = forms.IntegerField(label="Unidade")


class EsqueciSenhaForm(PasswordResetForm):
    """Django's reset form (mails only active users with a usable password; says nothing of who exists)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail cadastrado"
        self.fields[
            "email"
        ].help_text = "Enviaremos um link para criar uma senha nova, válido por pouco tempo."

    def get_users(self, email):
        # External users reset theirs in the portal (/externo/senha/esqueci/).
        return (u for u in super().get_users(email) if u.interno)


class NovaSenhaForm(SetPasswordForm):
    """The new password, checked by the validators of ``AUTH_PASSWORD_VALIDATORS``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Senha nova"
        self.fields["new_password2"].label = "Confirme a senha nova"
