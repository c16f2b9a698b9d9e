"""The access policy: who may see or do what. Asked by every view, endpoint, list and task.

Deny by default. Who may know of a process and who may read it is data: the process's
principals (``sei.models.Alcance``), derived from its state by ``processos.services.alcance`` —
the one place where SEI's rule is written (público, restrito, sigiloso, annexed processes under
their main process's rule) — in the transaction that changes the process. Here, every decision is
a membership test of the actor's principals (``principais``) in that set: a single check, a
queryset filter, the inbox's SQL condition, and later a search index's filter all ask the same
question, so a rule change is made in one place.

- know of a process (``CONHECE``): its NUP, type, level, hipótese legal, the units where it is
  open and its history without free text;
- read it (``LE``): especificação, interessados, observações, free text of the history (the
  "atualizar andamento" text, the sobrestamento and cancellation motivos), documents.
- external users (the portal): ``AtorExterno``, a principal of their own (``e:<usuário>``) that
  only an explicit grant gives, and a document rule of their own (below): never a minuta, a
  cancelled, excluded or sigiloso document; a parcial grant only its chosen documents.

Documents are seen through their process; on top of that a minuta (unsigned internal document)
shows its entry to the others who know of the process but its content only to its generating
unit, a cancelled one keeps its place in the tree but not its content, and an excluded one is
gone for everybody. A document shared with a unit (a bloco de assinatura made available to it:
``documento.compartilhamentos``) is seen, read and edited there whatever the process rule says.

The browser asks for the password again before a sigiloso opens (SEI's rule): an ``Ator`` built
for a browser request carries the NUPs whose password was re-entered (``sigilosos_liberados``)
and ``exigir_reautenticacao`` is asked by the selectors every web route reads through, batch
actions included. The API does not ask (``sigilosos_liberados`` is None): its token already
identifies one user or integrated system and holding a credential is what the policy checks.

Operations (enviar, concluir, alterar...) additionally require the process open in the acting
unit; each service checks its own state rules after ``pode_operar``.

This module depends on ``sei`` alone: processes and documents are used through their
attributes (``processo.sigiloso``, ``documento.minuta``...), never imported.
"""

import logging
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from sei.exceptions import AcessoNegado, NaoEncontrado, ReautenticacaoNecessaria
from sei.models import Alcance, Lotacao, NivelAcesso, Unidade, Usuario

# Denied attempts are logged (who, where, what; never content or CPF): e-ARQ 6.4.1, ASVS 16.3.2.
logger = logging.getLogger("sei.acesso")

CONHECE, LE = Alcance.Grau.CONHECE, Alcance.Grau.LE


def _negado(motivo: str, usuario, unidade, processo=None) -> None:
    logger.warning(
        "acesso negado: %s usuario=%s unidade=%s processo=%s",
        motivo,
        getattr(usuario, "pk", None),
        getattr(unidade, "pk", None),
        getattr(processo, "pk", None),
    )


@dataclass(frozen=True)
class Ator:
    """The acting user in the unit they chose.

    ``sigilosos_liberados``: for a browser request, the NUPs of the sigilosos whose password the
    user re-entered recently (SEI's rule); None for callers the rule does not apply to (API
    tokens, tasks, commands)."""

    usuario: Usuario
    unidade: Unidade
    sigilosos_liberados: frozenset[str] | None = None

    def no_navegador(self, liberados) -> "Ator":
        return Ator(usuario=self.usuario, unidade=self.unidade, sigilosos_liberados=frozenset(liberados))


def _pode_atuar(usuario: Usuario) -> bool:
    return bool(usuario and usuario.is_authenticated and usuario.is_active and usuario.interno)


def lotacao_ativa(usuario: Usuario, unidade: Unidade) -> Lotacao | None:
    if not _pode_atuar(usuario):
        return None
    return Lotacao.objects.filter(usuario=usuario, unidade=unidade, ativa=True, unidade__ativa=True).first()


