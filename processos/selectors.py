"""The read side: every list and detail starts here, already filtered by the access policy."""

import base64
from dataclasses import dataclass
from datetime import datetime

from django.db import connections
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from sei import acesso
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.models import Unidade, Usuario

from .models import Andamento, Atividade, Credencial, Interessado, Processo, Relacionamento, RetornoProgramado
from .nup import normalizar_nup


def processos_visiveis(*, ator: Ator) -> QuerySet[Processo]:
    return acesso.filtrar_processos_visiveis(Processo.objects.all(), ator)


def processo_por_nup(*, ator: Ator, nup: str) -> Processo:
    """The process by its NUP (with or without punctuation); 404 when not visible to the actor."""
    digitos = normalizar_nup(nup)
    processo = (
        Processo.objects.select_related("tipo", "hipotese_legal", "unidade_geradora", "orgao", "processo_principal")
        .filter(nup=digitos)
        .first()
    )
    if processo is None or len(digitos) != 17:
        raise NaoEncontrado("Processo não encontrado.")
    acesso.exigir_visivel(ator, processo)
    return processo


def processos_lista(
    *,
    ator: Ator,
    nup: str | None = None,
    tipo_id: int | None = None,
    aberto_na_unidade: str | None = None,
    interessado: str | None = None,
) -> QuerySet[Processo]:
    qs = processos_visiveis(ator=ator).select_related("tipo", "unidade_geradora")
    if nup:
        qs = qs.filter(nup__startswith=normalizar_nup(nup))
    if tipo_id:
        qs = qs.filter(tipo_id=tipo_id)
    if aberto_na_unidade:
        qs = qs.filter(
            Exists(
                Atividade.objects.filter(
                    processo=OuterRef("pk"), aberta=True, unidade__sigla__iexact=aberto_na_unidade
                )
            )
        )
    if interessado:
        termo = interessado.strip()
        digitos = normalizar_nup(termo)
        filtro = Q(nome__icontains=termo)
        if len(digitos) in (11, 14):
            filtro |= Q(cpf_cnpj=digitos)
        # Interessados are content: a restrito process matches only where the actor may read it.
        visiveis_conteudo = acesso.filtrar_processos_conteudo(Processo.objects.all(), ator)
        qs = qs.filter(
            Exists(Interessado.objects.filter(filtro, processo=OuterRef("pk"))), pk__in=visiveis_conteudo.values("pk")
        )
    return qs.order_by("-criado_em", "-id")


def andamentos(*, ator: Ator, processo: Processo) -> QuerySet[Andamento]:
    acesso.exigir_visivel(ator, processo)
    return Andamento.objects.filter(processo=processo).select_related("unidade", "usuario").order_by("-criado_em", "-id")


def relacionados(processo: Processo) -> QuerySet[Processo]:
    """Processes related to ``processo`` (either side of the pair), unfiltered."""
    ids_a = Relacionamento.objects.filter(processo_b=processo).values("processo_a")
    ids_b = Relacionamento.objects.filter(processo_a=processo).values("processo_b")
    return Processo.objects.filter(Q(pk__in=ids_a) | Q(pk__in=ids_b))


def processos_relacionados(*, ator: Ator, processo: Processo) -> QuerySet[Processo]:
    """The related processes the actor may know exist (a sigiloso only with a credential)."""
    return processos_visiveis(ator=ator).filter(pk__in=relacionados(processo).values("pk")).select_related("tipo")


def processos_anexados(*, ator: Ator, processo: Processo) -> QuerySet[Processo]:
    return processos_visiveis(ator=ator).filter(processo_principal=processo).select_related("tipo")


def credenciais_ativas(*, ator: Ator, processo: Processo) -> QuerySet[Credencial]:
    """Active credentials of a sigiloso: only its holders may list them."""
    acesso.exigir_conteudo(ator, processo)
    return (
        Credencial.objects.filter(processo=processo, cassada_em__isnull=True)
        .select_related("usuario", "unidade", "concedida_por")
        .order_by("unidade__sigla", "usuario__username", "id")
    )


def unidades_destino(*, unidade: Unidade) -> QuerySet[Unidade]:
    """Units of the órgão that may receive a process sent from ``unidade``."""
    return (
        Unidade.objects.filter(orgao_id=unidade.orgao_id, ativa=True, recebe_processos=True)
        .exclude(pk=unidade.pk)
        .order_by("sigla")
    )


def usuarios_da_unidade(*, unidade: Unidade) -> QuerySet[Usuario]:
    """Active users with an active membership of ``unidade`` (attribution, credentials)."""
    return Usuario.objects.filter(
        pk__in=unidade.lotacoes.filter(ativa=True).values("usuario_id"), is_active=True
    ).order_by("username")


