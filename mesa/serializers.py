"""The process detail as the API returns it (``GET /api/v1/processos/{nup}/`` and the answer of
every operation on a process): ``mesa.selectors.DetalheProcesso``, rendered."""

from rest_framework import serializers

from documentos.serializers import DocumentoArvoreSerializer
from processos.serializers import (
    HipoteseRefSerializer,
    InteressadoSerializer,
    ProcessoRefSerializer,
    ProcessoResumoSerializer,
    UnidadeAbertaSerializer,
)


class ProcessoDetalheSerializer(ProcessoResumoSerializer):
    """Without content access (restrito seen by an outsider) the content fields are null and the
    lists of related and annexed processes empty; the tree shows its entries, never content."""

    hipotese_legal = HipoteseRefSerializer(allow_null=True)
    sobrestamento_motivo = serializers.CharField(
        allow_blank=True, allow_null=True, help_text="Texto livre: null para quem só sabe que o processo existe."
    )
    aberto_na_unidade_atual = serializers.BooleanField(source="aberto_aqui")
    unidades_abertas = UnidadeAbertaSerializer(many=True, help_text="Unidades onde o processo está aberto.")
    interessados = InteressadoSerializer(many=True, allow_null=True)
    observacao = serializers.CharField(
        allow_null=True, allow_blank=True, help_text="Observação da unidade atual (privada da unidade)."
    )
    relacionados = ProcessoRefSerializer(many=True, help_text="Processos relacionados que o usuário pode ver.")
    anexados = ProcessoRefSerializer(many=True)
    processo_principal = ProcessoRefSerializer(allow_null=True, source="principal")
    documentos = DocumentoArvoreSerializer(
        many=True, source="arvore", help_text="Árvore de documentos, na ordem de inclusão."
    )

    def to_representation(self, instance):
        dados = super().to_representation(instance)
        if not instance.acesso_conteudo:
            dados["sobrestamento_motivo"] = None
        return dados
