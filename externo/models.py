"""The external user's record: what a citizen or company representative registers in the portal,
and the órgão's decision on it. The account itself is a ``sei.Usuario`` of type ``externo``
(login = CPF); it holds no internal principal (``sei.acesso``), so no internal page, endpoint or
list ever answers it."""

import hashlib

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


class AcessoExterno(models.Model):
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
    valido_ate = models.DateField("válido até")
    unidade = models.ForeignKey("sei.Unidade", on_delete=models.PROTECT, related_name="+")
    concedido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="concedido por"
    )
    criado_em = models.DateTimeField("concedido em")
    expirado_em = models.DateTimeField("expirado em", null=True, blank=True)
    cancelado_em = models.DateTimeField("cancelado em", null=True, blank=True)
    cancelado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cancelado por",
    )
    motivo_cancelamento = models.TextField("motivo do cancelamento", blank=True)

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
        if self.expirado_em or self.valido_ate < timezone.localdate():
            return "expirado"
        return "ativo"

    @property
    def situacao_display(self) -> str:
        return {"ativo": "Ativo", "expirado": "Expirado", "cancelado": "Cancelado"}[self.situacao]


class LiberacaoAssinaturaExterna(models.Model):
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
    valido_ate = models.DateField("válido até")
    unidade = models.ForeignKey("sei.Unidade", on_delete=models.PROTECT, related_name="+")
    liberado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="liberado por"
    )
    criado_em = models.DateTimeField("liberado em")
    assinatura = models.ForeignKey(
        "assinaturas.Assinatura", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assinado_em = models.DateTimeField("assinado em", null=True, blank=True)
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
        verbose_name = "liberação para assinatura externa"
        verbose_name_plural = "liberações para assinatura externa"
        ordering = ["-criado_em", "-id"]
        constraints = [
            # One open liberação per user and document (a second one would be two pendings).
            models.UniqueConstraint(
                fields=["documento", "usuario"],
                condition=models.Q(cancelado_em__isnull=True, assinado_em__isnull=True),
                name="liberacao_assinatura_externa_aberta",
            )
        ]
        indexes = [
            models.Index(
                fields=["usuario", "valido_ate"],
                condition=models.Q(cancelado_em__isnull=True, assinado_em__isnull=True),
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
        if self.valido_ate < timezone.localdate():
            return "vencida"
        return "pendente"

    @property
    def situacao_display(self) -> str:
        return {"assinada": "Assinada", "cancelada": "Cancelada", "vencida": "Vencida", "pendente": "Pendente"}[
            self.situacao
        ]
