"""HTTP API v1 of documents (``/work/shared/API.md``): create internal and external documents,
metadata with ``ETag``, edit with ``If-Match``, versions, content and PDF, cancel and delete,
the process PDF/ZIP export and its task, and the reference lists of types, models and textos
padrão.

Thin: parse input, call a service or a selector, render. Access is decided by ``sei.acesso``
(through the selectors and the services); domain errors become the contract's JSON errors in
``sei.api.exception_handler``. File bytes leave only through ``documentos.arquivos`` (server-set
headers, SHA-256 checked).
"""

import re

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from processos import selectors as processos_selectors
from processos.models import LeituraAuditada
from sei import acesso
from sei.acesso import Ator
from sei.api_views import AtorAPIView, erros, validar
from sei.exceptions import EntradaInvalida, ErroDominio, NaoEncontrado
from sei.parsers import JSONParser
from sei.serializers import ErroSerializer

from . import arquivos, renderizacao, selectors, services
from .models import Documento, Exportacao
from .serializers import (
    CancelarSerializer,
    DocumentoDetalheSerializer,
    DocumentoEditarSerializer,
    DocumentoExternoCriarSerializer,
    DocumentoInternoCriarSerializer,
    ExportarSerializer,
    ModeloSerializer,
    ModelosFiltroSerializer,
    RestaurarVersaoSerializer,
    TarefaCriadaSerializer,
    TarefaSerializer,
    TextoPadraoSerializer,
    TipoDocumentoSerializer,
    TiposDocumentoFiltroSerializer,
    VersaoDetalheSerializer,
    VersaoResumoSerializer,
)

TAG_DOCUMENTOS = ["documentos"]
TAG_EXPORTACAO = ["exportação"]
TAG_REFERENCIA = ["referência"]

# Security headers of every document body served by the API (besides arquivos.resposta_arquivo).
CSP_DOCUMENTO = "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


class PrecondicaoObrigatoria(ErroDominio):
    """A write that must say which version it edited came without ``If-Match`` (428)."""

    status = 428
    code = "if_match_obrigatorio"


# --- Headers ----------------------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    name="If-Match",
    type=str,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        'O ``ETag`` do documento lido antes de editar (ex.: ``"3"``). Sem ele: 428; se outra pessoa '
        "salvou depois: 409 ``versao_desatualizada``, com quem salvou."
    ),
)
ETAG = OpenApiParameter(
    name="ETag",
    type=str,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description='Versão atual do documento, entre aspas (``"3"``); documento externo: ``"1"``.',
)
LOCATION_201 = OpenApiParameter(
    name="Location",
    type=str,
    location=OpenApiParameter.HEADER,
    response=[201],
    description="URL do documento.",
)
LOCATION_202 = OpenApiParameter(
    name="Location", type=str, location=OpenApiParameter.HEADER, response=[202], description="URL da tarefa."
)

_ETAG_VALIDO = re.compile(r'^\s*(?:"([0-9]{1,9})"|([0-9]{1,9}))\s*$')


def etag(documento: Documento) -> str:
    return f'"{documento.versao_atual if documento.interno else 1}"'


def _versao_base(request) -> int:
    """The version the client edited, from ``If-Match`` (required: never a blind overwrite)."""
    valor = request.headers.get("If-Match")
    if valor is None or not valor.strip():
        raise PrecondicaoObrigatoria(
            'Informe o cabeçalho If-Match com o ETag do documento que você editou (ex.: If-Match: "3").'
        )
    encontrado = _ETAG_VALIDO.match(valor)
    if encontrado is None:
        raise EntradaInvalida(
            'Cabeçalho If-Match inválido: use o ETag do documento (ex.: "3").',
            code="if_match_invalido",
            errors={"If-Match": ["Informe um único ETag, como recebido no GET do documento."]},
        )
    return int(encontrado.group(1) or encontrado.group(2))


def _cabecalhos_de_documento(resposta, documento: Documento) -> None:
    """The headers ``arquivos.resposta_arquivo`` sets for an inline file, for the HTML page."""
    resposta["X-Content-Type-Options"] = "nosniff"
    resposta["Content-Security-Policy"] = CSP_DOCUMENTO
    resposta["X-Frame-Options"] = "SAMEORIGIN"
    resposta["Cross-Origin-Resource-Policy"] = "same-origin"
    resposta["Cache-Control"] = "no-store" if acesso.conteudo_restrito(documento) else "private, no-cache"


