#!/usr/bin/env python
"""Benchmark da busca: documentos indexados por segundo e o tempo das consultas (p50/p95) em cada
backend (Whoosh, PostgreSQL, tantivy), num corpus sintético em português.

Não passa pelo ORM dos processos: gera ``busca.entradas.Entrada`` direto, em lotes de 500 (a
memória não cresce com ``--docs``), e os indexa com ``backend.indexar``, ``--lote`` (2.000) por
commit, como o ``manage.py reindexar``. O texto de cada documento
(200 a 1.000 palavras) sorteia palavras de ``bench/dados/palavras_pt.txt`` com frequências de Zipf
(a palavra da linha n tem peso 1/n), em frases, com expressões do SEI ("prestação de contas",
"nota de empenho"...) e números (nº, valores, datas). Leitores como os da regra de acesso: 10
órgãos de 20 unidades; 70% dos processos públicos (``o:<órgão>`` de cada órgão por onde passou),
30% restritos (``u:<unidade>`` das 1–5 unidades por onde passou); 5% dos documentos são minutas
(``u:<unidade geradora>``).

Depois mede classes de consulta — uma palavra comum, uma média, uma rara, duas palavras, três, uma
frase, um prefixo e a palavra comum por data —, cada uma global, na unidade (``unidade_tramitacao``)
e num processo, sempre com o filtro de acesso de um usuário de verdade (``o:<órgão>``,
``u:<unidade>``). Cada acerto é conferido contra os leitores gerados: um só que o usuário não
pudesse ler faz o script sair com 1.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sei_bench_busca \\
    SEI_SECRET_KEY=uma-chave-qualquer-so-para-o-benchmark-0123456789abcdef \\
    SEI_HISTORICO_CHAVES=b1:chave-do-benchmark-0123456789abcdefghij \\
        .venv/bin/python bench/busca.py --docs 20000 --backend tantivy [--consultas 200]
        [--pasta DIR] [--so-consultas] [--semente 1] [--lote 2000] [--fumaca]

- Whoosh e tantivy: índice novo numa pasta temporária, apagada no fim; com ``--pasta`` o índice
  fica lá (esvaziado antes), e ``--so-consultas --pasta DIR`` mede de novo sem reindexar.
- PostgreSQL: cria o banco de ``DATABASE_URL`` se faltar e aplica as migrações; esvazia
  ``busca_trecho`` (``DELETE``) e indexa; ``--so-consultas`` reaproveita a tabela.
- ``--so-consultas`` precisa dos mesmos ``--docs`` e ``--semente`` da indexação (os leitores e
  as unidades são gerados de novo para escolher os usuários e conferir os acertos).
- ``--fumaca``: 300 documentos e 10 consultas por classe, em Whoosh e tantivy (ou só no
  ``--backend`` dado; PostgreSQL num banco ``<nome>_fumaca`` criado e apagado), em segundos.
"""

import argparse
import bisect
import itertools
import os
import random
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")

PALAVRAS = RAIZ / "bench" / "dados" / "palavras_pt.txt"
BACKENDS = ("whoosh", "postgres", "tantivy")
LOTE = 500
ORGAOS = 10
UNIDADES_POR_ORGAO = 20
FUMACA = {"docs": 300, "consultas": 10}
SUFIXO_FUMACA = "_fumaca"
INICIO_DATAS = datetime(2015, 1, 1, tzinfo=UTC)
DIAS_DATAS = 11 * 365

FRASES_SEI = [
    "prestação de contas", "processo administrativo", "nota de empenho", "termo de referência",
    "dispensa de licitação", "ordem bancária", "estudo técnico preliminar", "ata de registro de preços",
    "termo aditivo", "pregão eletrônico", "inexigibilidade de licitação", "Diário Oficial da União",
    "reserva orçamentária", "fiscal do contrato", "gestor do contrato", "processo administrativo disciplinar",
    "tomada de contas especial", "regularidade fiscal", "ajuda de custo", "auxílio alimentação",
    "adicional noturno", "abono de permanência", "licença para capacitação", "Lei de Acesso à Informação",
    "proteção de dados pessoais", "mapa de riscos", "pesquisa de preços", "garantia contratual",
    "recurso administrativo", "certidão negativa de débitos",
]  # fmt: skip
TIPOS_DOCUMENTO = ["Ofício", "Despacho", "Memorando", "Nota Técnica", "Parecer", "Relatório", "Informação",
                   "Termo de Referência", "Edital", "Contrato", "Portaria", "Nota de Empenho"]  # fmt: skip
