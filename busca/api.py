"""HTTP API v1 of the search: ``GET /api/v1/busca/`` (``/work/shared/API.md``).

Thin: parse the input, resolve what names objects (the unit's sigla, the process's NUP) under the
caller's access, call ``busca.selectors``, render. What the caller may not read is never found
(the access filter is inside the backend's query); domain errors become the contract's JSON
errors in ``sei.api.exception_handler``.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from processos import selectors as processos_selectors
from sei.api_views import AtorAPIView, erros, unidade_por_sigla, validar
from sei.exceptions import EntradaInvalida

from . import selectors
from .serializers import PesquisaFiltroSerializer, ResultadoSerializer

_DATA_HORA = serializers.DateTimeField()


def _url(request, tipo: str, nup: str, numero_sei: int | None) -> str:
    if tipo == "documento":
        caminho = reverse("api-documento", kwargs={"numero_sei": f"{numero_sei:07d}"})
    else:
        caminho = reverse("api-processo", kwargs={"nup": nup})
    return request.build_absolute_uri(caminho)


def _resultado(request, item) -> dict:
    """An ``Item`` (or a ``Destino`` made one) as ``ResultadoSerializer`` documents it."""
    return {
        "tipo": item.tipo,
        "natureza": item.natureza,
        "nup": item.nup,
        "numero_sei": item.numero_sei,
        "titulo": item.titulo,
        "trecho": item.trecho,
        "data": _DATA_HORA.to_representation(item.data),
        "url": _url(request, item.tipo, item.nup, item.numero_sei),
    }


def filtros_da_api(ator, dados: dict) -> selectors.Filtros:
    """The validated query parameters as the selector's filters: the unit by its sigla (unknown:
    400), the process by its NUP (one the caller may not know of: 404)."""
    unidade_id = None
    if dados.get("unidade"):
        unidade = unidade_por_sigla(ator, dados["unidade"])
        if unidade is None:
            mensagem = f"Unidade não encontrada: {dados['unidade']}."
            raise EntradaInvalida(mensagem, errors={"unidade": [mensagem]})
        unidade_id = unidade.pk
    processo_id = None
    if dados.get("processo"):
        processo_id = processos_selectors.processo_por_nup(
            ator=ator, nup=dados["processo"], exigir_senha=False
        ).pk
    return selectors.Filtros(
        tipo=dados.get("tipo"),
        tipo_processo_id=dados.get("tipo_processo"),
        tipo_documento_id=dados.get("tipo_documento"),
        unidade_geradora_id=unidade_id,
        de=dados.get("de"),
        ate=dados.get("ate"),
        interessado=dados.get("interessado") or "",
        tramitacao_aqui=dados["tramitacao"],
        processo_id=processo_id,
    )


PAGINA = inline_serializer(
    "PesquisaPagina",
    {
        "total": serializers.IntegerField(help_text="Quantos resultados; com total_exato false, um mínimo."),
        "total_exato": serializers.BooleanField(
            help_text="false: há mais de ``total`` resultados (“mais de 10.000”); refine a pesquisa."
        ),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": ResultadoSerializer(many=True),
    },
)


class PesquisaView(AtorAPIView):
    """Full-text search over what the caller may read; a NUP or número SEI answers that item."""

    pagination_class = None
    serializer_class = ResultadoSerializer

    @extend_schema(
        summary="Pesquisa",
        description=(
            "Pesquisa no texto dos documentos e nos dados dos processos, só entre o que o usuário pode "
            "ler na unidade atual: processos restritos só das unidades por onde tramitaram, minutas só "
            "na unidade que as gerou; processos e documentos sigilosos nunca aparecem. Um NUP ou um "
            "número SEI em ``q`` responde só com aquele item (se o usuário puder conhecê-lo), sem "
            "aplicar os filtros. Paginação por cursor (siga ``next``/``previous``); só os primeiros "
            "10.000 resultados são alcançáveis. 400: pesquisa malformada, filtro inválido, unidade "
            "inexistente, período invertido ou cursor inválido; 404: ``processo`` que o usuário não "
            "pode conhecer; 503: a pesquisa passou do tempo limite (use termos mais específicos)."
        ),
        tags=["pesquisa"],
        parameters=[PesquisaFiltroSerializer],
        responses={200: PAGINA, **erros(400, 404, 503)},
        examples=[
            OpenApiExample(
                "Um documento encontrado",
                response_only=True,
                value={
                    "total": 1,
                    "total_exato": True,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "tipo": "documento",
                            "natureza": "interno",
                            "nup": "52402000001202672",
                            "numero_sei": 123,
                            "titulo": "Ofício 12 (0000123) Compra de papel",
                            "trecho": "Solicitamos a compra de papel <mark>reciclado</mark>.",
                            "data": "2026-03-02T14:05:00-03:00",
                            "url": "https://sei.exemplo.gov.br/api/v1/documentos/0000123/",
                        }
                    ],
                },
            )
        ],
    )
    def get(self, request):
        dados = validar(PesquisaFiltroSerializer, request.query_params)
        destino = selectors.destino_direto(ator=self.ator, texto=dados["q"])
        if destino is not None:
            item = selectors.item_do_destino(destino)
            return Response(
                {
                    "total": 1,
                    "total_exato": True,
                    "next": None,
                    "previous": None,
                    "results": [_resultado(request, item)],
                }
            )
        resultado = selectors.pesquisar(
            ator=self.ator,
            texto=dados["q"],
            filtros=filtros_da_api(self.ator, dados),
            ordem=dados["ordem"],
            cursor=dados.get("cursor"),
            quantidade=dados.get("page_size") or selectors.POR_PAGINA,
        )
        url = remove_query_param(request.build_absolute_uri(), "cursor")
        return Response(
            {
                "total": resultado.total,
                "total_exato": resultado.exato,
                "next": replace_query_param(url, "cursor", resultado.proximo) if resultado.proximo else None,
                "previous": replace_query_param(url, "cursor", resultado.anterior)
                if resultado.anterior
                else None,
                "results": [_resultado(request, item) for item in resultado.itens],
            }
        )
