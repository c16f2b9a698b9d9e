import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

from processos.models import HipoteseLegal, NivelAcesso, Processo
from sei.models import Orgao, Unidade


class TipoDocumento(models.Model):
    """SEI's "série": what a document is (Ofício, Despacho...) and how it is numbered."""

    class Aplicabilidade(models.TextChoices):
        INTERNO = "interno", "Interno (gerado no editor)"
        EXTERNO = "externo", "Externo (recebido)"
        AMBOS = "ambos", "Interno e externo"

    class Numeracao(models.TextChoices):
        SEM = "sem", "Sem numeração"
        INFORMADA = "informada", "Informada pelo usuário"
        SEQUENCIAL_UNIDADE = "sequencial_unidade", "Sequencial na unidade"
        SEQUENCIAL_ORGAO = "sequencial_orgao", "Sequencial no órgão"
        ANUAL_UNIDADE = "anual_unidade", "Anual na unidade"
        ANUAL_ORGAO = "anual_orgao", "Anual no órgão"

    nome = models.CharField(max_length=100, unique=True)
    aplicabilidade = models.CharField(max_length=10, choices=Aplicabilidade.choices)
    numeracao = models.CharField("numeração", max_length=20, choices=Numeracao.choices)
    ativo = models.BooleanField(default=True)

    class Meta:
        verbose_name = "tipo de documento"
        verbose_name_plural = "tipos de documento"
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome

    @property
    def permite_interno(self) -> bool:
        return self.aplicabilidade in (self.Aplicabilidade.INTERNO, self.Aplicabilidade.AMBOS)

    @property
    def permite_externo(self) -> bool:
        return self.aplicabilidade in (self.Aplicabilidade.EXTERNO, self.Aplicabilidade.AMBOS)


class ContadorDocumento(models.Model):
    """The numbering counter of one type in one scope (unit or órgão) and year (0: not annual).

    Locked at each allocation; a deleted document never gives its number back.
    """

    tipo = models.ForeignKey(TipoDocumento, on_delete=models.PROTECT, related_name="+")
    escopo = models.CharField(max_length=30)  # "unidade:<id>" or "orgao:<id>"
    ano = models.PositiveSmallIntegerField()
    ultimo = models.PositiveIntegerField(default=0, verbose_name="último")

    class Meta:
        verbose_name = "contador de documentos"
        verbose_name_plural = "contadores de documentos"
        constraints = [
            models.UniqueConstraint(fields=["tipo", "escopo", "ano"], name="contador_documento_unico")
        ]

    def __str__(self) -> str:
        return f"{self.tipo} {self.escopo} {self.ano}: {self.ultimo}"


class NumeroSEI(models.Model):
    """One row per número SEI ever allocated: an auto-increment that is never reused."""

    criado_em = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "número SEI"
        verbose_name_plural = "números SEI"

    def __str__(self) -> str:
        return f"{self.pk:07d}"


