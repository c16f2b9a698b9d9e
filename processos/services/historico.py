"""Locking and the history (``Andamento``) with its hash chain: shared by every service."""

import hashlib
import json

from django.utils import timezone

from sei.acesso import Ator
from sei.exceptions import NaoEncontrado

from ..models import Andamento, Atividade, Processo


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


def _hash(anterior: str, processo: Processo, ator: Ator, criado_em, tipo: str, descricao: str, atributos) -> str:
    conteudo = "|".join(
        [
            anterior,
            processo.nup,
            str(ator.unidade.pk),
            str(ator.usuario.pk),
            criado_em.isoformat(),
            tipo,
            descricao,
            json.dumps(atributos, sort_keys=True, ensure_ascii=False),
        ]
    )
    return hashlib.sha256(conteudo.encode()).hexdigest()


def registrar(
    processo: Processo, ator: Ator, tipo: str, descricao: str, atributos: dict | None = None, *, em=None
) -> Andamento:
    """Append one history entry; ``processo`` must be the locked row."""
    criado_em = em or timezone.now()
    atributos = atributos or {}
    anterior = processo.hash_andamentos
    novo = _hash(anterior, processo, ator, criado_em, tipo, descricao, atributos)
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
    )
    Processo.objects.filter(pk=processo.pk).update(hash_andamentos=novo)
    processo.hash_andamentos = novo
    return andamento


def verificar_cadeia(processo: Processo) -> bool:
    """True when the stored history matches its hash chain (nothing altered or removed)."""
    anterior = ""
    for a in Andamento.objects.filter(processo=processo).select_related("unidade", "usuario").order_by("id"):
        ator = Ator(usuario=a.usuario, unidade=a.unidade)
        if a.hash_anterior != anterior or a.hash != _hash(
            anterior, processo, ator, a.criado_em, a.tipo, a.descricao, a.atributos
        ):
            return False
        anterior = a.hash
    return anterior == Processo.objects.values_list("hash_andamentos", flat=True).get(pk=processo.pk)
