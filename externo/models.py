"""The external user's record: what a citizen or company representative registers in the portal,
and the órgão's decision on it. The account itself is a ``sei.Usuario`` of type ``externo``
(login = CPF); it holds no internal principal (``sei.acesso``), so no internal page, endpoint or
list ever answers it."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class CadastroExterno(models.Model):
    class Situacao(models.TextChoices):
        PENDENTE = "pendente", "Pendente de liberação"
        LIBERADO = "liberado", "Liberado"
        RECUSADO = "recusado", "Recusado"
        DESATIVADO = "desativado", "Desativado"

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cadastro_externo",
        verbose_name="usuário",
    )
    situacao = models.CharField(
        "situação", max_length=12, choices=Situacao.choices, default=Situacao.PENDENTE
    )
    telefone = models.CharField(max_length=30, blank=True)
    endereco = models.TextField("endereço", blank=True)
    email_confirmado_em = models.DateTimeField("e-mail confirmado em", null=True, blank=True)
    termos_aceitos_em = models.DateTimeField("termos aceitos em", null=True, blank=True)
    # Digest of the terms text the user accepted (the órgão may change the text later).
    termos_versao = models.CharField("versão dos termos", max_length=64, blank=True)
    motivo = models.TextField(blank=True, help_text="Motivo da recusa ou da desativação.")
    analisado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="analisado por",
    )
    analisado_em = models.DateTimeField("analisado em", null=True, blank=True)
    criado_em = models.DateTimeField("criado em", auto_now_add=True)

    class Meta:
        verbose_name = "cadastro de usuário externo"
        verbose_name_plural = "cadastros de usuários externos"
        permissions = [
            ("liberar_cadastro", "Pode liberar, recusar e desativar cadastros de usuários externos")
        ]
        indexes = [
            models.Index(
                fields=["criado_em"],
                condition=models.Q(situacao="pendente"),
                name="cadastro_externo_pendente",
            )
        ]

    def __str__(self) -> str:
        return f"{self.usuario.get_full_name()} ({self.get_situacao_display().lower()})"

    @property
    def liberado(self) -> bool:
        return self.situacao == self.Situacao.LIBERADO


class TermosDeUso(models.Model):
    """The terms of use of the electronic signature the external user accepts when registering,
    as the órgão writes them (admin): the latest row is the text in force; older rows are kept,
    since each record stores the digest of the text it accepted (``CadastroExterno.termos_versao``).
    With no row, the text of ``SEI_TERMOS_USO_EXTERNO``."""

    texto = models.TextField()
    criado_em = models.DateTimeField("em vigor desde", auto_now_add=True)
    criado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="escrito por",
    )

    class Meta:
        verbose_name = "termos de uso do usuário externo"
        verbose_name_plural = "termos de uso do usuário externo"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Termos de uso de {self.criado_em:%d/%m/%Y %H:%M}" if self.criado_em else "Termos de uso"

    @staticmethod
    def resumo(texto: str) -> str:
        """The digest stored as the accepted version (SHA-256 of the text as shown)."""
        return hashlib.sha256(texto.strip().encode()).hexdigest()


class ConcessaoComValidade(models.Model):
    """What a unit grants an external user until a date (inclusive) and may cancel: the
    validity and cancellation fields ``AcessoExterno`` and ``LiberacaoAssinaturaExterna`` share,
    defined exactly as each had them (``Intimacao`` has no validity, and its cancellation fields
    are ``cancelada_*``). Each subclass defines its own ``expirado_em`` (marked by the beat): the
    labels differ ("expirado em", "vencida em")."""

    valido_ate = models.DateField("válido até")
    cancelado_em = models.DateTimeField("cancelado em", null=True, blank=True)
    cancelado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cancelado por",
    )

    class Meta:
        abstract = True

    @property
    def vencida(self) -> bool:
        """Marked expired by the beat (the subclass's ``expirado_em``), or past ``valido_ate``
        before the beat ran."""
        return bool(self.expirado_em) or self.valido_ate < timezone.localdate()


class AcessoExterno(ConcessaoComValidade):
    """A grant (SEI's "Disponibilizar acesso externo"): a unit lets an external user read a
    process — ``integral``: the process and every document a non-party may see, present and
    future; ``parcial``: the chosen documents — until ``valido_ate`` (inclusive), unless cancelled.

    Made to a registered user or to an e-mail: an e-mail grant has no ``usuario`` until a user
    with that e-mail is approved (``acessos.vincular_por_email``). What it lets the user read is
    data: the external principal ``e:<usuario>`` in ``sei.models.Alcance`` (derived by
    ``processos.services.alcance`` from the grants, through the source this app registers) and
    the policy's external side (``sei.acesso.AtorExterno``). Never deleted: cancelled (who, when,
    why) or expired (``expirado_em``, marked by the beat; a grant past its date is refused at read
    time even before that)."""

    class Tipo(models.TextChoices):
        INTEGRAL = "integral", "Integral"
        PARCIAL = "parcial", "Parcial"

    processo = models.ForeignKey(
        "processos.Processo", on_delete=models.PROTECT, related_name="acessos_externos"
    )
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acessos_externos",
        verbose_name="usuário externo",
    )
    email = models.EmailField("e-mail do destinatário")
    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    documentos = models.ManyToManyField("documentos.Documento", blank=True, related_name="acessos_externos")
    motivo = models.TextField()
    unidade = models.ForeignKey("sei.Unidade", on_delete=models.PROTECT, related_name="+")
    concedido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="concedido por"
    )
    criado_em = models.DateTimeField("concedido em")
    expirado_em = models.DateTimeField("expirado em", null=True, blank=True)
    motivo_cancelamento = models.TextField("motivo do cancelamento", blank=True)
    # SEI's "acesso externo com inclusão de documentos": while the grant is in force and the
    # process is open in the granting unit, the user may add PDFs of these types to it.
    permite_inclusao = models.BooleanField("permite incluir documentos", default=False)
    tipos_documento = models.ManyToManyField(
        "documentos.TipoDocumento",
        blank=True,
        related_name="+",
        verbose_name="tipos de documento que pode incluir",
    )

    class Meta:
        verbose_name = "acesso externo"
        verbose_name_plural = "acessos externos"
        ordering = ["-criado_em", "-id"]
        indexes = [
            # The portal's home and every external read: the user's grants still in force.
            models.Index(
                fields=["usuario", "valido_ate"],
                condition=models.Q(cancelado_em__isnull=True, expirado_em__isnull=True),
                name="acesso_externo_vigente",
            ),
            models.Index(fields=["processo", "-criado_em"], name="acesso_externo_processo"),
            models.Index(fields=["unidade", "-criado_em"], name="acesso_externo_unidade"),
        ]

    def __str__(self) -> str:
        return f"acesso {self.get_tipo_display().lower()} a {self.email} até {self.valido_ate:%d/%m/%Y}"

    @property
    def situacao(self) -> str:
        """``ativo``, ``expirado`` or ``cancelado``, as of now."""
        if self.cancelado_em:
            return "cancelado"
        if self.vencida:
            return "expirado"
        return "ativo"

    @property
    def situacao_display(self) -> str:
        return {"ativo": "Ativo", "expirado": "Expirado", "cancelado": "Cancelado"}[self.situacao]


class TipoPeticionamento(models.Model):
    """How the órgão takes an electronic petition (SEI's "Peticionamento Eletrônico", admin): the
    process type it opens, the unit it goes to, the text shown to the user, the access level of
    its documents, the main document's type (written in the portal or an uploaded PDF) and the
    types of the required (essenciais) and optional (complementares) documents."""

    class Principal(models.TextChoices):
        FORMULARIO = "formulario", "Formulário escrito no portal"
        ARQUIVO = "arquivo", "PDF enviado"

    nome = models.CharField(max_length=200)
    tipo_processo = models.ForeignKey(
        "processos.TipoProcesso", on_delete=models.PROTECT, related_name="+", verbose_name="tipo de processo"
    )
    unidade = models.ForeignKey(
        "sei.Unidade", on_delete=models.PROTECT, related_name="+", verbose_name="unidade de destino"
    )
    instrucoes = models.TextField("instruções", blank=True)
    nivel_acesso = models.PositiveSmallIntegerField("nível de acesso", default=0)
    hipotese_legal = models.ForeignKey(
        "processos.HipoteseLegal", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="hipótese legal",
    )  # fmt: skip
    principal = models.CharField("documento principal", max_length=12, choices=Principal.choices)
    tipo_principal = models.ForeignKey(
        "documentos.TipoDocumento", on_delete=models.PROTECT, related_name="+", verbose_name="tipo do principal"
    )
    tipos_essenciais = models.ManyToManyField(
        "documentos.TipoDocumento", blank=True, related_name="+", verbose_name="documentos essenciais"
    )
    tipos_complementares = models.ManyToManyField(
        "documentos.TipoDocumento", blank=True, related_name="+", verbose_name="documentos complementares"
    )
    intercorrente_interessado = models.BooleanField(
        "intercorrente pelo interessado",
        default=True,
        help_text="O interessado pode juntar documentos ao processo mesmo sem acesso externo concedido.",
    )
    ativo = models.BooleanField(default=True)

    class Meta:
        verbose_name = "tipo de peticionamento"
        verbose_name_plural = "tipos de peticionamento"
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome


class Peticao(models.Model):
    """One petition sent by an external user (new process or intercorrente) and its receipt
    (``recibo``: the Recibo Eletrônico de Protocolo, a document of the process signed with the
    órgão's seal). Read only by its own user (``externo.selectors.peticoes_do_usuario``)."""

    class Tipo(models.TextChoices):
        NOVA = "nova", "Processo novo"
        INTERCORRENTE = "intercorrente", "Intercorrente"
        INCLUSAO = "inclusao", "Inclusão por acesso externo"

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="peticoes")
    tipo = models.CharField(max_length=14, choices=Tipo.choices)
    tipo_peticionamento = models.ForeignKey(
        TipoPeticionamento, on_delete=models.PROTECT, null=True, blank=True, related_name="peticoes"
    )
    processo = models.ForeignKey("processos.Processo", on_delete=models.PROTECT, related_name="peticoes")
    documentos = models.ManyToManyField("documentos.Documento", related_name="+")
    recibo = models.OneToOneField(
        "documentos.Documento", on_delete=models.PROTECT, related_name="peticao_do_recibo"
    )
    criada_em = models.DateTimeField("enviada em")
    # The receipt's e-mail, sent by a task after the commit; null while pending (the beat's
    # sweeper resends it when the broker lost the message).
    recibo_enviado_em = models.DateTimeField("recibo enviado por e-mail em", null=True, blank=True)

    class Meta:
        verbose_name = "petição eletrônica"
        verbose_name_plural = "petições eletrônicas"
        ordering = ["-criada_em", "-pk"]

    def __str__(self) -> str:
        return f"Petição {self.get_tipo_display().lower()} em {self.processo_id}"
class Intimacao(models.Model):
    """Intimação eletrônica: a unit intimates an approved external user about chosen documents
    (signed internal or external ones, never a minuta). The reading comes from a parcial grant
    (``acesso``) made with it, so the portal reads it through the one external read path.

    Ciência: ``expressa`` when the user opens it ("Tomo ciência", or reads an intimated
    document), or ``tacita`` ``SEI_INTIMACAO_PRAZO_TACITO_DIAS`` days after ``expedida_em`` (the
    beat marks it; readers compare the date too). The answer term (``prazo_dias``, calendar days)
    counts from the ciência's date. Never deleted: cancelled before the ciência (who, when, why)."""

    class TipoResposta(models.TextChoices):
        SEM_RESPOSTA = "sem_resposta", "Sem resposta"
        FACULTATIVA = "facultativa", "Resposta facultativa"
        EXIGIDA = "exigida", "Resposta exigida"

    class Ciencia(models.TextChoices):
        EXPRESSA = "expressa", "Expressa"
        TACITA = "tacita", "Tácita"

    processo = models.ForeignKey("processos.Processo", on_delete=models.PROTECT, related_name="intimacoes")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intimacoes", verbose_name="intimado"
    )
    acesso = models.OneToOneField(
        AcessoExterno, on_delete=models.PROTECT, related_name="intimacao", verbose_name="acesso externo"
    )
    documentos = models.ManyToManyField(
        "documentos.Documento", through="IntimacaoDocumento", related_name="intimacoes"
    )
    tipo_resposta = models.CharField(
        "tipo de resposta", max_length=12, choices=TipoResposta.choices, default=TipoResposta.SEM_RESPOSTA
    )
    prazo_dias = models.PositiveSmallIntegerField("prazo para responder (dias corridos)", null=True, blank=True)
    unidade = models.ForeignKey("sei.Unidade", on_delete=models.PROTECT, related_name="+")
    expedida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="expedida por"
    )
    expedida_em = models.DateTimeField("expedida em")
    ciencia_em = models.DateTimeField("ciência em", null=True, blank=True)
    ciencia_tipo = models.CharField("ciência", max_length=10, choices=Ciencia.choices, blank=True)
    respondida_em = models.DateTimeField("respondida em", null=True, blank=True)
    resposta = models.JSONField("resposta", default=dict, blank=True)
    cancelada_em = models.DateTimeField("cancelada em", null=True, blank=True)
    cancelada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cancelada por",
    )
    motivo_cancelamento = models.TextField("motivo do cancelamento", blank=True)

    class Meta:
        verbose_name = "intimação eletrônica"
        verbose_name_plural = "intimações eletrônicas"
        ordering = ["-expedida_em", "-id"]
        indexes = [
            models.Index(
                fields=["usuario", "-expedida_em"],
                condition=models.Q(cancelada_em__isnull=True),
                name="intimacao_do_usuario",
            ),
            # The beat's sweep: expedited, not cancelled, no ciência yet.
            models.Index(
                fields=["expedida_em"],
                condition=models.Q(cancelada_em__isnull=True, ciencia_em__isnull=True),
                name="intimacao_sem_ciencia",
            ),
            models.Index(fields=["processo", "-expedida_em"], name="intimacao_processo"),
            models.Index(fields=["unidade", "-expedida_em"], name="intimacao_unidade"),
        ]

    def __str__(self) -> str:
        return f"intimação {self.pk} de {self.usuario_id} no processo {self.processo_id}"

    @staticmethod
    def prazo_tacito_dias() -> int:
        return settings.SEI_INTIMACAO_PRAZO_TACITO_DIAS

    @property
    def tacita_em(self):
        """When the ciência becomes tacit, if the user has not opened it before."""
        return self.expedida_em + timedelta(days=self.prazo_tacito_dias())

    def ciencia_efetiva(self, agora=None):
        """``(when, kind)`` of the ciência as of ``agora`` (the stored one, or the tacit date
        already past), or ``(None, "")``."""
        if self.ciencia_em:
            return self.ciencia_em, self.ciencia_tipo
        if self.cancelada_em:
            return None, ""
        if (agora or timezone.now()) >= self.tacita_em:
            return self.tacita_em, self.Ciencia.TACITA
        return None, ""

    def prazo_ate(self, agora=None):
        """Last day to answer: the ciência's local date plus ``prazo_dias`` calendar days."""
        quando, _ = self.ciencia_efetiva(agora)
        if quando is None or not self.prazo_dias:
            return None
        return timezone.localdate(quando) + timedelta(days=self.prazo_dias)

    def situacao(self, agora=None) -> str:
        """``cancelada``, ``respondida``, ``aguardando`` (ciência), ``expressa`` or ``tacita``."""
        if self.cancelada_em:
            return "cancelada"
        if self.respondida_em:
            return "respondida"
        _, tipo = self.ciencia_efetiva(agora)
        return tipo or "aguardando"

    SITUACOES = {
        "aguardando": "Aguardando ciência",
        "expressa": "Ciência expressa",
        "tacita": "Ciência tácita",
        "respondida": "Respondida",
        "cancelada": "Cancelada",
    }

    @property
    def situacao_display(self) -> str:
        return self.SITUACOES[self.situacao()]

    @property
    def pendente(self) -> bool:
        return self.situacao() == "aguardando"


