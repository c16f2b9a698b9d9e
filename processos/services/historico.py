"""Locking and the history (``Andamento``) with its keyed chain: shared by every service.

Each entry is sealed with an HMAC (``sei.integridade``) over its fields and the seal of the
entry before it; the process row keeps the last seal (the head), so appending needs only the
locked process row."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

from sei import acesso, indexacao, integridade
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, NaoEncontrado, RegraDeNegocio

from ..models import Andamento, Atividade, Processo
from . import alcance, contagem


def travar(processo: Processo) -> Processo:
    """The process row, locked for the rest of the transaction, freshly read."""
    try:
        return Processo.objects.select_for_update().get(pk=processo.pk)
    except Processo.DoesNotExist:
        raise NaoEncontrado("Processo não encontrado.") from None


def travar_varios(*processos: Processo) -> list[Processo]:
    """Lock several processes in id order (no deadlock between two services)."""
    ids = sorted({p.pk for p in processos})
    travados = {p.pk: p for p in Processo.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return [travados[p.pk] for p in processos]


def atividade_aberta(processo: Processo, unidade) -> Atividade | None:
    return Atividade.objects.filter(processo=processo, unidade=unidade, aberta=True).first()


def processo_nao_aberto(ator: Ator) -> RegraDeNegocio:
    """The refusal of an operation on a process that is not open in the acting unit."""
    return RegraDeNegocio(f"O processo não está aberto na unidade {ator.unidade.sigla}.", code="processo_nao_aberto")


def exigir_aberto_aqui(ator: Ator, processo: Processo) -> Atividade:
    """SEI's precondition of every operation on a process: the actor reads it (404 when they may
    not know it exists, 403 without content) and it is open in the acting unit (409). Returns
    its open row there."""
    acesso.exigir_visivel(ator, processo)
    if not acesso.pode_ver_conteudo(ator, processo):
        raise AcessoNegado("Sem acesso ao processo.", code="acesso_restrito")
    atividade = atividade_aberta(processo, ator.unidade)
    if atividade is None:
        raise processo_nao_aberto(ator)
    return atividade


def _conteudo(
    anterior: str, nup: str, unidade_id: int, usuario_id: int, criado_em, tipo: str, descricao: str, atributos
) -> str:
    """What an entry's seal covers: its fields and the seal of the entry before it."""
    return "|".join(
        [
            anterior,
            nup,
            str(unidade_id),
            str(usuario_id),
            criado_em.isoformat(),
            tipo,
            descricao,
            json.dumps(atributos, sort_keys=True, ensure_ascii=False),
        ]
    )


def selar_entrada(
    anterior: str, nup: str, unidade_id: int, usuario_id: int, criado_em, tipo: str, descricao: str, atributos
) -> tuple[str, str]:
    """(key id, seal) of a history entry that follows the one sealed ``anterior``."""
    return integridade.selar(_conteudo(anterior, nup, unidade_id, usuario_id, criado_em, tipo, descricao, atributos))


# What the apps above do in the same transaction when an entry of a given type is appended
# (documentos: a process sent or concluded blocks its signed documents). Registered in
# AppConfig.ready, so this app triggers them without importing those apps.
_efeitos: dict[str, list[Callable[[Processo, Ator, Andamento], None]]] = {}


def registrar_efeito(tipos, efeito: Callable[[Processo, Ator, Andamento], None]) -> None:
    for tipo in tipos:
        lista = _efeitos.setdefault(tipo, [])
        if efeito not in lista:
            lista.append(efeito)


# Inside ``derivar_no_fim()``: the processes whose principals and counters wait for the block's end.
_derivar_no_fim: ContextVar[dict[int, Processo] | None] = ContextVar("sei_derivar_no_fim", default=None)


@contextmanager
def derivar_no_fim():
    """For a service that appends several entries to the same new or locked process in one
    transaction (a petition: the process, each document, the receipt): its principals and inbox
    counters are re-derived once, when the block ends, instead of after every entry. Nothing in
    the block may read them (an access check on that process) before the end."""
    if _derivar_no_fim.get() is not None:
        yield
        return
    pendentes: dict[int, Processo] = {}
    marca = _derivar_no_fim.set(pendentes)
    try:
        yield
    finally:
        _derivar_no_fim.reset(marca)
    for processo in pendentes.values():
        alcance.atualizar(processo)
        contagem.atualizar(processo)