class Modelo(models.Model):
    """The model a type's internal documents are created from: fixed sections around an
    editable body. ``@variavel@`` markers are replaced from an allowlist (documentos.variaveis)."""

    tipo = models.ForeignKey(TipoDocumento, on_delete=models.PROTECT, related_name="modelos")
    nome = models.CharField(max_length=100)
    cabecalho = models.TextField("cabeçalho", blank=True)
    titulo = models.TextField("título", blank=True)
    corpo = models.TextField("corpo inicial", blank=True)
    assinatura = models.TextField("área de assinatura", blank=True)
    rodape = models.TextField("rodapé", blank=True)
    padrao = models.BooleanField("modelo padrão do tipo", default=True)
    ativo = models.BooleanField(default=True)

    class Meta:
        verbose_name = "modelo de documento"
        verbose_name_plural = "modelos de documento"
        ordering = ["tipo__nome", "nome"]
        constraints = [
            models.UniqueConstraint(
                fields=["tipo"], condition=Q(padrao=True, ativo=True), name="modelo_padrao_unico_por_tipo"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tipo} — {self.nome}"


FORMATO_NUMERO_PADRAO = "@numero@/@ano@/@unidade_hierarquia@"


class NumeracaoOrgao(models.Model):
    """How an órgão writes a document number in the documents' text (``@numero_formatado@``,
    used by the default titles): e.g. ``@numero@/@ano@/@orgao@-@unidade@`` prints
    "12/2026/SEGER-DIRAD". Without a row, ``FORMATO_NUMERO_PADRAO``."""

    orgao = models.OneToOneField(Orgao, on_delete=models.CASCADE, related_name="numeracao_documentos")
    formato = models.CharField(
        "formato do número",
        max_length=200,
        default=FORMATO_NUMERO_PADRAO,
        help_text="Variáveis: @numero@, @ano@, @unidade@, @unidade_hierarquia@, @orgao@. "
        "Ex.: @numero@/@ano@/@orgao@-@unidade@ → 12/2026/SEGER-DIRAD.",
    )

    class Meta:
        verbose_name = "formato do número dos documentos"
        verbose_name_plural = "formatos do número dos documentos"

    def __str__(self) -> str:
        return f"{self.orgao.sigla}: {self.formato}"


class TextoPadrao(models.Model):
    """A unit's reusable snippet to start a document from."""

    unidade = models.ForeignKey(Unidade, on_delete=models.CASCADE, related_name="textos_padrao")
    nome = models.CharField(max_length=100)
    conteudo = models.TextField(verbose_name="conteúdo")

    class Meta:
        verbose_name = "texto padrão"
        verbose_name_plural = "textos padrão"
        ordering = ["nome"]
        constraints = [models.UniqueConstraint(fields=["unidade", "nome"], name="texto_padrao_unico")]

    def __str__(self) -> str:
        return self.nome


class Documento(models.Model):
    class Natureza(models.TextChoices):
        INTERNO = "interno", "Interno (gerado)"
        EXTERNO = "externo", "Externo (recebido)"

    class Estado(models.TextChoices):
        MINUTA = "minuta", "Minuta"
        ASSINADO = "assinado", "Assinado"
        CANCELADO = "cancelado", "Cancelado"
        EXCLUIDO = "excluido", "Excluído"

    class Formato(models.TextChoices):
        NATO_DIGITAL = "nato_digital", "Nato-digital"
        DIGITALIZADO = "digitalizado", "Digitalizado"

    class Conferencia(models.TextChoices):
        ORIGINAL = "original", "Documento original"
        COPIA_AUTENTICADA = "copia_autenticada", "Cópia autenticada administrativamente"
        COPIA_AUTENTICADA_CARTORIO = "copia_autenticada_cartorio", "Cópia autenticada por cartório"
        COPIA_SIMPLES = "copia_simples", "Cópia simples"

    processo = models.ForeignKey(Processo, on_delete=models.PROTECT, related_name="documentos")
    numero_sei = models.PositiveBigIntegerField("número SEI", unique=True)
    tipo = models.ForeignKey(TipoDocumento, on_delete=models.PROTECT, related_name="documentos")
    natureza = models.CharField(max_length=10, choices=Natureza.choices)
    numero = models.CharField("número", max_length=50, blank=True)
    ano = models.PositiveSmallIntegerField()
    descricao = models.CharField("descrição", max_length=200, blank=True)
    unidade_geradora = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="documentos_gerados")
    criado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criado_em = models.DateTimeField()
    nivel_acesso = models.PositiveSmallIntegerField("nível de acesso", choices=NivelAcesso.choices)
    hipotese_legal = models.ForeignKey(
        HipoteseLegal, on_delete=models.PROTECT, null=True, blank=True, verbose_name="hipótese legal"
    )
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.MINUTA)
    # Cancelar / excluir: who, when, why (nothing the law keeps is deleted).
    motivo_cancelamento = models.CharField(max_length=500, blank=True, verbose_name="motivo do cancelamento")
    cancelado_em = models.DateTimeField(null=True, blank=True)
    cancelado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Internal documents: fixed sections resolved at creation; the body lives in versions.
    versao_atual = models.PositiveIntegerField("versão atual", default=0)
    cabecalho_html = models.TextField(blank=True, verbose_name="cabeçalho (HTML)")
    titulo_html = models.TextField(blank=True, verbose_name="título (HTML)")
    assinatura_html = models.TextField(blank=True, verbose_name="assinaturas (HTML)")
    rodape_html = models.TextField(blank=True, verbose_name="rodapé (HTML)")

    # Signed (assinaturas): the keyed verification code (código CRC) over the first PDF signed,
    # with the id of the key that made it, and the signed PDF as it stands (each signature a
    # revision appended to it). ``bloqueado_em``: read by another unit, or the process sent or
    # concluded, after a signature: from then on the content never changes.
    codigo_crc = models.CharField("código CRC", max_length=24, blank=True)
    codigo_crc_chave = models.CharField(max_length=20, blank=True, verbose_name="chave do código CRC")
    pdf_assinado_nome = models.CharField(max_length=300, blank=True, verbose_name="arquivo do PDF assinado")
    pdf_assinado_sha256 = models.CharField(max_length=64, blank=True, verbose_name="SHA-256 do PDF assinado")
    bloqueado_em = models.DateTimeField(null=True, blank=True)

    # External documents: the uploaded file (stored under a generated name) and its metadata.
    data_documento = models.DateField("data do documento", null=True, blank=True)
    formato = models.CharField(max_length=15, choices=Formato.choices, blank=True)
    tipo_conferencia = models.CharField(
        "tipo de conferência", max_length=30, choices=Conferencia.choices, blank=True
    )
    remetente = models.CharField(max_length=200, blank=True)
    arquivo_nome = models.CharField("arquivo no armazenamento", max_length=300, blank=True)
    arquivo_nome_original = models.CharField("nome original", max_length=255, blank=True)
    arquivo_mime = models.CharField(max_length=100, blank=True, verbose_name="tipo do arquivo")
    arquivo_tamanho = models.PositiveBigIntegerField(null=True, blank=True, verbose_name="tamanho do arquivo")
    arquivo_sha256 = models.CharField(max_length=64, blank=True, verbose_name="SHA-256 do arquivo")
    texto_extraido = models.TextField(blank=True, verbose_name="texto extraído")
    # When the extraction ran (the text may be empty: a scanned image). Null: still to do, and
    # the beat sweeper re-enqueues it (a message the broker lost is only late).
    texto_extraido_em = models.DateTimeField(null=True, blank=True, verbose_name="texto extraído em")

    class Meta:
        verbose_name = "documento"
        verbose_name_plural = "documentos"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nivel_acesso=NivelAcesso.PUBLICO, hipotese_legal__isnull=True)
                | Q(nivel_acesso__gt=NivelAcesso.PUBLICO, hipotese_legal__isnull=False),
                name="documento_hipotese_conforme_nivel",
            ),
            models.CheckConstraint(
                condition=Q(natureza="interno") | ~Q(arquivo_nome="") | Q(estado="excluido"),
                name="documento_externo_tem_arquivo",
            ),
        ]
        indexes = [models.Index(fields=["processo", "id"], name="documento_arvore")]

    def __str__(self) -> str:
        return self.rotulo

    @property
    def numero_sei_formatado(self) -> str:
        return f"{self.numero_sei:07d}"

    @property
    def rotulo(self) -> str:
        """The tree label: ``Ofício 12 (0000123)``, ``Despacho 0000124``."""
        nome = (
            self.descricao if (self.natureza == self.Natureza.EXTERNO and self.descricao) else self.tipo.nome
        )
        if self.numero:
            return f"{nome} {self.numero} ({self.numero_sei_formatado})"
        return f"{nome} {self.numero_sei_formatado}"

    @property
    def interno(self) -> bool:
        return self.natureza == self.Natureza.INTERNO

    @property
    def minuta(self) -> bool:
        return self.estado == self.Estado.MINUTA and self.interno

    @property
    def assinado(self) -> bool:
        return self.estado == self.Estado.ASSINADO

    @property
    def bloqueado(self) -> bool:
        """Read by another unit, or its process sent or concluded, once signed (or included, for
        an external document): its content and file never change again (SEI's "bloqueado")."""
        return self.bloqueado_em is not None

    @property
    def cancelado(self) -> bool:
        return self.estado == self.Estado.CANCELADO

    @property
    def excluido(self) -> bool:
        return self.estado == self.Estado.EXCLUIDO


