"""HTTP API of acessos externos: the grants of a process (internal users, under
``/api/v1/processos/{nup}/acessos-externos/``) and the portal's own API (``/api/v1/externo/``),
which answers only approved external users (``SomenteExterno``). Thin: parse, call the service or
the selector (``externo.selectors``, which asks the policy), render."""

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from documentos import arquivos
from documentos.api import CSP_DOCUMENTO, SemNegociacao
from processos.api import ProcessoAPIView
from processos.models import LeituraAuditada
from processos.nup import normalizar_nup
from sei.api_views import Paginacao, erros, validar
from sei.exceptions import EntradaInvalida
from sei.senhas import confirmar_senha

from . import acessos, intimacoes, peticoes, selectors
from .serializers import (
    AcessoCancelarSerializer,
    AcessoConcederSerializer,
    AcessoExternoSerializer,
    IntimacaoExpedirSerializer,
    IntimacaoSerializer,
    ProcessoConcedidoSerializer,
    ProcessoExternoSerializer,
)
from .services import falta_segundo_fator, usuario_externo_liberado

TAG_ACESSOS = ["acessos externos"]
TAG_PORTAL = ["portal externo"]
API = LeituraAuditada.Canal.API


# --- Internal: the grants of a process ---------------------------------------------------------


class AcessosExternosView(ProcessoAPIView):
    serializer_class = AcessoExternoSerializer

    @extend_schema(
        summary="Acessos externos do processo",
        description="Todos, dos ativos aos expirados e cancelados (``situacao``), mais recentes primeiro.",
        tags=TAG_ACESSOS,
        responses={200: AcessoExternoSerializer(many=True), **erros(404)},
    )
    def get(self, request, nup):
        concessoes = selectors.acessos_do_processo(ator=self.ator, processo=self.processo(nup))
        pagina = self.paginate_queryset(concessoes)
        return self.get_paginated_response(AcessoExternoSerializer(pagina, many=True).data)

    @extend_schema(
        summary="Conceder acesso externo",
        description=(
            "A unidade onde o processo está aberto concede a um usuário externo liberado (``cpf`` ou "
            "``email``) ou a um e-mail ainda sem cadastro (o acesso passa a valer quando o cadastro "
            "com esse e-mail for liberado) o acesso ``integral`` (o processo e todos os documentos, "
            "atuais e futuros, que um não interessado pode ver: assinados e externos, nunca minutas) "
            "ou ``parcial`` (os ``documentos`` escolhidos, por número SEI), por ``validade_dias`` "
            "dias, com ``motivo``, confirmado com a ``senha`` de quem concede (errada: 400 "
            "``senha_incorreta``). Sigiloso ou anexado: 409. O destinatário recebe um e-mail com o link. "
            "``incluir_documentos`` com ``tipos_documento`` (ids ou nomes): o usuário também pode incluir "
            "PDFs desses tipos enquanto o acesso valer e o processo estiver aberto nesta unidade."
        ),
        tags=TAG_ACESSOS,
        request=AcessoConcederSerializer,
        responses={201: AcessoExternoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(AcessoConcederSerializer, request.data)
        senha = confirmar_senha(request, dados["senha"])
        concessao = acessos.acesso_externo_conceder(
            ator=self.ator,
            processo=processo,
            senha=senha,
            tipo=dados["tipo"],
            motivo=dados["motivo"],
            validade_dias=dados["validade_dias"],
            cpf=dados.get("cpf") or "",
            email=dados.get("email") or "",
            documentos=dados.get("documentos"),
            permite_inclusao=dados.get("incluir_documentos", False),
            tipos_documento=dados.get("tipos_documento"),
        )
        return Response(AcessoExternoSerializer(concessao).data, status=status.HTTP_201_CREATED)


class CancelarAcessoExternoView(ProcessoAPIView):
    serializer_class = AcessoExternoSerializer

    @extend_schema(
        summary="Cancelar acesso externo",
        description="Com ``motivo``; efeito imediato. Já cancelado: 409.",
        tags=TAG_ACESSOS,
        request=AcessoCancelarSerializer,
        responses={200: AcessoExternoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, nup, acesso_id):
        processo = self.processo(nup)
        dados = validar(AcessoCancelarSerializer, request.data)
        concessao = acessos.acesso_externo_cancelar(
            ator=self.ator, processo=processo, acesso_id=acesso_id, motivo=dados["motivo"]
        )
        return Response(AcessoExternoSerializer(concessao).data)


# --- The portal's API ---------------------------------------------------------------------------


class SomenteExterno(BasePermission):
    """Every endpoint under ``/api/v1/externo/``: an approved external user (token or the
    portal's session). An internal user's token gets 403 here, as an external one does elsewhere."""

    code = "usuario_interno"
    message = "Acesso negado: esta API é dos usuários externos liberados."

    def has_permission(self, request, view) -> bool:
        # A portal session still owing the authenticator's code reaches nothing (a token is not asked).
        return usuario_externo_liberado(request.user) and not falta_segundo_fator(request.user)


class ExternoAPIView(GenericAPIView):
    """Base of the portal's endpoints: ``self.ator`` is the external user with the grants in
    force now; every answer is ``Cache-Control: no-store``."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [SomenteExterno]
    pagination_class = Paginacao

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.ator = selectors.ator_externo(request.user)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class ProcessosExternosView(ExternoAPIView):
    serializer_class = ProcessoConcedidoSerializer

    @extend_schema(
        summary="Processos disponibilizados para mim",
        description="Os acessos em vigor: processo, tipo de acesso, validade e unidade que concedeu.",
        tags=TAG_PORTAL,
        responses={200: ProcessoConcedidoSerializer(many=True), **erros()},
    )
    def get(self, request):
        pagina = self.paginate_queryset(selectors.acessos_do_usuario(ator=self.ator))
        return self.get_paginated_response(ProcessoConcedidoSerializer(pagina, many=True).data)


class ProcessoExternoView(ExternoAPIView):
    serializer_class = ProcessoExternoSerializer

    @extend_schema(
        summary="Processo disponibilizado",
        description=(
            "Dados, documentos disponibilizados (assinados ou externos) e histórico resumido. "
            "Processo sem acesso em vigor, inexistente ou de outro usuário: 404."
        ),
        tags=TAG_PORTAL,
        responses={200: ProcessoExternoSerializer, **erros(404)},
    )
    def get(self, request, nup):
        detalhe = selectors.detalhe_do_processo(ator=self.ator, nup=nup, canal=API)
        return Response(ProcessoExternoSerializer(detalhe).data)


class ConteudoExternoView(ExternoAPIView):
    content_negotiation_class = SemNegociacao

    @extend_schema(
        summary="Conteúdo de documento disponibilizado",
        description="Interno: a página HTML (em sandbox); externo: o arquivo. Sem acesso: 404.",
        tags=TAG_PORTAL,
        responses={
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Documento interno."),
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Documento externo."
            ),
            **erros(404),
        },
    )
    def get(self, request, numero_sei):
        return resposta_conteudo(self.ator, numero_sei, API)


class PdfExternoView(ExternoAPIView):
    content_negotiation_class = SemNegociacao

    @extend_schema(
        summary="Documento disponibilizado em PDF",
        description="O PDF do documento (o assinado, se assinado). Sem acesso: 404; sem forma em PDF: 409.",
        tags=TAG_PORTAL,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **erros(404, 409)},
    )
    def get(self, request, numero_sei):
        return resposta_pdf(self.ator, numero_sei, API)


class ArquivoDoProcessoView(ExternoAPIView):
    content_negotiation_class = SemNegociacao

    @extend_schema(
        summary="PDF ou ZIP do que foi disponibilizado",
        operation_id="externo_processo_arquivo",
        description=(
            "``formato``: ``pdf`` (um PDF com capa) ou ``zip`` (os arquivos). Só os documentos "
            "disponibilizados; gerado na hora (até 100 documentos; acima disso, 409 "
            "``exportacao_grande_demais``: baixe documento a documento). Sem acesso: 404."
        ),
        tags=TAG_PORTAL,
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
            **erros(404, 409),
        },
    )
    def get(self, request, nup, formato):
        return resposta_arquivo_do_processo(self.ator, nup, formato, API)


# Shared with the portal's pages (the same selector, the same headers).


def resposta_arquivo_do_processo(ator, nup, formato, canal):
    processo, arquivo = selectors.arquivo_do_processo(ator=ator, nup=nup, formato=formato, canal=canal)
    resposta = FileResponse(
        arquivo,
        content_type="application/pdf" if formato == "pdf" else "application/zip",
        as_attachment=True,
        filename=f"SEI {processo.nup_formatado.replace('/', '-')}.{formato}",
    )
    resposta["X-Content-Type-Options"] = "nosniff"
    resposta["Cache-Control"] = "no-store"
    return resposta


def resposta_conteudo(ator, numero_sei, canal):
    documento = selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
    conteudo = selectors.conteudo_do_documento(ator=ator, documento=documento, canal=canal)
    if conteudo.html is not None:
        resposta = HttpResponse(conteudo.html, content_type="text/html; charset=utf-8")
        resposta["Content-Disposition"] = content_disposition_header(False, f"{documento.rotulo}.html")
        resposta["X-Content-Type-Options"] = "nosniff"
        resposta["Content-Security-Policy"] = CSP_DOCUMENTO
        resposta["X-Frame-Options"] = "SAMEORIGIN"
        resposta["Cross-Origin-Resource-Policy"] = "same-origin"
        resposta["Cache-Control"] = "no-store"
        return resposta
    return arquivos.resposta_arquivo(
        conteudo.leitor,
        mime=documento.arquivo_mime,
        nome_cliente=documento.arquivo_nome_original,
        restrito=True,
    )


def resposta_pdf(ator, numero_sei, canal):
    documento = selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
    leitor = selectors.pdf_do_documento(ator=ator, documento=documento, canal=canal)
    nome = f"SEI {documento.numero_sei_formatado} - {documento.rotulo}.pdf"
    return arquivos.resposta_arquivo(leitor, mime="application/pdf", nome_cliente=nome, restrito=True)


# --- Peticionamento eletrônico ---------------------------------------------------------------------


def peticao_como_dict(peticao) -> dict:
    return {
        "id": peticao.pk,
        "tipo": peticao.tipo,
        "nup": peticao.processo.nup_formatado,
        "tipo_peticionamento": peticao.tipo_peticionamento.nome if peticao.tipo_peticionamento else None,
        "criada_em": peticao.criada_em.isoformat(),
        "recibo": {"numero_sei": peticao.recibo.numero_sei, "sha256": peticao.recibo.pdf_assinado_sha256},
        "documentos": [
            {"numero_sei": d.numero_sei, "tipo": d.tipo.nome, "arquivo": d.arquivo_nome_original, "sha256": d.arquivo_sha256}
            for d in peticao.documentos.all()  # prefetched by the selector, in número SEI order
        ],
    }


def peticionar(request, dados, arquivos_enviados, *, nup: str = "", intimacao=None):
    """The one path of a petition request, shared by the API and the portal's pages: the password
    confirmed, the files read, the new or intercorrente service called."""
    senha = confirmar_senha(request, dados.get("senha", ""))
    principal, anexos = peticoes.anexos_do_pedido(arquivos_enviados)
    url_base = request.build_absolute_uri("/")
    if nup:
        if principal is not None:
            anexos = [principal, *anexos]
        for anexo in anexos:
            if anexo.tipo is None:
                raise EntradaInvalida(
                    "Informe o tipo de cada documento.", errors={"documentos": ["Informe o tipo."]},
                    code="peticao_invalida",
                )  # fmt: skip
        return peticoes.peticao_intercorrente(
            usuario=request.user, confirmacao=senha, nup=normalizar_nup(nup) or nup, anexos=anexos,
            url_base=url_base, intimacao=intimacao,
        )  # fmt: skip
    tipo = selectors.tipo_de_peticionamento(dados.get("tipo"))
    return peticoes.peticao_nova(
        usuario=request.user, confirmacao=senha, tipo=tipo, especificacao=dados.get("especificacao", ""),
        texto_principal=dados.get("texto_principal", ""), principal=principal, anexos=anexos, url_base=url_base,
    )  # fmt: skip


class PeticoesView(ExternoAPIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Minhas petições",
        description="As petições do usuário, mais recentes primeiro, com o recibo de cada uma.",
        tags=TAG_PORTAL,
        responses={200: OpenApiTypes.OBJECT, **erros()},
    )
    def get(self, request):
        pagina = self.paginate_queryset(selectors.peticoes_do_usuario(usuario=request.user))
        return self.get_paginated_response([peticao_como_dict(p) for p in pagina])

    @extend_schema(
        summary="Peticionar",
        description=(
            "Multipart. Petição nova: ``tipo`` (id do tipo de peticionamento), ``especificacao``, o "
            "principal (``texto_principal`` ou o arquivo ``principal``), ``essencial_<tipo_documento>`` e "
            "``complementar_<tipo_documento>`` (PDFs) e a ``senha``. Intercorrente: ``nup`` e "
            "``documento_<tipo_documento>`` (e ``intimacao``, o id da intimação que a petição responde). Tudo ou nada: um arquivo recusado, um essencial faltando ou "
            "a senha errada dão 400 e nada é criado. 201 com o NUP e o recibo."
        ),
        tags=TAG_PORTAL,
        request={"multipart/form-data": OpenApiTypes.OBJECT},
        responses={201: OpenApiTypes.OBJECT, **erros(400, 404)},
    )
    def post(self, request):
        intimacao = None
        if request.data.get("intimacao") and request.data.get("nup"):
            intimacao = selectors.intimacao_do_usuario(ator=self.ator, intimacao_id=request.data["intimacao"])
        peticao = peticionar(request, request.data, request.FILES, nup=request.data.get("nup", ""), intimacao=intimacao)
        peticao = selectors.peticao_do_usuario(usuario=request.user, peticao_id=peticao.pk)  # the one read path
        return Response(peticao_como_dict(peticao), status=status.HTTP_201_CREATED)


class ReciboView(ExternoAPIView):
    content_negotiation_class = SemNegociacao

    @extend_schema(
        summary="Recibo eletrônico de protocolo",
        description="O PDF assinado com o certificado do órgão. Petição de outro usuário: 404.",
        tags=TAG_PORTAL,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **erros(404)},
    )
    def get(self, request, peticao_id):
        return resposta_recibo(request.user, peticao_id)


def resposta_recibo(usuario, peticao_id):
    peticao, arquivo = selectors.recibo_da_peticao(usuario=usuario, peticao_id=peticao_id)
    resposta = FileResponse(
        arquivo, content_type="application/pdf", as_attachment=True, filename=f"recibo-{peticao.recibo.numero_sei}.pdf"
    )
    resposta["X-Content-Type-Options"] = "nosniff"
    resposta["Cache-Control"] = "no-store"
    return resposta
# --- Intimações eletrônicas ---------------------------------------------------------------------

TAG_INTIMACOES = ["intimações eletrônicas"]


class IntimacoesDoProcessoView(ProcessoAPIView):
    serializer_class = IntimacaoSerializer

    @extend_schema(
        summary="Intimações eletrônicas do processo",
        tags=TAG_INTIMACOES,
        responses={200: IntimacaoSerializer(many=True), **erros(404)},
    )
    def get(self, request, nup):
        lista = selectors.intimacoes_do_processo(ator=self.ator, processo=self.processo(nup))
        pagina = self.paginate_queryset(lista)
        return self.get_paginated_response(IntimacaoSerializer(pagina, many=True).data)

    @extend_schema(
        summary="Expedir intimação eletrônica",
        description=(
            "A unidade onde o processo está aberto intima um usuário externo liberado (``cpf``) sobre "
            "``documentos`` (números SEI; assinados ou externos, nunca minutas), com ``tipo_resposta`` e "
            "``prazo_dias`` (dias corridos contados da ciência), confirmado com a ``senha``. O intimado "
            "passa a ler os documentos e recebe um e-mail. Sigiloso ou anexado: 409."
        ),
        tags=TAG_INTIMACOES,
        request=IntimacaoExpedirSerializer,
        responses={201: IntimacaoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(IntimacaoExpedirSerializer, request.data)
        senha = confirmar_senha(request, dados["senha"])
        item = intimacoes.intimacao_expedir(
            ator=self.ator,
            processo=processo,
            senha=senha,
            cpf=dados["cpf"],
            documentos=dados["documentos"],
            tipo_resposta=dados["tipo_resposta"],
            prazo_dias=dados.get("prazo_dias"),
        )
        return Response(IntimacaoSerializer(item).data, status=status.HTTP_201_CREATED)


class CancelarIntimacaoView(ProcessoAPIView):
    serializer_class = IntimacaoSerializer

    @extend_schema(
        summary="Cancelar intimação eletrônica",
        description="Com ``motivo``; só antes da ciência (expressa ou tácita): depois, 409.",
        tags=TAG_INTIMACOES,
        request=AcessoCancelarSerializer,
        responses={200: IntimacaoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, nup, intimacao_id):
        processo = self.processo(nup)
        dados = validar(AcessoCancelarSerializer, request.data)
        item = intimacoes.intimacao_cancelar(
            ator=self.ator, processo=processo, intimacao_id=intimacao_id, motivo=dados["motivo"]
        )
        return Response(IntimacaoSerializer(item).data)


class IntimacoesExternasView(ExternoAPIView):
    serializer_class = IntimacaoSerializer

    @extend_schema(
        summary="Minhas intimações eletrônicas",
        description="As que aguardam ciência primeiro; canceladas não aparecem.",
        tags=TAG_PORTAL,
        responses={200: IntimacaoSerializer(many=True), **erros()},
    )
    def get(self, request):
        pagina = self.paginate_queryset(selectors.intimacoes_do_usuario(ator=self.ator))
        return self.get_paginated_response(IntimacaoSerializer(pagina, many=True).data)


class IntimacaoExternaView(ExternoAPIView):
    serializer_class = IntimacaoSerializer

    @extend_schema(summary="Intimação eletrônica", tags=TAG_PORTAL, responses={200: IntimacaoSerializer, **erros(404)})
    def get(self, request, intimacao_id):
        item = selectors.intimacao_do_usuario(ator=self.ator, intimacao_id=intimacao_id)
        return Response(IntimacaoSerializer(item).data)


class CienciaExternaView(ExternoAPIView):
    serializer_class = IntimacaoSerializer

    @extend_schema(
        summary="Tomar ciência da intimação",
        description="Registra a ciência expressa (ou a tácita, se a data já passou); repetir não muda nada.",
        tags=TAG_PORTAL,
        request=None,
        responses={200: IntimacaoSerializer, **erros(404)},
    )
    def post(self, request, intimacao_id):
        selectors.intimacao_do_usuario(ator=self.ator, intimacao_id=intimacao_id)
        intimacoes.intimacao_tomar_ciencia(usuario=request.user, intimacao_id=intimacao_id)
        item = selectors.intimacao_do_usuario(ator=self.ator, intimacao_id=intimacao_id)
        return Response(IntimacaoSerializer(item).data)
