"""Signature endpoints: sign a document (``assinar/``; qualificada: ``assinaturas/preparar/`` and
``assinaturas/concluir/``), its signatures, the cargos the caller
signs with, and the public certificates."""

import base64

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from documentos import selectors as documentos_selectors
from sei.api_views import AtorAPIView, erros, validar
from sei.exceptions import NaoEncontrado
from sei.models import NivelAcesso
from sei.senhas import confirmar_senha
from sei.serializers import ErroSerializer

from . import chaves, conferencia, qualificada, selectors, services
from .serializers import (
    AssinarSerializer,
    AssinaturaFeitaSerializer,
    AssinaturaSerializer,
    CargoSerializer,
    ConcluirSerializer,
    PreparacaoSerializer,
    PrepararSerializer,
)

TAG = ["Assinaturas"]


def url_publica(request) -> str:
    """Where the public authenticity page is, as printed under the signatures."""
    return settings.SEI_URL_PUBLICA or request.build_absolute_uri("/").rstrip("/")


def resposta_assinatura(documento, status_code=status.HTTP_201_CREATED) -> Response:
    documento.refresh_from_db()
    dados = {
        "codigo_verificador": f"{documento.numero_sei:07d}",
        "codigo_crc": documento.codigo_crc,
        "assinaturas": selectors.resumos(documento),
    }
    return Response(AssinaturaFeitaSerializer(dados).data, status=status_code)


class AssinarView(AtorAPIView):
    serializer_class = AssinarSerializer

    @extend_schema(
        summary="Assinar documento (assinatura eletrônica)",
        description=(
            "Assina com ``senha`` (a do usuário, digitada de novo: errada conta como tentativa de login "
            "errada) e ``cargo`` (um dos de ``GET /api/v1/cargos/``). A assinatura é PAdES, com o "
            "certificado do órgão, dentro do PDF do documento (``GET .../pdf`` passa a dar o PDF assinado). "
            "Só a unidade geradora assina; o mesmo usuário não assina duas vezes (409 ``ja_assinado``)."
        ),
        tags=TAG,
        request=AssinarSerializer,
        responses={201: AssinaturaFeitaSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, numero_sei):
        documento = documentos_selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)
        dados = validar(AssinarSerializer, request.data)
        senha = confirmar_senha(request, dados["senha"])
        pedido = services.PedidoAssinatura(
            ator=self.ator, cargo=dados["cargo"], senha=senha, url_publica=url_publica(request)
        )
        services.assinar(pedido=pedido, documento=documento)
        return resposta_assinatura(documento)


class PrepararView(AtorAPIView):
    serializer_class = PrepararSerializer

    @extend_schema(
        summary="Preparar assinatura qualificada (ICP-Brasil)",
        description=(
            "Primeiro passo da assinatura com certificado digital ICP-Brasil: com ``cargo`` (um dos de "
            "``GET /api/v1/cargos/``), o servidor acrescenta ao PDF do documento a revisão da assinatura "
            "(tarja, bloco de conferência na primeira) com espaço para o CMS e devolve ``digest``: o resumo "
            "SHA-256 (base64) que o assinador externo assina (o ``messageDigest`` do CMS; ``sei-assinador``). "
            "Valem as regras de quem assina da assinatura eletrônica (409 ``ja_assinado``, 403 "
            "``assinatura_fora_da_unidade``...); sem ``SEI_ICP_RAIZES`` configurado, 409 "
            "``qualificada_indisponivel``. A preparação vale por 30 minutos (``SEI_ICP_PREPARACAO_MINUTOS``)."
        ),
        tags=TAG,
        request=PrepararSerializer,
        responses={201: PreparacaoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, numero_sei):
        documento = documentos_selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)
        dados = validar(PrepararSerializer, request.data)
        preparacao = qualificada.preparar(
            ator=self.ator, documento=documento, cargo=dados["cargo"], url_publica=url_publica(request)
        )
        corpo = {
            "id": preparacao.id,
            "digest": base64.b64encode(bytes(preparacao.digest)).decode(),
            "algoritmo": qualificada.ALGORITMO,
            "expira_em": preparacao.expira_em,
        }
        return Response(PreparacaoSerializer(corpo).data, status=status.HTTP_201_CREATED)


class ConcluirView(AtorAPIView):
    serializer_class = ConcluirSerializer

    @extend_schema(
        summary="Concluir assinatura qualificada (ICP-Brasil)",
        description=(
            "Segundo passo: ``id`` da preparação e ``cms`` (SignedData em DER, base64) feito sobre o "
            "``digest`` dela. O servidor confere que o CMS assina esse resumo (400 ``cms_outro_digest``), "
            "que a assinatura confere (400 ``cms_assinatura_invalida``), que o certificado encadeia nas "
            "raízes de ``SEI_ICP_RAIZES`` e está na validade (400 ``certificado_nao_confiavel``, "
            "``certificado_expirado``...) e que o CPF do certificado (otherName 2.16.76.1.3.1) é o do "
            "usuário (403 ``cpf_diferente``); então embute o CMS no PDF (com carimbo de tempo, se "
            "``SEI_TSA_URL``). Preparação de outro (403 ``preparacao_de_outro``), expirada ou já usada "
            "(409 ``preparacao_expirada``/``preparacao_usada``), documento mudado desde a preparação (409 "
            "``documento_alterado``: prepare de novo). 201 como ``assinar/``."
        ),
        tags=TAG,
        request=ConcluirSerializer,
        responses={201: AssinaturaFeitaSerializer, **erros(400, 404, 409, 503)},
    )
    def post(self, request, numero_sei):
        documento = documentos_selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)
        dados = validar(ConcluirSerializer, request.data)
        qualificada.concluir(
            ator=self.ator, documento=documento, preparacao_id=dados["id"], cms_der=qualificada.cms_de_base64(dados["cms"])
        )
        return resposta_assinatura(documento)


