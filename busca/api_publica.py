"""HTTP API of the pesquisa pública (no login): ``GET /api/v1/publico/pesquisa/`` and
``GET /api/v1/publico/processos/{nup}/``. The same read path as the pages (``busca.publica``):
same filters, same masking, same 404 for what the public may not see, same limit per address.

Anonymous only: no authentication class runs here, so a token or a session (internal or
external) is ignored and gives exactly what anybody gets. The signed PDF is not offered (as on
the page: it cannot be masked without breaking the signature)."""

from axes.helpers import get_client_ip_address
from django.core import signing
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from sei.exceptions import EntradaInvalida
from sei.serializers import ErroSerializer

from . import publica

_SAL_CURSOR = "busca.publica.cursor"
MAX_INICIO = 1_000
_DATA_HORA = serializers.DateTimeField()
TAGS = ["pesquisa pública"]
ERROS = {400: ErroSerializer, 404: ErroSerializer, 429: ErroSerializer}


class FiltrosPublicosSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Palavras (texto completo)."
    )
    nup = serializers.CharField(required=False, allow_blank=True, max_length=30)
    numero_sei = serializers.CharField(required=False, allow_blank=True, max_length=14)
    interessado = serializers.CharField(required=False, allow_blank=True, max_length=200)
    tipo_processo = serializers.IntegerField(
        required=False, help_text="id de um tipo aberto à pesquisa pública."
    )
    de = serializers.DateField(required=False)
    ate = serializers.DateField(required=False)
    cursor = serializers.CharField(required=False, help_text="Use o endereço de next.")

    def validate_tipo_processo(self, valor):
        if not publica.tipos_publicos().filter(pk=valor).exists():
            raise serializers.ValidationError("Tipo de processo não aberto à pesquisa pública.")
        return valor


class ItemPublicoSerializer(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=[("processo", "processo"), ("documento", "documento")])
    nup = serializers.CharField()
    numero_sei = serializers.IntegerField(allow_null=True)
    titulo = serializers.CharField()
    trecho = serializers.CharField(help_text="HTML: escapado, CPF/CNPJ mascarados, acertos em <mark>.")
    data = serializers.DateTimeField()
    url = serializers.URLField()


class PaginaPublicaSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ItemPublicoSerializer(many=True)


class DocumentoPublicoSerializer(serializers.Serializer):
    numero_sei = serializers.IntegerField()
    documento = serializers.CharField()
    data = serializers.DateTimeField()
    url = serializers.URLField(help_text="A página do documento (HTML, CPF/CNPJ mascarados).")


class AndamentoPublicoSerializer(serializers.Serializer):
    data = serializers.DateTimeField()
    unidade = serializers.CharField()
    descricao = serializers.CharField()


class ProcessoPublicoSerializer(serializers.Serializer):
    nup = serializers.CharField()
    nup_formatado = serializers.CharField()
    tipo = serializers.CharField()
    especificacao = serializers.CharField()
    interessados = serializers.ListField(child=serializers.CharField())
    unidade_geradora = serializers.CharField()
    autuado_em = serializers.DateTimeField()
    documentos = DocumentoPublicoSerializer(many=True)
    andamentos = AndamentoPublicoSerializer(many=True)