class IntimacaoDocumento(models.Model):
    intimacao = models.ForeignKey(Intimacao, on_delete=models.CASCADE, related_name="itens")
    documento = models.ForeignKey("documentos.Documento", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "documento intimado"
        verbose_name_plural = "documentos intimados"
        constraints = [
            models.UniqueConstraint(fields=["intimacao", "documento"], name="intimacao_documento_unico")
        ]

    def __str__(self) -> str:
        return f"documento {self.documento_id} da intimação {self.intimacao_id}"


class LiberacaoAssinaturaExterna(ConcessaoComValidade):
    """SEI's "Liberar para assinatura externa": the generating unit lets an approved external
    user sign one internal document, until ``valido_ate`` (inclusive), unless cancelled. While
    in force and unsigned it is pending: the unit does not conclude the process. The user reads
    that document in the portal to sign it; ``com_visualizacao_integral`` also grants the whole
    process through an integral ``AcessoExterno`` (``acesso``), cancelled with the liberação.
    Never deleted: signed (``assinatura``) or cancelled (who, when)."""

    documento = models.ForeignKey(
        "documentos.Documento", on_delete=models.PROTECT, related_name="liberacoes_assinatura_externa"
    )
    processo = models.ForeignKey("processos.Processo", on_delete=models.PROTECT, related_name="+")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="liberacoes_assinatura_externa",
        verbose_name="usuário externo",
    )
    com_visualizacao_integral = models.BooleanField("com visualização integral do processo", default=False)
    acesso = models.ForeignKey(
        AcessoExterno, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unidade = models.ForeignKey("sei.Unidade", on_delete=models.PROTECT, related_name="+")
    liberado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="liberado por"
    )
    criado_em = models.DateTimeField("liberado em")
    assinatura = models.ForeignKey(
        "assinaturas.Assinatura", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assinado_em = models.DateTimeField("assinado em", null=True, blank=True)
    # Marked by the beat (or by a new liberação to the same user) once past ``valido_ate``.
    expirado_em = models.DateTimeField("vencida em", null=True, blank=True)

    class Meta:
        verbose_name = "liberação para assinatura externa"
        verbose_name_plural = "liberações para assinatura externa"
        ordering = ["-criado_em", "-id"]
        constraints = [
            # One open liberação per user and document (a second one would be two pendings).
            models.UniqueConstraint(
                fields=["documento", "usuario"],
                condition=models.Q(cancelado_em__isnull=True, assinado_em__isnull=True, expirado_em__isnull=True),
                name="liberacao_assinatura_externa_aberta",
            )
        ]
        indexes = [
            models.Index(
                fields=["usuario", "valido_ate"],
                condition=models.Q(cancelado_em__isnull=True, assinado_em__isnull=True, expirado_em__isnull=True),
                name="liberacao_assinatura_pendente",
            ),
            models.Index(fields=["processo", "-criado_em"], name="liberacao_assinatura_processo"),
        ]

    def __str__(self) -> str:
        return f"assinatura externa de {self.documento_id} por {self.usuario_id} até {self.valido_ate:%d/%m/%Y}"

    @property
    def situacao(self) -> str:
        """``assinada``, ``cancelada``, ``vencida`` or ``pendente``, as of now."""
        if self.assinado_em:
            return "assinada"
        if self.cancelado_em:
            return "cancelada"
        if self.vencida:
            return "vencida"
        return "pendente"

    @property
    def situacao_display(self) -> str:
        return {"assinada": "Assinada", "cancelada": "Cancelada", "vencida": "Vencida", "pendente": "Pendente"}[
            self.situacao
        ]


class TipoManifestacao(models.Model):
    """Ouvidoria (admin): a kind of manifestation the public form offers (Denúncia, Reclamação,
    Elogio, Sugestão, Solicitação) and where it goes: the process type opened, the ouvidoria unit
    whose inbox receives it, the access level (restrito with "Informação Pessoal" by default: a
    manifestation names people) and the type of the document that holds the text."""

    nome = models.CharField(max_length=100)
    tipo_processo = models.ForeignKey(
        "processos.TipoProcesso", on_delete=models.PROTECT, related_name="+", verbose_name="tipo de processo"
    )
    unidade = models.ForeignKey(
        "sei.Unidade", on_delete=models.PROTECT, related_name="+", verbose_name="unidade da ouvidoria"
    )
    tipo_documento = models.ForeignKey(
        "documentos.TipoDocumento", on_delete=models.PROTECT, related_name="+",
        verbose_name="tipo do documento da manifestação",
    )  # fmt: skip
    nivel_acesso = models.PositiveSmallIntegerField("nível de acesso", default=1)
    hipotese_legal = models.ForeignKey(
        "processos.HipoteseLegal", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="hipótese legal",
    )  # fmt: skip
    instrucoes = models.TextField("instruções", blank=True)
    ativo = models.BooleanField(default=True)

    class Meta:
        verbose_name = "tipo de manifestação (ouvidoria)"
        verbose_name_plural = "tipos de manifestação (ouvidoria)"
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome


class Manifestacao(models.Model):
    """A manifestation sent through the public ouvidoria form. Pending until the e-mail link is
    followed (its files stored and listed in ``arquivos``; the beat deletes the row and the files
    when the link expires unused); confirmed, it points to the process and the recibo it opened
    (the files then belong to the process's documents)."""

    tipo = models.ForeignKey(TipoManifestacao, on_delete=models.PROTECT, related_name="manifestacoes")
    nome = models.CharField(max_length=200)
    email = models.EmailField("e-mail")
    cpf = models.CharField("CPF", max_length=11, blank=True)
    telefone = models.CharField(max_length=30, blank=True)
    assunto = models.CharField(max_length=100)
    texto = models.TextField()
    arquivos = models.JSONField(default=list, blank=True)
    criada_em = models.DateTimeField("enviada em", default=timezone.now)
    confirmada_em = models.DateTimeField("confirmada em", null=True, blank=True)
    processo = models.ForeignKey(
        "processos.Processo", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recibo = models.OneToOneField(
        "documentos.Documento", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Each e-mail goes once, by a task after the commit; null: still pending (beat's sweeper).
    confirmacao_enviada_em = models.DateTimeField(
        "link de confirmação enviado por e-mail em", null=True, blank=True
    )
    recibo_enviado_em = models.DateTimeField("recibo enviado por e-mail em", null=True, blank=True)

    class Meta:
        verbose_name = "manifestação (ouvidoria)"
        verbose_name_plural = "manifestações (ouvidoria)"
        ordering = ["-criada_em", "-pk"]

    def __str__(self) -> str:
        return f"{self.tipo} de {self.nome} ({'confirmada' if self.confirmada_em else 'pendente'})"
