"""Signatures: who may sign with which cargo (``Assinante``), the certificates the órgãos sign
under (``CertificadoOrgao``; their keys never live here) and each signature made
(``Assinatura``), a PAdES signature inside the document's PDF."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from documentos.models import Documento
from sei.models import Orgao, Unidade


class CertificadoOrgao(models.Model):
    """A certificate the product signs under: the internal root (no órgão) and the órgãos' seal
    certificates, several over time (rotation; each signature records its own). The private key
    is a PKCS#12 file whose password comes from the environment (``assinaturas.chaves``)."""

    class Tipo(models.TextChoices):
        RAIZ = "raiz", "Raiz"
        SELO = "selo", "Selo do órgão"

    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    orgao = models.ForeignKey(
        Orgao, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="órgão"
    )
    sujeito = models.CharField(max_length=300)
    emissor = models.CharField(max_length=300)
    serial = models.CharField("número de série", max_length=64)
    impressao_sha256 = models.CharField("impressão digital (SHA-256)", max_length=64, unique=True)
    certificado_pem = models.TextField("certificado (PEM)")
    valido_de = models.DateTimeField("válido de")
    valido_ate = models.DateTimeField("válido até")
    # The PKCS#12 file (relative to SEI_CHAVES_DIR) holding the key; empty for a root whose key
    # is kept offline.
    arquivo_chave = models.CharField(max_length=300, blank=True, verbose_name="arquivo da chave")
    ativo = models.BooleanField("em uso", default=True)
    criado_em = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "certificado do órgão"
        verbose_name_plural = "certificados dos órgãos"
        constraints = [
            models.CheckConstraint(
                condition=Q(tipo="raiz", orgao__isnull=True) | Q(tipo="selo", orgao__isnull=False),
                name="certificado_selo_tem_orgao",
            ),
            # One seal in use per órgão; older ones stay to verify what they signed.
            models.UniqueConstraint(
                fields=["orgao"], condition=Q(tipo="selo", ativo=True), name="um_selo_ativo_por_orgao"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()}: {self.sujeito} ({self.serial})"


class Assinante(models.Model):
    """SEI's "assinante": a user may sign with a cargo/função in the units listed (none: in every
    unit of the órgão)."""

    orgao = models.ForeignKey(Orgao, on_delete=models.PROTECT, related_name="+", verbose_name="órgão")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cargos", verbose_name="usuário"
    )
    cargo = models.CharField("cargo/função", max_length=120)
    unidades = models.ManyToManyField(
        Unidade, blank=True, related_name="+", help_text="Vazio: vale em todas as unidades do órgão."
    )
    ativo = models.BooleanField(default=True)

    class Meta:
        verbose_name = "assinante (cargo/função)"
        verbose_name_plural = "assinantes (cargos/funções)"
        ordering = ["cargo"]
        constraints = [models.UniqueConstraint(fields=["orgao", "usuario", "cargo"], name="assinante_unico")]

    def __str__(self) -> str:
        return f"{self.usuario} — {self.cargo}"


