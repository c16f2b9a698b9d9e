"""HTTP API v1 of processes and tramitação (``/work/shared/API.md``).

Thin: parse input, call a service or a selector, render. Access is decided by ``sei.acesso``
(through the selectors and the services); domain errors become the contract's JSON errors in
``sei.api.exception_handler``.
"""

import base64
import binascii
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from documentos import selectors as documentos_selectors
from sei import acesso
from sei.api_views import AtorAPIView, erros, unidade_por_sigla
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.models import Usuario
from sei.serializers import ErroSerializer

from . import selectors, services
from .models import Atividade, HipoteseLegal, LeituraAuditada, Processo, TipoProcesso
from .serializers import (
    AndamentoSerializer,
    AtribuirSerializer,
    AtualizarAndamentoSerializer,
    CaixaFiltroSerializer,
    CaixaItemSerializer,
    CredencialConcederSerializer,
    CredencialSerializer,
    EnviarSerializer,
    HipoteseLegalSerializer,
    OutroProcessoSerializer,
    ProcessoAlterarSerializer,
    ProcessoCriarSerializer,
    ProcessoDetalheSerializer,
    ProcessoFiltroSerializer,
    ProcessoResumoSerializer,
    SobrestarSerializer,
    TipoProcessoSerializer,
)

TAG_PROCESSOS = ["processos"]
TAG_REFERENCIA = ["referência"]
TAG_TRAMITACAO = ["tramitação"]


def _validar(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


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


class ProcessoBaseView(AtorAPIView):
    """Endpoints under ``processos/{nup}/``: the process comes from the selector (404 when the
    caller may not know it exists) and the answer is usually its detail."""

    serializer_class = ProcessoDetalheSerializer

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

    def detalhe(self, nup: str, status_code: int = status.HTTP_200_OK) -> Response:
        processo = self.processo(nup)
        _preparar_detalhe(self.ator, processo)
        if processo.acesso_conteudo:
            services.registrar_leitura(
                ator=self.ator, processo=processo, objeto=LeituraAuditada.Objeto.PROCESSO, canal=LeituraAuditada.Canal.API
            )
        return Response(ProcessoDetalheSerializer(processo).data, status=status_code)


def _preparar_detalhe(ator, processo: Processo) -> None:
    """Attach to the instance what the detail shows, each part already access-filtered."""
    conteudo = acesso.pode_ver_conteudo(ator, processo)
    processo.acesso_conteudo = conteudo
    abertas = selectors.unidades_abertas(processo=processo)
    processo.unidades_abertas = abertas
    processo.aberto_na_unidade_atual = any(a.unidade_id == ator.unidade.pk for a in abertas)
    processo.interessados_lista = list(processo.interessados.order_by("ordem", "id")) if conteudo else None
    processo.observacao = None
    if conteudo:
        processo.observacao = (
            Atividade.objects.filter(processo=processo, unidade=ator.unidade)
            .values_list("observacao", flat=True)
            .first()
        )
    visiveis = selectors.processos_visiveis(ator=ator).select_related("tipo").order_by("nup")
    processo.relacionados = list(selectors.processos_relacionados(ator=ator, processo=processo).order_by("nup"))
    processo.anexados_lista = list(selectors.processos_anexados(ator=ator, processo=processo).order_by("nup"))
    principal = None
    if processo.processo_principal_id:
        principal = visiveis.filter(pk=processo.processo_principal_id).first()
    processo.principal_visivel = principal
    # The tree (labels only) is shown to whoever sees the process, as SEI does for outsiders.
    processo.arvore_documentos = documentos_selectors.arvore(ator=ator, processo=processo)


class ProcessosView(ProcessoBaseView):
    serializer_class = ProcessoResumoSerializer

    def get_queryset(self):
        filtros = _validar(ProcessoFiltroSerializer, self.request.query_params)
        qs = selectors.processos_lista(
            ator=self.ator,
            nup=filtros.get("nup"),
            tipo_id=filtros.get("tipo"),
            aberto_na_unidade=filtros.get("aberto_na_unidade"),
            interessado=filtros.get("interessado"),
        )
        # Whether each row's content may be shown, asked of the policy in the same query.
        conteudo = acesso.filtrar_processos_conteudo(Processo.objects.filter(pk=OuterRef("pk")), self.ator)
        return qs.annotate(acesso_conteudo=Exists(conteudo))

    @extend_schema(
        summary="Processos visíveis",
        description=(
            "Processos que o usuário pode ver na unidade atual. Um processo restrito que não tramitou "
            "pela unidade aparece sem especificação (``acesso_conteudo`` falso); sigilosos só com credencial."
        ),
        tags=TAG_PROCESSOS,
        parameters=[ProcessoFiltroSerializer],
        responses={200: ProcessoResumoSerializer(many=True), **erros(400, 404)},
    )
    def get(self, request):
        pagina = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProcessoResumoSerializer(pagina, many=True).data)

    @extend_schema(
        summary="Iniciar processo",
        tags=TAG_PROCESSOS,
        request=ProcessoCriarSerializer,
        responses={201: ProcessoDetalheSerializer, **erros(400)},
    )
    def post(self, request):
        dados = _validar(ProcessoCriarSerializer, request.data)
        processo = services.processo_criar(
            ator=self.ator,
            tipo=dados["tipo"],
            nivel_acesso=dados["nivel_acesso"],
            hipotese_legal=dados["hipotese_legal"],
            especificacao=dados["especificacao"],
            interessados=dados["interessados"],
            observacao=dados["observacao"],
        )
        resposta = self.detalhe(processo.nup, status.HTTP_201_CREATED)
        resposta["Location"] = request.build_absolute_uri(
            reverse("api-processo", kwargs={"nup": processo.nup})
        )
        return resposta