class SemNegociacao(BaseContentNegotiation):
    """Endpoints that answer bytes (HTML, PDF, a file) take any ``Accept``; their errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# --- Documents --------------------------------------------------------------------------------


class DocumentoBaseView(AtorAPIView):
    """Endpoints under ``documentos/{numero_sei}/``: the document comes from the selector (404
    when the caller may not know it exists: another unit's minuta, a sigiloso without
    credential, an excluded document)."""

    serializer_class = DocumentoDetalheSerializer

    def documento(self, numero_sei) -> Documento:
        return selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)

    def detalhe(self, numero_sei, status_code: int = status.HTTP_200_OK, canal: str | None = None) -> Response:
        return resposta_detalhe(self.ator, self.documento(numero_sei), status_code, canal=canal)


def resposta_detalhe(
    ator: Ator, documento: Documento, status_code: int = status.HTTP_200_OK, *, canal: str | None = None
) -> Response:
    """The document's data (``selectors.dados_do_documento``); ``canal`` when it is a read (a
    GET), not the answer to a change the caller just made."""
    dados = selectors.dados_do_documento(ator=ator, documento=documento, canal=canal)
    resposta = Response(DocumentoDetalheSerializer(dados).data, status=status_code)
    resposta["ETag"] = etag(documento)
    return resposta


class DocumentosProcessoView(AtorAPIView):
    """``POST processos/{nup}/documentos/``: internal (JSON) or external (multipart with a file)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]  # ours: refuses absurd nesting
    serializer_class = DocumentoDetalheSerializer

    @extend_schema(
        summary="Incluir documento no processo",
        description=(
            "**Interno** (``application/json``): ``tipo`` (id ou nome) e o corpo em ``conteudo`` (HTML, "
            "saneado pelo servidor), ou copiado de ``documento_modelo`` (número SEI) ou de um "
            "``texto_padrao``; sem nenhum deles, o corpo do ``modelo`` (ou do modelo padrão do tipo), com "
            "as variáveis resolvidas. **Externo** (``multipart/form-data`` com ``arquivo``): o arquivo é "
            "conferido (tamanho: 413; extensão e conteúdo: 415; vazio: 400) e guardado com nome gerado. "
            "O processo precisa estar aberto na unidade atual (409). Responde com o documento, o número "
            "SEI e, no cabeçalho, ``Location`` e ``ETag``."
        ),
        tags=TAG_DOCUMENTOS,
        request={
            "application/json": DocumentoInternoCriarSerializer,
            "multipart/form-data": DocumentoExternoCriarSerializer,
        },
        parameters=[LOCATION_201, ETAG],
        responses={201: DocumentoDetalheSerializer, **erros(400, 404, 409, 413, 415, 503)},
    )
    def post(self, request, nup):
        processo = processos_selectors.processo_por_nup(ator=self.ator, nup=nup)
        if "arquivo" in request.data:
            documento = self._externo(request, processo)
        else:
            documento = self._interno(request, processo)
        documento = selectors.documento_por_numero(ator=self.ator, numero_sei=documento.numero_sei)
        resposta = resposta_detalhe(self.ator, documento, status.HTTP_201_CREATED)
        resposta["Location"] = request.build_absolute_uri(
            reverse("api-documento", kwargs={"numero_sei": documento.numero_sei_formatado})
        )
        return resposta

    @staticmethod
    def _nivel(dados: dict, processo) -> tuple[int, object]:
        """Without ``nivel_acesso`` the document takes the process's own level and hipótese."""
        if dados.get("nivel_acesso") is None:
            return processo.nivel_acesso, dados["hipotese_legal"] or processo.hipotese_legal
        return dados["nivel_acesso"], dados["hipotese_legal"]

    def _interno(self, request, processo) -> Documento:
        dados = validar(DocumentoInternoCriarSerializer, request.data)
        texto_padrao = None
        if dados["texto_padrao"] is not None:
            texto_padrao = selectors.textos_padrao(ator=self.ator).filter(pk=dados["texto_padrao"]).first()
            if texto_padrao is None:
                raise EntradaInvalida(
                    "Texto padrão não encontrado.",
                    errors={"texto_padrao": ["Texto padrão inexistente ou de outra unidade."]},
                )
        nivel, hipotese = self._nivel(dados, processo)
        return services.documento_interno_criar(
            ator=self.ator,
            processo=processo,
            tipo=dados["tipo"],
            nivel_acesso=nivel,
            hipotese_legal=hipotese,
            descricao=dados["descricao"],
            modelo=dados["modelo"],
            documento_modelo=dados["documento_modelo"],
            texto_padrao=texto_padrao,
            conteudo=dados.get("conteudo"),
            numero=dados["numero"],
            destinatarios=dados["destinatarios"],
        )

    def _externo(self, request, processo) -> Documento:
        dados = validar(DocumentoExternoCriarSerializer, request.data)
        # Refuse before the upload is checked and stored when the process cannot take it anyway.
        services.internos.exigir_inclusao(self.ator, processo)
        nivel, hipotese = self._nivel(dados, processo)
        arquivo = dados["arquivo"]
        return services.documento_externo_criar(
            ator=self.ator,
            processo=processo,
            tipo=dados["tipo"],
            arquivo=arquivo,
            nome_arquivo=arquivo.name,
            nivel_acesso=nivel,
            hipotese_legal=hipotese,
            data_documento=dados["data"],
            numero=dados["numero"],
            descricao=dados["descricao"],
            formato=dados["formato"],
            tipo_conferencia=dados["tipo_conferencia"],
            remetente=dados["remetente"],
        )