def ator_da_lotacao(usuario: Usuario, unidade: Unidade) -> Ator:
    """``exigir_lotacao`` for a unit just read from the user's active lotações (an active
    lotação in an active unit, as ``lotacao_ativa`` asks): the user is checked, not the row again."""
    if not _pode_atuar(usuario):
        _negado("sem lotação", usuario, unidade)
        raise AcessoNegado("Você não pertence à unidade informada.", code="unidade_nao_permitida")
    return Ator(usuario=usuario, unidade=unidade)


def exigir_lotacao(usuario: Usuario, unidade: Unidade) -> Ator:
    if lotacao_ativa(usuario, unidade) is None:
        _negado("sem lotação", usuario, unidade)
        raise AcessoNegado("Você não pertence à unidade informada.", code="unidade_nao_permitida")
    return Ator(usuario=usuario, unidade=unidade)


# --- Principals --------------------------------------------------------------------------------


def principais(ator: Ator) -> tuple[str, ...]:
    """The principals the actor holds (``sei.models.Alcance``): their órgão, their unit, and
    themselves in that unit (credentials)."""
    unidade = ator.unidade
    return (f"o:{unidade.orgao_id}", f"u:{unidade.pk}", f"c:{ator.usuario.pk}:{unidade.pk}")


def _alcance(ator: Ator, processo_ref, grau: int) -> QuerySet:
    filtro = Alcance.objects.filter(processo_id=processo_ref, principal__in=principais(ator))
    return filtro.filter(grau__gte=grau) if grau > CONHECE else filtro


# --- Querysets ---------------------------------------------------------------------------


def filtrar_processos_visiveis(qs: QuerySet, ator: Ator) -> QuerySet:
    """Processes whose existence the actor may know (metadata and history)."""
    return qs.filter(Exists(_alcance(ator, OuterRef("pk"), CONHECE)))


def filtrar_processos_conteudo(qs: QuerySet, ator: Ator) -> QuerySet:
    """Processes whose content (especificação, interessados, documents) the actor may read."""
    return qs.filter(Exists(_alcance(ator, OuterRef("pk"), LE)))


def filtrar_atividades_visiveis(qs: QuerySet, ator: Ator) -> QuerySet:
    """Inbox rows of the actor's unit whose process the actor may know of (a sigiloso only with
    a credential here)."""
    return qs.filter(unidade=ator.unidade).filter(Exists(_alcance(ator, OuterRef("processo_id"), CONHECE)))


def sql_atividades_visiveis(ator: Ator, *, atividade: str, processo: str) -> tuple[str, list]:
    """``filtrar_atividades_visiveis`` as an SQL condition, for the inbox's hand-written query
    (``processos.selectors.caixa_itens``, where the ORM cost more than the SQL it ran).

    ``atividade`` and ``processo`` are the aliases of the two tables in that query. The same
    membership test, word for word; ``tests/processos/test_caixa.py`` holds both to the same rows.
    """
    marcadores = ", ".join(["%s"] * 3)
    condicao = (
        f"{atividade}.unidade_id = %s AND EXISTS (SELECT 1 FROM {Alcance._meta.db_table} alc"
        f" WHERE alc.processo_id = {atividade}.processo_id AND alc.principal IN ({marcadores}))"
    )
    return condicao, [ator.unidade.pk, *principais(ator)]


# --- Single-object decisions --------------------------------------------------------------


def processo_regente(processo):
    """The process whose rule governs access to ``processo``: its main process once annexed
    (whose global level already carries the annexed one's), itself otherwise. Its principals
    already follow it; this is for the level that governs content (``nivel_regente``)."""
    return processo.processo_principal if processo.processo_principal_id else processo


def pode_ver_processo(ator: Ator, processo) -> bool:
    return _alcance(ator, processo.pk, CONHECE).exists()


def pode_ver_conteudo(ator: Ator, processo) -> bool:
    """Especificação, interessados, observações, free text of the history, documents."""
    return _alcance(ator, processo.pk, LE).exists()


