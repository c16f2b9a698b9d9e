"""Serializers of the processes API: input validation (shape only; the rules live in the
services) and the JSON the contract documents. Access levels travel as ``"publico"``,
``"restrito"``, ``"sigiloso"``; NUPs as 17 digits plus the formatted form."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Andamento, Atividade, Credencial, HipoteseLegal, NivelAcesso, Processo, TipoProcesso

NIVEIS = ["publico", "restrito", "sigiloso"]


class NivelField(serializers.ChoiceField):
    """The stored integer level as its key (``"publico"``...) and back."""

    def __init__(self, niveis=NIVEIS, **kwargs):
        super().__init__(choices=niveis, **kwargs)

    def to_representation(self, value):
        return None if value is None else NivelAcesso(value).chave

    def to_internal_value(self, data):
        return int(NivelAcesso.de_chave(super().to_internal_value(data)))


class NivelFieldExtension(OpenApiSerializerFieldExtension):
    """One named enum component per choice set (``NivelAcesso``, ``NivelHipotese``), however
    many fields use it."""

    target_class = NivelField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        niveis = list(self.target.choices)
        nome = "NivelAcesso" if niveis == NIVEIS else "NivelHipotese"
        componente = ResolvedComponent(
            name=nome,
            type=ResolvedComponent.SCHEMA,
            object=nome,
            schema={"type": "string", "enum": niveis, "description": "Nível de acesso."},
        )
        auto_schema.registry.register_on_missing(componente)
        return componente.ref


# --- Reference lists -------------------------------------------------------------------------


class NivelHipoteseField(NivelField):
    def __init__(self, **kwargs):
        super().__init__(niveis=["restrito", "sigiloso"], **kwargs)


class TipoProcessoSerializer(serializers.ModelSerializer):
    niveis_permitidos = serializers.SerializerMethodField()
    nivel_sugerido = NivelField(read_only=True)
    hipotese_sugerida = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="id da hipótese legal sugerida."
    )

    class Meta:
        model = TipoProcesso
        fields = ["id", "nome", "niveis_permitidos", "nivel_sugerido", "hipotese_sugerida"]

    @extend_schema_field(serializers.ListField(child=NivelField()))
    def get_niveis_permitidos(self, tipo: TipoProcesso) -> list[str]:
        return [nivel.chave for nivel in tipo.niveis_permitidos]


class HipoteseLegalSerializer(serializers.ModelSerializer):
    nivel = NivelHipoteseField(read_only=True)

    class Meta:
        model = HipoteseLegal
        fields = ["id", "nome", "base_legal", "nivel"]


# --- Small references inside other bodies ----------------------------------------------------


class TipoRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nome = serializers.CharField()


class HipoteseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nome = serializers.CharField()
    base_legal = serializers.CharField()


class ProcessoRefSerializer(serializers.Serializer):
    nup = serializers.CharField()
    nup_formatado = serializers.CharField()
    tipo = serializers.CharField(source="tipo.nome")


class InteressadoSerializer(serializers.Serializer):
    nome = serializers.CharField()
    cpf_cnpj = serializers.CharField(help_text="Somente dígitos; vazio quando não informado.")


class UnidadeAbertaSerializer(serializers.Serializer):
    sigla = serializers.CharField(source="unidade.sigla")
    nome = serializers.CharField(source="unidade.nome")
    atribuido_a = serializers.CharField(
        source="atribuida_a.username", allow_null=True, default=None, help_text="Login do usuário atribuído."
    )
    nao_lida = serializers.BooleanField(help_text="Recebido na unidade e ainda não aberto por ninguém dela.")


# --- Processes -------------------------------------------------------------------------------


class ProcessoResumoSerializer(serializers.Serializer):
    """A process in a list. Without content access (restrito seen by an outsider) the
    especificação is null and ``acesso_conteudo`` is false."""

    nup = serializers.CharField(help_text="17 dígitos, sem pontuação.")
    nup_formatado = serializers.CharField(help_text="OOOOO.SSSSSS/AAAA-DD")
    tipo = TipoRefSerializer()
    especificacao = serializers.CharField(allow_null=True)
    nivel_acesso = NivelField(read_only=True, help_text="Nível do próprio processo.")
    nivel_acesso_global = NivelField(
        read_only=True, help_text="O mais restritivo entre o processo, seus documentos e processos anexados."
    )
    estado = serializers.ChoiceField(choices=Processo.Estado.choices)
    unidade_geradora = serializers.CharField(source="unidade_geradora.sigla")
    criado_em = serializers.DateTimeField()
    acesso_conteudo = serializers.BooleanField(
        help_text="Falso quando o usuário só pode saber que o processo existe (restrito, unidade por onde não tramitou)."
    )

    def to_representation(self, instance):
        dados = super().to_representation(instance)
        if not instance.acesso_conteudo:
            dados["especificacao"] = None
        return dados


class InteressadoObjetoSerializer(serializers.Serializer):
    nome = serializers.CharField(required=False, allow_blank=True)
    cpf_cnpj = serializers.CharField(required=False, allow_blank=True)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "description": "Nome, ou CPF/CNPJ (com ou sem pontuação)."},
            {
                "type": "object",
                "properties": {"nome": {"type": "string"}, "cpf_cnpj": {"type": "string"}},
            },
        ]
    }
)
class InteressadoEntradaField(serializers.Field):
    """A name, a CPF/CNPJ string or ``{"nome", "cpf_cnpj"}``; the service validates them.
    Like DRF's ``CharField``, it refuses the NUL character (the database cannot store it)."""

    default_error_messages = {
        "invalido": "Informe um nome, um CPF/CNPJ ou um objeto com nome e cpf_cnpj.",
        "nulo": "Caracteres nulos não são permitidos.",
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            textos = [data]
        elif isinstance(data, dict) and set(data) <= {"nome", "cpf_cnpj"}:
            if not all(v is None or isinstance(v, str) for v in data.values()):
                self.fail("invalido")
            data = {"nome": data.get("nome") or "", "cpf_cnpj": data.get("cpf_cnpj") or ""}
            textos = list(data.values())
        else:
            self.fail("invalido")
        if any("\x00" in texto for texto in textos):
            self.fail("nulo")
        return data

    def to_representation(self, value):
        return value


class ProcessoCriarSerializer(serializers.Serializer):
    tipo = serializers.PrimaryKeyRelatedField(
        queryset=TipoProcesso.objects.all(), help_text="id do tipo de processo."
    )
    especificacao = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    interessados = serializers.ListField(child=InteressadoEntradaField(), required=False, default=list)
    observacao = serializers.CharField(required=False, allow_blank=True, default="")
    nivel_acesso = NivelField()
    hipotese_legal = serializers.PrimaryKeyRelatedField(
        queryset=HipoteseLegal.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="id da hipótese legal; obrigatória para restrito e sigiloso, recusada para público.",
    )


class ProcessoAlterarSerializer(serializers.Serializer):
    """PATCH: only the fields sent are changed."""

    tipo = serializers.PrimaryKeyRelatedField(queryset=TipoProcesso.objects.all(), required=False)
    especificacao = serializers.CharField(required=False, allow_blank=True, max_length=100)
    interessados = serializers.ListField(child=InteressadoEntradaField(), required=False)
    observacao = serializers.CharField(required=False, allow_blank=True)
    nivel_acesso = NivelField(required=False)
    hipotese_legal = serializers.PrimaryKeyRelatedField(
        queryset=HipoteseLegal.objects.all(), required=False, allow_null=True
    )


class ProcessoFiltroSerializer(serializers.Serializer):
    nup = serializers.CharField(required=False, help_text="NUP ou seu início, com ou sem pontuação.")
    tipo = serializers.IntegerField(required=False, help_text="id do tipo de processo.")
    aberto_na_unidade = serializers.CharField(
        required=False, help_text="Sigla de uma unidade onde está aberto."
    )
    interessado = serializers.CharField(
        required=False, help_text="Parte do nome, ou CPF/CNPJ, de um interessado."
    )


# --- Operations ------------------------------------------------------------------------------


class EnviarSerializer(serializers.Serializer):
    unidades = serializers.ListField(
        child=serializers.CharField(),
        allow_empty=False,
        help_text="Siglas das unidades de destino do órgão atual; ``ORGAO:SIGLA`` para outro órgão.",
    )
    manter_aberto = serializers.BooleanField(required=False, default=False)
    retorno_programado = serializers.DateField(required=False, allow_null=True, default=None)


class SobrestarSerializer(serializers.Serializer):
    motivo = serializers.CharField(allow_blank=True)


class OutroProcessoSerializer(serializers.Serializer):
    processo = serializers.CharField(help_text="NUP do outro processo, com ou sem pontuação.")


class AtribuirSerializer(serializers.Serializer):
    usuario = serializers.CharField(allow_null=True, help_text="Login de um usuário da unidade; null remove.")


class CredencialConcederSerializer(serializers.Serializer):
    usuario = serializers.CharField(help_text="Login de quem recebe a credencial.")
    unidade = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Sigla da unidade do usuário onde vale a credencial; padrão: a única unidade do usuário.",
    )