class DocumentoView(DocumentoBaseView):
    @extend_schema(
        summary="Consultar documento",
        description=(
            "Metadados do documento; o cabeçalho ``ETag`` é a versão atual (use-o em ``If-Match`` ao "
            "editar). Quem só pode saber que o documento existe (processo restrito que não passou pela "
            "unidade) recebe os metadados com ``acesso_conteudo`` falso."
        ),
        tags=TAG_DOCUMENTOS,
        parameters=[ETAG],
        responses={200: DocumentoDetalheSerializer, **erros(404)},
    )
    def get(self, request, numero_sei):
        return self.detalhe(numero_sei, canal=LeituraAuditada.Canal.API)

    @extend_schema(
        summary="Editar documento interno",
        description=(
            "Salva uma nova versão do corpo (``conteudo``, saneado) e/ou a ``descricao`` de um documento "
            "interno, pela unidade geradora, com o processo aberto nela. Exige ``If-Match`` (428 sem ele); "
            "versão desatualizada, cancelado ou externo: 409. Assinado e ainda não bloqueado: 409 "
            "``documento_assinado`` a menos que ``descartar_assinaturas`` seja verdadeiro (salvar descarta as "
            "assinaturas); bloqueado (já lido por outra unidade ou o processo enviado/concluído depois da "
            "assinatura): 409 ``documento_bloqueado``."
        ),
        tags=TAG_DOCUMENTOS,
        parameters=[IF_MATCH, ETAG],
        request=DocumentoEditarSerializer,
        responses={200: DocumentoDetalheSerializer, **erros(400, 404, 409, 428)},
    )
    def patch(self, request, numero_sei):
        documento = self.documento(numero_sei)
        versao_base = _versao_base(request)
        dados = validar(DocumentoEditarSerializer, request.data)
        conteudo = dados.get("conteudo")
        if conteudo is None:  # only the description changes: the body stays as it is
            conteudo = services.internos.conteudo_atual(documento) if documento.interno else ""
        services.documento_editar(
            ator=self.ator,
            documento=documento,
            conteudo=conteudo,
            versao_base=versao_base,
            descricao=dados.get("descricao"),
            descartar_assinaturas=dados["descartar_assinaturas"],
        )
        return self.detalhe(numero_sei)

    @extend_schema(
        summary="Excluir documento",
        description=(
            "Só a unidade geradora, com o processo aberto nela: a minuta sempre; o documento assinado ou "
            "externo só enquanto não bloqueado (lido por outra unidade, ou o processo enviado ou concluído "
            "depois). Depois disso, só cancelando (409 ``exclusao_nao_permitida``). O número não é reutilizado."
        ),
        tags=TAG_DOCUMENTOS,
        request=None,
        responses={204: None, **erros(404, 409)},
    )
    def delete(self, request, numero_sei):
        services.documento_excluir(ator=self.ator, documento=self.documento(numero_sei))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CancelarView(DocumentoBaseView):
    @extend_schema(
        summary="Cancelar documento",
        description=(
            "Com motivo, só documento bloqueado (antes disso ele é excluído ou editado: 409 "
            "``cancelamento_nao_permitido``); fica na árvore marcado como cancelado e o conteúdo deixa de ser servido."
        ),
        tags=TAG_DOCUMENTOS,
        request=CancelarSerializer,
        parameters=[ETAG],
        responses={200: DocumentoDetalheSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, numero_sei):
        documento = self.documento(numero_sei)
        dados = validar(CancelarSerializer, request.data)
        services.documento_cancelar(ator=self.ator, documento=documento, motivo=dados["motivo"])
        return self.detalhe(numero_sei)


class RestaurarView(DocumentoBaseView):
    @extend_schema(
        summary="Restaurar versão",
        description="O conteúdo da ``versao`` escolhida vira uma nova versão. Exige ``If-Match`` como a edição.",
        tags=TAG_DOCUMENTOS,
        request=RestaurarVersaoSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: DocumentoDetalheSerializer, **erros(400, 404, 409, 428)},
    )
    def post(self, request, numero_sei):
        documento = self.documento(numero_sei)
        versao_base = _versao_base(request)
        dados = validar(RestaurarVersaoSerializer, request.data)
        services.documento_restaurar_versao(
            ator=self.ator,
            documento=documento,
            numero=dados["versao"],
            versao_base=versao_base,
            descartar_assinaturas=dados["descartar_assinaturas"],
        )
        return self.detalhe(numero_sei)


