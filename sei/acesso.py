"""The access policy: who may see or do what. Asked by every view, endpoint, list and task.

Deny by default. Rules (SEI's), on the process's *global* level (the most restrictive of the
process, its documents and annexed processes):

- público: every internal user of the process's órgão sees everything; units of other órgãos
  through which the process passed see it too.
- restrito: units through which the process has passed (an ``Atividade`` exists for the unit)
  see everything. Other internal users of the same órgão who find it (by NUP or search) see only
  that it exists: NUP, type, level, hipótese legal, the units where it is open and its history —
  never especificação, interessados, observações or document content (what SEI shows outsiders).
- sigiloso: only users holding an active credential in the unit they act in; never in anyone's
  list, inbox or count otherwise; never sent between units.
- external users: nothing here yet (grants come with the external portal).
- an annexed process is read under its main process's rule (``processo_regente``): annexing a
  público process to a restrito one restricts it too.

Free text that users type about a process (the "atualizar andamento" text, the sobrestamento
motivo, a document's cancellation motivo, an internal document's description) is content: it
follows the content rule, not the existence rule (``processos.models.Andamento.descricao_resumida``).

The browser asks for the password again before a sigiloso opens (SEI's rule): an ``Ator`` built
for a browser request carries the NUPs whose password was re-entered (``sigilosos_liberados``)
and ``exigir_reautenticacao`` is asked by the selectors every web route reads through, batch
actions included. The API does not ask (``sigilosos_liberados`` is None): its token already
identifies one user or integrated system and holding a credential is what the policy checks.

Operations (enviar, concluir, alterar...) additionally require the process open in the acting
unit; each service checks its own state rules after ``pode_operar``.
"""

import logging
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from sei.exceptions import AcessoNegado, NaoEncontrado, ReautenticacaoNecessaria
from sei.models import Lotacao, Unidade, Usuario

# Denied attempts are logged (who, where, what; never content or CPF): e-ARQ 6.4.1, ASVS 16.3.2.
logger = logging.getLogger("sei.acesso")


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


def lotacao_ativa(usuario: Usuario, unidade: Unidade) -> Lotacao | None:
    if not (usuario and usuario.is_authenticated and usuario.is_active and usuario.interno):
        return None
    return Lotacao.objects.filter(usuario=usuario, unidade=unidade, ativa=True, unidade__ativa=True).first()


def exigir_lotacao(usuario: Usuario, unidade: Unidade) -> Ator:
    if lotacao_ativa(usuario, unidade) is None:
        _negado("sem lotação", usuario, unidade)
        raise AcessoNegado("Você não pertence à unidade informada.", code="unidade_nao_permitida")
    return Ator(usuario=usuario, unidade=unidade)


def _credencial_ativa(ator: Ator, processo_ref):
    from processos.models import Credencial

    return Credencial.objects.filter(
        processo=processo_ref, usuario=ator.usuario, unidade=ator.unidade, cassada_em__isnull=True
    )


def _tramitou(ator: Ator, processo_ref):
    from processos.models import Atividade

    return Atividade.objects.filter(processo=processo_ref, unidade=ator.unidade)


# --- Querysets ---------------------------------------------------------------------------


def _regra_visivel(ator: Ator, prefixo: str) -> Q:
    """The existence rule on the process reached through ``prefixo`` ("" itself,
    "processo_principal__" its main process)."""
    from processos.models import NivelAcesso

    pk = OuterRef("processo_principal_id" if prefixo else "pk")
    nivel = f"{prefixo}nivel_acesso_global"
    return (
        Q(**{f"{nivel}__lt": NivelAcesso.SIGILOSO})
        & (Q(**{f"{prefixo}orgao_id": ator.unidade.orgao_id}) | Exists(_tramitou(ator, pk)))
    ) | (Q(**{nivel: NivelAcesso.SIGILOSO}) & Exists(_credencial_ativa(ator, pk)))


