"""HTTP API v1 of processes and tramitação (``/work/shared/API.md``).

Thin: parse input, call a service or a selector, render. Access is decided by ``sei.acesso``
(through the selectors and the services); domain errors become the contract's JSON errors in
``sei.api.exception_handler``.
"""

import base64
import binascii
from datetime import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from sei import acesso
from sei.api_views import AtorAPIView, erros, unidade_por_sigla, validar
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.models import NivelAcesso, Usuario
from sei.serializers import ErroSerializer

from . import selectors, services
from .models import Atividade, HipoteseLegal, LeituraAuditada, Processo, TipoProcesso
from .serializers import (
    AndamentoSerializer,
    AtualizarAndamentoSerializer,
    CaixaFiltroSerializer,
    CaixaItemSerializer,
    CredencialConcederSerializer,
    CredencialSerializer,
    HipoteseLegalSerializer,
    TipoProcessoSerializer,
)

TAG_PROCESSOS = ["processos"]
TAG_REFERENCIA = ["referência"]
TAG_TRAMITACAO = ["tramitação"]


# --- Reference lists -------------------------------------------------------------------------


class TiposProcessoView(AtorAPIView):
    """Tipos de processo ativos, com os níveis de acesso permitidos."""

    serializer_class = TipoProcessoSerializer

    def get_queryset(self):
        return TipoProcesso.objects.filter(ativo=True).order_by("nome", "id")

    @extend_schema(
        summary="Tipos de processo",
        tags=TAG_REFERENCIA,
        responses={200: TipoProcessoSerializer(many=True), **erros(404)},
    )
    def get(self, request):
        pagina = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(pagina, many=True).data)


class HipotesesLegaisView(AtorAPIView):
    """Hipóteses legais ativas e o nível (restrito ou sigiloso) a que cada uma se aplica."""

    serializer_class = HipoteseLegalSerializer

    def get_queryset(self):
        return HipoteseLegal.objects.filter(ativa=True).order_by("nivel", "nome", "id")

    @extend_schema(
        summary="Hipóteses legais",
        tags=TAG_REFERENCIA,
        responses={200: HipoteseLegalSerializer(many=True), **erros(404)},
    )
    def get(self, request):
        pagina = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(pagina, many=True).data)


# --- Processes -------------------------------------------------------------------------------


class ProcessoAPIView(AtorAPIView):
    """Endpoints under ``processos/{nup}/``: the process comes from the selector (404 when the
    caller may not know it exists). The endpoints that answer with the process detail (its
    document tree included) are composed above, in ``mesa.api``."""

    def processo(self, nup: str) -> Processo:
        return selectors.processo_por_nup(ator=self.ator, nup=nup)

    def outro_processo(self, nup: str) -> Processo:
        """A process named in the body: not visible is a field error, like not existing."""
        try:
            return selectors.processo_por_nup(ator=self.ator, nup=nup)
        except NaoEncontrado:
            raise EntradaInvalida(
                "Processo informado não encontrado.", errors={"processo": ["Processo não encontrado."]}
            ) from None


class AcessosExternosView(ProcessoAPIView):
    @extend_schema(
        summary="Conceder acesso externo (ainda não disponível)",
        tags=TAG_PROCESSOS,
        request=None,
        responses={501: ErroSerializer, **erros(404)},
    )
    def post(self, request, nup):
        self.processo(nup)  # 404 for what the caller may not know exists
        return Response(
            {"detail": "Acesso externo ainda não disponível.", "code": "nao_implementado"},
            status=status.HTTP_501_NOT_IMPLEMENTED,
        )


# --- Credentials (sigiloso) ------------------------------------------------------------------