class VersoesView(DocumentoBaseView):
    serializer_class = VersaoResumoSerializer

    @extend_schema(
        summary="Versões do documento",
        description="Da mais recente para a mais antiga: quem salvou e quando; ``restaurada_de`` quando foi uma restauração.",
        tags=TAG_DOCUMENTOS,
        responses={200: VersaoResumoSerializer(many=True), **erros(404)},
    )
    def get(self, request, numero_sei):
        documento = self.documento(numero_sei)
        pagina = self.paginate_queryset(selectors.versoes(ator=self.ator, documento=documento))
        return self.get_paginated_response(VersaoResumoSerializer(pagina, many=True).data)


class VersaoView(DocumentoBaseView):
    serializer_class = VersaoDetalheSerializer

    @extend_schema(
        summary="Uma versão do documento",
        description="Com o corpo (HTML saneado) daquela versão.",
        tags=TAG_DOCUMENTOS,
        responses={200: VersaoDetalheSerializer, **erros(404)},
    )
    def get(self, request, numero_sei, numero):
        documento = self.documento(numero_sei)
        versao = selectors.versao(ator=self.ator, documento=documento, numero=numero, canal=LeituraAuditada.Canal.API)
        return Response(VersaoDetalheSerializer(versao).data)


class ConteudoView(DocumentoBaseView):
    content_negotiation_class = SemNegociacao

    @extend_schema(
        summary="Conteúdo do documento",
        description=(
            "Documento interno: a página HTML da versão atual (cabeçalho, título, corpo, assinatura, "
            "rodapé), servida em sandbox (CSP), sem script. Externo: o arquivo enviado, com o SHA-256 "
            "conferido e ``Content-Disposition`` decidido pelo servidor (PDF e imagens inline, o resto "
            "como anexo). ``Cache-Control: no-store`` para restrito e sigiloso. Cancelado ou restrito "
            "a quem não tem acesso ao conteúdo: 403."
        ),
        tags=TAG_DOCUMENTOS,
        parameters=[ETAG],
        responses={
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Documento interno."),
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Documento externo (o tipo real do arquivo)."
            ),
            **erros(404, 503),
        },
    )
    def get(self, request, numero_sei):
        documento = self.documento(numero_sei)
        if documento.interno:
            versao = selectors.versao(ator=self.ator, documento=documento, canal=LeituraAuditada.Canal.API)
            pagina = renderizacao.pagina_html(documento, versao.conteudo)
            resposta = HttpResponse(pagina, content_type="text/html; charset=utf-8")
            resposta["Content-Disposition"] = content_disposition_header(False, f"{documento.rotulo}.html")
            _cabecalhos_de_documento(resposta, documento)
        else:
            leitor = selectors.arquivo_do_documento(ator=self.ator, documento=documento, canal=LeituraAuditada.Canal.API)
            resposta = arquivos.resposta_arquivo(
                leitor,
                mime=documento.arquivo_mime,
                nome_cliente=documento.arquivo_nome_original,
                restrito=acesso.conteudo_restrito(documento),
            )
        resposta["ETag"] = etag(documento)
        return resposta


