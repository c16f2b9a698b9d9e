"""Shapes of the acessos externos API: the internal side (grants of a process) and the portal's."""

from rest_framework import serializers

from documentos.serializers import ArquivoField, TipoDocumentoField

from .models import AcessoExterno, Intimacao, LiberacaoAssinaturaExterna

# --- Internal: the grants of a process ---------------------------------------------------------


class AcessoConcederSerializer(serializers.Serializer):
    cpf = serializers.CharField(required=False, allow_blank=True, max_length=20)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    tipo = serializers.ChoiceField(choices=AcessoExterno.Tipo.choices)
    documentos = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=1000,
        help_text="Números SEI (parcial).",
    )
    validade_dias = serializers.IntegerField(min_value=1, help_text="Dias de validade (a partir de hoje).")
    motivo = serializers.CharField(max_length=2000)
    incluir_documentos = serializers.BooleanField(
        required=False, default=False, help_text="O usuário externo também pode incluir documentos (PDF)."
    )
    tipos_documento = serializers.ListField(
        child=TipoDocumentoField(),
        required=False,
        max_length=200,
        help_text="Tipos de documento (id ou nome) que pode incluir, com ``incluir_documentos``.",
    )
    senha = serializers.CharField(max_length=200, trim_whitespace=False, style={"input_type": "password"})

    def validate(self, dados):
        if not (dados.get("cpf") or "").strip() and not (dados.get("email") or "").strip():
            raise serializers.ValidationError({"cpf": ["Informe o CPF ou o e-mail do destinatário."]})
        return dados


class AcessoCancelarSerializer(serializers.Serializer):
    motivo = serializers.CharField(max_length=2000)


