"""Signature endpoints: sign a document (``assinar/``; qualificada: ``assinaturas/preparar/`` and
``assinaturas/concluir/``), its signatures, the cargos the caller
signs with, and the public certificates."""

import base64

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from documentos import arquivos
from documentos import selectors as documentos_selectors
from sei.api_views import AtorAPIView, erros, validar
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado
from sei.models import NivelAcesso
from sei.senhas import confirmar_senha
from sei.serializers import ErroSerializer

from . import chaves, comparacao, conferencia, qualificada, selectors, services
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


def pedido_de_assinatura(request, ator, *, cargo: str, senha: str) -> services.PedidoAssinatura:
    """The password typed again, checked (a wrong one counts as a failed login), and who signs
    with which cargo: what every signing form and endpoint asks before calling the services."""
    return services.PedidoAssinatura(
        ator=ator, cargo=cargo, senha=confirmar_senha(request, senha), url_publica=url_publica(request)
    )


def nome_pdf(documento) -> str:
    """The file name of a document's PDF, as ``GET /api/v1/documentos/{n}/pdf`` gives it."""
    return f"SEI {documento.numero_sei_formatado} - {documento.rotulo}.pdf"


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
        return self.assinar_com(request, numero_sei, services.assinar)

    def assinar_com(self, request, numero_sei, servico):
        """Cargo and password, then ``servico`` (assinar or autenticar) on the document."""
        documento = documentos_selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)
        dados = validar(AssinarSerializer, request.data)
        pedido = pedido_de_assinatura(request, self.ator, cargo=dados["cargo"], senha=dados["senha"])
        servico(pedido=pedido, documento=documento)
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


class AutenticarView(AssinarView):
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
        return self.assinar_com(request, numero_sei, services.autenticar)


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
    pdf = serializers.URLField(
        allow_null=True,
        help_text=(
            "Endereço do PDF assinado (com os dois códigos) quando o conteúdo do documento é público e ele "
            "não foi cancelado; null para restrito, sigiloso ou cancelado."
        ),
    )


class RevisaoSerializer(serializers.Serializer):
    nome = serializers.CharField(help_text="Quem assinou a versão enviada (a última assinatura que ela traz).")
    data = serializers.DateTimeField()
    descartada_em = serializers.DateTimeField(allow_null=True)


class ComparacaoSerializer(serializers.Serializer):
    resultado = serializers.ChoiceField(choices=list(comparacao.RESULTADOS))
    mensagem = serializers.CharField()
    sha256 = serializers.CharField(help_text="SHA-256 do arquivo enviado.")
    tamanho = serializers.IntegerField(help_text="Bytes do arquivo enviado.")
    revisao = RevisaoSerializer(allow_null=True, help_text="Para as versões anteriores: a assinatura depois da qual o arquivo era este.")


class ComparadaSerializer(AutenticidadeSerializer):
    comparacao = ComparacaoSerializer()


class CompararSerializer(serializers.Serializer):
    codigo_verificador = serializers.CharField(max_length=12)
    codigo_crc = serializers.CharField(max_length=24)
    arquivo = serializers.FileField(help_text="O PDF a comparar (nunca guardado).")


