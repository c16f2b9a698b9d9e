"""Blocos de assinatura over the API (``/api/v1/blocos/...``): list and create, read, change and
delete, add and remove documents, make available, cancel, return, conclude, reopen, and sign all
with one password. Every change goes through ``assinaturas.blocos``; a bloco the caller's unit
neither owns nor received is a 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from documentos import selectors as documentos_selectors
from sei.api_views import AtorAPIView, erros, unidade_por_sigla, validar
from sei.exceptions import EntradaInvalida

from . import blocos, selectors, services
from .api import pedido_de_assinatura, url_publica
from .models import Bloco
from .serializers import AssinaturaSerializer

TAG = ["Blocos de assinatura"]


# --- Serializers -----------------------------------------------------------------------------------


class DestinoSerializer(serializers.Serializer):
    sigla = serializers.CharField()
    disponibilizado_em = serializers.DateTimeField(allow_null=True)
    devolvido_em = serializers.DateTimeField(allow_null=True)


class ItemSerializer(serializers.Serializer):
    numero_sei = serializers.CharField(help_text="Número SEI com 7 dígitos.")
    rotulo = serializers.CharField()
    nup = serializers.CharField()
    nup_formatado = serializers.CharField()
    estado = serializers.CharField(help_text="minuta, assinado, cancelado.")
    anotacao = serializers.CharField(allow_blank=True)
    assinaturas = AssinaturaSerializer(many=True)
    pode_assinar = serializers.BooleanField(help_text="O usuário pode assinar agora, na unidade do X-Unidade.")


class BlocoResumoSerializer(serializers.Serializer):
    numero = serializers.IntegerField()
    descricao = serializers.CharField()
    estado = serializers.ChoiceField(choices=Bloco.Estado.choices)
    unidade = serializers.CharField(help_text="Sigla da unidade geradora.")
    recebido = serializers.BooleanField(help_text="Disponibilizado à unidade do X-Unidade (não gerado por ela).")
    total_documentos = serializers.IntegerField()
    criado_em = serializers.DateTimeField()


class BlocoSerializer(BlocoResumoSerializer):
    criado_por = serializers.CharField()
    unidades = DestinoSerializer(many=True, help_text="Unidades de disponibilização.")
    documentos = ItemSerializer(many=True)


class BlocoCriarSerializer(serializers.Serializer):
    descricao = serializers.CharField(max_length=250)
    documentos = serializers.ListField(child=serializers.CharField(max_length=20), required=False, default=list)
    unidades = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, default=list,
        help_text="Siglas (ORGAO:SIGLA para outro órgão) das unidades de disponibilização; o bloco só é "
        "disponibilizado por POST .../disponibilizar/ (ou com disponibilizar=true).",
    )  # fmt: skip
    anotacao = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    disponibilizar = serializers.BooleanField(required=False, default=False)


class BlocoAlterarSerializer(serializers.Serializer):
    descricao = serializers.CharField(max_length=250, required=False)
    unidades = serializers.ListField(child=serializers.CharField(max_length=80), required=False)


class IncluirSerializer(serializers.Serializer):
    numero_sei = serializers.CharField(max_length=20, required=False)
    documentos = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, help_text="Vários de uma vez (alternativa a numero_sei)."
    )
    anotacao = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DisponibilizarSerializer(serializers.Serializer):
    unidades = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False,
        help_text="Sem a lista: as unidades já escolhidas para o bloco.",
    )  # fmt: skip


class AssinarBlocoSerializer(serializers.Serializer):
    senha = serializers.CharField(trim_whitespace=False, max_length=512, style={"input_type": "password"})
    cargo = serializers.CharField(max_length=120)
    documentos = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False,
        help_text="Números SEI do bloco; sem a lista, todos os que o usuário pode assinar agora.",
    )  # fmt: skip


class FalhaSerializer(serializers.Serializer):
    numero_sei = serializers.CharField()
    code = serializers.CharField()
    detail = serializers.CharField()


class ResultadoAssinarSerializer(serializers.Serializer):
    assinados = serializers.ListField(child=serializers.CharField(), help_text="Números SEI assinados.")
    falhas = FalhaSerializer(many=True)


# --- Shapes ----------------------------------------------------------------------------------------


def _resumo(bloco: Bloco, ator) -> dict:
    return {
        "numero": bloco.pk,
        "descricao": bloco.descricao,
        "estado": bloco.estado,
        "unidade": bloco.unidade.sigla,
        "recebido": bool(getattr(bloco, "recebido", bloco.unidade_id != ator.unidade.pk)),
        "total_documentos": getattr(bloco, "total_documentos", None),
        "criado_em": bloco.criado_em,
    }


def dados_do_bloco(bloco: Bloco, ator) -> dict:
    """The bloco as the API and the page show it to ``ator``: its items with what each may do."""
    itens = selectors.itens_do_bloco(bloco=bloco)
    documentos = [i.documento for i in itens]
    impedimentos = services.impedimentos_de_assinatura(ator, documentos)
    dados = _resumo(bloco, ator)
    dados.update(
        total_documentos=len(itens),
        criado_por=bloco.criado_por.get_full_name() or bloco.criado_por.get_username(),
        unidades=[
            {"sigla": d.unidade.sigla, "disponibilizado_em": d.disponibilizado_em, "devolvido_em": d.devolvido_em}
            for d in selectors.destinos_do_bloco(bloco)
        ],
        documentos=[
            {
                "numero_sei": i.documento.numero_sei_formatado,
                "rotulo": i.documento.rotulo,
                "nup": i.documento.processo.nup,
                "nup_formatado": i.documento.processo.nup_formatado,
                "estado": i.documento.estado,
                "anotacao": i.anotacao,
                "assinaturas": [
                    {"nome": a.nome, "cargo": a.cargo, "unidade": a.unidade.sigla, "data": a.criada_em,
                     "nivel": a.nivel, "tipo": a.tipo}
                    for a in i.documento.assinaturas_em_vigor
                ],  # fmt: skip
                "pode_assinar": bloco.estado != Bloco.Estado.CONCLUIDO and impedimentos[i.documento.pk] is None,
                "item": i,
            }
            for i in itens
        ],
    )
    return dados


def unidades_por_sigla(ator, siglas) -> list:
    """The units the caller named; 400 naming the ones that do not exist."""
    unidades, faltando = [], []
    for sigla in siglas:
        unidade = unidade_por_sigla(ator, sigla)
        (unidades.append(unidade) if unidade is not None else faltando.append(sigla))
    if faltando:
        raise EntradaInvalida(
            f"Unidade não encontrada: {', '.join(faltando)}.",
            errors={"unidades": [f"Unidade não encontrada: {s}." for s in faltando]},
        )
    return unidades


class _BlocoAPIView(AtorAPIView):
    def bloco(self, numero) -> Bloco:
        return selectors.bloco_por_numero(ator=self.ator, numero=numero)

    def responder(self, bloco: Bloco, status_code=status.HTTP_200_OK) -> Response:
        bloco = selectors.bloco_por_numero(ator=self.ator, numero=bloco.pk)
        return Response(BlocoSerializer(dados_do_bloco(bloco, self.ator)).data, status=status_code)


# --- Views -----------------------------------------------------------------------------------------


class BlocosView(_BlocoAPIView):
    serializer_class = BlocoResumoSerializer

    @extend_schema(
        summary="Blocos de assinatura da unidade",
        description=(
            "Os blocos gerados pela unidade do ``X-Unidade`` e os disponibilizados a ela que ela ainda não "
            "devolveu (``recebido``), mais novos primeiro. Filtro ``estado``."
        ),
        tags=TAG,
        parameters=[OpenApiParameter("estado", str, enum=Bloco.Estado.values)],
        responses={200: BlocoResumoSerializer(many=True), **erros(400, 404)},
    )
    def get(self, request):
        estado = request.query_params.get("estado") or None
        if estado and estado not in Bloco.Estado.values:
            raise EntradaInvalida("Estado inválido.", errors={"estado": [f"Use um de: {', '.join(Bloco.Estado.values)}."]})
        pagina = self.paginate_queryset(selectors.blocos_da_unidade(ator=self.ator, estado=estado))
        return self.get_paginated_response(BlocoResumoSerializer([_resumo(b, self.ator) for b in pagina], many=True).data)

    @extend_schema(
        summary="Gerar bloco de assinatura",
        description=(
            "Na unidade do ``X-Unidade``, com ``descricao``; opcionalmente ``documentos`` (números SEI de documentos "
            "internos gerados pela unidade, de um ou mais processos; externos, sigilosos e cancelados são recusados) e "
            "``unidades`` de disponibilização (outras unidades ativas). Com ``disponibilizar=true`` já o disponibiliza."
        ),
        tags=TAG,
        request=BlocoCriarSerializer,
        responses={201: BlocoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request):
        dados = validar(BlocoCriarSerializer, request.data)
        unidades = unidades_por_sigla(self.ator, dados["unidades"])
        bloco = blocos.bloco_criar(
            ator=self.ator, descricao=dados["descricao"], documentos=dados["documentos"], unidades=unidades,
            anotacao=dados["anotacao"], url_publica=url_publica(request),
        )  # fmt: skip
        if dados["disponibilizar"]:
            blocos.bloco_disponibilizar(ator=self.ator, bloco=bloco)
        return self.responder(bloco, status.HTTP_201_CREATED)


class BlocoView(_BlocoAPIView):
    serializer_class = BlocoSerializer

    @extend_schema(
        summary="Bloco de assinatura",
        description="Dados, unidades de disponibilização e documentos (processo, estado, assinaturas, anotação, ``pode_assinar``).",
        tags=TAG,
        responses={200: BlocoSerializer, **erros(404)},
    )
    def get(self, request, numero):
        return self.responder(self.bloco(numero))

    @extend_schema(
        summary="Alterar bloco",
        description="``descricao``; ``unidades`` de disponibilização (enquanto não disponibilizado). Só a unidade geradora.",
        tags=TAG,
        request=BlocoAlterarSerializer,
        responses={200: BlocoSerializer, **erros(400, 404, 409)},
    )
    def patch(self, request, numero):
        bloco = self.bloco(numero)
        dados = validar(BlocoAlterarSerializer, request.data)
        unidades = unidades_por_sigla(self.ator, dados["unidades"]) if "unidades" in dados else None
        blocos.bloco_alterar(ator=self.ator, bloco=bloco, descricao=dados.get("descricao"), unidades=unidades)
        return self.responder(bloco)

    @extend_schema(
        summary="Excluir bloco",
        description="Só aberto (nunca enquanto disponibilizado), pela unidade geradora. Os documentos não mudam.",
        tags=TAG,
        responses={204: None, **erros(404, 409)},
    )
    def delete(self, request, numero):
        blocos.bloco_excluir(ator=self.ator, bloco=self.bloco(numero))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlocoDocumentosView(_BlocoAPIView):
    serializer_class = IncluirSerializer

    @extend_schema(
        summary="Incluir documento no bloco",
        description=(
            "``numero_sei`` (ou ``documentos``, vários) com ``anotacao``. Documento interno gerado pela unidade, não "
            "cancelado, não sigiloso (409 com ``code``: documento_externo, documento_sigiloso, documento_cancelado, "
            "documento_ja_no_bloco; 403 documento_de_outra_unidade). Num bloco disponibilizado, as unidades o "
            "recebem já."
        ),
        tags=TAG,
        request=IncluirSerializer,
        responses={201: BlocoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, numero):
        bloco = self.bloco(numero)
        dados = validar(IncluirSerializer, request.data)
        numeros = list(dados.get("documentos") or []) + ([dados["numero_sei"]] if dados.get("numero_sei") else [])
        blocos.bloco_incluir_documentos(
            ator=self.ator, bloco=bloco, documentos=numeros, anotacao=dados["anotacao"], url_publica=url_publica(request)
        )
        return self.responder(bloco, status.HTTP_201_CREATED)


class BlocoDocumentoView(_BlocoAPIView):
    @extend_schema(
        summary="Retirar documento do bloco",
        description="As unidades a que o bloco foi disponibilizado perdem o acesso que ele dava.",
        tags=TAG,
        responses={204: None, **erros(404, 409)},
    )
    def delete(self, request, numero, numero_sei):
        bloco = self.bloco(numero)
        documento = documentos_selectors.documento_por_numero(ator=self.ator, numero_sei=numero_sei)
        blocos.bloco_retirar_documento(ator=self.ator, bloco=bloco, documento=documento)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlocoDisponibilizarView(_BlocoAPIView):
    serializer_class = DisponibilizarSerializer

    @extend_schema(
        summary="Disponibilizar bloco",
        description=(
            "Às ``unidades`` (outras, ativas; sem a lista, as já escolhidas): seus usuários veem, leem, editam e "
            "assinam os documentos do bloco até devolvê-lo; a unidade geradora não os assina enquanto isso. Não abre "
            "os processos nessas unidades."
        ),
        tags=TAG,
        request=DisponibilizarSerializer,
        responses={200: BlocoSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, numero):
        bloco = self.bloco(numero)
        dados = validar(DisponibilizarSerializer, request.data)
        unidades = unidades_por_sigla(self.ator, dados["unidades"]) if "unidades" in dados else None
        blocos.bloco_disponibilizar(ator=self.ator, bloco=bloco, unidades=unidades)
        return self.responder(bloco)


def _acao(servico, resumo: str, descricao: str):
    class AcaoView(_BlocoAPIView):
        @extend_schema(summary=resumo, description=descricao, tags=TAG, request=None, responses={200: BlocoSerializer, **erros(404, 409)})
        def post(self, request, numero):
            bloco = self.bloco(numero)
            servico(ator=self.ator, bloco=bloco)
            if servico is blocos.bloco_devolver:  # returned: the unit no longer sees it
                return Response(status=status.HTTP_204_NO_CONTENT)
            return self.responder(bloco)

    AcaoView.__name__ = f"Bloco{servico.__name__.title().replace('_', '')}View"
    return AcaoView


BlocoCancelarDisponibilizacaoView = _acao(
    blocos.bloco_cancelar_disponibilizacao,
    "Cancelar disponibilização",
    "A unidade geradora retoma o bloco: as unidades perdem o acesso na hora; o bloco volta a aberto.",
)
BlocoDevolverView = _acao(
    blocos.bloco_devolver,
    "Devolver bloco",
    "Uma unidade que recebeu o bloco o devolve e perde o acesso (204); quando todas devolvem, o bloco fica retornado.",
)
BlocoConcluirView = _acao(blocos.bloco_concluir, "Concluir bloco", "Aberto ou retornado; nunca enquanto disponibilizado.")
BlocoReabrirView = _acao(blocos.bloco_reabrir, "Reabrir bloco", "Um bloco concluído volta a aberto.")


class BlocoAssinarView(_BlocoAPIView):
    serializer_class = AssinarBlocoSerializer

    @extend_schema(
        summary="Assinar documentos do bloco (assinar todos)",
        description=(
            "Uma senha (errada: 400 ``senha_incorreta``, conta como tentativa de login) e um ``cargo`` para os "
            "``documentos`` escolhidos (números SEI do bloco) ou, sem a lista, todos os que o usuário pode assinar. "
            "Cada documento é assinado na sua transação; uma recusa não impede as outras e vem em ``falhas`` com o "
            "motivo (``code``, ``detail``)."
        ),
        tags=TAG,
        request=AssinarBlocoSerializer,
        responses={200: ResultadoAssinarSerializer, **erros(400, 404, 409)},
    )
    def post(self, request, numero):
        bloco = self.bloco(numero)
        dados = validar(AssinarBlocoSerializer, request.data)
        pedido = pedido_de_assinatura(request, self.ator, cargo=dados["cargo"], senha=dados["senha"])
        resultado = blocos.bloco_assinar(pedido=pedido, bloco=bloco, documentos=dados.get("documentos"))
        corpo = {
            "assinados": [d.numero_sei_formatado for d in resultado.assinados],
            "falhas": [
                {"numero_sei": f"{f.numero_sei:07d}" if f.numero_sei else f.rotulo, "code": f.erro.code, "detail": f.erro.mensagem}
                for f in resultado.falhas
            ],
        }
        return Response(ResultadoAssinarSerializer(corpo).data)