class ProcessoView(ProcessoBaseView):
    @extend_schema(
        summary="Consultar processo",
        description=(
            "Dados do processo, unidades onde está aberto, relacionados e anexados visíveis. Quem só pode "
            "saber que um processo restrito existe recebe ``acesso_conteudo`` falso e, em null, "
            "especificação, interessados e observação."
        ),
        tags=TAG_PROCESSOS,
        responses={200: ProcessoDetalheSerializer, **erros(404)},
    )
    def get(self, request, nup):
        return self.detalhe(nup)

    @extend_schema(
        summary="Alterar processo",
        description="Só os campos enviados mudam; exige o processo aberto na unidade atual.",
        tags=TAG_PROCESSOS,
        request=ProcessoAlterarSerializer,
        responses={200: ProcessoDetalheSerializer, **erros(400, 404, 409)},
    )
    def patch(self, request, nup):
        processo = self.processo(nup)
        dados = _validar(ProcessoAlterarSerializer, request.data)
        services.processo_alterar(ator=self.ator, processo=processo, **dados)
        return self.detalhe(nup)


# --- Operations ------------------------------------------------------------------------------


def _operacao(summary: str, request=None, codigo: int = 200, description: str = "", extra=(400, 404, 409)):
    return extend_schema(
        summary=summary,
        description=description,
        tags=TAG_TRAMITACAO,
        request=request,
        responses={codigo: ProcessoDetalheSerializer, **erros(*extra)},
    )


class EnviarView(ProcessoBaseView):
    @_operacao(
        "Enviar processo",
        EnviarSerializer,
        description=(
            "Abre o processo (não lido) em cada unidade de destino e o conclui na unidade atual, a menos "
            "que ``manter_aberto``. Sigiloso, sobrestado e anexado: 409."
        ),
    )
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = _validar(EnviarSerializer, request.data)
        destinos, desconhecidas = [], []
        for sigla in dados["unidades"]:
            unidade = unidade_por_sigla(self.ator, sigla)
            if unidade is None:
                desconhecidas.append(f"{sigla}: unidade não encontrada.")
            else:
                destinos.append(unidade)
        if desconhecidas:
            raise EntradaInvalida("Unidades de destino inválidas.", errors={"unidades": desconhecidas})
        services.processo_enviar(
            ator=self.ator,
            processo=processo,
            destinos=destinos,
            manter_aberto=dados["manter_aberto"],
            retorno_programado=dados["retorno_programado"],
        )
        return self.detalhe(nup)