def _regra_conteudo(ator: Ator, prefixo: str) -> Q:
    from processos.models import NivelAcesso

    pk = OuterRef("processo_principal_id" if prefixo else "pk")
    nivel = f"{prefixo}nivel_acesso_global"
    tramitou = Exists(_tramitou(ator, pk))
    return (
        (Q(**{nivel: NivelAcesso.PUBLICO}) & (Q(**{f"{prefixo}orgao_id": ator.unidade.orgao_id}) | tramitou))
        | (Q(**{nivel: NivelAcesso.RESTRITO}) & tramitou)
        | (Q(**{nivel: NivelAcesso.SIGILOSO}) & Exists(_credencial_ativa(ator, pk)))
    )


def _sob_a_regra_regente(regra) -> Q:
    """A process on its own rule, an annexed one on its main process's (``processo_regente``)."""
    return (Q(processo_principal__isnull=True) & regra("")) | (
        Q(processo_principal__isnull=False) & regra("processo_principal__")
    )


def filtrar_processos_visiveis(qs: QuerySet, ator: Ator) -> QuerySet:
    """Processes whose existence the actor may know (metadata and history)."""
    return qs.filter(_sob_a_regra_regente(lambda prefixo: _regra_visivel(ator, prefixo)))


def filtrar_processos_conteudo(qs: QuerySet, ator: Ator) -> QuerySet:
    """Processes whose content (especificação, interessados, documents) the actor may read."""
    return qs.filter(_sob_a_regra_regente(lambda prefixo: _regra_conteudo(ator, prefixo)))


def filtrar_atividades_visiveis(qs: QuerySet, ator: Ator) -> QuerySet:
    """Inbox rows of the actor's unit: a sigiloso appears only to credential holders."""
    from processos.models import Credencial, NivelAcesso

    tem_credencial = Exists(
        Credencial.objects.filter(
            processo=OuterRef("processo_id"),
            usuario=ator.usuario,
            unidade=ator.unidade,
            cassada_em__isnull=True,
        )
    )
    return qs.filter(unidade=ator.unidade).filter(
        Q(processo__nivel_acesso_global__lt=NivelAcesso.SIGILOSO) | tem_credencial
    )


def sql_atividades_visiveis(ator: Ator, *, atividade: str, processo: str) -> tuple[str, list]:
    """``filtrar_atividades_visiveis`` as an SQL condition, for the inbox's hand-written query
    (``processos.selectors.caixa_itens``, where the ORM cost more than the SQL it ran).

    ``atividade`` and ``processo`` are the aliases of the two tables in that query. The same rule,
    word for word; ``tests/processos/test_caixa.py`` holds both to the same rows over the
    access matrix.
    """
    from processos.models import Credencial, NivelAcesso

    condicao = (
        f"{atividade}.unidade_id = %s AND ({processo}.nivel_acesso_global < %s OR EXISTS ("
        f"SELECT 1 FROM {Credencial._meta.db_table} cred WHERE cred.processo_id = {atividade}.processo_id"
        " AND cred.usuario_id = %s AND cred.unidade_id = %s AND cred.cassada_em IS NULL))"
    )
    return condicao, [ator.unidade.pk, int(NivelAcesso.SIGILOSO), ator.usuario.pk, ator.unidade.pk]


# --- Single-object decisions --------------------------------------------------------------


def processo_regente(processo):
    """The process whose rule governs access to ``processo``: its main process once annexed
    (whose global level already carries the annexed one's), itself otherwise."""
    return processo.processo_principal if processo.processo_principal_id else processo


def pode_ver_processo(ator: Ator, processo) -> bool:
    from processos.models import NivelAcesso

    processo = processo_regente(processo)
    if processo.nivel_acesso_global == NivelAcesso.SIGILOSO:
        return _credencial_ativa(ator, processo).exists()
    return processo.orgao_id == ator.unidade.orgao_id or _tramitou(ator, processo).exists()