class AcessoExternoSerializer(serializers.ModelSerializer):
    nup = serializers.CharField(source="processo.nup", read_only=True)
    nup_formatado = serializers.CharField(source="processo.nup_formatado", read_only=True)
    usuario = serializers.SerializerMethodField()
    documentos = serializers.SerializerMethodField()
    tipos_documento = serializers.SerializerMethodField()
    situacao = serializers.ChoiceField(choices=["ativo", "expirado", "cancelado"], read_only=True)
    unidade = serializers.CharField(source="unidade.sigla", read_only=True)
    concedido_por = serializers.CharField(source="concedido_por.username", read_only=True)
    cancelado_por = serializers.CharField(
        source="cancelado_por.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = AcessoExterno
        fields = [
            "id",
            "nup",
            "nup_formatado",
            "usuario",
            "email",
            "tipo",
            "documentos",
            "permite_inclusao",
            "tipos_documento",
            "motivo",
            "valido_ate",
            "situacao",
            "unidade",
            "concedido_por",
            "criado_em",
            "cancelado_em",
            "cancelado_por",
            "motivo_cancelamento",
        ]

    def get_usuario(self, obj) -> dict | None:
        """The registered recipient (null while an e-mail grant waits for its user)."""
        if obj.usuario_id is None:
            return None
        return {"nome": obj.usuario.get_full_name(), "cpf": obj.usuario.cpf}

    def get_documentos(self, obj) -> list[int]:
        return sorted(d.numero_sei for d in obj.documentos.all())

    def get_tipos_documento(self, obj) -> list[int]:
        """Ids of the document types the user may include (empty without ``permite_inclusao``)."""
        return sorted(t.pk for t in obj.tipos_documento.all())


# --- The portal -------------------------------------------------------------------------------


class ConcessaoSerializer(serializers.Serializer):
    """A grant as its recipient sees it."""

    tipo = serializers.CharField()
    valido_ate = serializers.DateField()
    unidade = serializers.CharField(source="unidade.sigla")


class ProcessoConcedidoSerializer(serializers.Serializer):
    """A line of ``GET /api/v1/externo/processos/``: one grant in force."""

    nup = serializers.CharField(source="processo.nup")
    nup_formatado = serializers.CharField(source="processo.nup_formatado")
    tipo_processo = serializers.CharField(source="processo.tipo.nome")
    acesso = serializers.CharField(source="tipo")
    valido_ate = serializers.DateField()
    unidade = serializers.CharField(source="unidade.sigla")


class DocumentoExternoSerializer(serializers.Serializer):
    numero_sei = serializers.IntegerField()
    tipo = serializers.CharField(source="tipo.nome")
    numero = serializers.CharField()
    rotulo = serializers.CharField()
    natureza = serializers.CharField()
    criado_em = serializers.DateTimeField()


class AndamentoExternoSerializer(serializers.Serializer):
    data = serializers.DateTimeField(source="criado_em")
    unidade = serializers.CharField(source="unidade.sigla")
    descricao = serializers.CharField(source="get_tipo_display")


class TipoInclusaoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nome = serializers.CharField()


class ProcessoExternoSerializer(serializers.Serializer):
    """``GET /api/v1/externo/processos/{nup}/``: the data, the granted documents, the summary history."""

    nup = serializers.CharField(source="processo.nup")
    nup_formatado = serializers.CharField(source="processo.nup_formatado")
    tipo_processo = serializers.CharField(source="processo.tipo.nome")
    especificacao = serializers.SerializerMethodField()
    acessos = ConcessaoSerializer(many=True)
    documentos = DocumentoExternoSerializer(many=True)
    andamentos = AndamentoExternoSerializer(many=True)
    permite_inclusao = serializers.BooleanField(
        help_text="Se agora o usuário pode incluir documentos (acesso em vigor com inclusão e o processo "
        "aberto na unidade que o concedeu)."
    )
    tipos_inclusao = TipoInclusaoSerializer(many=True, help_text="Os tipos de documento que pode incluir.")

    def get_especificacao(self, obj) -> str | None:
        """Only with an integral grant (a parcial one shows the chosen documents alone)."""
        return obj.processo.especificacao if obj.integral else None


class DocumentoIncluirSerializer(serializers.Serializer):
    """``POST /api/v1/externo/processos/{nup}/documentos/`` (multipart) and the portal's page."""

    tipo = TipoDocumentoField(help_text="Id ou nome de um dos tipos permitidos no acesso.")
    arquivo = ArquivoField(help_text="O PDF (tamanho máximo conforme a configuração: 413; outro tipo: 415).")
    numero = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    descricao = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    data = serializers.DateField(required=False, allow_null=True, default=None, help_text="AAAA-MM-DD; padrão: hoje.")
    senha = serializers.CharField(max_length=200, trim_whitespace=False, style={"input_type": "password"})


class DocumentoIncluidoSerializer(serializers.Serializer):
    nup = serializers.CharField(source="processo.nup")
    nup_formatado = serializers.CharField(source="processo.nup_formatado")
    peticao = serializers.IntegerField(source="pk")
    numero_sei = serializers.SerializerMethodField()
    recibo_numero_sei = serializers.IntegerField(source="recibo.numero_sei")

    def get_numero_sei(self, obj) -> int:
        return next(iter(obj.documentos.all())).numero_sei


# --- Intimações eletrônicas ---------------------------------------------------------------------


class IntimacaoExpedirSerializer(serializers.Serializer):
    cpf = serializers.CharField(max_length=20)
    documentos = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=1000, help_text="Números SEI."
    )
    tipo_resposta = serializers.ChoiceField(
        choices=Intimacao.TipoResposta.choices, default=Intimacao.TipoResposta.SEM_RESPOSTA
    )
    prazo_dias = serializers.IntegerField(
        min_value=1, max_value=365, required=False, allow_null=True, help_text="Dias corridos contados da ciência."
    )
    senha = serializers.CharField(max_length=200, trim_whitespace=False, style={"input_type": "password"})