def registrar(
    processo: Processo, ator: Ator, tipo: str, descricao: str, atributos: dict | None = None, *, em=None
) -> Andamento:
    """Append one history entry; ``processo`` must be the locked row."""
    criado_em = em or timezone.now()
    atributos = atributos or {}
    anterior = processo.hash_andamentos
    chave_id, novo = selar_entrada(
        anterior, processo.nup, ator.unidade.pk, ator.usuario.pk, criado_em, tipo, descricao, atributos
    )
    andamento = Andamento.objects.create(
        processo=processo,
        unidade=ator.unidade,
        usuario=ator.usuario,
        criado_em=criado_em,
        tipo=tipo,
        descricao=descricao,
        atributos=atributos,
        hash_anterior=anterior,
        hash=novo,
        chave_id=chave_id,
    )
    Processo.objects.filter(pk=processo.pk).update(hash_andamentos=novo)
    processo.hash_andamentos = novo
    # Every change of a process writes its history here: who may know of and read it, and the
    # inbox counters that follow from it, are re-derived in the same transaction (no writes when
    # the change did not touch them), or at the end of a ``derivar_no_fim()`` block.
    pendentes = _derivar_no_fim.get()
    if pendentes is not None:
        pendentes[processo.pk] = processo
    else:
        alcance.atualizar(processo)
        contagem.atualizar(processo)
    # ... and so are its search-index entries, and those of the document the entry is about.
    indexacao.marcar_processo(processo.pk)
    if atributos.get("numero_sei"):
        indexacao.marcar_numero_sei(atributos["numero_sei"])
    for efeito in _efeitos.get(tipo, ()):
        efeito(processo, ator, andamento)
    return andamento


def verificar_cadeia(processo: Processo) -> bool:
    """True when the stored history matches its keyed chain (nothing altered or removed)."""
    return next(cadeias_quebradas(Processo.objects.filter(pk=processo.pk)), None) is None


def cadeias_quebradas(processos=None, *, lote: int = 1000) -> Iterator[tuple[str, str]]:
    """(NUP, what is wrong) for every process whose stored history no longer matches its hash
    chain, streaming the whole history in ``lote``-process batches (two queries a batch), as the
    integrity check after a restore needs; ``processos`` narrows it (a queryset of Processo)."""
    base = (processos if processos is not None else Processo.objects.all()).order_by("pk")
    ultimo = 0
    while True:
        cabecas = list(base.filter(pk__gt=ultimo).values_list("pk", "nup", "hash_andamentos")[:lote])
        if not cabecas:
            return
        ultimo = cabecas[-1][0]
        historicos: dict[int, list] = {pk: [] for pk, _, _ in cabecas}
        entradas = (
            Andamento.objects.filter(processo_id__in=historicos)
            .order_by("processo_id", "id")
            .values_list(
                "processo_id", "unidade_id", "usuario_id", "criado_em", "tipo", "descricao", "atributos",
                "hash_anterior", "hash", "chave_id",
            )  # fmt: skip
        )
        for entrada in entradas.iterator(chunk_size=5000):
            historicos[entrada[0]].append(entrada[1:])
        for pk, nup, cabeca in cabecas:
            problema = _problema_na_cadeia(nup, cabeca, historicos[pk])
            if problema:
                yield nup, problema


def _problema_na_cadeia(nup: str, cabeca: str, entradas: list) -> str | None:
    anterior = ""
    for n, entrada in enumerate(entradas, start=1):
        unidade_id, usuario_id, criado_em, tipo, descricao, atributos, hash_anterior, guardado, chave_id = entrada
        if hash_anterior != anterior:
            return f"entrada {n} do histórico fora da cadeia (removida, inserida ou reordenada antes dela)"
        conteudo = _conteudo(anterior, nup, unidade_id, usuario_id, criado_em, tipo, descricao, atributos)
        if not integridade.conferir(conteudo, chave_id, guardado):
            if chave_id and chave_id not in settings.SEI_HISTORICO_CHAVES:
                return f"entrada {n} do histórico selada com uma chave desconhecida ({chave_id})"
            return f"entrada {n} do histórico alterada"
        anterior = guardado
    if anterior != cabeca:
        return "o fim do histórico não confere (entradas finais removidas)"
    return None
