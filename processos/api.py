"""HTTP API v1 of processes and tramitação (``/work/shared/API.md``).

Thin: parse input, call a service or a selector, render. Access is decided by ``sei.acesso``
(through the selectors and the services); domain errors become the contract's JSON errors in
``sei.api.exception_handler``.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from sei import acesso
from sei.api_views import AtorAPIView, erros, unidade_por_sigla, validar
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.models import NivelAcesso, Usuario

from . import selectors, services
from .models import HipoteseLegal, LeituraAuditada, Processo, TipoProcesso
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
        "aguardando_retorno": item.aguardando_retorno_data.isoformat()
        if item.aguardando_retorno_data
        else None,
    }


class CaixaView(AtorAPIView):
    """Controle de Processos: the current unit's open processes, received first, newest first.

    Keyset pagination by ``selectors.caixa_pagina``, the same read as the page's columns (one
    cursor format): a deep page costs what the first one costs.
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
        pagina = selectors.caixa_pagina(
            ator=self.ator,
            cursor=filtros.get("cursor"),
            limite=filtros.get("page_size") or 50,
            origem=filtros.get("origem"),
            meus=filtros["meus"],
            tipo_id=filtros.get("tipo"),
            contar=True,
            ordem=filtros.get("ordem") or selectors.ORDEM_PADRAO,
        )
        url = remove_query_param(request.build_absolute_uri(), "cursor")
        proximo = replace_query_param(url, "cursor", pagina.proximo) if pagina.proximo else None
        anterior = None
        if pagina.anterior is not None:
            anterior = replace_query_param(url, "cursor", pagina.anterior) if pagina.anterior else url
        fuso = timezone.get_current_timezone()
        return Response(
            {
                "count": pagina.total,
                "next": proximo,
                "previous": anterior,
                "results": [_item_da_caixa(item, fuso) for item in pagina.itens],
            }
        )
