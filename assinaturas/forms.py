from django import forms


class AssinarForm(forms.Form):
    cargo = forms.ChoiceField(label="Cargo/função", choices=[])
    senha = forms.CharField(label="Senha", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, cargos: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cargo"].choices = [(c, c) for c in cargos]
        if len(cargos) == 1:
            self.fields["cargo"].initial = cargos[0]


class ConferirForm(forms.Form):
    cv = forms.CharField(label="Código verificador", max_length=12, help_text="O número SEI do documento, ex.: 0000123.")
    crc = forms.CharField(label="Código CRC", max_length=24, help_text="Ex.: 4F2A-91C0-77E3-B0D5.")
