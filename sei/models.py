from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .validators import validar_cpf

codigo_protocolo_validator = RegexValidator(r"^[0-9]{5}$", "O código de protocolo tem 5 dígitos.")


class NivelAcesso(models.IntegerChoices):
    """The LAI access levels, ordered so that the most restrictive is the largest value."""

    PUBLICO = 0, "Público"
    RESTRITO = 1, "Restrito"
    SIGILOSO = 2, "Sigiloso"

    @property
    def chave(self) -> str:
        return {0: "publico", 1: "restrito", 2: "sigiloso"}[self.value]

    @classmethod
    def de_chave(cls, chave: str) -> "NivelAcesso":
        return {"publico": cls.PUBLICO, "restrito": cls.RESTRITO, "sigiloso": cls.SIGILOSO}[chave]


class Orgao(models.Model):
    """An agency of the installation (a state and its municipalities may share one)."""

    sigla = models.CharField(max_length=30, unique=True)
    nome = models.CharField(max_length=200)
    codigo_protocolo = models.CharField(
        "código de protocolo",
        max_length=5,
        unique=True,
        validators=[codigo_protocolo_validator],
        help_text="Cinco dígitos usados no NUP dos processos do órgão.",
    )
    ativo = models.BooleanField(default=True)

    class Meta:
        verbose_name = "órgão"
        verbose_name_plural = "órgãos"
        ordering = ["sigla"]

    def __str__(self) -> str:
        return self.sigla


class Unidade(models.Model):
    orgao = models.ForeignKey(Orgao, on_delete=models.PROTECT, related_name="unidades", verbose_name="órgão")
    sigla = models.CharField(max_length=30)
    nome = models.CharField(max_length=200)
    superior = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subordinadas"
    )
    ativa = models.BooleanField(default=True)
    recebe_processos = models.BooleanField("pode receber processos", default=True)
    email = models.EmailField("e-mail", blank=True)

    class Meta:
        verbose_name = "unidade"
        verbose_name_plural = "unidades"
        ordering = ["orgao__sigla", "sigla"]
        constraints = [
            models.UniqueConstraint(fields=["orgao", "sigla"], name="unidade_sigla_unica_no_orgao")
        ]

    def __str__(self) -> str:
        return self.sigla

    @property
    def hierarquia(self) -> str:
        """SEI's display of a unit in its chain: DIRAD/SE-ORG/ORG."""
        siglas, atual, vistos = [], self, set()
        while atual is not None and atual.pk not in vistos:
            vistos.add(atual.pk)
            siglas.append(atual.sigla)
            atual = atual.superior
        return "/".join(siglas)


class UsuarioManager(UserManager):
    pass


class Usuario(AbstractUser):
    class Tipo(models.TextChoices):
        INTERNO = "interno", "Interno"
        EXTERNO = "externo", "Externo"

    nome = models.CharField(max_length=200)
    cpf = models.CharField("CPF", max_length=11, null=True, blank=True, unique=True, validators=[validar_cpf])
    tipo = models.CharField(max_length=10, choices=Tipo.choices, default=Tipo.INTERNO)
    unidades = models.ManyToManyField(Unidade, through="Lotacao", related_name="usuarios", blank=True)

    objects = UsuarioManager()

    class Meta:
        verbose_name = "usuário"
        verbose_name_plural = "usuários"

    def __str__(self) -> str:
        return self.username

    def get_full_name(self) -> str:
        return self.nome or self.username

    @property
    def interno(self) -> bool:
        return self.tipo == self.Tipo.INTERNO


class Lotacao(models.Model):
    """A user's membership of a unit, with the profile they hold there."""

    class Perfil(models.TextChoices):
        BASICO = "basico", "Básico"
        ADMINISTRADOR = "administrador", "Administrador"

    usuario = models.ForeignKey(
        Usuario, on_delete=models.CASCADE, related_name="lotacoes", verbose_name="usuário"
    )
    unidade = models.ForeignKey(Unidade, on_delete=models.CASCADE, related_name="lotacoes")
    perfil = models.CharField(max_length=20, choices=Perfil.choices, default=Perfil.BASICO)
    ativa = models.BooleanField(default=True)

    class Meta:
        verbose_name = "lotação"
        verbose_name_plural = "lotações"
        constraints = [
            models.UniqueConstraint(fields=["usuario", "unidade"], name="lotacao_unica"),
        ]
        indexes = [models.Index(fields=["unidade"], condition=Q(ativa=True), name="lotacao_ativa_unidade")]

    def __str__(self) -> str:
        return f"{self.usuario} em {self.unidade} ({self.get_perfil_display()})"


class Alcance(models.Model):
    """Who may know of a process (``CONHECE``: that it exists, its metadata and history) and who
    may read it (``LE``: its content), as data: one row per principal of the process.

    Principals are tokens an actor carries (``sei.acesso.principais``): ``o:<órgão>`` (every
    internal user of the órgão), ``u:<unidade>`` (the users of a unit), ``c:<usuário>:<unidade>``
    (one user acting in one unit: a sigiloso's credential). The rows are derived from the
    process's state by ``processos.services.alcance`` in the transaction that changes it, and
    every decision — single checks, querysets, the inbox SQL, a search index's filter — is a
    membership test here: the access rule is written once, in that derivation."""

    class Grau(models.IntegerChoices):
        CONHECE = 1, "Sabe que existe"
        LE = 2, "Lê o conteúdo"

    # processos.Processo, by value: sei does not depend on processos.
    processo_id = models.BigIntegerField()
    principal = models.CharField(max_length=40)
    grau = models.PositiveSmallIntegerField(choices=Grau.choices)

    class Meta:
        verbose_name = "alcance de processo"
        verbose_name_plural = "alcances de processos"
        constraints = [models.UniqueConstraint(fields=["processo_id", "principal"], name="alcance_unico")]
        indexes = [
            # "Which processes may this actor see": from the principal side.
            models.Index(fields=["principal", "processo_id"], include=["grau"], name="alcance_principal"),
        ]

    def __str__(self) -> str:
        return f"processo {self.processo_id}: {self.principal} ({self.get_grau_display().lower()})"


class PendenciaIndice(models.Model):
    """An item whose search-index entries must be rebuilt: the outbox of the search index
    (``sei.indexacao``), written in the transaction that changed the item and read by the
    ``busca`` indexer, which deletes the rows it indexed (only those, by ``id``: an item marked
    again meanwhile stays). A worker killed mid-batch, or a message the broker lost, leaves the
    rows here for the next run or the beat sweeper. Append-only on the write side: marking never
    waits on another transaction's lock.

    ``chave``: ``p:<processo>`` (the process's own entries), ``P:<processo>`` (those and every
    document of it: who may read them changed), ``d:<documento>`` or ``n:<número SEI>``."""

    id = models.BigAutoField(primary_key=True)
    chave = models.CharField(max_length=30)
    marcada_em = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pendência do índice de busca"
        verbose_name_plural = "pendências do índice de busca"
        indexes = [models.Index(fields=["chave", "id"], name="pendencia_indice_chave")]

    def __str__(self) -> str:
        return self.chave