def pode_operar(ator: Ator, processo) -> bool:
    """Act on the process (send, conclude, change...): content access and open in the unit."""
    return (
        pode_ver_conteudo(ator, processo)
        and processo.atividades.filter(unidade=ator.unidade, aberta=True).exists()
    )


def pode_reabrir(ator: Ator, processo) -> bool:
    return pode_ver_conteudo(ator, processo) and processo.atividades.filter(unidade=ator.unidade).exists()


def exigir_visivel(ator: Ator, processo) -> None:
    """404 for what the actor may not know exists."""
    if not pode_ver_processo(ator, processo):
        _negado("processo invisível", ator.usuario, ator.unidade, processo)
        raise NaoEncontrado("Processo não encontrado.")


def nivel_regente(processo) -> int:
    """The level that governs the process's content (its main process's once annexed)."""
    return processo_regente(processo).nivel_acesso_global


def exigir_reautenticacao(ator: Ator, processo) -> None:
    """A browser opens a sigiloso only after the password was typed again for it; every web route
    reaches processes and documents through selectors that ask this."""
    if ator.sigilosos_liberados is None or not processo_regente(processo).sigiloso:
        return
    if processo.nup not in ator.sigilosos_liberados:
        raise ReautenticacaoNecessaria(processo.nup)


def exigir_conteudo(ator: Ator, processo) -> None:
    exigir_visivel(ator, processo)
    if not pode_ver_conteudo(ator, processo):
        _negado("conteúdo restrito", ator.usuario, ator.unidade, processo)
        raise AcessoNegado(
            "Processo de acesso restrito às unidades por onde tramitou.", code="acesso_restrito"
        )


# --- Documents --------------------------------------------------------------------------------


def _minuta_alheia(ator: Ator, documento) -> bool:
    return documento.minuta and documento.unidade_geradora_id != ator.unidade.pk


def compartilhado_com(ator: Ator, documento) -> bool:
    """Shared with the actor's unit outside the process rule (a bloco de assinatura made
    available to it: ``documento.compartilhamentos``)."""
    return documento.compartilhamentos.filter(unidade_id=ator.unidade.pk).exists()


def pode_ver_documento(ator: Ator, documento) -> bool:
    """Its place in the tree (type, number, description, state): another unit's minuta included,
    as SEI shows it (the entry, not the content)."""
    if documento.excluido:
        return False
    return pode_ver_processo(ator, documento.processo) or compartilhado_com(ator, documento)


def pode_ver_conteudo_documento(ator: Ator, documento) -> bool:
    """Its body, file and PDF: through the process, except another unit's minuta; or shared."""
    if documento.excluido or documento.cancelado:
        return False
    if not _minuta_alheia(ator, documento) and pode_ver_conteudo(ator, documento.processo):
        return True
    return compartilhado_com(ator, documento)


def pode_editar_documento(ator: Ator, documento) -> bool:
    """An internal document not yet bloqueado (a minuta, or signed but not yet read elsewhere:
    saving then drops the signatures), by its generating unit with the process open there, or by
    a unit it was shared with; never in an annexed process."""
    if not documento.interno or documento.processo.anexado:
        return False
    if not (documento.minuta or (documento.assinado and not documento.bloqueado)):
        return False
    if documento.unidade_geradora_id == ator.unidade.pk and pode_operar(ator, documento.processo):
        return True
    return compartilhado_com(ator, documento)


def nivel_do_conteudo(documento) -> int:
    """The level that governs a document's content: its own or its process's governing one
    (``nivel_regente``), whichever is more restrictive."""
    return max(documento.nivel_acesso, nivel_regente(documento.processo))


def conteudo_restrito(documento) -> bool:
    """Restrito or sigiloso (``nivel_do_conteudo``): such content is never stored by any cache
    (``Cache-Control: no-store``) and every read of it is audited."""
    return nivel_do_conteudo(documento) != NivelAcesso.PUBLICO


