"""The process endpoints that answer with the process detail (``GET /api/v1/processos/{nup}/``,
creating a process, and every operation on one): the detail shows the document tree, so these
live above ``processos`` and ``documentos`` (``mesa.apps``). The routes and the behaviour are the
contract's (``/work/shared/API.md``); the work is done by ``processos.services`` and the detail
read by ``mesa.selectors.detalhe_do_processo``, the same read path as the process page."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from processos import selectors, services
from processos.api import TAG_PROCESSOS, TAG_TRAMITACAO, ProcessoAPIView
from processos.models import LeituraAuditada, Processo
from processos.serializers import (
    AtribuirSerializer,
    EnviarSerializer,
    OutroProcessoSerializer,
    ProcessoAlterarSerializer,
    ProcessoCriarSerializer,
    ProcessoFiltroSerializer,
    ProcessoResumoSerializer,
    SobrestarSerializer,
)
from sei import acesso
from sei.api_views import erros, unidade_por_sigla, validar
from sei.exceptions import EntradaInvalida

from .selectors import detalhe_do_processo
from .serializers import ProcessoDetalheSerializer


class ProcessoDetalheAPIView(ProcessoAPIView):
    """A ``processos/{nup}/`` endpoint whose answer is the process detail."""

    serializer_class = ProcessoDetalheSerializer

    def detalhe(self, nup: str, status_code: int = status.HTTP_200_OK) -> Response:
        detalhe = detalhe_do_processo(ator=self.ator, processo=self.processo(nup), canal=LeituraAuditada.Canal.API)
        return Response(ProcessoDetalheSerializer(detalhe).data, status=status_code)


class ProcessosView(ProcessoDetalheAPIView):
    serializer_class = ProcessoResumoSerializer

    def get_queryset(self):
        filtros = validar(ProcessoFiltroSerializer, self.request.query_params)
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
        dados = validar(ProcessoCriarSerializer, request.data)
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


class ProcessoView(ProcessoDetalheAPIView):
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
        dados = validar(ProcessoAlterarSerializer, request.data)
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


class EnviarView(ProcessoDetalheAPIView):
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
        dados = validar(EnviarSerializer, request.data)
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


class ReceberView(ProcessoDetalheAPIView):
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


class ConcluirView(ProcessoDetalheAPIView):
    @_operacao("Concluir processo na unidade atual", extra=(404, 409))
    def post(self, request, nup):
        services.processo_concluir(ator=self.ator, processo=self.processo(nup))
        return self.detalhe(nup)


class ReabrirView(ProcessoDetalheAPIView):
    @_operacao("Reabrir processo na unidade atual", extra=(404, 409))
    def post(self, request, nup):
        services.processo_reabrir(ator=self.ator, processo=self.processo(nup))
        return self.detalhe(nup)


class SobrestarView(ProcessoDetalheAPIView):
    @_operacao("Sobrestar processo", SobrestarSerializer)
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(SobrestarSerializer, request.data)
        services.processo_sobrestar(ator=self.ator, processo=processo, motivo=dados["motivo"])
        return self.detalhe(nup)


class RemoverSobrestamentoView(ProcessoDetalheAPIView):
    @_operacao("Remover sobrestamento", extra=(404, 409))
    def post(self, request, nup):
        services.processo_remover_sobrestamento(ator=self.ator, processo=self.processo(nup))
        return self.detalhe(nup)


class AnexarView(ProcessoDetalheAPIView):
    @_operacao(
        "Anexar processo a este",
        OutroProcessoSerializer,
        description="``processo`` passa a fazer parte deste processo, permanentemente.",
    )
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(OutroProcessoSerializer, request.data)
        services.processo_anexar(
            ator=self.ator, processo=processo, anexado=self.outro_processo(dados["processo"])
        )
        return self.detalhe(nup)


class RelacionarView(ProcessoDetalheAPIView):
    @_operacao("Relacionar processos", OutroProcessoSerializer, codigo=201)
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(OutroProcessoSerializer, request.data)
        services.processo_relacionar(
            ator=self.ator, processo=processo, outro=self.outro_processo(dados["processo"])
        )
        return self.detalhe(nup, status.HTTP_201_CREATED)


class RelacionamentoView(ProcessoDetalheAPIView):
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


class AtribuirView(ProcessoDetalheAPIView):
    @_operacao("Atribuir processo", AtribuirSerializer)
    def post(self, request, nup):
        processo = self.processo(nup)
        dados = validar(AtribuirSerializer, request.data)
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