NOMES = ["Maria", "José", "Ana", "João", "Francisca", "Antônio", "Adriana", "Carlos", "Juliana", "Paulo",
         "Márcia", "Pedro", "Fernanda", "Lucas", "Patrícia", "Marcos", "Aline", "Luiz", "Sandra", "Gabriel"]  # fmt: skip
SOBRENOMES = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
              "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Araújo", "Fernandes"]  # fmt: skip
EMPRESAS = ["Construtora Horizonte Ltda.", "Limpeza Brasil Serviços S.A.", "Papelaria Central ME",
            "Tecnologia e Sistemas Ltda.", "Vigilância Patrimonial Segura Ltda."]  # fmt: skip

# Query classes by the rank of their words in the list (its first lines are function words).
COMUNS = (285, 400)
MEDIAS = (800, 1500)
RARAS = (2900, None)


def sair(mensagem: str, codigo: int = 2) -> None:
    print(mensagem, file=sys.stderr)
    sys.exit(codigo)


# --- The corpus ---------------------------------------------------------------------------------


def orgao_de(unidade: int) -> int:
    return (unidade - 1) // UNIDADES_POR_ORGAO + 1


@dataclass(frozen=True, slots=True)
class Proc:
    id: int
    primeiro: int  # index of its first document
    docs: int
    tipo: int
    unidades: tuple[int, ...]  # where it passed; the first generated it
    restrito: bool
    interessados: str
    inicio: datetime

    def leitores(self) -> tuple[str, ...]:
        if self.restrito:
            return tuple(sorted({f"u:{u}" for u in self.unidades}))
        return tuple(sorted({f"o:{orgao_de(u)}" for u in self.unidades}))


def processos(docs: int, semente: int) -> list[Proc]:
    """The processes of a corpus of ``docs`` documents (1–15 each): small, kept whole; the texts
    are generated batch by batch."""
    rng = random.Random(semente)
    total_unidades = ORGAOS * UNIDADES_POR_ORGAO
    lista, primeiro = [], 0
    while primeiro < docs:
        n = min(rng.randint(1, 15), docs - primeiro)
        geradora = rng.randint(1, total_unidades)
        unidades = [geradora]
        for _ in range(rng.randint(0, 4)):
            if rng.random() < 0.8:  # mostly within the órgão
                base = (orgao_de(geradora) - 1) * UNIDADES_POR_ORGAO
                unidades.append(base + rng.randint(1, UNIDADES_POR_ORGAO))
            else:
                unidades.append(rng.randint(1, total_unidades))
        pessoas = [f"{rng.choice(NOMES)} {rng.choice(SOBRENOMES)}" for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.3:
            pessoas.append(rng.choice(EMPRESAS))
        lista.append(
            Proc(
                id=len(lista) + 1,
                primeiro=primeiro,
                docs=n,
                tipo=rng.randint(1, 50),
                unidades=tuple(dict.fromkeys(unidades)),
                restrito=rng.random() < 0.3,
                interessados=", ".join(pessoas),
                inicio=INICIO_DATAS + timedelta(days=rng.randrange(DIAS_DATAS), seconds=rng.randrange(86400)),
            )
        )
        primeiro += n
    return lista


def minuta(indice: int) -> bool:
    """5% of the documents, by a hash of the index (the same when only querying)."""
    return (indice * 2654435761) % 2**32 % 100 < 5


def unidade_do_documento(proc: Proc, indice: int) -> int:
    return proc.unidades[(indice - proc.primeiro) % len(proc.unidades)]


def leitores_do_documento(proc: Proc, indice: int) -> tuple[str, ...]:
    return (f"u:{unidade_do_documento(proc, indice)}",) if minuta(indice) else proc.leitores()


class Gerador:
    def __init__(self, palavras: list[str]):
        self.palavras = palavras
        self.acumulados = list(itertools.accumulate(1 / posicao for posicao in range(1, len(palavras) + 1)))
        self.frases_acumuladas = list(itertools.accumulate(1 / p for p in range(1, len(FRASES_SEI) + 1)))

    def numero(self, rng: random.Random) -> str:
        escolha = rng.randrange(4)
        if escolha == 0:
            return f"nº {rng.randint(1, 9999)}/{rng.randint(2015, 2026)}"
        if escolha == 1:
            reais = f"{rng.randint(100, 9_999_999):,}".replace(",", ".")
            return f"R$ {reais},{rng.randint(0, 99):02d}"
        if escolha == 2:
            return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2026)}"
        return f"Lei nº {rng.choice(['8.112', '8.666', '9.784', '14.133', '12.527', '13.709'])}"

    def texto(self, rng: random.Random, palavras: int) -> str:
        sorteadas = rng.choices(self.palavras, cum_weights=self.acumulados, k=palavras)
        frases, i = [], 0
        while i < palavras:
            frase = sorteadas[i : i + rng.randint(8, 24)]
            i += len(frase)
            if rng.random() < 0.1:
                expressao = rng.choices(FRASES_SEI, cum_weights=self.frases_acumuladas)[0]
                frase.insert(rng.randrange(len(frase) + 1), expressao)
            if rng.random() < 0.15:
                frase.insert(rng.randrange(len(frase) + 1), self.numero(rng))
            frase[0] = frase[0][:1].upper() + frase[0][1:]
            frases.append(" ".join(frase) + ("," if rng.random() < 0.1 else "."))
        return " ".join(frases)