def _q_compartilhado(ator: Ator, qs: QuerySet) -> Exists:
    compartilhamentos = qs.model.compartilhamentos.rel.related_model.objects
    return Exists(compartilhamentos.filter(documento_id=OuterRef("pk"), unidade_id=ator.unidade.pk))


def filtrar_documentos_compartilhados(qs: QuerySet, ator: Ator) -> QuerySet:
    """Documents shared with the actor's unit (``compartilhado_com``), for lists."""
    return qs.filter(_q_compartilhado(ator, qs))


def filtrar_documentos_visiveis(qs: QuerySet, ator: Ator) -> QuerySet:
    """Documents whose place in the tree the actor may see (``pode_ver_documento``), for lists
    across processes (a single process's tree asks the same)."""
    return qs.exclude(estado=qs.model.Estado.EXCLUIDO).filter(
        Exists(_alcance(ator, OuterRef("processo_id"), CONHECE)) | _q_compartilhado(ator, qs)
    )


def filtrar_documentos_conteudo(qs: QuerySet, ator: Ator) -> QuerySet:
    """Documents whose content the actor may read (``pode_ver_conteudo_documento``: exports,
    search)."""
    Documento = qs.model
    minuta_alheia = Q(estado=Documento.Estado.MINUTA, natureza=Documento.Natureza.INTERNO) & ~Q(
        unidade_geradora=ator.unidade
    )
    pelo_processo = Exists(_alcance(ator, OuterRef("processo_id"), LE)) & ~minuta_alheia
    return qs.exclude(estado__in=[Documento.Estado.EXCLUIDO, Documento.Estado.CANCELADO]).filter(
        pelo_processo | _q_compartilhado(ator, qs)
    )


def exigir_documento_visivel(ator: Ator, documento) -> None:
    if not pode_ver_documento(ator, documento):
        _negado("documento invisível", ator.usuario, ator.unidade, documento.processo)
        raise NaoEncontrado("Documento não encontrado.")


def exigir_conteudo_documento(ator: Ator, documento) -> None:
    exigir_documento_visivel(ator, documento)
    if not pode_ver_conteudo_documento(ator, documento):
        _negado("conteúdo de documento restrito", ator.usuario, ator.unidade, documento.processo)
        if documento.cancelado:
            raise AcessoNegado(
                "Documento cancelado: o conteúdo não é mais exibido.", code="documento_cancelado"
            )
        if _minuta_alheia(ator, documento):
            raise AcessoNegado(
                "Minuta de outra unidade: o conteúdo só é exibido depois da assinatura.",
                code="minuta_de_outra_unidade",
            )
        raise AcessoNegado(
            "Documento de acesso restrito às unidades por onde o processo tramitou.", code="acesso_restrito"
        )


# --- External users (the portal) ------------------------------------------------------------
# An external user holds one principal, ``e:<usuário>``, stored in ``Alcance`` by the rule
# (``processos.services.alcance``, from the grants an app above registers: LE for an integral
# grant, CONHECE for a parcial one; never for a sigiloso or an annexed process). On top of that,
# what a non-party may see of a process they were granted is decided here, once: signed internal
# documents and external documents, not cancelled, not excluded, not sigiloso — all of them for
# an integral grant (present and future), the chosen ones for a parcial grant. No internal check
# above accepts an ``AtorExterno`` and no internal actor holds an ``e:`` principal.


@dataclass(frozen=True)
class AtorExterno:
    """An approved external user in the portal, with the grants in force now (built by
    ``externo.selectors.ator_externo``, which compares their validity with today): the processes
    of integral grants, those of parcial grants and the documents of the parcial ones. A read
    needs both that and the stored principal: a grant past its date ends by itself, before the
    beat marks it expired; a cancelled one, or a process turned sigiloso, ends at once."""

    usuario: Usuario
    integrais: frozenset[int] = frozenset()
    parciais: frozenset[int] = frozenset()
    documentos: frozenset[int] = frozenset()


def principal_externo(usuario_id: int) -> str:
    return f"e:{usuario_id}"


