"""Serializers of the organisation (read-only reference data for integrations)."""

from rest_framework import serializers

from sei.models import Unidade


class UnidadeSerializer(serializers.ModelSerializer):
    orgao = serializers.CharField(source="orgao.sigla", read_only=True, help_text="Sigla do órgão.")
    superior = serializers.CharField(
        source="superior.sigla",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Sigla da unidade superior.",
    )

    class Meta:
        model = Unidade
        fields = ["sigla", "nome", "orgao", "superior", "recebe_processos", "email"]
        read_only_fields = fields


class ErroSerializer(serializers.Serializer):
    """The contract's error body."""

    detail = serializers.CharField(help_text="Mensagem em português.")
    code = serializers.CharField(help_text="Código para máquinas.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=(
            "Erros por campo (só em 400): lista de mensagens; num campo que é lista, as mensagens de "
            'cada item pela posição ({"interessados": {"0": ["..."]}}).'
        ),
    )