def lotes(procs: list[Proc], gerador: Gerador, semente: int):
    """The corpus's entries, ``LOTE`` at a time; each batch has its own seed."""
    from busca.entradas import Entrada

    lote, numero = [], 0
    rng = random.Random(f"{semente}:0")
    for proc in procs:
        for indice in range(proc.primeiro, proc.primeiro + proc.docs):
            tipo = TIPOS_DOCUMENTO[rng.randrange(len(TIPOS_DOCUMENTO))]
            ano = proc.inicio.year
            lote.append(
                Entrada(
                    chave=f"d:{indice + 1}",
                    tipo="documento",
                    natureza="externo" if rng.random() < 0.2 else "interno",
                    processo_id=proc.id,
                    nup=f"99903.{proc.id:06d}/{ano}-{proc.id % 97:02d}",
                    documento_id=indice + 1,
                    numero_sei=1_000_000 + indice,
                    tipo_processo_id=proc.tipo,
                    tipo_documento_id=TIPOS_DOCUMENTO.index(tipo) + 1,
                    unidade_geradora_id=unidade_do_documento(proc, indice),
                    data=proc.inicio + timedelta(days=indice - proc.primeiro, minutes=rng.randrange(600)),
                    titulo=f"{tipo} {rng.randint(1, 999)}/{ano}",
                    texto=gerador.texto(rng, rng.randint(200, 1000)),
                    interessados=proc.interessados,
                    leitores=leitores_do_documento(proc, indice),
                    unidades=proc.unidades,
                )
            )
            if len(lote) == LOTE:
                yield lote
                lote, numero = [], numero + 1
                rng = random.Random(f"{semente}:{numero}")
    if lote:
        yield lote


# --- The backends -------------------------------------------------------------------------------


def abrir_backend(nome: str, pasta: Path | None):
    from busca.backends.postgres import PostgresBackend
    from busca.backends.tantivy import TantivyBackend
    from busca.backends.whoosh import WhooshBackend

    if nome == "postgres":
        return PostgresBackend()
    return {"whoosh": WhooshBackend, "tantivy": TantivyBackend}[nome](pasta=pasta)


def tamanho(nome: str, pasta: Path | None) -> str:
    if nome == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('busca_trecho')")
            (bytes_,) = cursor.fetchone()
    else:
        bytes_ = sum(p.stat().st_size for p in pasta.rglob("*") if p.is_file())
    return f"{bytes_ / 2**20:.1f} MB"


