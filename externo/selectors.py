"""The read side of acessos externos. The portal's pages and its API read through here and
nowhere else: the grants in force now (``ator_externo``, the validity compared with today), then
the policy's external side (``sei.acesso.AtorExterno``) for every process and document; every
read recorded in the read audit, in the unit that granted it. The internal side (the grants of a
process, of a unit) reads here too."""

import tempfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from assinaturas.models import PreparacaoAssinatura
from documentos import arquivos
from documentos.models import Documento
from documentos.renderizacao import pagina_html
from documentos.services import bloqueio, exportacao
from documentos.services.pdfs import abrir_pdf
from processos.models import Andamento, Atividade, LeituraAuditada, Processo
from processos.nup import normalizar_nup
from processos.services import registrar_leitura
from sei import acesso
from sei.acesso import Ator, AtorExterno
from sei.exceptions import NaoEncontrado, RegraDeNegocio

from . import intimacoes
from .acessos import vigentes
from .assinaturas_externas import exigir_liberacao, liberacao_do_usuario, pendentes
from .models import (
    AcessoExterno,
    CadastroExterno,
    Intimacao,
    LiberacaoAssinaturaExterna,
    Peticao,
    TipoPeticionamento,
)
from .services import usuario_externo_liberado

Tipo = AcessoExterno.Tipo

# What an external user reads of the history: these events, by their name only (never the
# description, which may carry free text or other people's data), with unit and date.
TIPOS_DO_HISTORICO_EXTERNO = (
    Andamento.Tipo.GERACAO,
    Andamento.Tipo.REMESSA,
    Andamento.Tipo.RECEBIMENTO,
    Andamento.Tipo.CONCLUSAO,
    Andamento.Tipo.REABERTURA,
    Andamento.Tipo.SOBRESTAMENTO,
    Andamento.Tipo.REMOCAO_SOBRESTAMENTO,
    Andamento.Tipo.ANEXACAO,
    Andamento.Tipo.ASSINATURA,
    Andamento.Tipo.DOCUMENTO_INCLUIDO,
)


# --- The portal ------------------------------------------------------------------------------


def _em_vigor(usuario) -> QuerySet[AcessoExterno]:
    return vigentes().filter(usuario=usuario, valido_ate__gte=timezone.localdate())


def ator_externo(usuario) -> AtorExterno:
    """The external user with their grants in force today (two queries); none for a user who is
    not an approved external user (the views and the API already refuse them: defence in depth)."""
    if not usuario_externo_liberado(usuario):
        return AtorExterno(usuario=usuario)
    integrais, parciais = set(), set()
    for processo_id, tipo in _em_vigor(usuario).values_list("processo_id", "tipo"):
        (integrais if tipo == Tipo.INTEGRAL else parciais).add(processo_id)
    documentos = set()
    if parciais:
        documentos = set(
            AcessoExterno.documentos.through.objects.filter(
                acessoexterno__in=_em_vigor(usuario).filter(tipo=Tipo.PARCIAL)
            ).values_list("documento_id", flat=True)
        )
    return AtorExterno(
        usuario=usuario,
        integrais=frozenset(integrais),
        parciais=frozenset(parciais),
        documentos=frozenset(documentos),
    )


def acessos_do_usuario(*, ator: AtorExterno, busca: str = "") -> QuerySet[AcessoExterno]:
    """The portal's home: the grants in force, newest first, on processes the user still sees;
    ``busca`` narrows them to a NUP (any part of its digits) or a process type (part of its name)."""
    visiveis = acesso.filtrar_processos_externo(Processo.objects.all(), ator)
    acessos = _em_vigor(ator.usuario).filter(processo__in=visiveis.values("pk"))
    busca = " ".join(busca.split())[:100]
    if busca:
        digitos = "".join(c for c in busca if c.isdigit())
        filtro = Q(processo__tipo__nome__icontains=busca)
        if digitos:
            filtro |= Q(processo__nup__contains=digitos)
        acessos = acessos.filter(filtro)
    return (
        acessos.select_related("processo", "processo__tipo", "unidade")
        .only(
            "tipo", "valido_ate", "criado_em", "processo__nup", "processo__tipo__nome", "unidade__sigla"
        )
        .order_by("-criado_em", "-id")
    )


def _concessao(ator: AtorExterno, processo: Processo) -> AcessoExterno:
    """The grant a read goes through (the widest, then the newest): its unit is the read's."""
    concessao = (
        _em_vigor(ator.usuario)
        .filter(processo=processo)
        .select_related("unidade")
        .order_by("tipo", "-criado_em")
        .first()
    )
    if concessao is None:  # the policy already refused; defence in depth
        raise NaoEncontrado("Processo não encontrado.")
    return concessao


