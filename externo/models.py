"""The external user's record: what a citizen or company representative registers in the portal,
and the órgão's decision on it. The account itself is a ``sei.Usuario`` of type ``externo``
(login = CPF); it holds no internal principal (``sei.acesso``), so no internal page, endpoint or
list ever answers it."""

import hashlib

from django.conf import settings
from django.db import models


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