class ReceberView(ProcessoBaseView):
    @_operacao(
        "Receber processo",
        description=(
            "Registra o recebimento (primeiro acesso) na unidade atual. Sem efeito, e sem erro, se já "
            "recebido ou se o processo não foi remetido à unidade: veja ``unidades_abertas`` na resposta."
        ),
        extra=(404,),
    )
    def post(self, request, nup):
        services.processo_receber(ator=self.ator, processo=self.processo(nup))
        return self.detalhe(nup)


class ConcluirView(ProcessoBaseView):
    @_operacao("Concluir processo na unidade atual", extra=(404, 409))
    def post(self, request, nup):
        services.processo_concluir(ator=self.ator, processo=self.processo(nup))
        return self.detalhe(nup)


class ReabrirView(ProcessoBaseView):
    @_operacao("Reabrir processo na unidade atual", extra=(404, 409))
    def post(self, request, nup):
        services.processo_reabrir(ator=self.ator, processo=self.processo(nup))
        return self.detalhe(nup)


class SobrestarView(ProcessoBaseView):
    @_operacao("Sobrestar processo", SobrestarSerializer)
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = _validar(SobrestarSerializer, request.data)
        services.processo_sobrestar(ator=self.ator, processo=processo, motivo=dados["motivo"])
        return self.detalhe(nup)


class RemoverSobrestamentoView(ProcessoBaseView):
    @_operacao("Remover sobrestamento", extra=(404, 409))
    def post(self, request, nup):
        services.processo_remover_sobrestamento(ator=self.ator, processo=self.processo(nup))
        return self.detalhe(nup)


class AnexarView(ProcessoBaseView):
    @_operacao(
        "Anexar processo a este",
        OutroProcessoSerializer,
        description="``processo`` passa a fazer parte deste processo, permanentemente.",
    )
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = _validar(OutroProcessoSerializer, request.data)
        services.processo_anexar(
            ator=self.ator, processo=processo, anexado=self.outro_processo(dados["processo"])
        )
        return self.detalhe(nup)


class RelacionarView(ProcessoBaseView):
    @_operacao("Relacionar processos", OutroProcessoSerializer, codigo=201)
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = _validar(OutroProcessoSerializer, request.data)
        services.processo_relacionar(
            ator=self.ator, processo=processo, outro=self.outro_processo(dados["processo"])
        )
        return self.detalhe(nup, status.HTTP_201_CREATED)


class RelacionamentoView(ProcessoBaseView):
    @extend_schema(
        summary="Remover relacionamento",
        description=(
            "Remove a relação entre o processo e ``outro``; só a unidade que os relacionou pode. "
            "Responde com o processo."
        ),
        tags=TAG_TRAMITACAO,
        responses={200: ProcessoDetalheSerializer, **erros(404, 409)},
    )
    def delete(self, request, nup, outro):
        processo = self.processo(nup)
        services.processo_remover_relacionamento(
            ator=self.ator, processo=processo, outro=self.processo(outro)
        )
        return self.detalhe(nup)


class AtribuirView(ProcessoBaseView):
    @_operacao("Atribuir processo", AtribuirSerializer)
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = _validar(AtribuirSerializer, request.data)
        usuario = None
        if dados["usuario"]:
            usuario = (
                selectors.usuarios_da_unidade(unidade=self.ator.unidade).filter(username=dados["usuario"]).first()
            )
            if usuario is None:
                raise EntradaInvalida(
                    f"{dados['usuario']} não pertence à unidade {self.ator.unidade.sigla}.",
                    errors={"usuario": ["Usuário não pertence à unidade."]},
                )
        services.processo_atribuir(ator=self.ator, processo=processo, usuario=usuario)
        return self.detalhe(nup)


class AcessosExternosView(ProcessoBaseView):
    @extend_schema(
        summary="Conceder acesso externo (ainda não disponível)",
        tags=TAG_PROCESSOS,
        request=None,
        responses={501: ErroSerializer, **erros(404)},
    )
    def post(self, request, nup):
        self.processo(nup)  # 404 for what the caller may not know exists
        return Response(
            {"detail": "Acesso externo ainda não disponível.", "code": "nao_implementado"},
            status=status.HTTP_501_NOT_IMPLEMENTED,
        )


# --- Credentials (sigiloso) ------------------------------------------------------------------


class CredenciaisView(ProcessoBaseView):
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
        dados = _validar(CredencialConcederSerializer, request.data)
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


class CassarCredencialView(ProcessoBaseView):
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