def unidades_abertas(*, processo: Processo) -> list[Atividade]:
    return list(
        Atividade.objects.filter(processo=processo, aberta=True)
        .select_related("unidade", "atribuida_a")
        .order_by("unidade__sigla")
    )


# --- Controle de Processos (the unit inbox), keyset-paginated --------------------------------


@dataclass
class Pagina:
    itens: list
    proximo: str | None
    tem_anterior: bool


def _codificar(item: Atividade) -> str:
    bruto = f"{item.aberta_em.isoformat()}|{item.pk}"
    return base64.urlsafe_b64encode(bruto.encode()).decode().rstrip("=")


def _decodificar(cursor: str) -> tuple[datetime, int]:
    try:
        bruto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        data, pk = bruto.split("|")
        return datetime.fromisoformat(data), int(pk)
    except (ValueError, UnicodeDecodeError):
        raise EntradaInvalida("Cursor de paginação inválido.", errors={"cursor": ["Inválido."]}) from None


CAMPOS_CAIXA = (
    "origem",
    "aberta_em",
    "recebida_em",
    "processo__nup",
    "processo__especificacao",
    "processo__nivel_acesso_global",
    "processo__tipo__nome",
    "atribuida_a__username",
    "remetente__sigla",
)


def _caixa_filtrada(
    *, ator: Ator, origem: str | None = None, meus: bool = False, tipo_id: int | None = None
) -> QuerySet[Atividade]:
    qs = Atividade.objects.filter(aberta=True, processo__estado=Processo.Estado.NORMAL)
    qs = acesso.filtrar_atividades_visiveis(qs, ator)
    if origem:
        qs = qs.filter(origem=origem)
    if meus:
        qs = qs.filter(atribuida_a=ator.usuario)
    if tipo_id:
        qs = qs.filter(processo__tipo_id=tipo_id)
    return qs


def caixa_total(*, ator: Ator, **filtros) -> int:
    """How many processes the inbox lists (without the per-row annotations, which COUNT would
    otherwise evaluate for every open process)."""
    return _caixa_filtrada(ator=ator, **filtros).count()


def caixa_queryset(
    *, ator: Ator, origem: str | None = None, meus: bool = False, tipo_id: int | None = None
) -> QuerySet[Atividade]:
    qs = _caixa_filtrada(ator=ator, origem=origem, meus=meus, tipo_id=tipo_id)
    retorno_devido = RetornoProgramado.objects.filter(
        processo=OuterRef("processo_id"), unidade_destino=ator.unidade, devolvido_em__isnull=True
    ).order_by("data")
    aguardando = RetornoProgramado.objects.filter(
        processo=OuterRef("processo_id"), unidade_origem=ator.unidade, devolvido_em__isnull=True
    ).order_by("data")
    return (
        qs.select_related("processo", "processo__tipo", "atribuida_a", "remetente")
        # Only what the inbox shows: building fewer, slimmer objects is most of the ORM's cost here.
        .only(*CAMPOS_CAIXA)
        .annotate(
            retorno_data=retorno_devido.values("data")[:1],
            aguardando_retorno_data=aguardando.values("data")[:1],
        )
        .order_by("-aberta_em", "-id")
    )


def apos_cursor(qs: QuerySet[Atividade], data: datetime, pk: int, *, para_tras: bool = False):
    """Keyset condition as a row comparison, which PostgreSQL answers from the ``atividade_caixa``
    index (an ``a < x OR (a = x AND id < y)`` filter makes it read and discard every earlier row)."""
    operador = ">" if para_tras else "<"
    condicao = RawSQL(
        f'("processos_atividade"."aberta_em", "processos_atividade"."id") {operador} (%s, %s)',
        (connections[qs.db].ops.adapt_datetimefield_value(data), pk),
        output_field=BooleanField(),
    )
    return qs.filter(condicao)


def caixa_pagina(*, ator: Ator, cursor: str | None = None, limite: int = 50, **filtros) -> Pagina:
    """One page of the inbox after ``cursor``: a deep page costs what the first one costs."""
    qs = caixa_queryset(ator=ator, **filtros)
    if cursor:
        data, pk = _decodificar(cursor)
        qs = apos_cursor(qs, data, pk)
    itens = list(qs[: limite + 1])
    proximo = _codificar(itens[limite - 1]) if len(itens) > limite else None
    return Pagina(itens=itens[:limite], proximo=proximo, tem_anterior=bool(cursor))


def processo_detalhe_prefetch() -> list:
    return [Prefetch("interessados", queryset=Interessado.objects.order_by("ordem", "id"))]
