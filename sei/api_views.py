"""API plumbing shared by the apps' endpoints (base view, pagination, schema) and the
organisation's reference endpoint ``GET /api/v1/unidades/``."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination

from sei.contexto import ator_da_requisicao
from sei.models import Unidade
from sei.serializers import ErroSerializer, UnidadeSerializer
from sei.unidades import filtro_referencia_unidade

X_UNIDADE = OpenApiParameter(
    name="X-Unidade",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Sigla da unidade em que o usuário atua (``ORGAO:SIGLA`` quando há unidades de mesma sigla "
        "em órgãos diferentes). Sem o cabeçalho vale a unidade escolhida na sessão ou a primeira "
        "do usuário. Unidade a que o usuário não pertence: 403."
    ),
)


class SeiAutoSchema(AutoSchema):
    """Every endpoint acting "in" a unit documents the ``X-Unidade`` header."""

    def get_override_parameters(self):
        return [X_UNIDADE, *super().get_override_parameters()]


class Paginacao(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``page`` and ``page_size`` (até 200)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class AtorAPIView(GenericAPIView):
    """Base of every endpoint an internal user calls in one of their units.

    After authentication (401 first), ``self.ator`` is the acting user and unit; a unit the
    user does not belong to is a 403 in the contract's error shape. A call made with the browser
    session (no token) is the browser: a sigiloso needs the password typed again, as on the
    pages (403 ``reautenticacao_necessaria``).

    Every answer is ``Cache-Control: no-store`` unless the view says otherwise: what an
    internal user reads here (process data, history, lists) may be restrito, and no shared or
    browser cache is to keep it.
    """

    schema = SeiAutoSchema()
    pagination_class = Paginacao

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.ator = ator_da_requisicao(request, navegador=request.auth is None)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response

    @property
    def fake(self) -> bool:
        """True while drf-spectacular introspects the view (no request user, no unit)."""
        return getattr(self, "swagger_fake_view", False)


def erros(*codigos: int) -> dict:
    """``responses`` entries for the error statuses an endpoint may answer."""
    return {codigo: ErroSerializer for codigo in (401, 403, *codigos)}


class UnidadesView(AtorAPIView):
    """Unidades ativas do órgão da unidade atual."""

    serializer_class = UnidadeSerializer

    def get_queryset(self):
        if self.fake:
            return Unidade.objects.none()
        return (
            Unidade.objects.filter(orgao_id=self.ator.unidade.orgao_id, ativa=True)
            .select_related("orgao", "superior")
            .order_by("sigla", "id")
        )

    @extend_schema(
        summary="Unidades do órgão", tags=["referência"], responses={200: UnidadeSerializer(many=True), **erros(404)}
    )
    def get(self, request):
        pagina = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(pagina, many=True).data)


def unidade_por_sigla(ator, sigla: str) -> Unidade | None:
    """A unit addressed by an integration: ``SIGLA`` in the actor's órgão, ``ORGAO:SIGLA`` elsewhere."""
    filtro = filtro_referencia_unidade(sigla, orgao_padrao=ator.unidade.orgao_id)
    return Unidade.objects.select_related("orgao").filter(filtro).first() if filtro is not None else None


def validar(serializer_class, data) -> dict:
    """The validated data of an input serializer; its field errors become the contract's 400."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