class CredencialSerializer(serializers.ModelSerializer):
    usuario = serializers.CharField(source="usuario.username")
    usuario_nome = serializers.CharField(source="usuario.nome")
    unidade = serializers.CharField(source="unidade.sigla")
    concedida_por = serializers.CharField(source="concedida_por.username")
    cassada_por = serializers.CharField(source="cassada_por.username", allow_null=True, default=None)

    class Meta:
        model = Credencial
        fields = [
            "id",
            "usuario",
            "usuario_nome",
            "unidade",
            "concedida_por",
            "concedida_em",
            "cassada_em",
            "cassada_por",
        ]


class AndamentoSerializer(serializers.ModelSerializer):
    unidade = serializers.CharField(source="unidade.sigla")
    usuario = serializers.CharField(source="usuario.username")
    usuario_nome = serializers.CharField(source="usuario.nome")
    descricao = serializers.SerializerMethodField(
        help_text="Sem o texto livre (andamento, motivos) para quem só sabe que o processo existe."
    )
    atributos = serializers.SerializerMethodField()

    class Meta:
        model = Andamento
        fields = ["id", "criado_em", "unidade", "usuario", "usuario_nome", "tipo", "descricao", "atributos"]

    def get_descricao(self, andamento: Andamento) -> str:
        return andamento.descricao if self.context.get("acesso_conteudo") else andamento.descricao_resumida

    @extend_schema_field(serializers.DictField(allow_null=True, help_text="null sem acesso ao conteúdo."))
    def get_atributos(self, andamento: Andamento):
        # Attributes may carry content (before/after of especificação, interessados, motivos):
        # only for callers with content access.
        return andamento.atributos if self.context.get("acesso_conteudo") else None


