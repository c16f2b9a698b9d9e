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


class BlocoForm(forms.Form):
    descricao = forms.CharField(label="Descrição", max_length=250)


class AssinarBlocoForm(AssinarForm):
    """Cargo and password once, for the documents ticked (or all)."""


class DisponibilizarForm(forms.Form):
    unidades = forms.ModelMultipleChoiceField(
        label="Unidades",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Marque uma ou mais unidades. Seus usuários poderão ver, editar e assinar os documentos do bloco.",
        error_messages={"required": "Escolha ao menos uma unidade."},
    )

    def __init__(self, *args, unidades, initial_siglas=(), **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["unidades"]
        campo.queryset = unidades
        campo.label_from_instance = lambda u: f"{u.sigla} — {u.nome} ({u.orgao.sigla})"
        if initial_siglas and not self.is_bound:
            self.initial["unidades"] = [u.pk for u in unidades if u.sigla in initial_siglas]


class IncluirEmBlocoForm(forms.Form):
    bloco = forms.ChoiceField(label="Bloco", widget=forms.RadioSelect)
    descricao = forms.CharField(
        label="Descrição do novo bloco", max_length=250, required=False, help_text="Só para um bloco novo."
    )
    anotacao = forms.CharField(label="Anotação", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, blocos, **kwargs):
        super().__init__(*args, **kwargs)
        escolhas = [(str(b.pk), f"Bloco {b.pk} — {b.descricao} ({b.get_estado_display().lower()})") for b in blocos]
        self.fields["bloco"].choices = [*escolhas, ("novo", "Novo bloco")]
        self.fields["bloco"].initial = escolhas[0][0] if escolhas else "novo"

    def clean(self):
        dados = super().clean()
        if dados.get("bloco") == "novo" and not (dados.get("descricao") or "").strip():
            self.add_error("descricao", "Informe a descrição do novo bloco.")
        return dados