class Compartilhamento(models.Model):
    """A document shared with a unit outside the process rule: a bloco de assinatura made
    available to it (its users read, edit and sign the document, SEI's rule). Rows are kept by
    the service that shares (``assinaturas``: one per bloco, item and unit); the access policy
    reads them through ``documento.compartilhamentos``."""

    documento = models.ForeignKey(Documento, on_delete=models.CASCADE, related_name="compartilhamentos")
    unidade = models.ForeignKey(Unidade, on_delete=models.CASCADE, related_name="+")
    # Who shares, e.g. ``bloco:12``: a document may be in several blocos.
    origem = models.CharField(max_length=40)
    criado_em = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "compartilhamento com unidade"
        verbose_name_plural = "compartilhamentos com unidades"
        constraints = [
            models.UniqueConstraint(fields=["documento", "unidade", "origem"], name="compartilhamento_unico")
        ]
        indexes = [models.Index(fields=["unidade", "documento"], name="compartilhamento_unidade")]

    def __str__(self) -> str:
        return f"{self.documento} → {self.unidade} ({self.origem})"


class VersaoDocumento(models.Model):
    """Every save of an internal document's body: who, when, what (sanitised HTML)."""

    documento = models.ForeignKey(Documento, on_delete=models.PROTECT, related_name="versoes")
    numero = models.PositiveIntegerField()
    conteudo = models.TextField()
    sha256 = models.CharField(max_length=64)
    criado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criado_em = models.DateTimeField()
    restaurada_de = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "versão de documento"
        verbose_name_plural = "versões de documento"
        ordering = ["documento", "-numero"]
        constraints = [models.UniqueConstraint(fields=["documento", "numero"], name="versao_unica")]

    def __str__(self) -> str:
        return f"{self.documento} v{self.numero}"

    def conteudo_confere(self) -> bool:
        """Whether the body still matches the SHA-256 recorded when it was saved."""
        return hashlib.sha256(self.conteudo.encode()).hexdigest() == self.sha256