def indexar(
    nome: str, backend, procs: list[Proc], gerador: Gerador, docs: int, semente: int, por_vez: int
) -> None:
    """Index the corpus ``por_vez`` entries per ``backend.indexar`` call (one commit each), as
    ``manage.py reindexar --lote`` does; only the time inside ``backend.indexar`` counts."""
    backend.limpar()
    gastos, inicio = 0.0, time.perf_counter()
    feitos, avisado, pendentes = 0, 0, []

    def gravar():
        nonlocal gastos, feitos
        comeco = time.perf_counter()
        backend.indexar(pendentes, [])
        gastos += time.perf_counter() - comeco
        feitos += len(pendentes)
        pendentes.clear()

    for lote in lotes(procs, gerador, semente):
        pendentes.extend(lote)
        if len(pendentes) >= por_vez:
            gravar()
            if feitos - avisado >= 20_000:
                avisado = feitos
                print(f"  {feitos} documentos indexados ({feitos / gastos:.1f}/s)...", flush=True)
    if pendentes:
        gravar()
    total = time.perf_counter() - inicio
    print(
        f"{nome}: {docs} documentos em {gastos:.1f} s de indexar → {docs / gastos:.1f} documentos/s "
        f"(lotes de {por_vez}; mais {total - gastos:.1f} s gerando o corpus)"
    )
    if nome == "postgres":
        from django.db import connection

        comeco = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE busca_trecho")
        print(f"  VACUUM ANALYZE busca_trecho: {time.perf_counter() - comeco:.1f} s")


# --- The queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pedido:
    consulta: object
    filtro: object
    ordem: str
    unidade: int  # the caller's


class Consultas:
    def __init__(self, palavras: list[str], procs: list[Proc], semente: int):
        from busca import analise

        self.analise = analise
        self.rng = random.Random(f"{semente}:consultas")
        self.procs = procs
        self.palavras = palavras

    def palavra(self, faixa: tuple[int, int | None]) -> str:
        while True:
            valor = self.analise.normalizar(self.rng.choice(self.palavras[faixa[0] : faixa[1]]))
            if valor:
                return valor

    def classes(self) -> dict:
        from busca.consulta import E, Frase, Prefixo, Termo

        def frase():
            while True:
                termos = tuple(self.analise.termos(self.rng.choice(FRASES_SEI)))
                if len(termos) >= 2:
                    return Frase(termos)

        def prefixo():
            while True:
                palavra = self.rng.choice(self.palavras[COMUNS[0] : MEDIAS[1]])
                if len(palavra) >= 7:
                    return Prefixo(self.analise.dobrar(palavra[:5]))

        return {
            "comum": (lambda: Termo(self.palavra(COMUNS)), "relevancia"),
            "media": (lambda: Termo(self.palavra(MEDIAS)), "relevancia"),
            "rara": (lambda: Termo(self.palavra(RARAS)), "relevancia"),
            "duas palavras": (
                lambda: E((Termo(self.palavra(COMUNS)), Termo(self.palavra(MEDIAS)))),
                "relevancia",
            ),
            "três palavras": (
                lambda: E(tuple(Termo(self.palavra(f)) for f in (COMUNS, MEDIAS, MEDIAS))),
                "relevancia",
            ),
            "frase": (frase, "relevancia"),
            "prefixo": (prefixo, "relevancia"),
            "comum por data": (lambda: Termo(self.palavra(COMUNS)), "data"),
        }

    def pedido(self, fazer, ordem: str, escopo: str) -> Pedido:
        from busca.backends.base import Filtro

        # A user of a unit the process passed through: they may read it, by órgão or by unit.
        proc = self.rng.choice(self.procs)
        unidade = self.rng.choice(proc.unidades)
        orgao = orgao_de(unidade)
        leitores = (f"o:{orgao}", f"u:{unidade}")
        extra = {"unidade": {"unidade_tramitacao": unidade}, "processo": {"processo_id": proc.id}}.get(
            escopo, {}
        )
        return Pedido(fazer(), Filtro(leitores=leitores, **extra), ordem, unidade)


