"""HTTP API of the assinatura externa: the unit releases a document and cancels the liberação
(``/api/v1/documentos/{numero_sei}/assinaturas-externas/``), the external user lists what awaits
their signature and signs with their password or their ICP-Brasil certificate (``/api/v1/externo/...``). Thin: parse, call the
service (``externo.assinaturas_externas``) or the selector (``externo.selectors``), render."""

import base64

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from assinaturas import qualificada
from assinaturas.api import url_publica
from assinaturas.serializers import ConcluirSerializer, PreparacaoSerializer
from documentos.api import DocumentoBaseView
from processos.models import LeituraAuditada
from sei.api_views import erros, validar
from sei.senhas import confirmar_senha

from . import assinaturas_externas, selectors
from .api import ExternoAPIView
from .serializers import (
    AssinarExternoSerializer,
    AssinaturaExternaFeitaSerializer,
    AssinaturaPendenteSerializer,
    LiberacaoAssinaturaExternaSerializer,
    LiberacaoAssinaturaSerializer,
)

TAG = ["assinatura externa"]
API = LeituraAuditada.Canal.API


class LiberacoesView(DocumentoBaseView):
    serializer_class = LiberacaoAssinaturaExternaSerializer

    @extend_schema(
        summary="Liberações do documento para assinatura externa",
        description="Todas, das pendentes às vencidas, canceladas e assinadas (``situacao``), mais recentes primeiro.",
        tags=TAG,
        responses={200: LiberacaoAssinaturaExternaSerializer(many=True), **erros(404)},
    )
    def get(self, request, numero_sei):
        liberacoes = selectors.liberacoes_do_documento(ator=self.ator, documento=self.documento(numero_sei))
        pagina = self.paginate_queryset(liberacoes)
        return self.get_paginated_response(LiberacaoAssinaturaExternaSerializer(pagina, many=True).data)

    @extend_schema(
        summary="Liberar para assinatura externa",
        description=(
            "A unidade geradora, com o processo aberto nela, libera o documento interno à assinatura de "
            "um usuário externo liberado (``cpf`` ou ``email``) por ``validade_dias`` dias; "
            "``com_visualizacao_integral`` também lhe dá acesso integral ao processo enquanto valer. "
            "Confirmado com a ``senha`` de quem libera (errada: 400). Sigiloso, cancelado ou já liberado "
            "ao mesmo usuário: 409. O usuário recebe um e-mail com o link."
        ),
        tags=TAG,
        request=LiberacaoAssinaturaSerializer,
        responses={201: LiberacaoAssinaturaExternaSerializer, **erros(400, 403, 404, 409, 415)},
    )
    def post(self, request, numero_sei):
        documento = self.documento(numero_sei)
        dados = validar(LiberacaoAssinaturaSerializer, request.data)
        senha = confirmar_senha(request, dados["senha"])
        liberacao = assinaturas_externas.liberacao_liberar(
            ator=self.ator,
            documento=documento,
            senha=senha,
            validade_dias=dados["validade_dias"],
            cpf=dados.get("cpf") or "",
            email=dados.get("email") or "",
            com_visualizacao_integral=dados["com_visualizacao_integral"],
        )
        return Response(LiberacaoAssinaturaExternaSerializer(liberacao).data, status=status.HTTP_201_CREATED)


class CancelarLiberacaoView(DocumentoBaseView):
    serializer_class = LiberacaoAssinaturaExternaSerializer

    @extend_schema(
        summary="Cancelar liberação para assinatura externa",
        description="Pela unidade que liberou; a já cancelada ou assinada: 409.",
        tags=TAG,
        request=None,
        responses={200: LiberacaoAssinaturaExternaSerializer, **erros(403, 404, 409)},
    )
    def post(self, request, numero_sei, liberacao_id):
        liberacao = assinaturas_externas.liberacao_cancelar(
            ator=self.ator, documento=self.documento(numero_sei), liberacao_id=liberacao_id
        )
        return Response(LiberacaoAssinaturaExternaSerializer(liberacao).data)


class AssinaturasPendentesView(ExternoAPIView):
    serializer_class = AssinaturaPendenteSerializer

    @extend_schema(
        summary="Documentos aguardando a minha assinatura",
        description="As liberações em vigor ainda não assinadas, do prazo mais curto ao mais longo.",
        tags=["portal externo"],
        responses={200: AssinaturaPendenteSerializer(many=True), **erros()},
    )
    def get(self, request):
        pagina = self.paginate_queryset(selectors.assinaturas_pendentes(usuario=request.user))
        return self.get_paginated_response(AssinaturaPendenteSerializer(pagina, many=True).data)