def _registrar(ator: AtorExterno, processo: Processo, objeto: str, canal: str, documento=None) -> None:
    unidade = _concessao(ator, processo).unidade
    registrar_leitura(
        ator=Ator(usuario=ator.usuario, unidade=unidade),
        processo=processo,
        documento=documento,
        objeto=objeto,
        canal=canal,
        todas=True,
    )


def processo_por_nup(*, ator: AtorExterno, nup: str) -> Processo:
    """404 for a process the user was not granted (or no longer is): existence included."""
    digitos = normalizar_nup(nup)
    processo = (
        Processo.objects.select_related("tipo", "orgao").filter(nup=digitos).first()
        if len(digitos) == 17
        else None
    )
    if processo is None:
        raise NaoEncontrado("Processo não encontrado.")
    acesso.exigir_processo_externo(ator, processo)
    return processo


def documentos_do_processo(*, ator: AtorExterno, processo: Processo) -> QuerySet[Documento]:
    qs = Documento.objects.filter(processo=processo).select_related("tipo", "unidade_geradora")
    return acesso.filtrar_documentos_externo(qs, ator).order_by("id")


def historico_resumido(*, processo: Processo) -> QuerySet[Andamento]:
    return (
        Andamento.objects.filter(processo=processo, tipo__in=TIPOS_DO_HISTORICO_EXTERNO)
        .select_related("unidade")
        .order_by("-criado_em", "-id")
    )


def concessoes_com_inclusao(*, usuario, processo: Processo) -> QuerySet[AcessoExterno]:
    """The user's grants in force on ``processo`` that allow including documents, the newest
    first (``abertas_na_unidade``: only those whose granting unit has the process open)."""
    return (
        _em_vigor(usuario)
        .filter(processo=processo, permite_inclusao=True)
        .select_related("unidade")
        .prefetch_related("tipos_documento")
        .order_by("-criado_em", "-id")
    )


def concessao_para_inclusao(*, usuario, processo: Processo) -> AcessoExterno | None:
    """The grant an inclusion goes through: in force, with inclusion, and the process open in
    its granting unit (SEI's rule); None when there is none."""
    abertas = Atividade.objects.filter(processo=processo, aberta=True).values("unidade_id")
    return concessoes_com_inclusao(usuario=usuario, processo=processo).filter(unidade_id__in=abertas).first()


@dataclass
class ProcessoExterno:
    processo: Processo
    acessos: list[AcessoExterno]
    documentos: list[Documento]
    andamentos: list[Andamento]
    inclusao: AcessoExterno | None = None

    @property
    def integral(self) -> bool:
        return any(a.tipo == Tipo.INTEGRAL for a in self.acessos)

    @property
    def permite_inclusao(self) -> bool:
        return self.inclusao is not None

    @property
    def tipos_inclusao(self) -> list:
        tipos = self.inclusao.tipos_documento.all() if self.inclusao else []  # prefetched
        return sorted((t for t in tipos if t.ativo and t.permite_externo), key=lambda t: t.nome)


def detalhe_do_processo(*, ator: AtorExterno, nup: str, canal: str) -> ProcessoExterno:
    """The external process page and ``GET /api/v1/externo/processos/{nup}/``: data, granted
    documents, summary history; the read recorded."""
    processo = processo_por_nup(ator=ator, nup=nup)
    detalhe = ProcessoExterno(
        processo=processo,
        acessos=list(_em_vigor(ator.usuario).filter(processo=processo).select_related("unidade")),
        documentos=list(documentos_do_processo(ator=ator, processo=processo)),
        andamentos=list(historico_resumido(processo=processo)[:200]),
        inclusao=concessao_para_inclusao(usuario=ator.usuario, processo=processo),
    )
    _registrar(ator, processo, LeituraAuditada.Objeto.PROCESSO, canal)
    return detalhe


def documento_por_numero(*, ator: AtorExterno, numero_sei) -> Documento:
    """404 for any document the user may not read (guessed numbers included)."""
    try:
        numero = int(str(numero_sei).strip())
    except (TypeError, ValueError):
        raise NaoEncontrado("Documento não encontrado.") from None
    documento = Documento.objects.select_related("processo", "tipo").filter(numero_sei=numero).first()
    if documento is None:
        raise NaoEncontrado("Documento não encontrado.")
    acesso.exigir_documento_externo(ator, documento)
    return documento


@dataclass
class Conteudo:
    """An internal document's HTML page (``html``) or an external document's file (``leitor``)."""

    html: str | None = None
    leitor: object = None


