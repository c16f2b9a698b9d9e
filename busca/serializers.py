"""Input and output of ``GET /api/v1/busca/``. The input serializer only parses; the selector
decides (a malformed query, a bad cursor, a reversed period are its domain errors)."""

from rest_framework import serializers

ID_MAXIMO = 2**63 - 1  # bigint ids: a larger number is refused here, not by the database

TIPOS = [
    ("processo", "Processos"),
    ("documento", "Documentos (internos e externos)"),
    ("interno", "Documentos internos (gerados no editor)"),
    ("externo", "Documentos externos (recebidos)"),
]
# What a result is (named in SPECTACULAR_SETTINGS: documents have a "natureza" of their own).
NATUREZAS = [("processo", "processo"), ("interno", "interno"), ("externo", "externo")]
ORDENS = [("relevancia", "Relevância"), ("data", "Data (mais recentes primeiro)")]
POR_PAGINA_MAXIMO = 50
Q_MAXIMO = 1000

_DATA = {"invalid": "Data inválida: use AAAA-MM-DD."}
_ID = {
    "invalid": "Informe o id (um número inteiro).",
    "min_value": "Informe um id positivo.",
    "max_value": "Id fora do intervalo.",
}


class PesquisaFiltroSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=Q_MAXIMO,
        help_text=(
            'O que pesquisar: palavras (todas precisam aparecer), "frase entre aspas", ``prefixo*``, '
            "os operadores E, OU, NÃO e ``-palavra``. Um NUP (com ou sem pontuação) ou um número SEI "
            "responde só com aquele processo ou documento, se o usuário puder conhecê-lo."
        ),
        error_messages={
            "required": "Informe o que pesquisar (parâmetro q).",
            "blank": "Informe o que pesquisar (parâmetro q).",
            "max_length": f"A pesquisa pode ter até {Q_MAXIMO} caracteres.",
        },
    )
    tipo = serializers.ChoiceField(
        choices=TIPOS,
        required=False,
        error_messages={"invalid_choice": "Tipo inválido: use processo, documento, interno ou externo."},
    )
    tipo_processo = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAXIMO,
        help_text="id do tipo de processo.",
        error_messages=_ID,
    )
    tipo_documento = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAXIMO,
        help_text="id do tipo de documento.",
        error_messages=_ID,
    )
    unidade = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Sigla da unidade geradora (``ORGAO:SIGLA`` para a de outro órgão).",
    )
    de = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Gerados a partir desta data (AAAA-MM-DD).",
        error_messages=_DATA,
    )
    ate = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Gerados até esta data, inclusive (AAAA-MM-DD).",
        error_messages=_DATA,
    )
    interessado = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Palavras do nome de um interessado do processo.",
    )
    tramitacao = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Só processos (e seus documentos) que tramitaram pela unidade atual.",
    )
    processo = serializers.CharField(
        required=False,
        max_length=30,
        help_text="NUP: pesquisar só neste processo (que o usuário precisa poder conhecer; senão, 404).",
    )
    ordem = serializers.ChoiceField(
        choices=ORDENS,
        required=False,
        default="relevancia",
        error_messages={"invalid_choice": "Ordem inválida: use relevancia ou data."},
    )
    cursor = serializers.CharField(required=False, help_text="Cursor das ligações next/previous.")
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=POR_PAGINA_MAXIMO,
        error_messages={"max_value": f"No máximo {POR_PAGINA_MAXIMO} por página."},
    )


class ResultadoSerializer(serializers.Serializer):
    """A ``busca.selectors.Item`` (documentation only: the view writes the dicts out)."""

    tipo = serializers.ChoiceField(choices=[("processo", "processo"), ("documento", "documento")])
    natureza = serializers.ChoiceField(choices=NATUREZAS)
    nup = serializers.CharField(help_text="17 dígitos, sem pontuação.")
    numero_sei = serializers.IntegerField(allow_null=True, help_text="Documentos; null para processos.")
    titulo = serializers.CharField()
    trecho = serializers.CharField(
        help_text="HTML: o texto escapado, com as palavras encontradas em ``<mark>``."
    )
    data = serializers.DateTimeField(help_text="Criação do processo ou do documento.")
    url = serializers.URLField(help_text="Endereço do processo ou do documento nesta API.")