class AndamentosView(ProcessoBaseView):
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
        pagina = self.paginate_queryset(selectors.andamentos(ator=self.ator, processo=processo))
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
        dados = _validar(AtualizarAndamentoSerializer, request.data)
        andamento = services.processo_atualizar_andamento(
            ator=self.ator, processo=processo, texto=dados["texto"]
        )
        contexto = {"acesso_conteudo": True}
        return Response(AndamentoSerializer(andamento, context=contexto).data, status=status.HTTP_201_CREATED)


# --- Controle de Processos (the unit inbox) --------------------------------------------------

_FASES = (Atividade.Origem.RECEBIDO, Atividade.Origem.GERADO)


def _cursor(item: selectors.ItemCaixa, direcao: str, total: int) -> str:
    # The total rides along so that following pages need no COUNT over the whole inbox.
    bruto = f"{item.origem}|{item.aberta_em.isoformat()}|{item.pk}|{direcao}|{total}"
    return base64.urlsafe_b64encode(bruto.encode()).decode().rstrip("=")


def _ler_cursor(cursor: str) -> tuple[str, datetime, int, str, int]:
    try:
        bruto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        fase, data, pk, direcao, total = bruto.split("|")
        data = datetime.fromisoformat(data)
        if fase not in _FASES or direcao not in ("n", "p") or data.tzinfo is None or int(total) < 0:
            raise ValueError
        return fase, data, int(pk), direcao, int(total)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise EntradaInvalida("Cursor de paginação inválido.", errors={"cursor": ["Inválido."]}) from None


class CaixaView(AtorAPIView):
    """Controle de Processos: the current unit's open processes, received first, newest first.

    Keyset pagination over ``selectors.caixa_itens`` (ordered ``-aberta_em, -id`` inside each
    origem, the ``atividade_caixa`` index): a deep page costs what the first one costs. The
    cursor is a position (origem, aberta_em, id) and a direction.
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
        filtros = _validar(CaixaFiltroSerializer, request.query_params)
        limite = filtros.get("page_size") or 50
        fases = [filtros["origem"]] if filtros.get("origem") else list(_FASES)

        def itens_de(fase, apos=None, para_tras=False, limite=limite + 1):
            return selectors.caixa_itens(
                ator=self.ator,
                origem=fase,
                meus=filtros["meus"],
                tipo_id=filtros.get("tipo"),
                apos=apos,
                para_tras=para_tras,
                limite=limite,
            )

        if filtros.get("cursor"):
            fase, data, pk, direcao, total = _ler_cursor(filtros["cursor"])
            if fase not in fases:
                raise EntradaInvalida("Cursor de paginação inválido.", errors={"cursor": ["Inválido."]})
        else:
            fase, data, pk, direcao = fases[0], None, None, "n"
            total = selectors.caixa_total(
                ator=self.ator, origem=filtros.get("origem"), meus=filtros["meus"], tipo_id=filtros.get("tipo")
            )
        indice = fases.index(fase)
        apos = (data, pk) if data is not None else None

        if direcao == "n":
            itens = itens_de(fase, apos)
            for seguinte in fases[indice + 1 :]:
                if len(itens) > limite:
                    break
                itens += itens_de(seguinte, limite=limite + 1 - len(itens))
            tem_proximo, tem_anterior = len(itens) > limite, data is not None
            itens = itens[:limite]
        else:
            itens = itens_de(fase, apos, para_tras=True)
            for anterior in reversed(fases[:indice]):
                if len(itens) > limite:
                    break
                itens += itens_de(anterior, para_tras=True, limite=limite + 1 - len(itens))
            tem_proximo, tem_anterior = True, len(itens) > limite
            itens = list(reversed(itens[:limite]))

        url = remove_query_param(request.build_absolute_uri(), "cursor")
        proximo = (
            replace_query_param(url, "cursor", _cursor(itens[-1], "n", total)) if tem_proximo and itens else None
        )
        anterior_url = None
        if tem_anterior:
            anterior_url = replace_query_param(url, "cursor", _cursor(itens[0], "p", total)) if itens else url
        return Response(
            {
                "count": total,
                "next": proximo,
                "previous": anterior_url,
                "results": CaixaItemSerializer(itens, many=True).data,
            }
        )