class AtualizarAndamentoSerializer(serializers.Serializer):
    texto = serializers.CharField(allow_blank=True, help_text="Texto livre (até 2000 caracteres).")


# --- Controle de Processos -------------------------------------------------------------------


class CaixaFiltroSerializer(serializers.Serializer):
    cursor = serializers.CharField(required=False, help_text="Cursor das ligações next/previous.")
    origem = serializers.ChoiceField(choices=Atividade.Origem.choices, required=False)
    meus = serializers.BooleanField(required=False, default=False, help_text="Só os atribuídos a mim.")
    tipo = serializers.IntegerField(required=False, help_text="id do tipo de processo.")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)
    ordem = serializers.ChoiceField(
        choices=["-chegada", "chegada", "nup", "-nup", "tipo", "-tipo", "andamento", "-andamento"],
        required=False,
        help_text=(
            "Ordem em cada grupo: ``chegada`` à unidade (padrão ``-chegada``, os mais recentes primeiro), "
            "``nup``, ``tipo`` ou data do último ``andamento``; ``-`` inverte. O cursor vale só para a sua ordem."
        ),
    )


class CaixaItemSerializer(serializers.Serializer):
    """A ``selectors.ItemCaixa``."""

    nup = serializers.CharField()
    nup_formatado = serializers.CharField()
    tipo = serializers.SerializerMethodField()
    especificacao = serializers.CharField()
    nivel_acesso = NivelField(read_only=True)
    origem = serializers.ChoiceField(choices=Atividade.Origem.choices)
    nao_lida = serializers.BooleanField()
    atribuido_a = serializers.CharField(source="atribuida_a", allow_null=True)
    remetente = serializers.CharField(allow_null=True)
    aberta_em = serializers.DateTimeField()
    retorno_programado = serializers.DateField(
        source="retorno_data",
        allow_null=True,
        help_text="Data até a qual esta unidade deve devolver o processo.",
    )
    aguardando_retorno = serializers.DateField(
        source="aguardando_retorno_data",
        allow_null=True,
        help_text="Data em que esta unidade aguarda a devolução do processo.",
    )

    @extend_schema_field(TipoRefSerializer)
    def get_tipo(self, item) -> dict:
        return {"id": item.tipo_id, "nome": item.tipo_nome}