def conferir(pedido: Pedido, pagina, procs: list[Proc], primeiros: list[int]) -> int:
    """Hits the caller may not read, or outside the scope."""
    erros = 0
    for acerto in pagina.acertos:
        indice = int(acerto.chave[2:]) - 1
        proc = procs[bisect.bisect_right(primeiros, indice) - 1]
        leitores = set(leitores_do_documento(proc, indice))
        if not leitores & set(pedido.filtro.leitores):
            erros += 1
        elif pedido.filtro.unidade_tramitacao is not None and pedido.unidade not in proc.unidades:
            erros += 1
        elif pedido.filtro.processo_id is not None and proc.id != pedido.filtro.processo_id:
            erros += 1
    return erros


def medir(nome: str, backend, procs: list[Proc], palavras: list[str], consultas: int, semente: int) -> int:
    from busca.backends.base import BuscaDemorada

    gerador = Consultas(palavras, procs, semente)
    classes = gerador.classes()
    primeiros = [p.primeiro for p in procs]
    for _ in range(20):  # warm-up: caches, the first mmap reads
        fazer, ordem = classes["comum"]
        backend.buscar(**_argumentos(gerador.pedido(fazer, ordem, "global")))
    print(
        f"\n{nome}: {consultas} consultas por classe e escopo (tempo de backend.buscar, 20 acertos por página)"
    )
    print(
        f"{'classe':<16}{'escopo':<10}{'n':>5}{'acertos (média)':>17}{'p50 ms':>10}{'p95 ms':>10}{'cortadas':>10}"
    )
    vazamentos = 0
    for classe, (fazer, ordem) in classes.items():
        for escopo in ("global", "unidade", "processo"):
            tempos, totais, cortadas = [], [], 0
            for _ in range(consultas):
                pedido = gerador.pedido(fazer, ordem, escopo)
                comeco = time.perf_counter()
                try:
                    pagina = backend.buscar(**_argumentos(pedido))
                except BuscaDemorada:
                    tempos.append(time.perf_counter() - comeco)
                    cortadas += 1
                    continue
                tempos.append(time.perf_counter() - comeco)
                totais.append(pagina.total)
                vazamentos += conferir(pedido, pagina, procs, primeiros)
            p50, p95 = _percentis(tempos)
            media = statistics.fmean(totais) if totais else 0
            print(
                f"{classe:<16}{escopo:<10}{consultas:>5}{media:>17.0f}{p50:>10.2f}{p95:>10.2f}{cortadas:>10}"
            )
    return vazamentos


def _argumentos(pedido: Pedido) -> dict:
    return {"consulta": pedido.consulta, "filtro": pedido.filtro, "ordem": pedido.ordem}


def _percentis(tempos: list[float]) -> tuple[float, float]:
    ms = [t * 1000 for t in tempos]
    if len(ms) < 2:
        return ms[0], ms[0]
    cortes = statistics.quantiles(ms, n=100, method="inclusive")
    return cortes[49], cortes[94]


# --- Database (PostgreSQL only) -----------------------------------------------------------------


def usar_banco_de_fumaca() -> str:
    """Point DATABASE_URL at ``<its database>_fumaca`` before Django reads it."""
    partes = urlsplit(os.environ["DATABASE_URL"])
    nome = unquote(partes.path.lstrip("/")) + SUFIXO_FUMACA
    if len(nome.encode()) > 63:
        sair(f"--fumaca: o nome do banco {nome!r} passa de 63 bytes.")
    os.environ["DATABASE_URL"] = urlunsplit(partes._replace(path="/" + quote(nome)))
    return nome


def _manutencao() -> dict:
    from django.conf import settings

    cfg = settings.DATABASES["default"]
    params = {"dbname": "postgres", "autocommit": True}
    for chave, nome in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if cfg.get(chave):
            params[nome] = str(cfg[chave])
    return params


def preparar_banco(*, novo: bool) -> None:
    import psycopg
    from django.conf import settings
    from psycopg import sql

    from bench.apoio import banco

    nome = settings.DATABASES["default"]["NAME"]
    copiado = False
    with psycopg.connect(**_manutencao()) as manut:
        existe = manut.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nome]).fetchone()
        if existe and novo:
            manut.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(nome)))
        if not existe or novo:
            print(f"Criando o banco {nome!r}...")
            copiado = banco.criar(manut, nome)
    banco.migrar(copiado)


def apagar_banco(nome: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(**_manutencao()) as manut:
        manut.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nome)))