class PdfView(DocumentoBaseView):
    content_negotiation_class = SemNegociacao

    @extend_schema(
        summary="Documento em PDF",
        description=(
            "O documento renderizado (gerado agora se ainda não estiver pronto), com o rodapé "
            "``<Tipo> <Número> (<número SEI>) · SEI <NUP> / pág. N``. PDF externo: o próprio arquivo. "
            "Documento sem forma em PDF (planilha, .docx...): 409 ``sem_pdf``."
        ),
        tags=TAG_DOCUMENTOS,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **erros(404, 409, 503)},
    )
    def get(self, request, numero_sei):
        documento = self.documento(numero_sei)
        leitor = selectors.pdf_para_leitura(ator=self.ator, documento=documento, canal=LeituraAuditada.Canal.API)
        nome = f"SEI {documento.numero_sei_formatado} - {documento.rotulo}.pdf"
        return arquivos.resposta_arquivo(
            leitor, mime="application/pdf", nome_cliente=nome, restrito=acesso.conteudo_restrito(documento)
        )


# --- Gerar PDF / ZIP do processo ----------------------------------------------------------------


def _url_tarefa(request, exportacao: Exportacao, arquivo: bool = False) -> str:
    nome = "api-tarefa-arquivo" if arquivo else "api-tarefa"
    return request.build_absolute_uri(reverse(nome, kwargs={"tarefa_id": exportacao.pk}))