class CredenciaisView(ProcessoAPIView):
    serializer_class = CredencialSerializer

    @extend_schema(
        summary="Credenciais ativas do processo sigiloso",
        tags=TAG_PROCESSOS,
        responses={200: CredencialSerializer(many=True), **erros(404)},
    )
    def get(self, request, nup):
        processo = self.processo(nup)
        credenciais = selectors.credenciais_ativas(ator=self.ator, processo=processo)
        pagina = self.paginate_queryset(credenciais)
        return self.get_paginated_response(CredencialSerializer(pagina, many=True).data)

    @extend_schema(
        summary="Conceder credencial de acesso",
        description=(
            "Quem tem credencial concede a ``usuario`` na ``unidade`` (padrão: a única unidade do usuário, "
            "ou a unidade atual se ele pertence a várias). Processo não sigiloso: 409."
        ),
        tags=TAG_PROCESSOS,
        request=CredencialConcederSerializer,
        responses={201: CredencialSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(CredencialConcederSerializer, request.data)
        usuario = Usuario.objects.filter(
            username=dados["usuario"], is_active=True, tipo=Usuario.Tipo.INTERNO
        ).first()
        if usuario is None:
            raise EntradaInvalida("Usuário não encontrado.", errors={"usuario": ["Usuário não encontrado."]})
        if dados.get("unidade"):
            unidade = unidade_por_sigla(self.ator, dados["unidade"])
            if unidade is None:
                raise EntradaInvalida(
                    "Unidade não encontrada.", errors={"unidade": ["Unidade não encontrada."]}
                )
        else:
            unidades = list(
                usuario.lotacoes.filter(ativa=True, unidade__ativa=True).select_related(
                    "unidade", "unidade__orgao"
                )
            )
            escolhidas = [lot.unidade for lot in unidades if lot.unidade_id == self.ator.unidade.pk]
            if len(unidades) == 1:
                unidade = unidades[0].unidade
            elif escolhidas:
                unidade = escolhidas[0]
            else:
                raise EntradaInvalida(
                    "Informe a unidade da credencial.",
                    errors={"unidade": ["O usuário pertence a várias unidades."]},
                )
        credencial = services.credencial_conceder(
            ator=self.ator, processo=processo, usuario=usuario, unidade=unidade
        )
        return Response(CredencialSerializer(credencial).data, status=status.HTTP_201_CREATED)


class CassarCredencialView(ProcessoAPIView):
    serializer_class = CredencialSerializer

    @extend_schema(
        summary="Cassar credencial de acesso",
        description="Efeito imediato; a última credencial ativa não pode ser cassada (409).",
        tags=TAG_PROCESSOS,
        request=None,
        responses={200: CredencialSerializer, **erros(404, 409)},
    )
    def post(self, request, nup, credencial_id):
        credencial = services.credencial_cassar(
            ator=self.ator, processo=self.processo(nup), credencial_id=credencial_id
        )
        return Response(CredencialSerializer(credencial).data)


# --- History ---------------------------------------------------------------------------------


class AndamentosView(ProcessoAPIView):
    serializer_class = AndamentoSerializer

    @extend_schema(
        summary="Histórico do processo",
        description=(
            "Mais recentes primeiro. Quem só pode saber que um processo restrito existe vê o histórico, "
            "mas sem os ``atributos`` (podem conter o conteúdo alterado)."
        ),
        tags=TAG_PROCESSOS,
        responses={200: AndamentoSerializer(many=True), **erros(404)},
    )
    def get(self, request, nup):
        processo = self.processo(nup)
        historico = selectors.andamentos(ator=self.ator, processo=processo, canal=LeituraAuditada.Canal.API)
        pagina = self.paginate_queryset(historico)
        contexto = {"acesso_conteudo": acesso.pode_ver_conteudo(self.ator, processo)}
        return self.get_paginated_response(AndamentoSerializer(pagina, many=True, context=contexto).data)

    @extend_schema(
        summary="Atualizar andamento",
        description="Texto livre acrescentado ao histórico; não pode ser alterado nem removido.",
        tags=TAG_PROCESSOS,
        request=AtualizarAndamentoSerializer,
        responses={201: AndamentoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(AtualizarAndamentoSerializer, request.data)
        andamento = services.processo_atualizar_andamento(
            ator=self.ator, processo=processo, texto=dados["texto"]
        )
        contexto = {"acesso_conteudo": True}
        return Response(AndamentoSerializer(andamento, context=contexto).data, status=status.HTTP_201_CREATED)


# --- Controle de Processos (the unit inbox) --------------------------------------------------

_FASES = (Atividade.Origem.RECEBIDO, Atividade.Origem.GERADO)


def _cursor(item: selectors.ItemCaixa, direcao: str, total: int) -> str:
    # The total rides along so that following pages need no COUNT over the whole inbox.
    bruto = f"{item.origem}|{item.aberta_em.isoformat()}|{item.pk}|{direcao}|{total}"
    return base64.urlsafe_b64encode(bruto.encode()).decode().rstrip("=")


def _ler_cursor(cursor: str) -> tuple[str, datetime, int, str, int]:
    try:
        bruto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        fase, data, pk, direcao, total = bruto.split("|")
        data = datetime.fromisoformat(data)
        if fase not in _FASES or direcao not in ("n", "p") or data.tzinfo is None or int(total) < 0:
            raise ValueError
        return fase, data, int(pk), direcao, int(total)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise EntradaInvalida("Cursor de paginação inválido.", errors={"cursor": ["Inválido."]}) from None


def _item_da_caixa(item: selectors.ItemCaixa, fuso) -> dict:
    """``CaixaItemSerializer(item).data``, written out: DRF's field machinery cost ~0.9 ms for a
    page of 50 rows, this ~0.1 ms (tests/processos/api/test_caixa.py holds both to the same output)."""
    aberta_em = item.aberta_em.astimezone(fuso).isoformat()
    return {
        "nup": item.nup,
        "nup_formatado": item.nup_formatado,
        "tipo": {"id": item.tipo_id, "nome": item.tipo_nome},
        "especificacao": item.especificacao,
        "nivel_acesso": NivelAcesso(item.nivel_acesso).chave,
        "origem": item.origem,
        "nao_lida": item.nao_lida,
        "atribuido_a": item.atribuida_a,
        "remetente": item.remetente,
        "aberta_em": aberta_em[:-6] + "Z" if aberta_em.endswith("+00:00") else aberta_em,
        "retorno_programado": item.retorno_data.isoformat() if item.retorno_data else None,
        "aguardando_retorno": item.aguardando_retorno_data.isoformat() if item.aguardando_retorno_data else None,
    }


class CaixaView(AtorAPIView):
    """Controle de Processos: the current unit's open processes, received first, newest first.

    Keyset pagination over ``selectors.caixa_itens`` (ordered ``-aberta_em, -id`` inside each
    origem, the ``atividade_caixa`` index): a deep page costs what the first one costs. The
    cursor is a position (origem, aberta_em, id) and a direction.
    """

    pagination_class = None
    serializer_class = CaixaItemSerializer

    @extend_schema(
        summary="Controle de Processos da unidade atual",
        description=(
            "Processos abertos na unidade: recebidos primeiro, depois gerados; em cada grupo, os mais "
            "recentes primeiro. Paginação por cursor (siga ``next``/``previous``); ``count`` é o total."
        ),
        tags=TAG_TRAMITACAO,
        parameters=[CaixaFiltroSerializer],
        responses={
            200: inline_serializer(
                "CaixaPagina",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": CaixaItemSerializer(many=True),
                },
            ),
            **erros(400),
        },
    )
    def get(self, request):
        filtros = validar(CaixaFiltroSerializer, request.query_params)
        limite = filtros.get("page_size") or 50
        fases = [filtros["origem"]] if filtros.get("origem") else list(_FASES)

        def itens_de(fase, apos=None, para_tras=False, limite=limite + 1):
            return selectors.caixa_itens(
                ator=self.ator,
                origem=fase,
                meus=filtros["meus"],
                tipo_id=filtros.get("tipo"),
                apos=apos,
                para_tras=para_tras,
                limite=limite,
            )

        if filtros.get("cursor"):
            fase, data, pk, direcao, total = _ler_cursor(filtros["cursor"])
            if fase not in fases:
                raise EntradaInvalida("Cursor de paginação inválido.", errors={"cursor": ["Inválido."]})
        else:
            fase, data, pk, direcao, total = fases[0], None, None, "n", None
        indice = fases.index(fase)
        apos = (data, pk) if data is not None else None

        if direcao == "n":
            itens = itens_de(fase, apos)
            for seguinte in fases[indice + 1 :]:
                if len(itens) > limite:
                    break
                itens += itens_de(seguinte, limite=limite + 1 - len(itens))
            tem_proximo, tem_anterior = len(itens) > limite, data is not None
            itens = itens[:limite]
        else:
            itens = itens_de(fase, apos, para_tras=True)
            for anterior in reversed(fases[:indice]):
                if len(itens) > limite:
                    break
                itens += itens_de(anterior, para_tras=True, limite=limite + 1 - len(itens))
            tem_proximo, tem_anterior = True, len(itens) > limite
            itens = list(reversed(itens[:limite]))

        if total is None and not tem_proximo:
            total = len(itens)  # the first page holds every row: nothing left to count
        elif total is None:
            total = selectors.caixa_total(
                ator=self.ator, origem=filtros.get("origem"), meus=filtros["meus"], tipo_id=filtros.get("tipo")
            )
        url = remove_query_param(request.build_absolute_uri(), "cursor")
        proximo = (
            replace_query_param(url, "cursor", _cursor(itens[-1], "n", total)) if tem_proximo and itens else None
        )
        anterior_url = None
        if tem_anterior:
            anterior_url = replace_query_param(url, "cursor", _cursor(itens[0], "p", total)) if itens else url
        fuso = timezone.get_current_timezone()
        return Response(
            {
                "count": total,
                "next": proximo,
                "previous": anterior_url,
                "results": [_item_da_caixa(item, fuso) for item in itens],
            }
        )
