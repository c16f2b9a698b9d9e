from django.conf import settings
from django.db import models
from django.db.models import Q

from sei.models import NivelAcesso, Orgao, Unidade  # NivelAcesso re-exported: a core (LAI) concept

from .nup import formatar_nup


class HipoteseLegal(models.Model):
    """Legal basis for restricting access (LAI and related laws)."""

    nome = models.CharField(max_length=200)
    base_legal = models.CharField(max_length=300)
    nivel = models.PositiveSmallIntegerField(
        choices=[(NivelAcesso.RESTRITO, "Restrito"), (NivelAcesso.SIGILOSO, "Sigiloso")], verbose_name="nível"
    )
    ativa = models.BooleanField(default=True)

    class Meta:
        verbose_name = "hipótese legal"
        verbose_name_plural = "hipóteses legais"
        ordering = ["nivel", "nome"]

    def __str__(self) -> str:
        return f"{self.nome} ({self.base_legal})"


class TipoProcesso(models.Model):
    nome = models.CharField(max_length=200, unique=True)
    permite_publico = models.BooleanField("permite público", default=True)
    permite_restrito = models.BooleanField(default=True)
    permite_sigiloso = models.BooleanField(default=False)
    nivel_sugerido = models.PositiveSmallIntegerField(
        choices=NivelAcesso.choices, default=NivelAcesso.PUBLICO, verbose_name="nível sugerido"
    )
    hipotese_sugerida = models.ForeignKey(
        HipoteseLegal, on_delete=models.PROTECT, null=True, blank=True, verbose_name="hipótese sugerida"
    )
    ativo = models.BooleanField(default=True)
    # The órgão opens the público processes of this type to the public search (no login).
    pesquisa_publica = models.BooleanField(
        "pesquisa pública",
        default=False,
        help_text="Os processos públicos deste tipo e seus documentos assinados públicos aparecem na pesquisa pública.",
    )

    class Meta:
        verbose_name = "tipo de processo"
        verbose_name_plural = "tipos de processo"
        ordering = ["nome"]

    def __str__(self) -> str:
        return self.nome

    @property
    def niveis_permitidos(self) -> list[NivelAcesso]:
        niveis = []
        if self.permite_publico:
            niveis.append(NivelAcesso.PUBLICO)
        if self.permite_restrito:
            niveis.append(NivelAcesso.RESTRITO)
        if self.permite_sigiloso:
            niveis.append(NivelAcesso.SIGILOSO)
        return niveis


class ContadorNUP(models.Model):
    """The annual NUP sequence of one protocol code; locked at each allocation."""

    codigo_protocolo = models.CharField(max_length=5)
    ano = models.PositiveSmallIntegerField()
    ultimo = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "contador de NUP"
        verbose_name_plural = "contadores de NUP"
        constraints = [models.UniqueConstraint(fields=["codigo_protocolo", "ano"], name="contador_nup_unico")]

    def __str__(self) -> str:
        return f"{self.codigo_protocolo}/{self.ano}: {self.ultimo}"