class ExportarView(AtorAPIView):
    serializer_class = TarefaCriadaSerializer

    @extend_schema(
        summary="Gerar PDF ou ZIP do processo",
        description=(
            "Monta, num worker, um PDF (capa, documentos, marcadores) ou um ZIP (originais) com os "
            "``documentos`` escolhidos (padrão: todos os que o usuário pode ler; cancelados e minutas de "
            "outras unidades ficam de fora, e pedi-los explicitamente é 400). Responde 202 com a URL da "
            "tarefa, que só quem pediu pode consultar."
        ),
        tags=TAG_EXPORTACAO,
        request=ExportarSerializer,
        parameters=[LOCATION_202],
        responses={202: TarefaCriadaSerializer, **erros(400, 404)},
    )
    def post(self, request, nup):
        processo = processos_selectors.processo_por_nup(ator=self.ator, nup=nup)
        dados = validar(ExportarSerializer, request.data)
        exportacao = services.exportacao_solicitar(
            ator=self.ator, processo=processo, formato=dados["formato"], documentos=dados["documentos"]
        )
        url = _url_tarefa(request, exportacao)
        return Response({"tarefa": url}, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class TarefaBaseView(AtorAPIView):
    def exportacao(self, tarefa_id: int):
        """(export, the actor it is read as): only the user who asked may know the task exists,
        and only while they may still read the process (403 after access was revoked; 404 once
        it is a sigiloso they lost the credential to)."""
        try:
            return selectors.exportacao_do_usuario(
                usuario=self.ator.usuario,
                exportacao_id=tarefa_id,
                sigilosos_liberados=self.ator.sigilosos_liberados,
            )
        except NaoEncontrado:
            raise NaoEncontrado("Tarefa não encontrada.") from None


class TarefaView(TarefaBaseView):
    serializer_class = TarefaSerializer

    @extend_schema(
        summary="Acompanhar a geração do PDF/ZIP",
        description="``progresso`` de 0 a 100; ``arquivo`` quando concluída; ``detail`` quando deu erro.",
        tags=TAG_EXPORTACAO,
        responses={200: TarefaSerializer, **erros(404)},
    )
    def get(self, request, tarefa_id):
        exportacao, _ = self.exportacao(tarefa_id)
        concluida = exportacao.estado == Exportacao.Estado.CONCLUIDA
        corpo = {
            "id": exportacao.pk,
            "estado": exportacao.estado,
            "progresso": 100 if concluida else exportacao.progresso,
            "documentos_feitos": exportacao.documentos_feitos,
            "documentos_total": len(exportacao.documentos),
            "arquivo": _url_tarefa(request, exportacao, arquivo=True) if concluida else None,
            "detail": (exportacao.detalhe or "Falha ao gerar o arquivo.")
            if exportacao.estado == Exportacao.Estado.ERRO
            else None,
            "formato": exportacao.formato,
            "processo": exportacao.processo.nup,
            "criada_em": exportacao.criada_em,
            "expira_em": exportacao.expira_em,
        }
        resposta = Response(TarefaSerializer(corpo).data)
        resposta["Cache-Control"] = "no-store"
        return resposta


class TarefaArquivoView(TarefaBaseView):
    content_negotiation_class = SemNegociacao

    @extend_schema(
        summary="Baixar o PDF/ZIP gerado",
        description=(
            "Só quem pediu, enquanto tiver acesso ao processo. Ainda não concluída: 409; expirada "
            "(ou apagada): 410."
        ),
        tags=TAG_EXPORTACAO,
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
            410: ErroSerializer,
            **erros(404, 409),
        },
    )
    def get(self, request, tarefa_id):
        try:
            arquivo = selectors.arquivo_da_exportacao(
                usuario=self.ator.usuario,
                exportacao_id=tarefa_id,
                canal=LeituraAuditada.Canal.API,
                sigilosos_liberados=self.ator.sigilosos_liberados,
            )
        except NaoEncontrado:
            raise NaoEncontrado("Tarefa não encontrada.") from None
        return arquivos.resposta_arquivo(
            arquivo.leitor, mime=arquivo.mime, nome_cliente=arquivo.nome, restrito=True, inline=False
        )


# --- Reference lists -------------------------------------------------------------------------


class TiposDocumentoView(AtorAPIView):
    serializer_class = TipoDocumentoSerializer

    @extend_schema(
        summary="Tipos de documento",
        description="Tipos ativos; ``interno=1`` os que podem ser gerados no editor, ``interno=0`` os externos.",
        tags=TAG_REFERENCIA,
        parameters=[TiposDocumentoFiltroSerializer],
        responses={200: TipoDocumentoSerializer(many=True), **erros(400, 404)},
    )
    def get(self, request):
        filtros = validar(TiposDocumentoFiltroSerializer, request.query_params)
        pagina = self.paginate_queryset(selectors.tipos_documento(interno=filtros["interno"]))
        return self.get_paginated_response(TipoDocumentoSerializer(pagina, many=True).data)


class TextosPadraoView(AtorAPIView):
    serializer_class = TextoPadraoSerializer

    @extend_schema(
        summary="Textos padrão da unidade atual",
        tags=TAG_REFERENCIA,
        responses={200: TextoPadraoSerializer(many=True), **erros(404)},
    )
    def get(self, request):
        pagina = self.paginate_queryset(selectors.textos_padrao(ator=self.ator))
        return self.get_paginated_response(TextoPadraoSerializer(pagina, many=True).data)


class ModelosView(AtorAPIView):
    serializer_class = ModeloSerializer

    @extend_schema(
        summary="Modelos de documento ativos",
        tags=TAG_REFERENCIA,
        parameters=[ModelosFiltroSerializer],
        responses={200: ModeloSerializer(many=True), **erros(400, 404)},
    )
    def get(self, request):
        filtros = validar(ModelosFiltroSerializer, request.query_params)
        qs = selectors.modelos_ativos(tipo_id=filtros.get("tipo"))
        pagina = self.paginate_queryset(qs)
        return self.get_paginated_response(ModeloSerializer(pagina, many=True).data)
