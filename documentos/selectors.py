"""The read side of documents: every list, detail, download and export starts here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from processos import selectors as processos_selectors
from processos.models import LeituraAuditada
from processos.services import registrar_leitura
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, ErroDominio, NaoEncontrado, RegraDeNegocio

from . import arquivos
from .models import Documento, Exportacao, Modelo, TextoPadrao, TipoDocumento, VersaoDocumento
from .services import bloqueio
from .services.pdfs import abrir_pdf


def arvore(*, ator: Ator, processo) -> list[Documento]:
    """The process tree as the actor sees it (the policy's document rule: no excluded documents,
    no other units' minutas; cancelled ones stay, marked), in inclusion order."""
    qs = Documento.objects.filter(processo=processo).select_related("tipo", "unidade_geradora")
    return list(acesso.filtrar_documentos_visiveis(qs, ator).order_by("id"))


TAMANHO_PASTA = 20  # SEI groups a big process's tree in folders of this many documents


@dataclass
class Pasta:
    """A folder of the tree: documents ``inicio``..``fim`` (1-based) of the process."""

    inicio: int
    fim: int
    documentos: list[Documento]
    aberta: bool


@dataclass
class Arvore:
    """The process screen's tree as the actor sees it: the documents (in folders of
    ``TAMANHO_PASTA`` when there are more), then the annexed processes, each with its own tree
    (opened in place)."""

    processo: object
    documentos: list[Documento]
    pastas: list[Pasta]
    anexados: list["Arvore"]
    aberta: bool = True  # an annexed process's node: expanded when it holds the open document

    @property
    def vazia(self) -> bool:
        return not self.documentos and not self.anexados


def arvore_do_processo(*, ator: Ator, processo, atual: Documento | None = None, _nivel: int = 0) -> Arvore:
    """The tree of the process screen (``arvore`` plus folders and annexed processes); the folder
    holding ``atual`` is open, else the last one."""
    documentos = arvore(ator=ator, processo=processo)
    pastas = []
    if len(documentos) > TAMANHO_PASTA:
        indice_atual = next(
            (i for i, d in enumerate(documentos) if atual and d.pk == atual.pk), len(documentos) - 1
        )
        for inicio in range(0, len(documentos), TAMANHO_PASTA):
            parte = documentos[inicio : inicio + TAMANHO_PASTA]
            aberta = inicio <= indice_atual < inicio + TAMANHO_PASTA
            pastas.append(Pasta(inicio=inicio + 1, fim=inicio + len(parte), documentos=parte, aberta=aberta))
    anexados = []
    if _nivel == 0:  # an annexed process cannot have its own annexed ones (SEI's rule)
        for anexado in processos_selectors.processos_anexados(ator=ator, processo=processo).order_by("nup"):
            no = arvore_do_processo(ator=ator, processo=anexado, atual=atual, _nivel=1)
            no.aberta = bool(atual and atual.processo_id == anexado.pk)
            anexados.append(no)
    return Arvore(processo=processo, documentos=documentos, pastas=pastas, anexados=anexados)


def documento_por_numero(*, ator: Ator, numero_sei) -> Documento:
    """By número SEI (with or without the leading zeros); 404 when the actor may not see it."""
    try:
        numero = int(str(numero_sei).strip())
    except (TypeError, ValueError):
        raise NaoEncontrado("Documento não encontrado.") from None
    documento = (
        Documento.objects.select_related(
            "processo",
            "processo__tipo",
            "processo__orgao",
            "processo__processo_principal",
            "tipo",
            "unidade_geradora",
            "criado_por",
            "hipotese_legal",
        )
        .filter(numero_sei=numero)
        .first()
    )
    if documento is None:
        raise NaoEncontrado("Documento não encontrado.")
    acesso.exigir_documento_visivel(ator, documento)
    acesso.exigir_reautenticacao(ator, documento.processo)
    return documento


@dataclass
class DadosDocumento:
    """What the actor may see of a document's data (``GET /api/v1/documentos/{n}/`` and the
    document page): the document, and whether they read its content and its process's content
    (without it, the free text and personal data of the document are not shown)."""

    documento: Documento
    acesso_conteudo: bool
    acesso_processo: bool
    total_versoes: int | None

    def __getattr__(self, nome):
        # The document's own fields (numero_sei, tipo, estado...), read through the data.
        if nome.startswith("__"):
            raise AttributeError(nome)
        return getattr(self.documento, nome)


def dados_do_documento(*, ator: Ator, documento: Documento, canal: str | None = None) -> DadosDocumento:
    """The document's data. With ``canal`` (the document asked to be read: its page, its API
    detail), a reader who sees its reserved data (description, sender, file name) of a restrito
    or sigiloso document is recorded in the read audit."""
    dados = DadosDocumento(
        documento=documento,
        acesso_conteudo=acesso.pode_ver_conteudo_documento(ator, documento),
        acesso_processo=acesso.pode_ver_conteudo(ator, documento.processo),
        total_versoes=documento.versoes.count() if documento.interno else None,
    )
    if canal and dados.acesso_processo:
        registrar_leitura(
            ator=ator, processo=documento.processo, documento=documento, objeto=LeituraAuditada.Objeto.METADADOS,
            canal=canal,
        )  # fmt: skip
    return dados


def versoes(*, ator: Ator, documento: Documento) -> QuerySet[VersaoDocumento]:
    acesso.exigir_conteudo_documento(ator, documento)
    return documento.versoes.select_related("criado_por").order_by("-numero")


def versao(
    *, ator: Ator, documento: Documento, numero: int | None = None, canal: str | None = None
) -> VersaoDocumento:
    """A version of an internal document (the current one by default), whose text the actor may
    read. With ``canal`` (the text goes out: the page, the editor, the API) the read is recorded."""
    acesso.exigir_conteudo_documento(ator, documento)
    alvo = documento.versao_atual if numero is None else numero
    encontrada = documento.versoes.select_related("criado_por").filter(numero=alvo).first()
    if encontrada is None:
        raise NaoEncontrado("Versão não encontrada.")
    if (documento.assinado or documento.bloqueado) and not encontrada.conteudo_confere():
        # What was signed is checked on every read: an altered row is an integrity failure.
        raise arquivos.ArquivoCorrompido("O conteúdo deste documento assinado não confere com o registrado.")
    if canal:
        _registrar(ator, documento, LeituraAuditada.Objeto.DOCUMENTO, canal)
    return encontrada


def arquivo_do_documento(*, ator: Ator, documento: Documento, canal: str):
    """The external document's file, opened (its SHA-256 checked while read), its read
    recorded."""
    if documento.interno:
        raise NaoEncontrado("Documento interno não tem arquivo.")
    acesso.exigir_conteudo_documento(ator, documento)
    leitor = arquivos.abrir_verificado(documento.arquivo_nome, documento.arquivo_sha256)
    _registrar(ator, documento, LeituraAuditada.Objeto.ARQUIVO, canal)
    return leitor


def pdf_para_leitura(*, ator: Ator, documento: Documento, canal: str):
    """The document's PDF, opened (rendered now if not cached yet), its read recorded; 409
    ``sem_pdf`` for a file with no PDF form."""
    acesso.exigir_conteudo_documento(ator, documento)
    leitor = abrir_pdf(documento)
    _registrar(ator, documento, LeituraAuditada.Objeto.PDF, canal)
    return leitor


# What the apps above add to a document's read model: the signatures (assinaturas) register
# their reader in AppConfig.ready, so this app shows them without importing that app.
_leitor_de_assinaturas: Callable[[Documento], list[dict]] | None = None


def registrar_leitor_de_assinaturas(leitor: Callable[[Documento], list[dict]]) -> None:
    global _leitor_de_assinaturas
    _leitor_de_assinaturas = leitor


def assinaturas_do_documento(documento: Documento) -> list[dict]:
    """The document's signatures (nome, cargo, unidade, data, nível), as the signing app reads them."""
    return _leitor_de_assinaturas(documento) if _leitor_de_assinaturas else []


def _registrar(ator: Ator, documento: Documento, objeto: str, canal: str) -> None:
    """A content read: in the read audit, and the first one by another unit blocks the document."""
    registrar_leitura(ator=ator, processo=documento.processo, documento=documento, objeto=objeto, canal=canal)
    bloqueio.ao_ler(ator, documento)


def tipos_documento(*, interno: bool | None = None) -> QuerySet[TipoDocumento]:
    qs = TipoDocumento.objects.filter(ativo=True)
    if interno is True:
        qs = qs.filter(aplicabilidade__in=["interno", "ambos"])
    elif interno is False:
        qs = qs.filter(aplicabilidade__in=["externo", "ambos"])
    return qs.order_by("nome")


def textos_padrao(*, ator: Ator) -> QuerySet[TextoPadrao]:
    return TextoPadrao.objects.filter(unidade=ator.unidade).order_by("nome")


def modelos_ativos(*, tipo_id: int | None = None) -> QuerySet[Modelo]:
    qs = (
        Modelo.objects.filter(ativo=True, tipo__ativo=True)
        .select_related("tipo")
        .order_by("tipo__nome", "nome", "id")
    )
    return qs.filter(tipo_id=tipo_id) if tipo_id else qs


def _exigir_acesso_exportacao(exportacao: Exportacao, usuario, sigilosos_liberados) -> Ator:
    """The user who asked for an export, in the unit they asked from, may still read the
    process: access revoked since the request applies at once (ASVS 8.3.2). Returns that actor."""
    quem_pediu = acesso.exigir_lotacao(usuario, exportacao.unidade)
    if sigilosos_liberados is not None:
        quem_pediu = quem_pediu.no_navegador(sigilosos_liberados)
    processo = exportacao.processo
    if not acesso.pode_ver_processo(quem_pediu, processo):
        # A sigiloso whose credential was cassada: not even its NUP any more.
        raise NaoEncontrado("Exportação não encontrada.")
    acesso.exigir_reautenticacao(quem_pediu, processo)
    if not acesso.pode_ver_conteudo(quem_pediu, processo):
        raise AcessoNegado("Você não tem mais acesso a este processo.", code="acesso_restrito")
    return quem_pediu


def exportacao_do_usuario(*, usuario, exportacao_id, sigilosos_liberados=None) -> tuple[Exportacao, Ator]:
    """An export and the actor it is read as (the user in the unit they asked from). Only the
    user who asked may know it exists (404 for anyone else), and only while they may still read
    the process from that unit: its page, state and file all go through here.
    ``sigilosos_liberados``: a browser's (``Ator.sigilosos_liberados``)."""
    exportacao = (
        Exportacao.objects.select_related("processo", "processo__processo_principal", "unidade")
        .filter(pk=exportacao_id, usuario_id=usuario.pk)
        .first()
    )
    if exportacao is None:
        raise NaoEncontrado("Exportação não encontrada.")
    return exportacao, _exigir_acesso_exportacao(exportacao, usuario, sigilosos_liberados)


class ExportacaoExpirada(ErroDominio):
    """The export's file is no longer available: expired, or swept away (410)."""

    status = 410
    code = "expirado"


@dataclass
class ArquivoExportacao:
    exportacao: Exportacao
    leitor: object  # an open file: arquivos.abrir_armazenado
    nome: str  # for Content-Disposition
    mime: str


def arquivo_da_exportacao(
    *, usuario, exportacao_id, canal: str, sigilosos_liberados=None
) -> ArquivoExportacao:
    """The file of a finished export, opened, for the user who asked (``exportacao_do_usuario``'s
    checks), its read recorded. 409 while it is being built or after it failed, 410 once expired
    or swept away. The page and the API both serve it from here."""
    exportacao, quem_pediu = exportacao_do_usuario(
        usuario=usuario, exportacao_id=exportacao_id, sigilosos_liberados=sigilosos_liberados
    )
    expirada = ExportacaoExpirada("O arquivo expirou. Gere-o novamente.")
    expirada.exportacao = exportacao
    if exportacao.estado == Exportacao.Estado.ERRO:
        raise RegraDeNegocio(exportacao.detalhe or "A geração falhou.", code="tarefa_com_erro")
    if exportacao.estado != Exportacao.Estado.CONCLUIDA:
        raise RegraDeNegocio("O arquivo ainda está sendo gerado.", code="tarefa_em_andamento")
    if not exportacao.arquivo_nome or exportacao.expira_em <= timezone.now():
        raise expirada
    leitor = arquivos.abrir_armazenado(exportacao.arquivo_nome, ausente=expirada)
    registrar_leitura(
        ator=quem_pediu, processo=exportacao.processo, objeto=LeituraAuditada.Objeto.EXPORTACAO, canal=canal
    )
    pdf = exportacao.formato == Exportacao.Formato.PDF
    return ArquivoExportacao(
        exportacao=exportacao,
        leitor=leitor,
        nome=f"processo-{exportacao.processo.nup}.{exportacao.formato}",
        mime="application/pdf" if pdf else "application/zip",
    )
