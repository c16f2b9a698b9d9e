"""Serializers of the documents API (``/work/shared/API.md``): input shape only (the rules live
in the services) and the JSON the contract documents.

The access level travels as in the processes API (``processos.serializers.NivelField``, one
enum component for the access levels).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from processos.models import HipoteseLegal, NivelAcesso
from processos.serializers import NivelField

from . import selectors
from .models import Documento, Modelo, TextoPadrao, TipoDocumento, VersaoDocumento


class DocumentoArvoreSerializer(serializers.ModelSerializer):
    """A node of the process tree: ``Ofício 12 (0000123)``."""

    numero_sei_formatado = serializers.CharField(read_only=True)
    rotulo = serializers.CharField(read_only=True)
    tipo = serializers.CharField(source="tipo.nome", read_only=True)
    nivel_acesso = serializers.SerializerMethodField()
    unidade_geradora = serializers.CharField(source="unidade_geradora.sigla", read_only=True)
    bloqueado = serializers.BooleanField(
        read_only=True,
        help_text="Assinado (ou externo) e já lido por outra unidade, ou o processo enviado ou concluído depois: "
        "conteúdo imutável, só cancelar.",
    )

    class Meta:
        model = Documento
        fields = [
            "numero_sei",
            "numero_sei_formatado",
            "rotulo",
            "tipo",
            "numero",
            "natureza",
            "estado",
            "bloqueado",
            "nivel_acesso",
            "unidade_geradora",
            "criado_em",
        ]
        read_only_fields = fields

    def get_nivel_acesso(self, documento) -> str:
        return NivelAcesso(documento.nivel_acesso).chave


class _ComNivel:
    """Adds ``nivel_acesso`` (``publico``/``restrito``/``sigiloso``) to an input serializer."""

    def get_fields(self):
        campos = super().get_fields()
        campos["nivel_acesso"] = NivelField(
            required=False,
            help_text=(
                "Nível de acesso do documento. Padrão: o nível (e a hipótese legal) do próprio processo. "
                "O processo passa a mostrar o nível mais restritivo entre ele e seus documentos."
            ),
        )
        return campos


# --- Input ------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "description": "id ou nome do tipo de documento (``Ofício``).",
    }
)
class TipoDocumentoField(serializers.Field):
    """A document type by id or by name (case-insensitive)."""

    default_error_messages = {
        "invalido": "Informe o id ou o nome do tipo de documento.",
        "inexistente": "Tipo de documento não encontrado.",
        "nulo": "Caracteres nulos não são permitidos.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalido")
        texto = str(data).strip()
        if not texto:
            self.fail("invalido")
        if "\x00" in texto:  # like DRF's CharField: the database cannot store it
            self.fail("nulo")
        if texto.isascii() and texto.isdigit():  # isdigit() alone takes "²", which int() refuses
            tipo = TipoDocumento.objects.filter(pk=int(texto)).first()
        else:
            tipo = TipoDocumento.objects.filter(nome__iexact=texto).first()
        if tipo is None:
            self.fail("inexistente")
        return tipo

    def to_representation(self, value):
        return value.pk


@extend_schema_field({"type": "string", "format": "binary"})
class ArquivoField(serializers.FileField):
    """The uploaded file; emptiness and size are the service's to judge (400, 413)."""

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, use_url=False, **kwargs)


class NumeroSeiField(serializers.IntegerField):
    """A número SEI, as an integer or a string with or without the leading zeros."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


def _hipotese_field():
    return serializers.PrimaryKeyRelatedField(
        queryset=HipoteseLegal.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="id da hipótese legal; obrigatória para restrito e sigiloso, recusada para público.",
    )


class DocumentoInternoCriarSerializer(_ComNivel, serializers.Serializer):
    """Incluir documento interno (JSON). The body comes from, in this order: ``conteudo``,
    ``documento_modelo``, ``texto_padrao`` or the model (``modelo``, or the type's default)."""

    tipo = TipoDocumentoField()
    conteudo = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Corpo em HTML; o servidor o saneia (sem script, eventos, ``javascript:``).",
    )
    modelo = serializers.PrimaryKeyRelatedField(
        queryset=Modelo.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="id do modelo (do mesmo tipo); padrão: o modelo padrão do tipo.",
    )
    documento_modelo = NumeroSeiField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Número SEI de um documento que o usuário pode ler, cujo conteúdo é copiado.",
    )
    texto_padrao = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="id de um texto padrão da unidade atual."
    )
    descricao = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    numero = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=50,
        help_text="Número do documento, só para tipos de numeração informada.",
    )
    destinatarios = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=None,
        max_length=100,
        help_text="Linhas do destinatário, uma por item, como no texto (variável ``@destinatarios@`` do "
        "modelo, uma por linha, e ``@vocativo@``). Ausente: os interessados do processo.",
    )
    hipotese_legal = _hipotese_field()

    def validate(self, dados):
        origens = [c for c in ("conteudo", "documento_modelo", "texto_padrao") if dados.get(c) is not None]
        if len(origens) > 1:
            raise serializers.ValidationError(
                {c: ["Informe só um entre conteudo, documento_modelo e texto_padrao."] for c in origens}
            )
        return dados