def pode_ver_conteudo(ator: Ator, processo) -> bool:
    """Especificação, interessados, observações, free text of the history, documents."""
    from processos.models import NivelAcesso

    processo = processo_regente(processo)
    nivel = processo.nivel_acesso_global
    if nivel == NivelAcesso.SIGILOSO:
        return _credencial_ativa(ator, processo).exists()
    if nivel == NivelAcesso.RESTRITO:
        return _tramitou(ator, processo).exists()
    return pode_ver_processo(ator, processo)


def pode_operar(ator: Ator, processo) -> bool:
    """Act on the process (send, conclude, change...): content access and open in the unit."""
    from processos.models import Atividade

    return (
        pode_ver_conteudo(ator, processo)
        and Atividade.objects.filter(processo=processo, unidade=ator.unidade, aberta=True).exists()
    )


def pode_reabrir(ator: Ator, processo) -> bool:
    return pode_ver_conteudo(ator, processo) and _tramitou(ator, processo).exists()


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
# A document is seen through its process: the process's global level already carries the most
# restrictive level of its documents. On top of that, a minuta (unsigned internal document) exists
# only for its generating unit, a cancelled one keeps its place in the tree but not its content,
# and an excluded one is gone for everybody.


def _documento_existe_para(ator: Ator, documento) -> bool:
    if documento.estado == "excluido":
        return False
    return not (documento.minuta and documento.unidade_geradora_id != ator.unidade.pk)


def pode_ver_documento(ator: Ator, documento) -> bool:
    """Its place in the tree (type, number, description)."""
    return _documento_existe_para(ator, documento) and pode_ver_processo(ator, documento.processo)


def pode_ver_conteudo_documento(ator: Ator, documento) -> bool:
    """Its body, file and PDF."""
    return (
        _documento_existe_para(ator, documento)
        and not documento.cancelado
        and pode_ver_conteudo(ator, documento.processo)
    )


def pode_editar_documento(ator: Ator, documento) -> bool:
    """An unsigned internal document, by its generating unit, while the process is open there."""
    return (
        documento.minuta
        and documento.unidade_geradora_id == ator.unidade.pk
        and documento.processo.estado != "anexado"
        and pode_operar(ator, documento.processo)
    )


def nivel_do_conteudo(documento) -> int:
    """The level that governs a document's content: its own or its process's governing one
    (``nivel_regente``), whichever is more restrictive."""
    return max(documento.nivel_acesso, nivel_regente(documento.processo))


def conteudo_restrito(documento) -> bool:
    """Restrito or sigiloso (``nivel_do_conteudo``): such content is never stored by any cache
    (``Cache-Control: no-store``) and every read of it is audited."""
    from processos.models import NivelAcesso

    return nivel_do_conteudo(documento) != NivelAcesso.PUBLICO


def filtrar_documentos_visiveis(qs: QuerySet, ator: Ator) -> QuerySet:
    """Documents whose place in the tree the actor may see (process visibility checked apart
    for a single process, or here for lists across processes)."""
    from processos.models import Processo

    processos = filtrar_processos_visiveis(Processo.objects.all(), ator)
    return (
        qs.exclude(estado="excluido")
        .exclude(Q(estado="minuta", natureza="interno") & ~Q(unidade_geradora=ator.unidade))
        .filter(processo__in=processos.values("pk"))
    )


def filtrar_documentos_conteudo(qs: QuerySet, ator: Ator) -> QuerySet:
    """Documents whose content the actor may read (exports, search)."""
    from processos.models import Processo

    processos = filtrar_processos_conteudo(Processo.objects.all(), ator)
    return (
        filtrar_documentos_visiveis(qs, ator)
        .exclude(estado="cancelado")
        .filter(processo__in=processos.values("pk"))
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
        raise AcessoNegado(
            "Documento de acesso restrito às unidades por onde o processo tramitou.", code="acesso_restrito"
        )