class FundamentoLegal(models.Model):
    """The legal basis a tarja cites, per órgão and kind of signature (SEI lets each órgão set
    its own). Without a row, the installation's default from the settings
    (``SEI_ASSINATURA_FUNDAMENTO``, ``..._QUALIFICADA``, ``SEI_AUTENTICACAO_FUNDAMENTO``)."""

    class Nivel(models.TextChoices):
        ELETRONICA = "eletronica", "Assinatura eletrônica"
        QUALIFICADA = "qualificada", "Assinatura qualificada (ICP-Brasil)"
        AUTENTICACAO = "autenticacao", "Autenticação de documento digitalizado"

    orgao = models.ForeignKey(
        Orgao, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="órgão",
        help_text="Vazio: vale para todos os órgãos que não tenham o seu.",
    )  # fmt: skip
    nivel = models.CharField("nível", max_length=15, choices=Nivel.choices)
    texto = models.CharField(
        max_length=300,
        help_text="Como a tarja o cita, após “com fundamento no”. Ex.: art. 6º, § 1º, do Decreto nº 8.539, de 8 de outubro de 2015",
    )

    class Meta:
        verbose_name = "fundamento legal da assinatura"
        verbose_name_plural = "fundamentos legais das assinaturas"
        constraints = [
            models.UniqueConstraint(fields=["orgao", "nivel"], name="fundamento_por_orgao_e_nivel"),
            models.UniqueConstraint(
                fields=["nivel"], condition=Q(orgao__isnull=True), name="fundamento_geral_por_nivel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_nivel_display()} — {self.orgao or 'todos os órgãos'}"


class Assinatura(models.Model):
    """One signature on a document: a PAdES signature in its PDF (the revision ``ordem``), with
    what the tarja prints. Rows are only added (a dropped one is marked, not removed)."""

    class Nivel(models.TextChoices):
        ELETRONICA = "eletronica", "Assinatura eletrônica"
        QUALIFICADA = "qualificada", "Assinatura qualificada (ICP-Brasil)"

    class Tipo(models.TextChoices):
        ASSINATURA = "assinatura", "Assinatura"
        AUTENTICACAO = "autenticacao", "Autenticação"

    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="assinaturas")
    ordem = models.PositiveSmallIntegerField()
    tipo = models.CharField(max_length=15, choices=Tipo.choices, default=Tipo.ASSINATURA)
    nivel = models.CharField("nível", max_length=15, choices=Nivel.choices)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="usuário"
    )
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    # What the tarja printed, as it was at signing.
    nome = models.CharField(max_length=200)
    cpf_mascarado = models.CharField("CPF (mascarado)", max_length=14, blank=True)
    cargo = models.CharField("cargo/função", max_length=120)
    criada_em = models.DateTimeField()
    certificado = models.ForeignKey(
        CertificadoOrgao, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    campo = models.CharField("campo de assinatura no PDF", max_length=40)
    # The signed PDF as it stood after this signature (a revision appended to the previous one).
    arquivo_nome = models.CharField(max_length=300, verbose_name="arquivo")
    arquivo_sha256 = models.CharField(max_length=64, verbose_name="SHA-256 do arquivo")
    # Editing a signed document before it is bloqueado drops its signatures (SEI's rule); the row
    # stays, marked, for the history.
    descartada_em = models.DateTimeField(null=True, blank=True, verbose_name="descartada em")
    # Qualificada: the signer's own ICP-Brasil certificate (``certificado`` is then empty).
    certificado_sujeito = models.CharField("certificado do signatário: sujeito", max_length=500, blank=True)
    certificado_emissor = models.CharField("certificado do signatário: emissor", max_length=500, blank=True)
    certificado_serial = models.CharField(
        "certificado do signatário: número de série", max_length=64, blank=True
    )
    certificado_sha256 = models.CharField(
        "certificado do signatário: impressão digital (SHA-256)", max_length=64, blank=True
    )
    # An RFC 3161 signature timestamp (SEI_TSA_URL) is in the CMS.
    carimbo_tempo = models.BooleanField("carimbo de tempo", default=False)

    class Meta:
        verbose_name = "assinatura"
        verbose_name_plural = "assinaturas"
        ordering = ["documento", "ordem"]
        constraints = [
            models.UniqueConstraint(fields=["documento", "ordem"], name="assinatura_ordem_unica"),
            # SEI: the same user does not sign the same document twice.
            models.UniqueConstraint(
                fields=["documento", "usuario"],
                condition=Q(descartada_em__isnull=True),
                name="assinatura_uma_por_usuario",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.documento} — {self.nome}"


class PreparacaoAssinatura(models.Model):
    """A qualificada signature half made (``assinaturas.qualificada.preparar``): the next
    revision of the document's PDF with an empty signature (room for the CMS) is stored, and the
    digest of its signed byte ranges waits for the signer's ICP-Brasil certificate, outside the
    server. ``concluir`` embeds the CMS once, before ``expira_em``, if the document's signed PDF is
    still the base it was built on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="+")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="usuário"
    )
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    cargo = models.CharField("cargo/função", max_length=120)
    # What the tarja of the prepared revision prints (the signature row copies it).
    nome = models.CharField(max_length=200)
    cpf_mascarado = models.CharField("CPF (mascarado)", max_length=14, blank=True)
    campo = models.CharField("campo de assinatura no PDF", max_length=40)
    ordem = models.PositiveSmallIntegerField()
    # SHA-256 of the byte ranges of the prepared PDF: the CMS's messageDigest must be this.
    digest = models.BinaryField(max_length=64, verbose_name="resumo (digest)")
    # Where the CMS goes in the prepared PDF (hex, between "<" and ">" of /Contents).
    regiao_inicio = models.PositiveIntegerField(verbose_name="início da região")
    regiao_fim = models.PositiveIntegerField(verbose_name="fim da região")
    arquivo_nome = models.CharField(max_length=300, verbose_name="arquivo")
    arquivo_sha256 = models.CharField(max_length=64, verbose_name="SHA-256 do arquivo")
    # The base: the signed PDF it was appended to (empty: the rendered one, for the first
    # signature, whose código CRC is then fixed here) and the document's version then.
    base_sha256 = models.CharField(max_length=64, verbose_name="SHA-256 da base")
    versao_documento = models.PositiveIntegerField("versão do documento")
    primeira = models.BooleanField("primeira assinatura")
    codigo_crc = models.CharField("código CRC", max_length=24, blank=True)
    codigo_crc_chave = models.CharField(max_length=20, blank=True, verbose_name="chave do código CRC")
    criada_em = models.DateTimeField()
    expira_em = models.DateTimeField()
    concluida_em = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "preparação de assinatura qualificada"
        verbose_name_plural = "preparações de assinatura qualificada"
        ordering = ["-criada_em"]

    def __str__(self) -> str:
        return f"{self.documento} — {self.nome} ({self.criada_em:%d/%m/%Y %H:%M})"


class Bloco(models.Model):
    """SEI's "bloco de assinatura": a unit's list of internal documents (from one or many
    processes) to be signed, by its own users or, once disponibilizado, by the users of the units
    it was made available to (``BlocoUnidade``). The number users see is the id, as in SEI."""

    class Estado(models.TextChoices):
        ABERTO = "aberto", "Aberto"
        DISPONIBILIZADO = "disponibilizado", "Disponibilizado"
        RETORNADO = "retornado", "Retornado"
        CONCLUIDO = "concluido", "Concluído"

    unidade = models.ForeignKey(
        Unidade, on_delete=models.PROTECT, related_name="blocos_assinatura", verbose_name="unidade geradora"
    )
    descricao = models.CharField("descrição", max_length=250)
    estado = models.CharField(max_length=20, choices=Estado.choices, default=Estado.ABERTO)
    criado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criado_em = models.DateTimeField()
    atualizado_em = models.DateTimeField()

    class Meta:
        verbose_name = "bloco de assinatura"
        verbose_name_plural = "blocos de assinatura"
        ordering = ["-id"]
        indexes = [models.Index(fields=["unidade", "estado"], name="bloco_unidade_estado")]

    def __str__(self) -> str:
        return f"Bloco {self.pk} — {self.descricao}"

    @property
    def numero(self) -> int:
        return self.pk


class BlocoUnidade(models.Model):
    """A unit the bloco is (or will be) made available to: SEI's "unidades de disponibilização".
    ``disponibilizado_em`` is set when the bloco is made available (null while only chosen);
    ``devolvido_em`` when that unit returned it. The unit has the bloco now while the bloco is
    disponibilizado and its row is not devolvido."""

    bloco = models.ForeignKey(Bloco, on_delete=models.CASCADE, related_name="destinos")
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    disponibilizado_em = models.DateTimeField(null=True, blank=True)
    devolvido_em = models.DateTimeField(null=True, blank=True)
    devolvido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "unidade de disponibilização"
        verbose_name_plural = "unidades de disponibilização"
        ordering = ["bloco", "unidade__sigla"]
        constraints = [models.UniqueConstraint(fields=["bloco", "unidade"], name="bloco_unidade_unica")]
        indexes = [models.Index(fields=["unidade", "devolvido_em"], name="bloco_destino_pendente")]

    def __str__(self) -> str:
        return f"{self.bloco} → {self.unidade}"


class ItemBloco(models.Model):
    """A document in a bloco, with the generating unit's note (anotação). A document may be in
    several blocos."""

    bloco = models.ForeignKey(Bloco, on_delete=models.CASCADE, related_name="itens")
    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="itens_bloco")
    anotacao = models.TextField("anotação", blank=True, max_length=2000)
    incluido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    incluido_em = models.DateTimeField()

    class Meta:
        verbose_name = "documento do bloco"
        verbose_name_plural = "documentos do bloco"
        ordering = ["bloco", "id"]
        constraints = [models.UniqueConstraint(fields=["bloco", "documento"], name="item_bloco_unico")]

    def __str__(self) -> str:
        return f"{self.bloco}: {self.documento}"


class AparenciaPreparada(models.Model):
    """The validation block of a document's first signature (QR code, código verificador and
    código CRC), rendered ahead of signing: it depends on the document alone — its número SEI, the
    código CRC of its rendered PDF, the public address and the signature area —, never on who
    signs. ``chave`` is the hash of exactly those inputs, so a block is used only for the very
    document bytes it was made for; edited, re-rendered or with another key, it is simply not
    found and is rendered at signing. Deleted once the first signature embeds it."""

    chave = models.CharField(max_length=64, unique=True)
    documento = models.ForeignKey(Documento, on_delete=models.CASCADE, related_name="+")
    pdf = models.BinaryField()
    criada_em = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "aparência preparada"
        verbose_name_plural = "aparências preparadas"

    def __str__(self) -> str:
        return f"{self.documento} ({self.chave[:12]})"