def conteudo_do_documento(*, ator: AtorExterno, documento: Documento, canal: str) -> Conteudo:
    acesso.exigir_documento_externo(ator, documento)
    if documento.interno:
        versao = documento.versoes.filter(numero=documento.versao_atual).first()
        if versao is None:
            raise NaoEncontrado("Documento não encontrado.")
        if not versao.conteudo_confere():
            raise arquivos.ArquivoCorrompido(
                "O conteúdo deste documento assinado não confere com o registrado."
            )
        resultado = Conteudo(html=pagina_html(documento, versao.conteudo))
        objeto = LeituraAuditada.Objeto.DOCUMENTO
    else:
        resultado = Conteudo(
            leitor=arquivos.abrir_verificado(documento.arquivo_nome, documento.arquivo_sha256)
        )
        objeto = LeituraAuditada.Objeto.ARQUIVO
    _registrar(ator, documento.processo, objeto, canal, documento)
    bloqueio.ao_ler_por_externo(documento)
    intimacoes.ciencia_pela_leitura(usuario=ator.usuario, documento=documento)
    return resultado


# The portal builds the PDF/ZIP of what was granted while the user waits (no worker: the internal
# export's task checks access as an internal user); bigger processes: document by document.
LIMITE_DOCUMENTOS_EXPORTACAO = 100
FORMATOS = ("pdf", "zip")


def arquivo_do_processo(*, ator: AtorExterno, nup: str, formato: str, canal: str):
    """Gerar PDF / ZIP of the documents granted (the same writers as the internal export), as an
    open temporary file; the read recorded, the documents bloqueados as read."""
    processo = processo_por_nup(ator=ator, nup=nup)
    if formato not in FORMATOS:
        raise NaoEncontrado("Formato inválido.")
    documentos = list(
        documentos_do_processo(ator=ator, processo=processo).select_related("processo", "hipotese_legal")
    )
    if not documentos:
        raise RegraDeNegocio(
            "Não há documentos disponibilizados neste processo.", code="exportacao_sem_documentos"
        )
    if len(documentos) > LIMITE_DOCUMENTOS_EXPORTACAO:
        raise RegraDeNegocio(
            f"O processo tem mais de {LIMITE_DOCUMENTOS_EXPORTACAO} documentos: baixe-os um a um.",
            code="exportacao_grande_demais",
        )
    destino = tempfile.TemporaryFile()
    try:
        if formato == "zip":
            exportacao.escrever_zip(documentos, destino)
        else:
            exportacao.escrever_pdf(processo, documentos, destino, interessados=[])
        destino.seek(0)
        _registrar(ator, processo, LeituraAuditada.Objeto.EXPORTACAO, canal)
    except BaseException:
        destino.close()
        raise
    for documento in documentos:
        bloqueio.ao_ler_por_externo(documento)
    return processo, destino


def pdf_do_documento(*, ator: AtorExterno, documento: Documento, canal: str):
    acesso.exigir_documento_externo(ator, documento)
    leitor = abrir_pdf(documento)
    _registrar(ator, documento.processo, LeituraAuditada.Objeto.PDF, canal, documento)
    bloqueio.ao_ler_por_externo(documento)
    intimacoes.ciencia_pela_leitura(usuario=ator.usuario, documento=documento)
    return leitor


# --- Intimações eletrônicas -------------------------------------------------------------------


def _intimacoes() -> QuerySet[Intimacao]:
    return Intimacao.objects.select_related(
        "processo", "processo__tipo", "usuario", "unidade", "expedida_por", "cancelada_por"
    ).prefetch_related("documentos")


def intimacoes_do_usuario(*, ator: AtorExterno) -> list[Intimacao]:
    """The portal's list (page and API): the user's intimações not cancelled, those awaiting
    ciência first (oldest first: the nearest tacit date), then the rest, newest first."""
    if not usuario_externo_liberado(ator.usuario):
        return []
    todas = list(_intimacoes().filter(usuario=ator.usuario, cancelada_em__isnull=True).order_by("-expedida_em", "-id"))
    agora = timezone.now()
    pendentes = [i for i in todas if i.situacao(agora) == "aguardando"]
    return pendentes[::-1] + [i for i in todas if i.situacao(agora) != "aguardando"]


