"""Building blocks of the backend contract suite: entries without a database, and the backends
under test (each in its own empty index)."""

from datetime import UTC, datetime

from busca import consulta
from busca.backends.base import Filtro
from busca.entradas import Entrada

LEITOR = ("o:1", "u:10", "c:5:10")  # the principals of a user of unit 10 in órgão 1


def entrada(numero: int, texto: str, **campos) -> Entrada:
    dados = {
        "chave": f"d:{numero}",
        "tipo": "documento",
        "natureza": "interno",
        "processo_id": 1000 + numero // 10,
        "nup": f"12345.{numero:06d}/2026-00",
        "documento_id": numero,
        "numero_sei": 5000 + numero,
        "tipo_processo_id": 1,
        "tipo_documento_id": 7,
        "unidade_geradora_id": 10,
        "data": datetime(2026, 1, 1 + numero % 28, 12, tzinfo=UTC),
        "titulo": f"Ofício {numero}",
        "texto": texto,
        "interessados": "Maria da Silva",
        "leitores": ("o:1",),
        "unidades": (10,),
    }
    dados.update(campos)
    return Entrada(**dados)


def buscar(backend, texto: str, leitores=LEITOR, **kwargs):
    filtros = {k: v for k, v in kwargs.items() if k in Filtro.__dataclass_fields__}
    opcoes = {k: v for k, v in kwargs.items() if k not in filtros}
    if "interessado" in filtros and isinstance(filtros["interessado"], str):
        filtros["interessado"] = consulta.interpretar(filtros["interessado"])
    return backend.buscar(consulta.interpretar(texto), Filtro(leitores=leitores, **filtros), **opcoes)


def chaves(pagina) -> set[str]:
    return {a.chave for a in pagina.acertos}