class Processo(models.Model):
    class Estado(models.TextChoices):
        NORMAL = "normal", "Normal"
        SOBRESTADO = "sobrestado", "Sobrestado"
        ANEXADO = "anexado", "Anexado"

    nup = models.CharField("NUP", max_length=17, unique=True)
    orgao = models.ForeignKey(Orgao, on_delete=models.PROTECT, related_name="processos", verbose_name="órgão")
    unidade_geradora = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="processos_gerados")
    criado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criado_em = models.DateTimeField()
    tipo = models.ForeignKey(TipoProcesso, on_delete=models.PROTECT, related_name="processos")
    especificacao = models.CharField("especificação", max_length=100, blank=True)
    nivel_acesso = models.PositiveSmallIntegerField("nível de acesso", choices=NivelAcesso.choices)
    hipotese_legal = models.ForeignKey(
        HipoteseLegal, on_delete=models.PROTECT, null=True, blank=True, verbose_name="hipótese legal"
    )
    # The most restrictive level among the process, its documents and annexed processes.
    nivel_acesso_global = models.PositiveSmallIntegerField(
        choices=NivelAcesso.choices, verbose_name="nível de acesso global"
    )
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.NORMAL)
    sobrestamento_motivo = models.CharField(
        max_length=500, blank=True, verbose_name="motivo do sobrestamento"
    )
    processo_principal = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="anexados"
    )
    # Head of the history's hash chain, kept here so appending needs only the locked row.
    hash_andamentos = models.CharField(max_length=64, blank=True, verbose_name="selo dos andamentos")

    class Meta:
        verbose_name = "processo"
        verbose_name_plural = "processos"
        constraints = [
            models.CheckConstraint(
                condition=Q(nivel_acesso=NivelAcesso.PUBLICO, hipotese_legal__isnull=True)
                | Q(nivel_acesso__gt=NivelAcesso.PUBLICO, hipotese_legal__isnull=False),
                name="processo_hipotese_conforme_nivel",
            ),
            models.CheckConstraint(
                condition=Q(nivel_acesso_global__gte=models.F("nivel_acesso")),
                name="processo_nivel_global_maximo",
            ),
        ]
        indexes = [
            # What the inbox checks of each open process (state, level), read from the index alone:
            # counting a unit's 10,000 open processes then never touches the table.
            models.Index(fields=["id"], include=["estado", "nivel_acesso_global"], name="processo_caixa"),
        ]

    def __str__(self) -> str:
        return self.nup_formatado

    @property
    def nup_formatado(self) -> str:
        return formatar_nup(self.nup)

    @property
    def sigiloso(self) -> bool:
        return self.nivel_acesso_global == NivelAcesso.SIGILOSO

    @property
    def anexado(self) -> bool:
        return self.estado == self.Estado.ANEXADO


class Interessado(models.Model):
    processo = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="interessados")
    nome = models.CharField(max_length=200)
    cpf_cnpj = models.CharField("CPF/CNPJ", max_length=14, blank=True)
    ordem = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "interessado"
        verbose_name_plural = "interessados"
        ordering = ["ordem", "id"]
        indexes = [models.Index(fields=["cpf_cnpj"], name="interessado_cpf_cnpj")]

    def __str__(self) -> str:
        return self.nome


class Atividade(models.Model):
    """The process in one unit: one row per (process, unit) through which it ever passed.

    Its existence means the process *tramitou* there (what restrito access depends on);
    ``aberta`` says whether it is open there now. SEI's per-unit "andamento aberto".
    """

    class Origem(models.TextChoices):
        GERADO = "gerado", "Gerado"
        RECEBIDO = "recebido", "Recebido"

    processo = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="atividades")
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="atividades")
    aberta = models.BooleanField(default=True)
    origem = models.CharField(max_length=10, choices=Origem.choices)
    remetente = models.ForeignKey(Unidade, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    aberta_em = models.DateTimeField()
    # Null while a received process has not been opened by anyone of the unit (shown in red).
    recebida_em = models.DateTimeField(null=True, blank=True)
    recebida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    atribuida_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="atribuicoes"
    )
    concluida_em = models.DateTimeField(null=True, blank=True)
    observacao = models.TextField("observação desta unidade", blank=True)
    # The origem under which this row is counted in its unit's ``ContagemCaixa`` ("" when it is
    # not: closed, process sobrestado or anexado, or not seen through the unit's principal, as a
    # sigiloso). Kept by ``processos.services.contagem``.
    contada_como = models.CharField(max_length=10, blank=True, default="", db_default="", editable=False)

    class Meta:
        verbose_name = "atividade na unidade"
        verbose_name_plural = "atividades nas unidades"
        constraints = [models.UniqueConstraint(fields=["processo", "unidade"], name="atividade_unica")]
        indexes = [
            # The inbox: open processes of a unit, newest first, keyset on (aberta_em, id); with
            # the process id included, its count is an index-only scan.
            models.Index(
                fields=["unidade", "origem", "-aberta_em", "-id"],
                condition=Q(aberta=True),
                include=["processo"],
                name="atividade_caixa",
            ),
            # The open rows the unit's counter leaves out (sigilosos, sobrestados): the inbox
            # total adds those the actor sees to the counter, reading only them.
            models.Index(
                fields=["unidade", "origem"],
                condition=Q(aberta=True, contada_como=""),
                include=["processo"],
                name="atividade_fora_da_contagem",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.processo} em {self.unidade} ({'aberto' if self.aberta else 'concluído'})"

    @property
    def nao_lida(self) -> bool:
        return self.origem == self.Origem.RECEBIDO and self.recebida_em is None


class ContagemCaixa(models.Model):
    """How many processes a unit's inbox lists, per origem, to everyone in the unit: its open rows
    of processes in the normal state that the unit's own principal (``u:<unidade>``) sees. Kept by
    the services in the transaction that changes them (``processos.services.contagem``), so the
    inbox total is read, not recounted; what it leaves out (a sigiloso seen through a credential)
    is counted per request from the few rows outside it."""

    unidade = models.ForeignKey(Unidade, on_delete=models.CASCADE, related_name="+")
    origem = models.CharField(max_length=10, choices=Atividade.Origem.choices)
    total = models.IntegerField(default=0)

    class Meta:
        verbose_name = "contagem da caixa"
        verbose_name_plural = "contagens da caixa"
        constraints = [models.UniqueConstraint(fields=["unidade", "origem"], name="contagem_caixa_unica")]

    def __str__(self) -> str:
        return f"{self.unidade}: {self.total} {self.origem}"


class RetornoProgramado(models.Model):
    """A return owed by ``unidade_destino`` to ``unidade_origem`` by ``data``."""

    processo = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="retornos")
    unidade_origem = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    unidade_destino = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    data = models.DateField()
    criado_em = models.DateTimeField()
    devolvido_em = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "retorno programado"
        verbose_name_plural = "retornos programados"
        constraints = [
            models.UniqueConstraint(
                fields=["processo", "unidade_origem", "unidade_destino"],
                condition=Q(devolvido_em__isnull=True),
                name="retorno_programado_aberto_unico",
            )
        ]

    def __str__(self) -> str:
        return f"{self.processo}: {self.unidade_destino} devolve a {self.unidade_origem} até {self.data:%d/%m/%Y}"