def _externo_pode_atuar(ator: AtorExterno) -> bool:
    usuario = ator.usuario
    return bool(usuario and usuario.is_authenticated and usuario.is_active and not usuario.interno)


def _alcance_externo(ator: AtorExterno, processo_ref, grau: int) -> QuerySet:
    filtro = Alcance.objects.filter(processo_id=processo_ref, principal=principal_externo(ator.usuario.pk))
    return filtro.filter(grau__gte=grau) if grau > CONHECE else filtro


def q_documento_para_externos(Documento) -> Q:
    """What a non-party may ever see of a process: a signed internal document or an external
    one, not cancelled nor excluded, not sigiloso (``Documento``: the model)."""
    return (
        (Q(natureza=Documento.Natureza.EXTERNO) | Q(estado=Documento.Estado.ASSINADO))
        & ~Q(estado__in=[Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO])
        & ~Q(nivel_acesso=NivelAcesso.SIGILOSO)
    )


def filtrar_processos_externo(qs: QuerySet, ator: AtorExterno) -> QuerySet:
    """Processes the external user was granted and may still see (data, summary history)."""
    if not _externo_pode_atuar(ator):
        return qs.none()
    return qs.filter(pk__in=ator.integrais | ator.parciais).filter(
        Exists(_alcance_externo(ator, OuterRef("pk"), CONHECE))
    )


def pode_externo_ver_processo(ator: AtorExterno, processo) -> bool:
    return filtrar_processos_externo(type(processo).objects.filter(pk=processo.pk), ator).exists()


def filtrar_documentos_externo(qs: QuerySet, ator: AtorExterno) -> QuerySet:
    """Documents the external user may read: those a non-party may see, of a process granted in
    full, or chosen in a parcial grant."""
    if not _externo_pode_atuar(ator):
        return qs.none()
    integral = Q(processo_id__in=ator.integrais) & Exists(_alcance_externo(ator, OuterRef("processo_id"), LE))
    parcial = Q(pk__in=ator.documentos, processo_id__in=ator.parciais) & Exists(
        _alcance_externo(ator, OuterRef("processo_id"), CONHECE)
    )
    return qs.filter(q_documento_para_externos(qs.model)).filter(integral | parcial)


def pode_externo_ver_documento(ator: AtorExterno, documento) -> bool:
    return filtrar_documentos_externo(type(documento).objects.filter(pk=documento.pk), ator).exists()


def exigir_processo_externo(ator: AtorExterno, processo) -> None:
    """404 for what the external user was not granted (or no longer is): existence included."""
    if not pode_externo_ver_processo(ator, processo):
        _negado("externo: processo sem acesso", ator.usuario, None, processo)
        raise NaoEncontrado("Processo não encontrado.")


def exigir_documento_externo(ator: AtorExterno, documento) -> None:
    if not pode_externo_ver_documento(ator, documento):
        _negado("externo: documento sem acesso", ator.usuario, None, documento.processo)
        raise NaoEncontrado("Documento não encontrado.")


# --- The public (no login): the pesquisa pública ------------------------------------------------
# What anybody may see, decided here once: a process of a type the órgão opened to the public
# search (``TipoProcesso.pesquisa_publica``) whose global level is público (a restrito document
# raises it, as SEI's "nível de acesso global": the whole process leaves the public view), not
# annexed to another (an annexed
# one is read under its main process's rule: kept out rather than guessed); of it, the signed
# internal documents whose content level is público, never a minuta, a cancelled, an excluded
# or a restricted document. The search index carries the same decision as one principal,
# ``PRINCIPAL_PUBLICO``, held by the public caller only (``busca.publica``).

PRINCIPAL_PUBLICO = "p:publico"


def q_processo_publico(prefixo: str = "") -> Q:
    """The processes the public sees, as a condition (``prefixo``: the path to the process, e.g.
    ``"processo__"`` from a document)."""
    return Q(
        **{
            f"{prefixo}tipo__pesquisa_publica": True,
            f"{prefixo}nivel_acesso_global": NivelAcesso.PUBLICO,
            f"{prefixo}processo_principal__isnull": True,
        }
    )


