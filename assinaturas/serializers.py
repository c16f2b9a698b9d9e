from rest_framework import serializers


class AssinarSerializer(serializers.Serializer):
    senha = serializers.CharField(trim_whitespace=False, max_length=512, style={"input_type": "password"})
    cargo = serializers.CharField(max_length=120)


class AssinaturaSerializer(serializers.Serializer):
    nome = serializers.CharField()
    cargo = serializers.CharField()
    unidade = serializers.CharField()
    data = serializers.DateTimeField()
    nivel = serializers.ChoiceField(choices=["eletronica", "qualificada"])
    tipo = serializers.ChoiceField(choices=["assinatura", "autenticacao"])


class AssinaturaFeitaSerializer(serializers.Serializer):
    codigo_verificador = serializers.CharField(help_text="O número SEI do documento, com 7 dígitos.")
    codigo_crc = serializers.CharField(help_text="Código de conferência (HMAC), em grupos: 4F2A-91C0-77E3-B0D5.")
    assinaturas = AssinaturaSerializer(many=True)


class CargoSerializer(serializers.Serializer):
    cargo = serializers.CharField()


class PrepararSerializer(serializers.Serializer):
    cargo = serializers.CharField(max_length=120)


class PreparacaoSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Identificador da preparação, para o ``concluir/``.")
    digest = serializers.CharField(
        help_text="Resumo SHA-256 (base64) dos intervalos assinados do PDF preparado: o ``messageDigest`` do CMS."
    )
    algoritmo = serializers.ChoiceField(choices=["sha256"])
    expira_em = serializers.DateTimeField(help_text="Depois disso a preparação não é mais aceita.")


class ConcluirSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    # 64 KiB of hex room in the PDF: a CMS of more than 32 KiB never fits.
    cms = serializers.CharField(max_length=60000, help_text="O CMS (SignedData, DER) em base64.")
