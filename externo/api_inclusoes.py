"""``POST /api/v1/externo/processos/{nup}/documentos/``: the external user includes a document
through a grant with inclusion (``externo.inclusoes``). ``incluir_documento`` is the one path of
the request, shared with the portal's page (``views_inclusoes``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from processos.nup import normalizar_nup
from sei.api_views import erros
from sei.exceptions import EntradaInvalida
from sei.senhas import confirmar_senha

from . import inclusoes, selectors
from .api import TAG_PORTAL, ExternoAPIView
from .serializers import DocumentoIncluidoSerializer, DocumentoIncluirSerializer


def incluir_documento(request, dados, nup: str):
    """The process first (404 for what was not granted), then the grant (403 without inclusion,
    409 when the process left the granting unit), then the fields and the password, then the
    service (all or nothing). Returns the ``Peticao`` with its receipt."""
    usuario = request.user
    processo = selectors.processo_por_nup(ator=selectors.ator_externo(usuario), nup=nup)
    inclusoes.concessao_exigida(usuario=usuario, processo=processo)
    entrada = DocumentoIncluirSerializer(data=dados)
    if not entrada.is_valid():  # the domain error, so the page shows it as the API does (400)
        erros = {campo: [str(m) for m in lista] for campo, lista in entrada.errors.items()}
        raise EntradaInvalida("Dados do documento inválidos.", errors=erros, code="inclusao_invalida")
    validos = entrada.validated_data
    senha = confirmar_senha(request, validos["senha"])
    arquivo = validos["arquivo"]
    return inclusoes.documento_incluir(
        usuario=usuario,
        confirmacao=senha,
        nup=processo.nup,
        tipo=validos["tipo"],
        arquivo=arquivo,
        nome_arquivo=arquivo.name,
        numero=validos["numero"],
        descricao=validos["descricao"],
        data=validos["data"],
        url_base=request.build_absolute_uri("/"),
    )


class DocumentosExternosView(ExternoAPIView):
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = DocumentoIncluidoSerializer

    @extend_schema(
        summary="Incluir documento (acesso externo com inclusão)",
        description=(
            "Multipart: ``tipo`` (id ou nome de um dos tipos permitidos no acesso), ``arquivo`` (PDF), "
            "``senha`` e, opcionais, ``numero``, ``descricao`` e ``data``. Só com um acesso em vigor que "
            "permita incluir documentos e com o processo aberto na unidade que o concedeu. 201 com o "
            "número SEI do documento e o do recibo eletrônico de protocolo. Processo sem acesso: 404; "
            "acesso sem inclusão: 403; processo fora da unidade ou concluído nela: 409; tipo não "
            "permitido: 400; arquivo grande: 413; não PDF ou PDF com JavaScript: 415. Tudo ou nada."
        ),
        tags=TAG_PORTAL,
        request={"multipart/form-data": DocumentoIncluirSerializer},
        responses={201: DocumentoIncluidoSerializer, **erros(400, 403, 404, 409, 413, 415)},
    )
    def post(self, request, nup):
        peticao = incluir_documento(request, request.data, normalizar_nup(nup) or nup)
        peticao = selectors.peticao_do_usuario(
            usuario=request.user, peticao_id=peticao.pk
        )  # the one read path
        return Response(DocumentoIncluidoSerializer(peticao).data, status=status.HTTP_201_CREATED)
