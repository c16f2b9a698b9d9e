from django import forms

from . import qualificada


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


class PrepararQualificadaForm(forms.Form):
    cargo = forms.ChoiceField(label="Cargo/função", choices=[])

    def __init__(self, *args, cargos: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cargo"].choices = [(c, c) for c in cargos]
        self.fields["cargo"].widget.attrs["id"] = "id_qualificada_cargo"
        if len(cargos) == 1:
            self.fields["cargo"].initial = cargos[0]


class ConcluirQualificadaForm(forms.Form):
    # A CMS is a few KiB; a file much larger than the room in the PDF is refused before reading.
    TAMANHO_MAXIMO = 64 * 1024

    id = forms.UUIDField(widget=forms.HiddenInput)
    cms = forms.CharField(
        label="Assinatura (CMS em base64)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Cole aqui o que o sei-assinador mostrou, ou envie o arquivo abaixo.",
    )
    arquivo = forms.FileField(
        label="ou o arquivo da assinatura (.p7s em DER, ou o texto base64)", required=False
    )

    def clean(self):
        dados = super().clean()
        if not dados.get("cms", "").strip() and not dados.get("arquivo"):
            raise forms.ValidationError("Cole a assinatura em base64 ou envie o arquivo .p7s.")
        arquivo = dados.get("arquivo")
        if arquivo is not None and arquivo.size > self.TAMANHO_MAXIMO:
            self.add_error("arquivo", "Arquivo grande demais para uma assinatura.")
        return dados

    def cms_der(self) -> bytes:
        """The CMS's DER: the file (DER, or base64 text) or the pasted base64."""
        arquivo = self.cleaned_data.get("arquivo")
        if arquivo is not None:
            conteudo = arquivo.read()
            if conteudo[:1] == b"\x30":  # DER SEQUENCE: a .p7s as signers save it
                return conteudo
            return qualificada.cms_de_base64(conteudo.decode("ascii", errors="replace"))
        return qualificada.cms_de_base64(self.cleaned_data["cms"])
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