class DocumentoExternoCriarSerializer(_ComNivel, serializers.Serializer):
    """Incluir documento externo (multipart/form-data)."""

    tipo = TipoDocumentoField()
    arquivo = ArquivoField(
        help_text=(
            "O arquivo. Tamanho máximo e extensões conforme a configuração (413 e 415); o conteúdo "
            "deve corresponder à extensão."
        ),
    )
    data = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Data do documento (AAAA-MM-DD); padrão: hoje.",
    )
    numero = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    descricao = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="Nome na árvore."
    )
    formato = serializers.ChoiceField(
        choices=Documento.Formato.choices, required=False, default=Documento.Formato.NATO_DIGITAL
    )
    tipo_conferencia = serializers.ChoiceField(
        choices=Documento.Conferencia.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Obrigatório quando ``formato`` é ``digitalizado``.",
    )
    remetente = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    hipotese_legal = _hipotese_field()


class DocumentoEditarSerializer(serializers.Serializer):
    """PATCH: a new version of the body (and/or a new description)."""

    conteudo = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Novo corpo em HTML (saneado)."
    )
    descricao = serializers.CharField(required=False, allow_blank=True, max_length=200)
    descartar_assinaturas = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Documento assinado e ainda não bloqueado: confirma que salvar descarta as assinaturas.",
    )

    def validate(self, dados):
        if "conteudo" not in dados and "descricao" not in dados:
            raise serializers.ValidationError({"conteudo": ["Informe conteudo ou descricao."]})
        return dados


class RestaurarVersaoSerializer(serializers.Serializer):
    versao = serializers.IntegerField(min_value=1, help_text="Número da versão a restaurar.")
    descartar_assinaturas = serializers.BooleanField(
        required=False, default=False, help_text="Como na edição: confirma o descarte das assinaturas."
    )


class CancelarSerializer(serializers.Serializer):
    motivo = serializers.CharField(allow_blank=True, help_text="Motivo do cancelamento (até 500 caracteres).")


class ExportarSerializer(serializers.Serializer):
    formato = serializers.ChoiceField(choices=["pdf", "zip"])
    documentos = serializers.ListField(
        child=NumeroSeiField(),
        required=False,
        allow_null=True,
        default=None,
        max_length=5000,
        help_text="Números SEI escolhidos; padrão: todos os que o usuário pode ler.",
    )


class TiposDocumentoFiltroSerializer(serializers.Serializer):
    interno = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="1: tipos que podem ser gerados no editor; 0: tipos de documento externo.",
    )


class ModelosFiltroSerializer(serializers.Serializer):
    tipo = serializers.IntegerField(required=False, help_text="id do tipo de documento.")


# --- Output -----------------------------------------------------------------------------------


class _HipoteseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nome = serializers.CharField()
    base_legal = serializers.CharField()


class _ProcessoDocRefSerializer(serializers.Serializer):
    nup = serializers.CharField(help_text="17 dígitos, sem pontuação.")
    nup_formatado = serializers.CharField()