class Credencial(models.Model):
    """Access credential to a sigiloso process, held by a user in a unit."""

    processo = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="credenciais")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credenciais"
    )
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    concedida_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    concedida_em = models.DateTimeField()
    cassada_em = models.DateTimeField(null=True, blank=True)
    cassada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "credencial de acesso"
        verbose_name_plural = "credenciais de acesso"
        constraints = [
            models.UniqueConstraint(
                fields=["processo", "usuario", "unidade"],
                condition=Q(cassada_em__isnull=True),
                name="credencial_ativa_unica",
            )
        ]
        indexes = [
            models.Index(
                fields=["usuario", "unidade"], condition=Q(cassada_em__isnull=True), name="credencial_ativa"
            )
        ]

    def __str__(self) -> str:
        return f"{self.usuario} em {self.unidade} ({self.processo})"


class Relacionamento(models.Model):
    """Symmetric link between two processes; stored once with ``processo_a_id < processo_b_id``."""

    processo_a = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="+")
    processo_b = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="+")
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    criado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criado_em = models.DateTimeField()

    class Meta:
        verbose_name = "relacionamento entre processos"
        verbose_name_plural = "relacionamentos entre processos"
        constraints = [
            models.UniqueConstraint(fields=["processo_a", "processo_b"], name="relacionamento_unico"),
            models.CheckConstraint(
                condition=Q(processo_a__lt=models.F("processo_b")), name="relacionamento_ordenado"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.processo_a} ↔ {self.processo_b}"


class Andamento(models.Model):
    """The process history. Append-only: a database trigger refuses UPDATE and DELETE."""

    class Tipo(models.TextChoices):
        GERACAO = "geracao", "Processo gerado"
        REMESSA = "remessa", "Processo remetido"
        RECEBIMENTO = "recebimento", "Processo recebido na unidade"
        CONCLUSAO = "conclusao", "Processo concluído na unidade"
        REABERTURA = "reabertura", "Processo reaberto na unidade"
        SOBRESTAMENTO = "sobrestamento", "Processo sobrestado"
        REMOCAO_SOBRESTAMENTO = "remocao_sobrestamento", "Sobrestamento removido"
        ANEXACAO = "anexacao", "Processo anexado"
        RELACIONAMENTO = "relacionamento", "Processo relacionado"
        REMOCAO_RELACIONAMENTO = "remocao_relacionamento", "Relacionamento removido"
        ATRIBUICAO = "atribuicao", "Processo atribuído"
        CREDENCIAL_CONCESSAO = "credencial_concessao", "Credencial de acesso concedida"
        CREDENCIAL_CASSACAO = "credencial_cassacao", "Credencial de acesso cassada"
        ATUALIZACAO = "atualizacao", "Andamento atualizado"
        ALTERACAO = "alteracao", "Processo alterado"
        DOCUMENTO_GERADO = "documento_gerado", "Documento gerado"
        DOCUMENTO_INCLUIDO = "documento_incluido", "Documento externo incluído"
        DOCUMENTO_EXCLUIDO = "documento_excluido", "Documento excluído"
        DOCUMENTO_CANCELADO = "documento_cancelado", "Documento cancelado"
        ASSINATURA = "assinatura", "Documento assinado"
        AUTENTICACAO = "autenticacao", "Documento autenticado"
        ASSINATURAS_DESCARTADAS = "assinaturas_descartadas", "Assinaturas descartadas pela edição"
        ACESSO_EXTERNO_CONCESSAO = "acesso_externo_concessao", "Acesso externo concedido"
        ACESSO_EXTERNO_CANCELAMENTO = "acesso_externo_cancelamento", "Acesso externo cancelado"
        PETICAO = "peticao", "Peticionamento eletrônico"
        INTIMACAO_EXPEDIDA = "intimacao_expedida", "Intimação eletrônica expedida"
        INTIMACAO_CIENCIA = "intimacao_ciencia", "Ciência de intimação eletrônica"
        INTIMACAO_CIENCIA_TACITA = "intimacao_ciencia_tacita", "Ciência tácita de intimação eletrônica"
        INTIMACAO_RESPONDIDA = "intimacao_respondida", "Intimação eletrônica respondida"
        INTIMACAO_CANCELADA = "intimacao_cancelada", "Intimação eletrônica cancelada"
        ASSINATURA_EXTERNA_LIBERACAO = "assinatura_ext_liberacao", "Documento liberado para assinatura externa"
        ASSINATURA_EXTERNA_CANCELAMENTO = (
            "assinatura_ext_cancelamento",
            "Liberação para assinatura externa cancelada",
        )
        ASSINATURA_EXTERNA_VENCIMENTO = "assinatura_ext_vencimento", "Liberação para assinatura externa vencida"

    processo = models.ForeignKey(Processo, on_delete=models.PROTECT, related_name="andamentos")
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="usuário"
    )
    criado_em = models.DateTimeField()
    tipo = models.CharField(max_length=30, choices=Tipo.choices)
    descricao = models.TextField(verbose_name="descrição")
    atributos = models.JSONField(default=dict, blank=True)
    hash_anterior = models.CharField(max_length=64, blank=True, verbose_name="selo anterior")
    hash = models.CharField(
        max_length=64, verbose_name="selo"
    )  # HMAC seal (sei.integridade) under key ``chave_id``
    chave_id = models.CharField("chave", max_length=20, blank=True)

    class Meta:
        verbose_name = "andamento"
        verbose_name_plural = "andamentos"
        ordering = ["-criado_em", "-id"]
        indexes = [models.Index(fields=["processo", "-criado_em", "-id"], name="andamento_processo")]

    def __str__(self) -> str:
        return f"{self.criado_em:%d/%m/%Y %H:%M} {self.unidade} {self.descricao}"

    # Entries whose description carries free text a user typed (content, not existence); an
    # external access's entries also name the recipient (personal data) and the motivo.
    TIPOS_COM_TEXTO_LIVRE = frozenset(
        {
            Tipo.ATUALIZACAO,
            Tipo.SOBRESTAMENTO,
            Tipo.DOCUMENTO_CANCELADO,
            Tipo.ACESSO_EXTERNO_CONCESSAO,
            Tipo.ACESSO_EXTERNO_CANCELAMENTO,
            Tipo.INTIMACAO_EXPEDIDA,
            Tipo.INTIMACAO_CIENCIA,
            Tipo.INTIMACAO_CIENCIA_TACITA,
            Tipo.INTIMACAO_RESPONDIDA,
            Tipo.INTIMACAO_CANCELADA,
            Tipo.ASSINATURA_EXTERNA_LIBERACAO,
            Tipo.ASSINATURA_EXTERNA_CANCELAMENTO,
            Tipo.ASSINATURA_EXTERNA_VENCIMENTO,
        }
    )

    @property
    def descricao_resumida(self) -> str:
        """What someone who may only know the process exists reads of this entry: the event,
        never the free text typed with it (andamento text, sobrestamento or cancellation motivo);
        the unit, user and date are shown beside it."""
        if self.tipo not in self.TIPOS_COM_TEXTO_LIVRE:
            return self.descricao
        if self.tipo == self.Tipo.DOCUMENTO_CANCELADO and isinstance(self.atributos.get("numero_sei"), int):
            return f"Documento {self.atributos['numero_sei']:07d} cancelado"
        return self.get_tipo_display()


