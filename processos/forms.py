"""Forms of the process pages. They only parse input; the services decide (and their domain
errors are put back on the fields by ``aplicar_erros``)."""

from django import forms
from django.core.exceptions import ValidationError

from sei.models import Unidade, Usuario
from sei.validators import formatar_cpf_cnpj

from . import selectors
from .models import HipoteseLegal, NivelAcesso, TipoProcesso
from .widgets import UnidadesDestinoWidget

NIVEIS = [("publico", "Público"), ("restrito", "Restrito"), ("sigiloso", "Sigiloso")]


def ler_interessados(texto: str) -> list:
    """One per line: a name, a CPF/CNPJ, or ``Nome; CPF``."""
    itens = []
    for linha in (texto or "").splitlines():
        linha = linha.strip()
        if not linha:
            continue
        if ";" in linha:
            nome, _, documento = linha.partition(";")
            itens.append({"nome": nome.strip(), "cpf_cnpj": documento.strip()})
        else:
            itens.append(linha)
    return itens


def escrever_interessados(interessados) -> str:
    linhas = []
    for i in interessados:
        so_documento = i.cpf_cnpj and i.nome in (i.cpf_cnpj, formatar_cpf_cnpj(i.cpf_cnpj))
        linhas.append(f"{i.nome}; {formatar_cpf_cnpj(i.cpf_cnpj)}" if i.cpf_cnpj and not so_documento else i.nome)
    return "\n".join(linhas)