class IntimacaoSerializer(serializers.ModelSerializer):
    nup = serializers.CharField(source="processo.nup", read_only=True)
    nup_formatado = serializers.CharField(source="processo.nup_formatado", read_only=True)
    usuario = serializers.CharField(source="usuario.get_full_name", read_only=True)
    unidade = serializers.CharField(source="unidade.sigla", read_only=True)
    documentos = serializers.SerializerMethodField()
    situacao = serializers.SerializerMethodField()
    ciencia_em = serializers.SerializerMethodField()
    ciencia_tipo = serializers.SerializerMethodField()
    tacita_em = serializers.DateTimeField(read_only=True)
    prazo_ate = serializers.SerializerMethodField()

    class Meta:
        model = Intimacao
        fields = [
            "id", "nup", "nup_formatado", "usuario", "unidade", "documentos", "tipo_resposta", "prazo_dias",
            "expedida_em", "situacao", "ciencia_em", "ciencia_tipo", "tacita_em", "prazo_ate", "respondida_em",
            "cancelada_em",
        ]  # fmt: skip

    def get_documentos(self, obj) -> list[int]:
        return [d.numero_sei for d in obj.documentos.all()]

    def get_situacao(self, obj) -> str:
        return obj.situacao()

    def get_ciencia_em(self, obj) -> str | None:
        quando, _ = obj.ciencia_efetiva()
        return serializers.DateTimeField().to_representation(quando) if quando else None

    def get_ciencia_tipo(self, obj) -> str:
        return obj.ciencia_efetiva()[1]

    def get_prazo_ate(self, obj) -> str | None:
        prazo = obj.prazo_ate()
        return prazo.isoformat() if prazo else None
# --- Assinatura externa --------------------------------------------------------------------------


class LiberacaoAssinaturaSerializer(serializers.Serializer):
    cpf = serializers.CharField(required=False, allow_blank=True, max_length=20)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    validade_dias = serializers.IntegerField(min_value=1, help_text="Dias de validade (a partir de hoje).")
    com_visualizacao_integral = serializers.BooleanField(
        required=False, default=False, help_text="Também dá acesso integral ao processo enquanto valer."
    )
    senha = serializers.CharField(max_length=200, trim_whitespace=False, style={"input_type": "password"})

    def validate(self, dados):
        if not (dados.get("cpf") or "").strip() and not (dados.get("email") or "").strip():
            raise serializers.ValidationError({"cpf": ["Informe o CPF ou o e-mail do usuário externo."]})
        return dados


class LiberacaoAssinaturaExternaSerializer(serializers.ModelSerializer):
    numero_sei = serializers.CharField(source="documento.numero_sei_formatado", read_only=True)
    nup = serializers.CharField(source="processo.nup", read_only=True)
    usuario = serializers.CharField(source="usuario.get_full_name", read_only=True)
    email = serializers.CharField(source="usuario.email", read_only=True)
    situacao = serializers.ChoiceField(choices=["pendente", "vencida", "cancelada", "assinada"], read_only=True)
    unidade = serializers.CharField(source="unidade.sigla", read_only=True)

    class Meta:
        model = LiberacaoAssinaturaExterna
        fields = [
            "id",
            "numero_sei",
            "nup",
            "usuario",
            "email",
            "com_visualizacao_integral",
            "valido_ate",
            "situacao",
            "unidade",
            "criado_em",
            "assinado_em",
            "cancelado_em",
        ]


class AssinaturaPendenteSerializer(serializers.ModelSerializer):
    """What the external user sees of a document awaiting their signature."""

    numero_sei = serializers.CharField(source="documento.numero_sei_formatado", read_only=True)
    documento = serializers.CharField(source="documento.rotulo", read_only=True)
    nup_formatado = serializers.CharField(source="processo.nup_formatado", read_only=True)
    unidade = serializers.CharField(source="unidade.sigla", read_only=True)

    class Meta:
        model = LiberacaoAssinaturaExterna
        fields = ["id", "numero_sei", "documento", "nup_formatado", "unidade", "valido_ate", "com_visualizacao_integral"]


class AssinarExternoSerializer(serializers.Serializer):
    senha = serializers.CharField(max_length=200, trim_whitespace=False, style={"input_type": "password"})


class AssinaturaExternaFeitaSerializer(serializers.Serializer):
    numero_sei = serializers.CharField(source="documento.numero_sei_formatado")
    nome = serializers.CharField()
    cpf_mascarado = serializers.CharField()
    cargo = serializers.CharField()
    nivel = serializers.CharField()
    criada_em = serializers.DateTimeField()
