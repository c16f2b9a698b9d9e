"""What the index holds: one ``Entrada`` per searchable item, built from the database, with the
principals that may read it — the access filter every backend applies inside its query.

Items (``chave``):
- ``d:<id>`` a document: internal (current version, minuta or signed) or external (the text
  extracted from its file), with its type, description and number;
- ``p:<id>`` a process's metadata: NUP, type, especificação, interessados;
- ``a:<id>`` the observação one unit wrote on a process (``Atividade.observacao``), read by that
  unit only.

Readers (``leitores``) are principals (``sei.acesso.principais``), derived by the policy
(``sei.acesso.leitores_do_*``) from the process's ``Alcance`` rows of grade LE — the same data
every other decision reads — so an actor matches an entry exactly when ``sei.acesso`` lets them
read it:
- a document: the process's readers, but a minuta only in its generating unit (``u:<unidade>``
  when that unit's users read the process); plus the units it is shared with (blocos);
- a process: its readers; an observação: ``u:<unidade>`` of its unit when that unit reads it;
- nothing sigiloso is indexed at all (SEI's rule: sigilosos never appear in search, not even to
  credential holders); cancelled and excluded documents neither.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from django.db.models import F, Q

from documentos.html import texto_corrido
from documentos.models import Compartilhamento, Documento, VersaoDocumento
from processos.models import Atividade, Interessado, Processo
from sei import acesso
from sei.models import Alcance, Unidade

LE = Alcance.Grau.LE


@dataclass(frozen=True)
class Entrada:
    chave: str
    tipo: str  # "processo" | "documento"
    natureza: str  # "processo" | "interno" | "externo"
    processo_id: int
    nup: str
    documento_id: int | None
    numero_sei: int | None
    tipo_processo_id: int
    tipo_documento_id: int | None
    unidade_geradora_id: int | None
    data: datetime
    titulo: str
    texto: str
    interessados: str
    leitores: tuple[str, ...]
    unidades: tuple[int, ...]  # units the process passed through ("com tramitação nesta unidade")

    @property
    def impressao(self) -> str:
        """A digest of everything indexed: ``verificar_indice`` compares it with the index's."""
        dados = {campo.name: getattr(self, campo.name) for campo in fields(self)}  # asdict deep-copies
        dados["data"] = self.data.isoformat()
        return hashlib.sha256(json.dumps(dados, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _alcances(processo_ids: Iterable[int]) -> dict[int, set[str]]:
    leitores: dict[int, set[str]] = defaultdict(set)
    for pid, principal in Alcance.objects.filter(processo_id__in=list(processo_ids), grau=LE).values_list(
        "processo_id", "principal"
    ):
        leitores[pid].add(principal)
    return leitores


class _Contexto:
    """What several entries of one batch share, read once: processes, readers, units' órgãos."""

    def __init__(self, processo_ids: set[int]):
        self.processos = {
            p.pk: p
            for p in Processo.objects.filter(pk__in=processo_ids).select_related("tipo", "processo_principal")
        }
        self.leitores = _alcances(self.processos)
        self.interessados: dict[int, list[str]] = defaultdict(list)
        for pid, nome in Interessado.objects.filter(processo_id__in=self.processos).values_list(
            "processo_id", "nome"
        ):
            self.interessados[pid].append(nome)
        self.orgaos: dict[int, int] = {}

    def carregar_orgaos(self, unidade_ids: set[int]) -> None:
        self.orgaos = dict(Unidade.objects.filter(pk__in=unidade_ids).values_list("pk", "orgao_id"))

    def unidades(self, processo_id: int) -> tuple[int, ...]:
        return tuple(sorted(int(p[2:]) for p in self.leitores[processo_id] if p.startswith("u:")))


def _do_processo(ctx: _Contexto, processo: Processo, leitores) -> dict:
    """The fields every entry of ``processo`` shares (its data and its observações)."""
    return {
        "tipo": "processo",
        "natureza": "processo",
        "processo_id": processo.pk,
        "nup": processo.nup,
        "documento_id": None,
        "numero_sei": None,
        "tipo_processo_id": processo.tipo_id,
        "tipo_documento_id": None,
        "unidade_geradora_id": processo.unidade_geradora_id,
        "data": processo.criado_em,
        "interessados": ", ".join(ctx.interessados[processo.pk]),
        "leitores": tuple(sorted(leitores)),
        "unidades": ctx.unidades(processo.pk),
    }


def _processo(ctx: _Contexto, processo: Processo) -> Entrada | None:
    leitores = acesso.leitores_do_processo(processo, ctx.leitores[processo.pk])
    if not leitores:
        return None
    campos = _do_processo(ctx, processo, leitores)
    texto = "\n".join(t for t in (processo.tipo.nome, processo.especificacao, campos["interessados"]) if t)
    return Entrada(chave=f"p:{processo.pk}", titulo=processo.tipo.nome, texto=texto, **campos)


def _observacao(ctx: _Contexto, atividade: Atividade) -> Entrada | None:
    processo = ctx.processos[atividade.processo_id]
    unidade = atividade.unidade_id
    leitores = acesso.leitores_da_observacao(
        processo, unidade, ctx.orgaos.get(unidade, 0), ctx.leitores[processo.pk]
    )
    if not atividade.observacao or not leitores:
        return None
    return Entrada(
        chave=f"a:{atividade.pk}",
        titulo=f"{processo.tipo.nome} — observação da unidade",
        texto=atividade.observacao,
        **_do_processo(ctx, processo, leitores),
    )


def _documento(ctx: _Contexto, documento: Documento, corpo: str, compartilhado: set[int]) -> Entrada | None:
    processo = documento.processo = ctx.processos[documento.processo_id]
    leitores = acesso.leitores_do_conteudo(
        documento,
        ctx.leitores[processo.pk],
        orgao_da_geradora=ctx.orgaos.get(documento.unidade_geradora_id, 0),
        compartilhado_com=compartilhado,
    )
    if not leitores:
        return None
    if documento.interno:
        texto = texto_corrido(corpo)
    else:
        texto = "\n".join(
            t for t in (documento.remetente, documento.arquivo_nome_original, documento.texto_extraido) if t
        )
    return Entrada(
        chave=f"d:{documento.pk}",
        tipo="documento",
        natureza=documento.natureza,
        processo_id=processo.pk,
        nup=processo.nup,
        documento_id=documento.pk,
        numero_sei=documento.numero_sei,
        tipo_processo_id=processo.tipo_id,
        tipo_documento_id=documento.tipo_id,
        unidade_geradora_id=documento.unidade_geradora_id,
        data=documento.criado_em,
        titulo=" ".join(t for t in (documento.rotulo, documento.descricao if documento.interno else "") if t),
        texto=texto,
        interessados=", ".join(ctx.interessados[processo.pk]),
        leitores=tuple(sorted(leitores)),
        unidades=ctx.unidades(processo.pk),
    )


def construir(chaves: Iterable[str]) -> tuple[list[Entrada], list[str]]:
    """The entries of the items ``chaves`` (as ``sei.models.PendenciaIndice`` names them) in their
    current state, and the index keys to delete (items gone, sigiloso, cancelled, or no longer
    readable by anybody). A few queries per batch, whatever its size."""
    processos_sos, processos_todos, documentos, numeros = set(), set(), set(), set()
    for chave in chaves:
        prefixo, _, valor = chave.partition(":")
        destino = {"p": processos_sos, "P": processos_todos, "d": documentos, "n": numeros}.get(prefixo)
        if destino is not None and valor.isdigit():
            destino.add(int(valor))
    docs = list(
        Documento.objects.select_related("tipo").filter(
            Q(pk__in=documentos) | Q(numero_sei__in=numeros) | Q(processo_id__in=processos_todos)
        )
    )
    processo_ids = processos_sos | processos_todos | {d.processo_id for d in docs}
    ctx = _Contexto(processo_ids)
    corpos = dict(
        VersaoDocumento.objects.filter(
            documento__in=[d for d in docs if d.interno], numero=F("documento__versao_atual")
        ).values_list("documento_id", "conteudo")
    )
    compartilhados: dict[int, set[int]] = defaultdict(set)
    for did, uid in Compartilhamento.objects.filter(documento__in=docs).values_list(
        "documento_id", "unidade_id"
    ):
        compartilhados[did].add(uid)

    metadados = processos_sos | processos_todos
    atividades = list(Atividade.objects.filter(processo_id__in=metadados & set(ctx.processos)))
    ctx.carregar_orgaos({a.unidade_id for a in atividades} | {d.unidade_geradora_id for d in docs})

    itens: list[tuple[str, Entrada | None]] = []
    for pid in metadados:
        processo = ctx.processos.get(pid)
        itens.append((f"p:{pid}", _processo(ctx, processo) if processo else None))
    for atividade in atividades:
        itens.append((f"a:{atividade.pk}", _observacao(ctx, atividade)))
    for documento in docs:
        entrada = _documento(ctx, documento, corpos.get(documento.pk, ""), compartilhados[documento.pk])
        itens.append((f"d:{documento.pk}", entrada))
    return [e for _, e in itens if e], [chave for chave, e in itens if e is None]