def intimacao_do_usuario(*, ator: AtorExterno, intimacao_id, processo: Processo | None = None) -> Intimacao:
    """404 for an intimação of someone else, cancelled, a guessed id, or (``processo`` given) of
    another process."""
    try:
        pk = int(intimacao_id)
    except (TypeError, ValueError):
        raise NaoEncontrado("Intimação não encontrada.") from None
    intimacao = (
        _intimacoes()
        .filter(pk=pk, usuario=ator.usuario, cancelada_em__isnull=True)
        .filter(**({"processo": processo} if processo is not None else {}))
        .first()
        if usuario_externo_liberado(ator.usuario)
        else None
    )
    if intimacao is None:
        raise NaoEncontrado("Intimação não encontrada.")
    return intimacao


def documentos_da_intimacao(*, ator: AtorExterno, intimacao: Intimacao) -> list[Documento]:
    """The intimated documents the user reads now (through the policy's external side)."""
    qs = Documento.objects.filter(pk__in=intimacao.itens.values("documento_id")).select_related("tipo")
    return list(acesso.filtrar_documentos_externo(qs, ator).order_by("id"))


def intimacoes_do_processo(*, ator: Ator, processo: Processo) -> QuerySet[Intimacao]:
    """The intimações of a process, for whoever reads its content."""
    acesso.exigir_conteudo(ator, processo)
    return _intimacoes().filter(processo=processo).order_by("-expedida_em", "-id")


def intimacoes_da_unidade(*, ator: Ator) -> QuerySet[Intimacao]:
    """The intimações the actor's unit expedited."""
    return _intimacoes().filter(unidade=ator.unidade).order_by("-expedida_em", "-id")
# --- Assinatura externa: what the user was asked to sign ---------------------------------------


def assinaturas_pendentes(*, usuario) -> QuerySet[LiberacaoAssinaturaExterna]:
    """The portal's home (first) and ``GET /api/v1/externo/assinaturas/``: the documents released
    to the user for signing, in force and unsigned, oldest deadline first."""
    if not usuario_externo_liberado(usuario):
        return LiberacaoAssinaturaExterna.objects.none()
    return (
        pendentes()
        .filter(usuario=usuario)
        .exclude(documento__estado__in=[Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO])
        .select_related("documento", "documento__tipo", "processo", "unidade")
        .order_by("valido_ate", "criado_em", "id")
    )


@dataclass
class DocumentoParaAssinar:
    liberacao: LiberacaoAssinaturaExterna
    documento: Documento
    html: str


def documento_para_assinar(*, usuario, numero_sei, canal: str) -> DocumentoParaAssinar:
    """The document a liberação asks the user to sign, its current text (a minuta, which no grant
    shows): only to that user, while the liberação is in force (expired or cancelled: 409 with
    the reason; no liberação, another user's, or a guessed number: 404); the read recorded in the
    releasing unit."""
    if not usuario_externo_liberado(usuario):
        raise NaoEncontrado("Documento não encontrado.")
    try:
        numero = int(str(numero_sei).replace(".", "").strip())
    except (TypeError, ValueError):
        raise NaoEncontrado("Documento não encontrado.") from None
    documento = Documento.objects.select_related("processo", "tipo").filter(numero_sei=numero).first()
    if documento is None:
        raise NaoEncontrado("Documento não encontrado.")
    liberacao = exigir_liberacao(liberacao_do_usuario(usuario, documento))
    versao = documento.versoes.filter(numero=documento.versao_atual).first()
    if versao is None:
        raise NaoEncontrado("Documento não encontrado.")
    registrar_leitura(
        ator=Ator(usuario=usuario, unidade=liberacao.unidade),
        processo=documento.processo,
        documento=documento,
        objeto=LeituraAuditada.Objeto.DOCUMENTO,
        canal=canal,
        todas=True,
    )
    return DocumentoParaAssinar(liberacao=liberacao, documento=documento, html=pagina_html(documento, versao.conteudo))


def preparacao_externa_pendente(*, usuario, documento: Documento, id) -> PreparacaoAssinatura | None:
    """The user's own preparation of a signature with certificate of ``documento`` still waiting
    for its CMS (the page shows its digest again after a refused attempt), or None."""
    try:
        return PreparacaoAssinatura.objects.filter(
            pk=id, documento=documento, usuario=usuario, concluida_em__isnull=True
        ).first()
    except (ValidationError, ValueError):
        return None


# --- The internal side -----------------------------------------------------------------------


def liberacoes_do_documento(*, ator: Ator, documento: Documento) -> QuerySet[LiberacaoAssinaturaExterna]:
    """The liberações para assinatura externa of a document, for whoever reads its content."""
    acesso.exigir_conteudo_documento(ator, documento)
    return (
        LiberacaoAssinaturaExterna.objects.filter(documento=documento)
        .select_related("documento", "usuario", "unidade", "liberado_por", "cancelado_por")
        .order_by("-criado_em", "-id")
    )