class PublicaAPIView(APIView):
    """Anonymous only; every request counts against the address's limit (429)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        publica.limitar(get_client_ip_address(request) or "?")


def _inicio(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        inicio = signing.loads(cursor, salt=_SAL_CURSOR)
    except signing.BadSignature:
        inicio = None
    if not isinstance(inicio, int) or not 0 < inicio <= MAX_INICIO:
        raise EntradaInvalida("Cursor inválido.", errors={"cursor": ["Use o endereço de next/previous."]})
    return inicio


def _url_item(request, item) -> str:
    if item.tipo == "documento":
        return request.build_absolute_uri(reverse("publico:documento", args=[item.numero_sei]))
    return request.build_absolute_uri(reverse("api-publico-processo", args=[item.nup]))


class PesquisaPublicaView(PublicaAPIView):
    @extend_schema(
        summary="Pesquisa pública",
        description=(
            "Sem login: processos públicos dos tipos abertos pelo órgão e seus documentos assinados "
            "públicos, com os filtros da página /publico/pesquisa/ (``q`` = palavras). CPF e CNPJ saem "
            "mascarados; uma pesquisa com CPF ou CNPJ em ``q`` ou ``interessado`` é recusada (400). "
            "Paginação por cursor (siga ``next``). 400: pesquisa malformada, vazia, período invertido, "
            "cursor inválido; 429: muitos pedidos do mesmo endereço. Token ou sessão são ignorados."
        ),
        tags=TAGS,
        parameters=[FiltrosPublicosSerializer],
        responses={200: PaginaPublicaSerializer, **ERROS},
        auth=[],
    )
    def get(self, request):
        entrada = FiltrosPublicosSerializer(data=request.query_params)
        if not entrada.is_valid():
            raise EntradaInvalida("Parâmetros inválidos.", errors=entrada.errors)
        dados = entrada.validated_data
        filtros = publica.FiltrosPublicos(
            texto=dados.get("q", "").strip(),
            nup=dados.get("nup", "").strip(),
            numero_sei=dados.get("numero_sei", "").strip().replace(".", ""),
            interessado=dados.get("interessado", "").strip(),
            tipo_processo_id=dados.get("tipo_processo"),
            de=dados.get("de"),
            ate=dados.get("ate"),
        )
        inicio = _inicio(dados.get("cursor"))
        quantidade = publica.POR_PAGINA
        itens = publica.pesquisar(filtros=filtros, inicio=inicio, quantidade=quantidade + 1)
        ha_mais = len(itens) > quantidade and inicio + quantidade <= MAX_INICIO
        url = remove_query_param(request.build_absolute_uri(), "cursor")
        anterior = max(0, inicio - quantidade)

        def com_cursor(n):
            return replace_query_param(url, "cursor", signing.dumps(n, salt=_SAL_CURSOR)) if n else url

        return Response(
            {
                "next": com_cursor(inicio + quantidade) if ha_mais else None,
                "previous": com_cursor(anterior) if inicio > 0 else None,
                "results": [
                    {
                        "tipo": i.tipo,
                        "nup": i.nup,
                        "numero_sei": i.numero_sei,
                        "titulo": i.titulo,
                        "trecho": i.trecho,
                        "data": _DATA_HORA.to_representation(i.data),
                        "url": _url_item(request, i),
                    }
                    for i in itens[:quantidade]
                ],
            }
        )


class ProcessoPublicoView(PublicaAPIView):
    @extend_schema(
        summary="Processo na pesquisa pública",
        description=(
            "Dados (CPF/CNPJ mascarados), documentos assinados públicos e histórico resumido de um "
            "processo da pesquisa pública — o mesmo que a página /publico/processos/{nup}/. 404 para "
            "o que o público não vê (restrito, sigiloso, tipo não aberto), igual ao inexistente."
        ),
        tags=TAGS,
        responses={200: ProcessoPublicoSerializer, **ERROS},
        auth=[],
    )
    def get(self, request, nup):
        d = publica.detalhe_do_processo(nup=nup)
        p = d.processo
        return Response(
            {
                "nup": p.nup,
                "nup_formatado": p.nup_formatado,
                "tipo": p.tipo.nome,
                "especificacao": d.especificacao,
                "interessados": d.interessados,
                "unidade_geradora": d.unidade,
                "autuado_em": _DATA_HORA.to_representation(p.criado_em),
                "documentos": [
                    {
                        "numero_sei": doc.numero_sei,
                        "documento": doc.rotulo,
                        "data": _DATA_HORA.to_representation(doc.criado_em),
                        "url": request.build_absolute_uri(
                            reverse("publico:documento", args=[doc.numero_sei])
                        ),
                    }
                    for doc in d.documentos
                ],
                "andamentos": [
                    {
                        "data": _DATA_HORA.to_representation(a.criado_em),
                        "unidade": a.unidade.sigla,
                        "descricao": a.get_tipo_display(),
                    }
                    for a in d.andamentos
                ],
            }
        )