class AutenticarView(AtorAPIView):
    serializer_class = AssinarSerializer

    @extend_schema(
        summary="Autenticar documento digitalizado",
        description=(
            "Documento externo digitalizado, com o tipo de conferência registrado: ``senha`` e ``cargo`` como em "
            "``assinar/``. O PDF do documento (``GET .../pdf``) passa a ser o autenticado: suas páginas e a folha "
            "de autenticação, com a tarja e os códigos de conferência; o arquivo enviado continua o mesmo "
            "(``GET .../conteudo``). 409 ``autenticacao_nao_cabe`` para documento que não é digitalizado."
        ),
        tags=TAG,
        request=AssinarSerializer,
        responses={201: AssinaturaFeitaSerializer, **erros(400, 403, 404, 409)},
    )
    def post(self, request, numero_sei):
        documento = documentos_selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)
        dados = validar(AssinarSerializer, request.data)
        senha = confirmar_senha(request, dados["senha"])
        pedido = services.PedidoAssinatura(
            ator=self.ator, cargo=dados["cargo"], senha=senha, url_publica=url_publica(request)
        )
        services.autenticar(pedido=pedido, documento=documento)
        return resposta_assinatura(documento)


class AssinaturasView(AtorAPIView):
    serializer_class = AssinaturaSerializer
    pagination_class = None

    @extend_schema(
        summary="Assinaturas do documento",
        description="Em ordem de assinatura: nome, cargo, unidade, data e nível.",
        tags=TAG,
        responses={200: AssinaturaSerializer(many=True), **erros(404)},
    )
    def get(self, request, numero_sei):
        documento = documentos_selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)
        return Response(AssinaturaSerializer(selectors.resumos(documento), many=True).data)


class CargosView(AtorAPIView):
    serializer_class = CargoSerializer
    pagination_class = None

    @extend_schema(
        summary="Cargos/funções para assinar",
        description="Os cargos com que o usuário pode assinar na unidade do ``X-Unidade``.",
        tags=TAG,
        responses={200: CargoSerializer(many=True), **erros()},
    )
    def get(self, request):
        cargos = services.cargos_do_ator(self.ator).values_list("cargo", flat=True)
        return Response([{"cargo": c} for c in cargos])


class AutenticidadeSerializer(serializers.Serializer):
    tipo = serializers.CharField()
    numero = serializers.CharField(allow_blank=True)
    numero_sei = serializers.CharField()
    unidade = serializers.CharField()
    nivel_acesso = serializers.CharField()
    cancelado = serializers.BooleanField()
    cancelado_em = serializers.DateTimeField(allow_null=True)
    assinaturas = AssinaturaSerializer(many=True)
    valido = serializers.BooleanField(help_text="Todas as assinaturas PAdES do PDF conferem (pyHanko, raízes do órgão).")


class AutenticidadeView(APIView):
    """Public: the API face of the Conferir page."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Conferir autenticidade (público)",
        description=(
            "Com ``codigo_verificador`` (número SEI) e ``codigo_crc``: tipo, número, unidade, nível, se foi "
            "cancelado, as assinaturas e ``valido`` (as assinaturas digitais do PDF conferem). Código errado e "
            "documento inexistente dão o mesmo 404. Limitado por endereço (429)."
        ),
        tags=TAG,
        parameters=[
            OpenApiParameter("codigo_verificador", str, required=True),
            OpenApiParameter("codigo_crc", str, required=True),
        ],
        responses={200: AutenticidadeSerializer, 404: ErroSerializer, 429: ErroSerializer},
    )
    def get(self, request):
        conferencia.limitar(get_client_ip_address(request) or "?")
        resultado = conferencia.conferir(
            request.query_params.get("codigo_verificador", ""), request.query_params.get("codigo_crc", "")
        )
        if resultado is None:
            raise NaoEncontrado("Nenhum documento assinado com esses códigos.")
        documento = resultado.documento
        dados = {
            "tipo": documento.tipo.nome,
            "numero": documento.numero,
            "numero_sei": documento.numero_sei_formatado,
            "unidade": documento.unidade_geradora.sigla,
            "nivel_acesso": NivelAcesso(documento.nivel_acesso).chave,
            "cancelado": resultado.cancelado_em is not None,
            "cancelado_em": resultado.cancelado_em,
            "assinaturas": resultado.assinaturas,
            "valido": resultado.valido,
        }
        resposta = Response(AutenticidadeSerializer(dados).data)
        resposta["Cache-Control"] = "no-store"
        return resposta


class CertificadosView(APIView):
    """Public: the roots the órgãos sign under, to add to a PDF reader's trust list."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Certificados raiz (público)",
        description="PEM das raízes sob as quais os órgãos assinam, para a lista de confiança de um leitor de PDF.",
        tags=TAG,
        responses={(200, "application/x-pem-file"): OpenApiTypes.STR},
    )
    def get(self, request):
        resposta = HttpResponse(chaves.cadeia_publica_pem(), content_type="application/x-pem-file; charset=utf-8")
        resposta["Content-Disposition"] = 'inline; filename="sei-raizes.pem"'
        resposta["Cache-Control"] = "public, max-age=3600"
        return resposta