class AssinarExternoView(ExternoAPIView):
    serializer_class = AssinarExternoSerializer

    @extend_schema(
        summary="Assinar documento liberado",
        description=(
            "Assinatura eletrônica com a ``senha`` do usuário externo (errada: 400). Sem liberação, de "
            "outro usuário ou número inexistente: 404; liberação vencida, cancelada ou já assinada: 409."
        ),
        tags=["portal externo"],
        request=AssinarExternoSerializer,
        responses={201: AssinaturaExternaFeitaSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, numero_sei):
        dados = validar(AssinarExternoSerializer, request.data)
        para_assinar = selectors.documento_para_assinar(
            usuario=request.user, numero_sei=numero_sei, canal=API
        )
        senha = confirmar_senha(request, dados["senha"])
        assinatura = assinaturas_externas.assinatura_externa_assinar(
            usuario=request.user,
            documento=para_assinar.documento,
            senha=senha,
            url_publica=url_publica(request),
        )
        return Response(AssinaturaExternaFeitaSerializer(assinatura).data, status=status.HTTP_201_CREATED)



class PrepararExternoView(ExternoAPIView):
    serializer_class = PreparacaoSerializer

    @extend_schema(
        summary="Preparar assinatura com certificado digital (ICP-Brasil)",
        description=(
            "Primeiro passo da assinatura qualificada do usuário externo, como a interna "
            "(``/api/v1/documentos/{numero_sei}/assinaturas/preparar/``), sem corpo: a tarja leva o nome, o "
            "CPF mascarado e “Usuário Externo”. Devolve ``id``, ``digest`` (SHA-256 em base64, o que o "
            "``sei-assinador`` assina) e ``algoritmo``. Sem liberação, de outro usuário ou número inexistente: "
            "404; liberação vencida, cancelada ou já assinada, ou sem ``SEI_ICP_RAIZES``: 409."
        ),
        tags=["portal externo"],
        request=None,
        responses={201: PreparacaoSerializer, **erros(404, 409)},
    )
    def post(self, request, numero_sei):
        para_assinar = selectors.documento_para_assinar(usuario=request.user, numero_sei=numero_sei, canal=API)
        preparacao = assinaturas_externas.assinatura_externa_preparar(
            usuario=request.user, documento=para_assinar.documento, url_publica=url_publica(request)
        )
        corpo = {
            "id": preparacao.id,
            "digest": base64.b64encode(bytes(preparacao.digest)).decode(),
            "algoritmo": qualificada.ALGORITMO,
            "expira_em": preparacao.expira_em,
        }
        return Response(PreparacaoSerializer(corpo).data, status=status.HTTP_201_CREATED)


class ConcluirExternoView(ExternoAPIView):
    serializer_class = ConcluirSerializer

    @extend_schema(
        summary="Concluir assinatura com certificado digital (ICP-Brasil)",
        description=(
            "Segundo passo: ``id`` da preparação e ``cms`` (SignedData em DER, base64) sobre o ``digest``. "
            "Conferidos como na interna (resumo, assinatura, cadeia até ``SEI_ICP_RAIZES``, validade: 400) e "
            "o CPF do certificado deve ser o do usuário (400 ``cpf_diferente``). A liberação é conferida de "
            "novo: vencida ou cancelada desde a preparação, 409; preparação de outro usuário, 403."
        ),
        tags=["portal externo"],
        request=ConcluirSerializer,
        responses={201: AssinaturaExternaFeitaSerializer, **erros(400, 403, 404, 409)},
    )
    def post(self, request, numero_sei):
        dados = validar(ConcluirSerializer, request.data)
        para_assinar = selectors.documento_para_assinar(usuario=request.user, numero_sei=numero_sei, canal=API)
        assinatura = assinaturas_externas.assinatura_externa_concluir(
            usuario=request.user,
            documento=para_assinar.documento,
            preparacao_id=dados["id"],
            cms_der=qualificada.cms_de_base64(dados["cms"]),
        )
        return Response(AssinaturaExternaFeitaSerializer(assinatura).data, status=status.HTTP_201_CREATED)