class DocumentoDetalheSerializer(DocumentoArvoreSerializer):
    """The document's metadata. The view attaches ``acesso_conteudo``, ``acesso_processo`` and
    ``total_versoes``.

    Fields of the other nature are null (``versao`` for external documents, file data for
    internal ones). Who may only know that the process exists (restrito, seen from a unit
    through which it did not pass) sees what SEI's tree shows (type, number, description,
    level), never the sender, the file's name, size or hash (personal data, LGPD art. 6 III).
    """

    tipo_id = serializers.IntegerField(read_only=True)
    descricao = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Descrição (interno; null para quem não lê o conteúdo do processo) ou nome na árvore (externo).",
    )
    hipotese_legal = _HipoteseRefSerializer(read_only=True, allow_null=True)
    criado_por = serializers.CharField(source="criado_por.username", read_only=True)
    criado_por_nome = serializers.CharField(source="criado_por.nome", read_only=True)
    processo = _ProcessoDocRefSerializer(read_only=True)
    versao = serializers.SerializerMethodField(help_text="Versão atual (documento interno); é o ETag.")
    versoes = serializers.IntegerField(
        source="total_versoes", read_only=True, allow_null=True, help_text="Quantas versões (interno)."
    )
    acesso_conteudo = serializers.BooleanField(
        read_only=True, help_text="Se o usuário pode ler o conteúdo (``/conteudo``, ``/pdf``, versões)."
    )
    data = serializers.DateField(source="data_documento", read_only=True, allow_null=True)
    formato = serializers.SerializerMethodField()
    tipo_conferencia = serializers.SerializerMethodField()
    remetente = serializers.SerializerMethodField()
    nome_arquivo = serializers.SerializerMethodField(help_text="Nome do arquivo enviado (só metadado).")
    tamanho = serializers.SerializerMethodField()
    mime = serializers.SerializerMethodField()
    sha256 = serializers.SerializerMethodField()
    motivo = serializers.SerializerMethodField(help_text="Motivo do cancelamento.")
    cancelado_em = serializers.DateTimeField(read_only=True, allow_null=True)
    assinaturas = serializers.SerializerMethodField(
        help_text="Assinaturas em vigor, em ordem: nome, cargo, unidade, data, nível (eletronica/qualificada) e tipo."
    )

    class Meta(DocumentoArvoreSerializer.Meta):
        fields = [
            *DocumentoArvoreSerializer.Meta.fields,
            "tipo_id",
            "descricao",
            "hipotese_legal",
            "criado_por",
            "criado_por_nome",
            "processo",
            "versao",
            "versoes",
            "acesso_conteudo",
            "data",
            "formato",
            "tipo_conferencia",
            "remetente",
            "nome_arquivo",
            "tamanho",
            "mime",
            "sha256",
            "motivo",
            "cancelado_em",
            "assinaturas",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_versao(self, documento) -> int | None:
        return documento.versao_atual if documento.interno else None

    def _externo(self, documento, valor):
        return None if documento.interno else (valor or None)

    def _reservado(self, documento, valor):
        """Only for who may read the process's content."""
        return self._externo(documento, valor) if getattr(documento, "acesso_processo", False) else None

    def get_remetente(self, documento) -> str | None:
        return self._reservado(documento, documento.remetente)

    def get_tamanho(self, documento) -> int | None:
        return self._reservado(documento, documento.arquivo_tamanho)

    def get_formato(self, documento) -> str | None:
        return self._externo(documento, documento.formato)

    def get_tipo_conferencia(self, documento) -> str | None:
        return self._externo(documento, documento.tipo_conferencia)

    def get_nome_arquivo(self, documento) -> str | None:
        return self._reservado(documento, documento.arquivo_nome_original)

    def get_mime(self, documento) -> str | None:
        return self._externo(documento, documento.arquivo_mime)

    def get_sha256(self, documento) -> str | None:
        return self._reservado(documento, documento.arquivo_sha256)

    def get_motivo(self, documento) -> str | None:
        # Free text: content, like the description of an internal document.
        return (documento.motivo_cancelamento or None) if getattr(documento, "acesso_processo", False) else None

    def to_representation(self, documento):
        dados = super().to_representation(documento)
        if documento.interno and not getattr(documento, "acesso_processo", False):
            dados["descricao"] = None
        return dados

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_assinaturas(self, documento) -> list:
        return [
            {**a, "data": serializers.DateTimeField().to_representation(a["data"])}
            for a in selectors.assinaturas_do_documento(getattr(documento, "documento", documento))
        ]


class VersaoResumoSerializer(serializers.ModelSerializer):
    criado_por = serializers.CharField(source="criado_por.username")
    criado_por_nome = serializers.CharField(source="criado_por.nome")

    class Meta:
        model = VersaoDocumento
        fields = ["numero", "criado_por", "criado_por_nome", "criado_em", "restaurada_de", "sha256"]
        read_only_fields = fields


class VersaoDetalheSerializer(VersaoResumoSerializer):
    conteudo = serializers.CharField(help_text="Corpo em HTML (saneado) desta versão.")

    class Meta(VersaoResumoSerializer.Meta):
        fields = [*VersaoResumoSerializer.Meta.fields, "conteudo"]
        read_only_fields = fields


class TarefaSerializer(serializers.Serializer):
    """A process PDF/ZIP being built."""

    id = serializers.IntegerField()
    estado = serializers.ChoiceField(choices=["pendente", "executando", "concluida", "erro"])
    progresso = serializers.IntegerField(min_value=0, max_value=100)
    documentos_feitos = serializers.IntegerField(min_value=0, help_text="Documentos já lidos.")
    documentos_total = serializers.IntegerField(min_value=0, help_text="Documentos pedidos.")
    arquivo = serializers.URLField(allow_null=True, help_text="Onde baixar o arquivo, quando concluída.")
    detail = serializers.CharField(allow_null=True, help_text="Mensagem, quando deu erro.")
    formato = serializers.CharField(help_text="``pdf`` ou ``zip``.")
    processo = serializers.CharField(help_text="NUP (17 dígitos).")
    criada_em = serializers.DateTimeField()
    expira_em = serializers.DateTimeField(help_text="Depois disso o arquivo não está mais disponível (410).")


class TarefaCriadaSerializer(serializers.Serializer):
    tarefa = serializers.URLField(help_text="URL da tarefa (também no cabeçalho Location).")


class TipoDocumentoSerializer(serializers.ModelSerializer):
    class Meta:
        model = TipoDocumento
        fields = ["id", "nome", "aplicabilidade", "numeracao"]
        read_only_fields = fields


class TextoPadraoSerializer(serializers.ModelSerializer):
    class Meta:
        model = TextoPadrao
        fields = ["id", "nome", "conteudo"]
        read_only_fields = fields


class ModeloSerializer(serializers.ModelSerializer):
    tipo_nome = serializers.CharField(source="tipo.nome", read_only=True)

    class Meta:
        model = Modelo
        fields = ["id", "nome", "tipo", "tipo_nome", "padrao"]
        read_only_fields = fields