class HipoteseField(forms.ChoiceField):
    """Hipóteses legais grouped by level (Restrito / Sigiloso)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        hipoteses = list(HipoteseLegal.objects.filter(ativa=True).order_by("nivel", "nome"))
        self._por_id = {str(h.pk): h for h in hipoteses}
        grupos = []
        for nivel in (NivelAcesso.RESTRITO, NivelAcesso.SIGILOSO):
            opcoes = [(str(h.pk), f"{h.nome} ({h.base_legal})") for h in hipoteses if h.nivel == nivel]
            if opcoes:
                grupos.append((NivelAcesso(nivel).label, opcoes))
        self.choices = [("", "Nenhuma (processo público)"), *grupos]

    def clean(self, value):
        value = super().clean(value)
        return self._por_id.get(value) if value else None


class ProcessoForm(forms.Form):
    """Iniciar Processo and Alterar Processo."""

    tipo = forms.ModelChoiceField(
        label="Tipo do processo", queryset=TipoProcesso.objects.none(), empty_label="Selecione o tipo"
    )
    especificacao = forms.CharField(label="Especificação", max_length=100, required=False)
    interessados = forms.CharField(
        label="Interessados",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Um por linha: um nome, um CPF/CNPJ, ou “Nome; CPF”.",
    )
    observacao = forms.CharField(
        label="Observações desta unidade", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    nivel_acesso = forms.ChoiceField(label="Nível de acesso", choices=NIVEIS, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo"].queryset = TipoProcesso.objects.filter(ativo=True).order_by("nome")
        self.fields["hipotese_legal"] = HipoteseField(
            label="Hipótese legal", help_text="Obrigatória para processo restrito ou sigiloso."
        )
        self.order_fields(["tipo", "especificacao", "interessados", "observacao", "nivel_acesso", "hipotese_legal"])

    def dados_servico(self) -> dict:
        d = self.cleaned_data
        return {
            "tipo": d["tipo"],
            "especificacao": d["especificacao"],
            "interessados": ler_interessados(d["interessados"]),
            "observacao": d["observacao"],
            "nivel_acesso": int(NivelAcesso.de_chave(d["nivel_acesso"])),
            "hipotese_legal": d["hipotese_legal"],
        }


def rotulo_unidade(unidade: Unidade) -> str:
    """How a destination unit is named where one is chosen: sigla — nome (órgão)."""
    return f"{unidade.sigla} — {unidade.nome} ({unidade.orgao.sigla})"


class EnviarForm(forms.Form):
    unidades = forms.ModelMultipleChoiceField(
        label="Unidades de destino",
        queryset=Unidade.objects.none(),
        widget=UnidadesDestinoWidget,
        error_messages={"required": "Informe ao menos uma unidade de destino."},
        help_text="Marque uma ou mais unidades; digite parte da sigla ou do nome para filtrar.",
    )
    manter_aberto = forms.BooleanField(label="Manter processo aberto na unidade atual", required=False)
    retorno_programado = forms.DateField(
        label="Retorno programado (opcional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def __init__(self, *args, unidade: Unidade, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unidades"].queryset = selectors.unidades_destino(unidade=unidade).select_related("orgao")
        self.fields["unidades"].label_from_instance = rotulo_unidade


class AtribuirForm(forms.Form):
    usuario = forms.ModelChoiceField(
        label="Atribuir para", queryset=Usuario.objects.none(), required=False, empty_label="Ninguém (remover)"
    )

    def __init__(self, *args, unidade: Unidade, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usuario"].queryset = selectors.usuarios_da_unidade(unidade=unidade)
        self.fields["usuario"].label_from_instance = lambda u: f"{u.username} — {u.get_full_name()}"


class SobrestarForm(forms.Form):
    motivo = forms.CharField(label="Motivo", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class NupForm(forms.Form):
    nup = forms.CharField(label="NUP do processo", max_length=30)


class AndamentoForm(forms.Form):
    texto = forms.CharField(label="Texto do andamento", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CredencialForm(forms.Form):
    login = forms.CharField(label="Login do usuário", max_length=150)
    unidade = forms.ModelChoiceField(label="Unidade", queryset=Unidade.objects.none(), empty_label="Selecione")

    def __init__(self, *args, unidade: Unidade, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unidade"].queryset = Unidade.objects.filter(orgao_id=unidade.orgao_id, ativa=True).order_by(
            "sigla"
        )

    def clean_login(self):
        login = self.cleaned_data["login"].strip()
        usuario = Usuario.objects.filter(username=login, is_active=True).first()
        if usuario is None:
            raise ValidationError("Usuário não encontrado.")
        self.cleaned_data["usuario"] = usuario
        return login


class SenhaForm(forms.Form):
    senha = forms.CharField(label="Senha", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class FiltroControleForm(forms.Form):
    meus = forms.BooleanField(label="Ver processos atribuídos a mim", required=False)
    tipo = forms.ModelChoiceField(
        label="Tipo de processo", queryset=TipoProcesso.objects.none(), required=False, empty_label="Todos os tipos"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo"].queryset = TipoProcesso.objects.filter(ativo=True).order_by("nome")


def nups_selecionados(dados) -> list[str]:
    """The NUPs checked in the inbox (17 digits, at most 500, in order, once each); the selector
    decides whether each one exists for the actor."""
    nups = [p for p in dados.getlist("processos") if p.isascii() and p.isdigit() and len(p) == 17]
    return list(dict.fromkeys(nups))[:500]


class LoteForm(forms.Form):
    """Batch actions over the processes checked in the inbox."""

    ACOES = [("enviar", "Enviar"), ("concluir", "Concluir"), ("atribuir", "Atribuir")]

    acao = forms.ChoiceField(choices=ACOES)
    unidades = forms.ModelMultipleChoiceField(
        label="Enviar para", queryset=Unidade.objects.none(), required=False, widget=UnidadesDestinoWidget
    )
    manter_aberto = forms.BooleanField(label="Manter aberto na unidade atual", required=False)
    usuario = forms.ModelChoiceField(
        label="Atribuir para", queryset=Usuario.objects.none(), required=False, empty_label="Ninguém (remover)"
    )

    def __init__(self, *args, unidade: Unidade, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unidades"].queryset = selectors.unidades_destino(unidade=unidade).select_related("orgao")
        self.fields["unidades"].label_from_instance = rotulo_unidade
        self.fields["usuario"].queryset = selectors.usuarios_da_unidade(unidade=unidade)
        self.fields["usuario"].label_from_instance = lambda u: u.username

    def clean(self):
        dados = super().clean()
        dados["processos"] = nups_selecionados(self.data)
        if not dados["processos"]:
            raise ValidationError("Selecione ao menos um processo.")
        if dados.get("acao") == "enviar" and not dados.get("unidades"):
            self.add_error("unidades", "Informe ao menos uma unidade de destino.")
        return dados
