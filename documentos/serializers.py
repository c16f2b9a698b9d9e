from rest_framework import serializers

from processos.models import NivelAcesso

from .models import Documento


class DocumentoArvoreSerializer(serializers.ModelSerializer):
    """A node of the process tree: ``Ofício 12 (0000123)``."""

    numero_sei_formatado = serializers.CharField(read_only=True)
    rotulo = serializers.CharField(read_only=True)
    tipo = serializers.CharField(source="tipo.nome", read_only=True)
    nivel_acesso = serializers.SerializerMethodField()
    unidade_geradora = serializers.CharField(source="unidade_geradora.sigla", read_only=True)

    class Meta:
        model = Documento
        fields = [
            "numero_sei",
            "numero_sei_formatado",
            "rotulo",
            "tipo",
            "numero",
            "natureza",
            "estado",
            "nivel_acesso",
            "unidade_geradora",
            "criado_em",
        ]
        read_only_fields = fields

    def get_nivel_acesso(self, documento) -> str:
        return NivelAcesso(documento.nivel_acesso).chave