class NotificacaoEmail(models.Model):
    """Outbox row for the e-mail that tells a unit a process arrived; sent by a Celery task."""

    class Estado(models.TextChoices):
        PENDENTE = "pendente", "Pendente"
        ENVIADA = "enviada", "Enviada"
        ERRO = "erro", "Erro"

    processo = models.ForeignKey(Processo, on_delete=models.CASCADE, related_name="+")
    unidade = models.ForeignKey(Unidade, on_delete=models.CASCADE, related_name="+")
    destinatario = models.EmailField(verbose_name="destinatário")
    assunto = models.CharField(max_length=300)
    corpo = models.TextField()
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDENTE)
    tentativas = models.PositiveSmallIntegerField(default=0)
    criada_em = models.DateTimeField()
    enviada_em = models.DateTimeField(null=True, blank=True)
    erro = models.TextField(blank=True)

    class Meta:
        verbose_name = "notificação por e-mail"
        verbose_name_plural = "notificações por e-mail"
        indexes = [models.Index(fields=["estado", "criada_em"], name="notificacao_estado")]

    def __str__(self) -> str:
        return f"{self.assunto} → {self.destinatario} ({self.get_estado_display()})"


class LeituraAuditada(models.Model):
    """Who read restrito or sigiloso content, in which unit, when and how (LGPD: who saw whose
    data; e-ARQ 6.4.1: accesses). Append-only and sealed like the history, but apart from it:
    reading is not a step of the process and does not show in its history. Written by
    ``processos.services.registrar_leitura`` where the content is served; denied attempts go to
    the ``sei.acesso`` log instead."""

    class Objeto(models.TextChoices):
        PROCESSO = "processo", "Dados do processo"
        DOCUMENTO = "documento", "Texto do documento"
        ARQUIVO = "arquivo", "Arquivo do documento"
        PDF = "pdf", "PDF do documento"
        EXPORTACAO = "exportacao", "PDF/ZIP do processo"
        HISTORICO = "historico", "Histórico do processo"
        METADADOS = "metadados", "Dados do documento"

    class Canal(models.TextChoices):
        WEB = "web", "Navegador"
        API = "api", "API"

    criado_em = models.DateTimeField("quando")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="usuário"
    )
    unidade = models.ForeignKey(Unidade, on_delete=models.PROTECT, related_name="+")
    processo = models.ForeignKey(Processo, on_delete=models.PROTECT, related_name="+")
    # documentos.Documento, by value: processos does not depend on documentos.
    documento_id = models.BigIntegerField(null=True, blank=True, verbose_name="documento")
    numero_sei = models.CharField("número SEI", max_length=20, blank=True)
    objeto = models.CharField("o que foi lido", max_length=12, choices=Objeto.choices)
    nivel_acesso = models.PositiveSmallIntegerField("nível de acesso", choices=NivelAcesso.choices)
    canal = models.CharField(max_length=4, choices=Canal.choices)
    # Each user's reads form a keyed chain (sei.integridade): a read altered, inserted or removed
    # before the user's last one no longer matches.
    hash_anterior = models.CharField(max_length=64, blank=True, verbose_name="selo anterior")
    hash = models.CharField(max_length=64, blank=True, verbose_name="selo")
    chave_id = models.CharField("chave", max_length=20, blank=True)

    class Meta:
        verbose_name = "leitura de conteúdo restrito"
        verbose_name_plural = "leituras de conteúdo restrito"
        ordering = ["-criado_em", "-id"]
        indexes = [
            models.Index(fields=["processo", "-criado_em"], name="leitura_processo"),
            models.Index(fields=["usuario", "-criado_em"], name="leitura_usuario"),
        ]

    def __str__(self) -> str:
        return f"{self.criado_em:%d/%m/%Y %H:%M} {self.usuario} leu {self.get_objeto_display().lower()}"