def acessos_do_processo(*, ator: Ator, processo: Processo) -> QuerySet[AcessoExterno]:
    """The grants of a process, for whoever reads its content."""
    acesso.exigir_conteudo(ator, processo)
    return (
        AcessoExterno.objects.filter(processo=processo)
        .select_related("processo", "usuario", "unidade", "concedido_por", "cancelado_por")
        .prefetch_related("documentos", "tipos_documento")
        .order_by("-criado_em", "-id")
    )


SITUACOES = ("ativo", "expirado", "cancelado")


def acessos_da_unidade(*, ator: Ator, situacao: str = "") -> QuerySet[AcessoExterno]:
    """The grants the actor's unit made (SEI's list of a unit's acessos externos)."""
    qs = AcessoExterno.objects.filter(unidade=ator.unidade).select_related(
        "processo", "processo__tipo", "usuario"
    )
    hoje = timezone.localdate()
    if situacao == "ativo":
        qs = (
            vigentes()
            .filter(unidade=ator.unidade, valido_ate__gte=hoje)
            .select_related("processo", "processo__tipo", "usuario")
        )
    elif situacao == "expirado":
        qs = qs.filter(cancelado_em__isnull=True).exclude(expirado_em__isnull=True, valido_ate__gte=hoje)
    elif situacao == "cancelado":
        qs = qs.filter(cancelado_em__isnull=False)
    return qs.order_by("-criado_em", "-id")


def documentos_disponibilizaveis(*, ator: Ator, processo: Processo) -> QuerySet[Documento]:
    """The checklist of a parcial grant: what a non-party may see of the process."""
    acesso.exigir_conteudo(ator, processo)
    qs = Documento.objects.filter(processo=processo).filter(acesso.q_documento_para_externos(Documento))
    return qs.select_related("tipo").order_by("id")


# --- The external users' records, for the internal pages that decide on them -----------------

Situacao = CadastroExterno.Situacao


def cadastros_para_analise(*, situacao: str = Situacao.PENDENTE) -> QuerySet[CadastroExterno]:
    """The records in one situation; pending ones with a confirmed e-mail first (those can be
    approved), oldest first."""
    consulta = CadastroExterno.objects.filter(situacao=situacao).select_related("usuario", "analisado_por")
    if situacao == Situacao.PENDENTE:
        return consulta.order_by(F("email_confirmado_em").asc(nulls_last=True), "criado_em", "pk")
    return consulta.order_by("-analisado_em", "-pk")


def cadastros_aguardando() -> int:
    """Pending records with a confirmed e-mail: what awaits a decision (the menu's count)."""
    return CadastroExterno.objects.filter(
        situacao=Situacao.PENDENTE, email_confirmado_em__isnull=False
    ).count()


def cadastro_por_id(pk: int) -> CadastroExterno | None:
    return CadastroExterno.objects.select_related("usuario", "analisado_por").filter(pk=pk).first()


# --- Peticionamento eletrônico --------------------------------------------------------------------


def tipos_de_peticionamento() -> QuerySet[TipoPeticionamento]:
    """The petition types the portal offers (active)."""
    return (
        TipoPeticionamento.objects.filter(ativo=True)
        .select_related("tipo_principal", "unidade")
        .prefetch_related("tipos_essenciais", "tipos_complementares")
    )


def tipo_de_peticionamento(pk) -> TipoPeticionamento | None:
    try:
        return tipos_de_peticionamento().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def peticoes_do_usuario(*, usuario) -> QuerySet[Peticao]:
    """"Minhas petições": the user's own petitions only, newest first, with their receipts and
    their documents (one query for a whole page)."""
    documentos = Documento.objects.select_related("tipo").order_by("numero_sei")
    return (
        Peticao.objects.filter(usuario=usuario)
        .select_related("processo", "recibo", "tipo_peticionamento")
        .prefetch_related(Prefetch("documentos", queryset=documentos))
    )


def peticao_do_usuario(*, usuario, peticao_id) -> Peticao:
    """One of the user's own petitions; someone else's (or none) is 404 alike."""
    try:
        return peticoes_do_usuario(usuario=usuario).get(pk=int(peticao_id))
    except (Peticao.DoesNotExist, TypeError, ValueError):
        raise NaoEncontrado("Petição não encontrada.") from None


def recibo_da_peticao(*, usuario, peticao_id):
    """(petition, open file) of the signed receipt of one of the user's own petitions."""
    peticao = peticao_do_usuario(usuario=usuario, peticao_id=peticao_id)
    return peticao, default_storage.open(peticao.recibo.pdf_assinado_nome, "rb")
