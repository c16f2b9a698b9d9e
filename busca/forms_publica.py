"""The pesquisa pública form (no login)."""

from django import forms

from sei.lgpd import contem_cpf_cnpj

from . import publica


class PesquisaPublicaForm(forms.Form):
    texto = forms.CharField(label="Palavras (texto completo)", required=False, max_length=500)
    nup = forms.CharField(label="Número do processo (NUP)", required=False, max_length=30)
    numero_sei = forms.CharField(label="Número SEI do documento", required=False, max_length=14)
    interessado = forms.CharField(label="Interessado", required=False, max_length=200)
    tipo_processo = forms.ModelChoiceField(
        label="Tipo de processo", required=False, queryset=publica.tipos_publicos(), empty_label="Todos"
    )
    de = forms.DateField(label="Autuado de", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ate = forms.DateField(label="até", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo_processo"].queryset = publica.tipos_publicos()

    def _sem_cpf_cnpj(self, campo: str) -> str:
        valor = self.cleaned_data.get(campo, "")
        if contem_cpf_cnpj(valor):
            raise forms.ValidationError(publica.MENSAGEM_CPF_CNPJ, code="cpf_cnpj_na_pesquisa")
        return valor

    def clean_texto(self):
        return self._sem_cpf_cnpj("texto")

    def clean_interessado(self):
        return self._sem_cpf_cnpj("interessado")

    def filtros(self) -> publica.FiltrosPublicos:
        dados = self.cleaned_data
        tipo = dados.get("tipo_processo")
        return publica.FiltrosPublicos(
            texto=dados.get("texto", "").strip(),
            nup=dados.get("nup", "").strip(),
            numero_sei=dados.get("numero_sei", "").strip().replace(".", ""),
            interessado=dados.get("interessado", "").strip(),
            tipo_processo_id=tipo.pk if tipo else None,
            de=dados.get("de"),
            ate=dados.get("ate"),
        )