class PublicoAPIView(APIView):
    """Public endpoints of the Conferir page: no login, limited per address."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def limitar(self, request) -> None:
        conferencia.limitar(get_client_ip_address(request) or "?")


def _url_pdf(request, documento) -> str | None:
    if not conferencia.conteudo_publico(documento):
        return None
    codigos = urlencode({"codigo_verificador": documento.numero_sei_formatado, "codigo_crc": documento.codigo_crc})
    return request.build_absolute_uri(f"{reverse('api-autenticidade-pdf')}?{codigos}")


def _autenticidade(request, resultado: conferencia.Conferencia) -> dict:
    documento = resultado.documento
    return {
        "tipo": documento.tipo.nome,
        "numero": documento.numero,
        "numero_sei": documento.numero_sei_formatado,
        "unidade": documento.unidade_geradora.sigla,
        "nivel_acesso": NivelAcesso(documento.nivel_acesso).chave,
        "cancelado": resultado.cancelado_em is not None,
        "cancelado_em": resultado.cancelado_em,
        "assinaturas": resultado.assinaturas,
        "valido": resultado.valido,
        "pdf": _url_pdf(request, documento),
    }


def _nao_encontrado() -> NaoEncontrado:
    return NaoEncontrado("Nenhum documento assinado com esses códigos.")


class AutenticidadeView(PublicoAPIView):
    """Public: the API face of the Conferir page."""

    @extend_schema(
        summary="Conferir autenticidade (público)",
        description=(
            "Com ``codigo_verificador`` (número SEI) e ``codigo_crc``: tipo, número, unidade, nível, se foi "
            "cancelado, as assinaturas, ``valido`` (as assinaturas digitais do PDF conferem) e ``pdf``, o "
            "endereço do PDF assinado quando o conteúdo é público (null se não). Código errado e documento "
            "inexistente dão o mesmo 404. Limitado por endereço (429)."
        ),
        tags=TAG,
        parameters=[
            OpenApiParameter("codigo_verificador", str, required=True),
            OpenApiParameter("codigo_crc", str, required=True),
        ],
        responses={200: AutenticidadeSerializer, 404: ErroSerializer, 429: ErroSerializer},
    )
    def get(self, request):
        self.limitar(request)
        resultado = conferencia.conferir(
            request.query_params.get("codigo_verificador", ""), request.query_params.get("codigo_crc", "")
        )
        if resultado is None:
            raise _nao_encontrado()
        resposta = Response(AutenticidadeSerializer(_autenticidade(request, resultado)).data)
        resposta["Cache-Control"] = "no-store"
        return resposta


class AutenticidadePdfView(PublicoAPIView):
    """Public: the signed PDF, for whoever holds both codes, when its content is público."""

    @extend_schema(
        summary="PDF assinado (público, com os dois códigos)",
        description=(
            "O PDF assinado guardado pelo órgão (conferido pelo SHA-256 ao sair), como anexo, quando o "
            "conteúdo do documento é público e ele não foi cancelado; restrito, sigiloso ou cancelado: 403 "
            "``conteudo_nao_publico``. Código errado e documento inexistente: o mesmo 404. Limitado por "
            "endereço (429)."
        ),
        tags=TAG,
        parameters=[
            OpenApiParameter("codigo_verificador", str, required=True),
            OpenApiParameter("codigo_crc", str, required=True),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **{c: ErroSerializer for c in (403, 404, 429)}},
    )
    def get(self, request):
        self.limitar(request)
        documento = conferencia.documento_conferido(
            request.query_params.get("codigo_verificador", ""), request.query_params.get("codigo_crc", "")
        )
        if documento is None:
            raise _nao_encontrado()
        if not conferencia.conteudo_publico(documento):
            raise AcessoNegado(
                "O conteúdo deste documento não é público: só a conferência das assinaturas.", code="conteudo_nao_publico"
            )
        leitor = arquivos.abrir_verificado(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)
        return arquivos.resposta_arquivo(
            leitor, mime="application/pdf", nome_cliente=nome_pdf(documento), restrito=False, inline=False
        )


class CompararView(PublicoAPIView):
    """Public: "comparar um arquivo", the upload hashed as it arrives and never stored."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Comparar um arquivo com o documento assinado (público)",
        description=(
            "Multipart com ``codigo_verificador``, ``codigo_crc`` e ``arquivo`` (o PDF; nunca é guardado: só o "
            "SHA-256 dele é calculado enquanto chega). Além do que ``GET /api/v1/autenticidade/`` dá, "
            "``comparacao.resultado``: ``identico`` (o PDF assinado atual, byte a byte), ``versao_anterior`` "
            "(o arquivo como estava depois de uma assinatura anterior: faltam as seguintes), "
            "``versao_descartada`` (uma versão cujas assinaturas foram descartadas quando o documento foi "
            "alterado) ou ``diferente`` (não é deste documento ou foi alterado). Código errado e documento "
            "inexistente: o mesmo 404. Arquivo maior que ``SEI_UPLOAD_MAX_BYTES`` mais 8 MB: 413 "
            "``arquivo_grande``. Limitado por endereço (429)."
        ),
        tags=TAG,
        request={"multipart/form-data": CompararSerializer},
        responses={200: ComparadaSerializer, **{c: ErroSerializer for c in (400, 404, 413, 429)}},
    )
    def post(self, request):
        self.limitar(request)
        if comparacao.corpo_grande_demais(request):
            raise comparacao.erro_grande()
        manipulador = comparacao.instalar(request._request)
        dados = request.data
        if manipulador.grande:
            raise comparacao.erro_grande()
        arquivo = request.FILES.get(comparacao.CAMPO)
        if arquivo is None or not arquivo.tamanho:
            raise EntradaInvalida("Envie o arquivo a comparar.", errors={"arquivo": ["Envie o arquivo a comparar."]})
        resultado = conferencia.conferir(dados.get("codigo_verificador", ""), dados.get("codigo_crc", ""))
        if resultado is None:
            raise _nao_encontrado()
        feita = comparacao.comparar(resultado.documento, arquivo)
        revisao = feita.assinatura
        corpo = {
            **_autenticidade(request, resultado),
            "comparacao": {
                "resultado": feita.resultado,
                "mensagem": feita.mensagem,
                "sha256": arquivo.sha256,
                "tamanho": arquivo.tamanho,
                "revisao": (
                    {"nome": revisao.nome, "data": revisao.criada_em, "descartada_em": revisao.descartada_em}
                    if revisao is not None
                    else None
                ),
            },
        }
        resposta = Response(ComparadaSerializer(corpo).data)
        resposta["Cache-Control"] = "no-store"
        return resposta


class CertificadosView(PublicoAPIView):
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