# --- Main ---------------------------------------------------------------------------------------


def rodar(nome: str, args, palavras: list[str]) -> int:
    """Index (unless ``--so-consultas``) and measure one backend; returns the leaks found."""
    procs = processos(args.docs, args.semente)
    temporaria = None
    pasta = Path(args.pasta) if args.pasta else None
    if nome != "postgres" and pasta is None:
        pasta = temporaria = Path(tempfile.mkdtemp(prefix=f"bench-busca-{nome}-"))
    try:
        backend = abrir_backend(nome, pasta)
        if args.so_consultas:
            entradas = backend.estado()["entradas"]
            if entradas != args.docs:
                sair(
                    f"{nome}: o índice tem {entradas} entradas, não {args.docs}: use os --docs e --semente dele."
                )
            print(f"{nome}: índice existente com {entradas} documentos.")
        else:
            indexar(nome, backend, procs, Gerador(palavras), args.docs, args.semente, args.lote)
        print(f"  índice: {tamanho(nome, pasta)}; estado: {backend.estado()}")
        return medir(nome, backend, procs, palavras, args.consultas, args.semente)
    finally:
        if temporaria is not None:
            shutil.rmtree(temporaria, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark da busca: indexação e consultas por backend.")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--backend", choices=BACKENDS)
    parser.add_argument("--consultas", type=int, default=200, help="consultas medidas por classe e escopo")
    parser.add_argument(
        "--pasta", help="Whoosh/tantivy: pasta do índice (mantida; com --so-consultas, reusada)"
    )
    parser.add_argument("--so-consultas", action="store_true", help="não indexa: mede o índice existente")
    parser.add_argument("--semente", type=int, default=1)
    parser.add_argument(
        "--lote", type=int, default=2000, help="documentos por commit (padrão 2.000, o do manage.py reindexar)"
    )
    parser.add_argument(
        "--fumaca",
        action="store_true",
        help=f"teste de fumaça: {FUMACA['docs']} documentos, {FUMACA['consultas']} consultas por classe, "
        "em whoosh e tantivy (ou só no --backend dado)",
    )
    args = parser.parse_args()
    if args.fumaca:
        vars(args).update(FUMACA)
        nomes = [args.backend] if args.backend else ["whoosh", "tantivy"]
    elif args.backend:
        nomes = [args.backend]
    else:
        parser.error("informe --backend (whoosh, postgres ou tantivy)")
    if args.docs <= 0 or args.consultas < 2:
        sair("--docs deve ser positivo e --consultas pelo menos 2.")
    if args.so_consultas and "postgres" not in nomes and not args.pasta:
        sair("--so-consultas em whoosh/tantivy precisa da --pasta do índice.")
    banco_fumaca = None
    if "postgres" in nomes:
        if urlsplit(os.environ.get("DATABASE_URL", "")).scheme not in ("postgres", "postgresql", "pgsql"):
            sair("O backend postgres precisa de DATABASE_URL=postgres://...")
        if args.fumaca:
            banco_fumaca = usar_banco_de_fumaca()

    # A plain kill still runs the ``finally`` blocks: the temporary index and database go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    import django

    django.setup()
    palavras = [
        linha.strip()
        for linha in PALAVRAS.read_text(encoding="utf-8").splitlines()
        if linha.strip()[:1] not in ("", "#")
    ]
    print(
        f"{len(palavras)} palavras; {args.docs} documentos; {os.cpu_count()} CPUs, carga média {os.getloadavg()[0]:.2f}"
    )
    vazamentos = 0
    try:
        if "postgres" in nomes:
            preparar_banco(novo=args.fumaca)
        for nome in nomes:
            vazamentos += rodar(nome, args, palavras)
    finally:
        if banco_fumaca:
            apagar_banco(banco_fumaca)
    maximo = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nMemória máxima do processo: {maximo:.0f} MB")
    if vazamentos:
        sair(f"ERRO: {vazamentos} acertos fora do acesso ou do escopo do usuário.", 1)
    print("Acertos conferidos: todos dentro do acesso e do escopo de quem buscou.")
    if args.fumaca:
        print("Fumaça: ok")


if __name__ == "__main__":
    main()