class PdfRenderizado(models.Model):
    """Cache of rendered PDFs, keyed by the hash of what was rendered: each version renders once."""

    chave = models.CharField(max_length=64, unique=True)
    arquivo_nome = models.CharField(max_length=300, verbose_name="arquivo")
    # Of the stored bytes, checked on every read; a cached PDF that no longer matches is rendered
    # again. Empty on rows cached before it was recorded.
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    paginas = models.PositiveIntegerField(verbose_name="páginas")
    criado_em = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "PDF renderizado"
        verbose_name_plural = "PDFs renderizados"

    def __str__(self) -> str:
        return self.chave


class Exportacao(models.Model):
    """Gerar PDF / ZIP do processo: the request and its progress, fed by the worker."""

    class Formato(models.TextChoices):
        PDF = "pdf", "PDF"
        ZIP = "zip", "ZIP"

    class Estado(models.TextChoices):
        PENDENTE = "pendente", "Pendente"
        EXECUTANDO = "executando", "Executando"
        CONCLUIDA = "concluida", "Concluída"
        ERRO = "erro", "Erro"

    processo = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="+")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="usuário"
    )
    unidade = models.ForeignKey(Unidade, on_delete=models.CASCADE, related_name="+")
    formato = models.CharField(max_length=3, choices=Formato.choices)
    documentos = models.JSONField(default=list)  # números SEI, in tree order
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDENTE)
    progresso = models.PositiveSmallIntegerField(default=0)
    # Documents read so far (of ``len(documentos)``), shown on the progress page.
    documentos_feitos = models.PositiveIntegerField("documentos prontos", default=0)
    detalhe = models.CharField(max_length=500, blank=True)
    arquivo_nome = models.CharField(max_length=300, blank=True, verbose_name="arquivo")
    # Runs claimed so far; also fences off a worker that was taken for dead: its writes carry
    # the number of its own claim and no longer match once another worker claimed the export.
    tentativas = models.PositiveSmallIntegerField(default=0)
    criada_em = models.DateTimeField()
    atualizada_em = models.DateTimeField()
    # The running worker's last sign of life, stamped every SEI_EXPORTACAO_BATIMENTO_SEGUNDOS
    # even while one long step (a huge document, the merge) moves no progress.
    batimento_em = models.DateTimeField("último batimento", null=True, blank=True)
    expira_em = models.DateTimeField()

    class Meta:
        verbose_name = "exportação"
        verbose_name_plural = "exportações"
        indexes = [models.Index(fields=["estado", "atualizada_em"], name="exportacao_estado")]

    def __str__(self) -> str:
        return f"{self.get_formato_display()} de {self.processo} ({self.get_estado_display()})"


class UploadPendente(models.Model):
    """A file already uploaded and checked on the Incluir Documento externo form whose other
    fields did not validate: kept in storage (browsers cannot refill a file input) and named in
    the form by a signed token bound to the user. Becomes the document's file on success (then
    deleted); abandoned ones are swept after ``UPLOAD_PENDENTE_HORAS``."""

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    arquivo_nome = models.CharField("arquivo no armazenamento", max_length=300)
    nome_original = models.CharField(max_length=255)
    mime = models.CharField(max_length=100)
    tamanho = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    criado_em = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "upload pendente"
        verbose_name_plural = "uploads pendentes"
        indexes = [models.Index(fields=["criado_em"], name="upload_pendente_criado")]

    def __str__(self) -> str:
        return self.nome_original