def filtrar_processos_publicos(qs: QuerySet) -> QuerySet:
    return qs.filter(q_processo_publico())


def filtrar_documentos_publicos(qs: QuerySet) -> QuerySet:
    """Signed internal documents of level público (content level: the stricter of the document
    and its process) of a public process."""
    Documento = qs.model
    return qs.filter(
        q_processo_publico("processo__"),
        natureza=Documento.Natureza.INTERNO,
        estado=Documento.Estado.ASSINADO,
        nivel_acesso=NivelAcesso.PUBLICO,
    )


def processo_publico(processo) -> bool:
    return bool(
        processo.tipo.pesquisa_publica
        and processo.nivel_acesso_global == NivelAcesso.PUBLICO
        and processo.processo_principal_id is None
    )


def documento_publico(documento) -> bool:
    """``documento.processo`` (with its ``tipo``) must be loaded."""
    return bool(
        processo_publico(documento.processo)
        and documento.interno
        and documento.estado == documento.Estado.ASSINADO
        and nivel_do_conteudo(documento) == NivelAcesso.PUBLICO
    )


# --- The search index: the same decisions as data ---------------------------------------------
# A search engine cannot call the checks above for every hit, so each indexed item carries the
# principals that may read it, derived here from the process's readers (its ``Alcance`` rows of
# grade LE); the query matches them against ``principais(ator)``. ``tests/busca/test_acesso.py``
# holds them to ``pode_ver_conteudo`` / ``pode_ver_conteudo_documento`` for every actor × item.


def pesquisavel(nivel: int) -> bool:
    """Search never shows a sigiloso (SEI's rule), not even to its credential holders."""
    return nivel != NivelAcesso.SIGILOSO


def _unidade_le(unidade_id: int, orgao_id: int, leitores_do_processo) -> bool:
    """The users of the unit read the process: their ``u:`` or ``o:`` principal is a reader
    (``c:`` ones only ever read sigilosos, which are never searched)."""
    return f"u:{unidade_id}" in leitores_do_processo or f"o:{orgao_id}" in leitores_do_processo


def _internos(leitores) -> set[str]:
    """The search is the internal users': external principals (``e:``) are never indexed."""
    return {p for p in leitores if not p.startswith("e:")}


def leitores_do_processo(processo, leitores_do_processo) -> frozenset[str]:
    """Who finds the process's own data by its words (``pode_ver_conteudo``)."""
    if not pesquisavel(nivel_regente(processo)):
        return frozenset()
    publico = {PRINCIPAL_PUBLICO} if processo_publico(processo) else set()
    return frozenset(_internos(leitores_do_processo) | publico)


def leitores_da_observacao(processo, unidade_id: int, orgao_id: int, leitores_do_processo) -> frozenset[str]:
    """A unit's observação: that unit's users, when they read the process."""
    if not pesquisavel(nivel_regente(processo)) or not _unidade_le(unidade_id, orgao_id, leitores_do_processo):
        return frozenset()
    return frozenset({f"u:{unidade_id}"})


def leitores_do_conteudo(documento, leitores_do_processo, *, orgao_da_geradora: int, compartilhado_com) -> frozenset[str]:
    """Who finds the document by its words (``pode_ver_conteudo_documento``): the process's
    readers, a minuta only in its generating unit, plus the units it is shared with; nobody for
    a cancelled, excluded or sigiloso one. ``documento.processo`` must be loaded."""
    if documento.excluido or documento.cancelado or not pesquisavel(nivel_do_conteudo(documento)):
        return frozenset()
    leitores = _internos(leitores_do_processo)
    if documento.minuta:
        geradora = documento.unidade_geradora_id
        leitores = {f"u:{geradora}"} if _unidade_le(geradora, orgao_da_geradora, leitores) else set()
    publico = {PRINCIPAL_PUBLICO} if documento_publico(documento) else set()
    return frozenset(leitores | publico | {f"u:{u}" for u in compartilhado_com})
