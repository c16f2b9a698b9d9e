#!/usr/bin/env python
"""Latência da indexação: de um documento salvo até a busca o achar (issue 10: "a saved document
searchable within 5 s"), pelo worker Celery de verdade.

Num banco próprio (``<banco>_latencia``, criado e migrado se faltar, mantido), sobe os dois
workers como o docker-compose os roda — ``-Q celery --concurrency 2`` e ``-Q busca
--concurrency 1`` (o único escritor do índice) — no Redis de ``CELERY_BROKER_URL``, cria pelos
serviços um órgão, uma unidade, um usuário e um processo, e então, ``--documentos`` vezes:

1. cria um documento interno com conteúdo (``documento_interno_criar``; um texto de 300 palavras
   do corpus de ``bench/busca.py`` e uma palavra inventada, só dele);
2. salva uma edição dele com outra palavra inventada (``documento_editar``, versão 2).

Cada vez, anota a hora do commit (a indexação é publicada depois dele) e pesquisa como o usuário
(``busca.selectors.pesquisar``), a cada 50 ms, a palavra nova, até o documento aparecer. Imprime
p50/p95/máximo e quantos passaram de 5 s, por backend e operação, e as execuções do indexador
lidas do log do worker. Sai com 1 se um documento não foi achado em ``--limite`` segundos (30)
ou se o p95 passou de 5 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sei_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
    SEI_SECRET_KEY=uma-chave-qualquer-so-para-o-benchmark-0123456789abcdef \\
    SEI_HISTORICO_CHAVES=b1:chave-do-benchmark-0123456789abcdefghij \\
        .venv/bin/python bench/busca_latencia.py [--backend postgres|whoosh|tantivy] [--documentos 30]
        [--limite 30] [--pausa 0.5] [--corpus 0] [--fumaca]

Sem ``--backend``: postgres e depois whoosh (o índice do Whoosh numa pasta temporária, apagada no
fim). ``--corpus N``: antes de medir, N documentos do corpus de ``bench/busca.py`` gravados direto
no índice (o custo de gravar um documento cresce com o índice, sobretudo no Whoosh; no PostgreSQL
a tabela é esvaziada antes). ``--fumaca``: 3 documentos por backend num banco
``<banco>_latencia_fumaca``, criado e apagado; sai com 1 só se um documento não for achado no
limite (o p95 de 3 amostras numa máquina carregada não é a meta). Antes das medições, um documento de aquecimento (o worker acabou de
subir; o índice do Whoosh nasce vazio e é reconstruído) é medido à parte.
"""

import argparse
import importlib.util
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

RAIZ = Path(__file__).resolve().parent.parent
for caminho in (RAIZ, RAIZ / "bench"):
    if str(caminho) not in sys.path:
        sys.path.insert(0, str(caminho))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")

import controle_processos as cp  # noqa: E402  (database helpers, percentiles, sair)


def _corpus():
    """bench/busca.py (its text generator and word list), loaded under another name: ``busca``
    is the Django app."""
    spec = importlib.util.spec_from_file_location("bench_busca", RAIZ / "bench" / "busca.py")
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


bb = _corpus()

BACKENDS = ("postgres", "whoosh", "tantivy")
SUFIXO = "_latencia"
META_S = 5.0
INTERVALO_S = 0.05  # polling
PALAVRAS_NO_TEXTO = 300
ESPERA_WORKER_S = 90
FUMACA = {"documentos": 3, "pausa": 0.0}
CODIGO_PROTOCOLO = "99902"
SIGLA_UNIDADE = "LAT-01"
LOGIN = "bench.latencia"


def banco_proprio(fumaca: bool) -> str:
    """Point DATABASE_URL at ``<its database>_latencia`` (``_latencia_fumaca`` for the smoke run)
    before Django reads it."""
    partes = urlsplit(os.environ["DATABASE_URL"])
    base = unquote(partes.path.lstrip("/"))
    nome = base + SUFIXO + (cp.SUFIXO_FUMACA if fumaca else "")
    if not base or len(nome.encode()) > 63:
        cp.sair(f"DATABASE_URL precisa de um nome de banco de até {63 - len(nome) + len(base)} bytes.")
    os.environ["DATABASE_URL"] = urlunsplit(partes._replace(path="/" + quote(nome)))
    return nome


# --- The workers ----------------------------------------------------------------------------


@dataclass
class Worker:
    """``celery -A sei worker`` as docker-compose runs it (prefork pool), in a session of its own,
    logging to ``pasta``; stopped by its own pid (then its group, if it hangs)."""

    nome: str
    filas: str
    concorrencia: int
    pasta: Path
    ambiente: dict
    processo: subprocess.Popen | None = None
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.pasta / f"worker-{self.nome}.log"

    def iniciar(self) -> None:
        comando = [
            sys.executable, "-m", "celery", "-A", "sei", "worker", "-Q", self.filas, "-l", "info",
            "--concurrency", str(self.concorrencia), "-n", f"{self.nome}-{secrets.token_hex(4)}@%h", "--purge",
        ]  # fmt: skip
        inicio = time.monotonic()
        with open(self.log, "ab") as saida:
            self.processo = subprocess.Popen(
                comando,
                cwd=RAIZ,
                env=self.ambiente,
                stdout=saida,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        while " ready." not in self.texto():
            if self.processo.poll() is not None or time.monotonic() - inicio > ESPERA_WORKER_S:
                self.parar()
                cp.sair(f"O worker {self.nome} não ficou pronto:\n{self.texto()[-3000:]}", 1)
            time.sleep(0.2)
        print(
            f"  worker {self.nome} (-Q {self.filas} -c {self.concorrencia}) pronto em {time.monotonic() - inicio:.1f} s"
        )

    def texto(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def parar(self) -> None:
        if self.processo is None or self.processo.poll() is not None:
            return
        self.processo.terminate()  # warm shutdown: the pool's children end with it
        try:
            self.processo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.processo.pid, signal.SIGKILL)
            self.processo.wait(timeout=15)


def ambiente_dos_workers(pasta: Path, extra: dict) -> dict:
    ambiente = dict(os.environ)
    ambiente.update(
        SEI_MEDIA_ROOT=str(pasta / "media"),
        SEI_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        SEI_EMAIL_FILE_PATH=str(pasta / "emails"),
        PYTHONUNBUFFERED="1",
    )
    ambiente.update(extra)
    return ambiente


_EXECUCAO = re.compile(r"Task busca\.tasks\.indexar_pendentes\[[^\]]+\] succeeded in ([0-9.]+)s: (\d+)")


def execucoes_do_indexador(texto: str) -> list[tuple[float, int]]:
    """(seconds, items written) of each indexer run in a worker's log."""
    return [(float(s), int(n)) for s, n in _EXECUCAO.findall(texto)]


# --- The scenario ---------------------------------------------------------------------------


def cenario():
    """An órgão, a unit, a user lotado there and a público process, through the services (the
    first run creates them; later runs of the kept database reuse them, with a new process)."""
    from django.db import transaction

    from processos.models import NivelAcesso, TipoProcesso
    from processos.services import processo_criar
    from sei import services
    from sei.acesso import exigir_lotacao
    from sei.models import Orgao, Unidade, Usuario

    with transaction.atomic():
        orgao = Orgao.objects.filter(sigla=cp.ORGAO_SIGLA).first() or services.orgao_criar(
            sigla=cp.ORGAO_SIGLA,
            nome="Órgão do benchmark de latência da busca",
            codigo_protocolo=CODIGO_PROTOCOLO,
        )
        unidade = Unidade.objects.filter(orgao=orgao, sigla=SIGLA_UNIDADE).first() or services.unidade_criar(
            orgao=orgao, sigla=SIGLA_UNIDADE, nome="Unidade do benchmark de latência"
        )
        usuario = Usuario.objects.filter(username=LOGIN).first() or services.usuario_criar(
            login=LOGIN,
            nome="Servidora do benchmark de latência",
            cpf="",
            email="bench.latencia@example.org",
            senha=secrets.token_urlsafe(24),
            unidades=[unidade],
        )
    ator = exigir_lotacao(usuario, unidade)
    tipo = TipoProcesso.objects.filter(ativo=True, permite_publico=True).order_by("pk").first()
    processo = processo_criar(
        ator=ator, tipo=tipo, nivel_acesso=NivelAcesso.PUBLICO, especificacao="Latência da indexação"
    )
    return ator, processo


class Textos:
    """A realistic body (bench/busca.py's corpus) with one invented word only it contains: a
    consonant run no Portuguese word has, that the analysis chain leaves as it is."""

    def __init__(self):
        from busca import analise

        palavras = [
            linha.strip()
            for linha in bb.PALAVRAS.read_text(encoding="utf-8").splitlines()
            if linha.strip()[:1] not in ("", "#")
        ]
        self.analise = analise
        self.gerador = bb.Gerador(palavras)
        self.rng = random.Random()

    def palavra(self) -> str:
        while True:
            candidata = "kz" + "".join(self.rng.choice("bdfgkmptvxz") for _ in range(7)) + "o"
            if self.analise.normalizar(candidata) == candidata:
                return candidata

    def corpo(self, palavra: str) -> str:
        texto = self.gerador.texto(self.rng, PALAVRAS_NO_TEXTO).split(" ")
        texto.insert(self.rng.randrange(len(texto) + 1), palavra)
        return "<p>" + " ".join(texto) + "</p>"


@contextmanager
def hora_do_commit():
    """The monotonic time at which the next outermost transaction commits (before its on_commit
    hooks, one of which publishes the indexing)."""
    from django.db import connections

    conexao = connections["default"]
    marcas: list[float] = []
    original = conexao.commit

    def commit():
        original()
        marcas.append(time.monotonic())

    conexao.commit = commit
    try:
        yield marcas
    finally:
        del conexao.commit


def esperar_achar(ator, palavra: str, numero_sei: int, desde: float, limite: float) -> float | None:
    """Seconds from ``desde`` until a search for ``palavra`` as ``ator`` lists the document;
    None past ``limite``."""
    from busca.selectors import pesquisar

    proxima = time.monotonic()
    while True:
        resultado = pesquisar(ator=ator, texto=palavra, quantidade=5)
        agora = time.monotonic()
        if any(item.numero_sei == numero_sei for item in resultado.itens):
            return agora - desde
        if agora - desde > limite:
            return None
        proxima += INTERVALO_S
        time.sleep(max(0.0, proxima - time.monotonic()))


@dataclass
class Medidas:
    criar: list[float] = field(default_factory=list)
    editar: list[float] = field(default_factory=list)
    perdidos: int = 0


def medir_backend(nome: str, args, ator, processo, textos: Textos, medidas: Medidas) -> None:
    from documentos.models import TipoDocumento
    from documentos.services import documento_editar, documento_interno_criar
    from processos.models import NivelAcesso

    internos = TipoDocumento.objects.filter(ativo=True).exclude(
        aplicabilidade=TipoDocumento.Aplicabilidade.EXTERNO
    )
    tipo = internos.filter(nome="Despacho").first() or internos.order_by("pk").first()

    def criar(palavra: str, limite: float):
        with hora_do_commit() as marcas:
            documento = documento_interno_criar(
                ator=ator, processo=processo, tipo=tipo, nivel_acesso=NivelAcesso.PUBLICO,
                conteudo=textos.corpo(palavra),
            )  # fmt: skip
        return documento, esperar_achar(ator, palavra, documento.numero_sei, marcas[0], limite)

    def editar(documento, palavra: str):
        with hora_do_commit() as marcas:
            documento_editar(
                ator=ator,
                documento=documento,
                conteudo=textos.corpo(palavra),
                versao_base=documento.versao_atual,
            )
        return esperar_achar(ator, palavra, documento.numero_sei, marcas[0], args.limite)

    # Warm-up: a worker that just started (and, on Whoosh/tantivy, an empty index rebuilt first).
    _, aquecimento = criar(textos.palavra(), max(args.limite, 60.0))
    if aquecimento is None:
        medidas.perdidos += 1
        print(f"  aquecimento: o documento não foi achado em {max(args.limite, 60.0):.0f} s")
        return
    print(f"  aquecimento (worker recém-iniciado): {aquecimento * 1000:.0f} ms")
    for _ in range(args.documentos):
        documento, achado = criar(textos.palavra(), args.limite)
        if achado is None:
            medidas.perdidos += 1
        else:
            medidas.criar.append(achado)
            time.sleep(args.pausa)  # the user opens the editor, types...
            documento.refresh_from_db()
            achado = editar(documento, textos.palavra())
            if achado is None:
                medidas.perdidos += 1
            else:
                medidas.editar.append(achado)
        if medidas.perdidos >= 3:
            print(f"  {medidas.perdidos} documentos não achados em {args.limite:.0f} s: parando.")
            return
        time.sleep(args.pausa)


def linha(nome: str, operacao: str, tempos: list[float]) -> str:
    if not tempos:
        return f"{nome}: {operacao}: nenhuma amostra"
    ms = [t * 1000 for t in tempos]
    acima = sum(1 for t in tempos if t > META_S)
    return (
        f"{nome}: {operacao}: {len(ms)} documentos, p50 {cp.percentil(ms, 0.5):.0f} ms, "
        f"p95 {cp.percentil(ms, 0.95):.0f} ms, máx {max(ms):.0f} ms; acima de {META_S:.0f} s: {acima}"
    )


def encher_indice(nome: str, indice: Path, documentos: int, textos: Textos) -> None:
    """An index that is not empty: ``documentos`` entries of bench/busca.py's corpus written
    straight to the backend (keys ``d:1``... — a real document of the same id overwrites one).
    On PostgreSQL the table is emptied first (the real entries go: only new ones are searched)."""
    procs = bb.processos(documentos, 1)
    backend = bb.abrir_backend(nome, indice)
    bb.indexar(nome, backend, procs, textos.gerador, documentos, 1)
    print(f"  índice antes das medições: {bb.tamanho(nome, indice)}; {backend.estado()}")


def rodar(nome: str, args, pasta: Path, textos: Textos, ator, processo) -> list[str]:
    """Start the busca worker for ``nome``, measure; returns what failed."""
    from django.core.cache import cache
    from django.test import override_settings

    from sei import indexacao

    indice = pasta / f"indice-{nome}"
    configuracao = {
        "SEI_BUSCA_BACKEND": nome,
        "SEI_BUSCA_WHOOSH_DIR": str(indice),
        "SEI_BUSCA_TANTIVY_DIR": str(indice),
    }
    print(f"\n{nome}:")
    if args.corpus:
        encher_indice(nome, indice, args.corpus, textos)
    worker = Worker(f"busca-{nome}", "busca", 1, pasta, ambiente_dos_workers(pasta, configuracao))
    medidas = Medidas()
    with override_settings(**configuracao):
        worker.iniciar()
        try:
            cache.delete(indexacao.SINAL)  # a flag left by another run would hold the first wake-up
            medir_backend(nome, args, ator, processo, textos, medidas)
        finally:
            worker.parar()
    print(linha(nome, "documento criado com conteúdo → achado", medidas.criar))
    print(linha(nome, "edição salva → achada", medidas.editar))
    execucoes = execucoes_do_indexador(worker.texto())
    if execucoes:
        duracoes = [s * 1000 for s, _ in execucoes]
        itens = statistics.fmean(n for _, n in execucoes)
        print(
            f"{nome}: indexador (worker da fila busca): {len(execucoes)} execuções, "
            f"p50 {cp.percentil(duracoes, 0.5):.0f} ms, p95 {cp.percentil(duracoes, 0.95):.0f} ms, "
            f"{itens:.1f} itens por execução"
        )
    problemas = []
    if medidas.perdidos:
        problemas.append(f"{nome}: {medidas.perdidos} documento(s) não achado(s) no limite")
    todos = medidas.criar + medidas.editar
    if not args.fumaca and todos and cp.percentil(todos, 0.95) > META_S:
        problemas.append(f"{nome}: p95 acima de {META_S:.0f} s")
    return problemas


def main() -> int:
    parser = argparse.ArgumentParser(description="Latência de um documento salvo até ser achado pela busca.")
    parser.add_argument("--backend", choices=BACKENDS, help="padrão: postgres e whoosh")
    parser.add_argument(
        "--documentos", type=int, default=30, help="documentos criados (e editados) por backend"
    )
    parser.add_argument("--limite", type=float, default=30.0, help="segundos até desistir de um documento")
    parser.add_argument(
        "--pausa", type=float, default=0.5, help="segundos entre salvar e a operação seguinte"
    )
    parser.add_argument(
        "--corpus",
        type=int,
        default=0,
        help="documentos do corpus de bench/busca.py gravados no índice antes de medir (padrão: nenhum)",
    )
    parser.add_argument(
        "--fumaca",
        action="store_true",
        help=f"teste de fumaça: {FUMACA['documentos']} documentos por backend, banco <nome>{SUFIXO}_fumaca apagado no fim",
    )
    args = parser.parse_args()
    if args.fumaca:
        vars(args).update(FUMACA)
    if args.documentos < 1 or args.limite <= 0 or args.corpus < 0:
        cp.sair("--documentos deve ser positivo, --limite maior que 0 e --corpus não negativo.")
    if urlsplit(os.environ.get("DATABASE_URL", "")).scheme not in ("postgres", "postgresql", "pgsql"):
        cp.sair("Este benchmark roda só em PostgreSQL: defina DATABASE_URL=postgres://...")
    if urlsplit(os.environ.get("CELERY_BROKER_URL", "")).scheme not in ("redis", "rediss"):
        cp.sair("Este benchmark precisa do Redis dos workers: defina CELERY_BROKER_URL=redis://...")
    nomes = [args.backend] if args.backend else ["postgres", "whoosh"]
    banco = banco_proprio(args.fumaca)

    # A plain kill still runs the ``finally`` blocks: the workers stop, the folder and the smoke
    # database go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    import django

    django.setup()
    print(
        f"Banco {banco!r}; backends: {', '.join(nomes)}; {args.documentos} documentos por backend; "
        f"{os.cpu_count()} CPUs, carga média {os.getloadavg()[0]:.2f}"
    )
    pasta = Path(tempfile.mkdtemp(prefix="bench-busca-latencia-"))
    problemas: list[str] = []
    padrao = None
    try:
        cp.preparar_banco(recriar=args.fumaca)
        ator, processo = cenario()
        textos = Textos()
        # The default queue's worker (it renders each saved version's PDF meanwhile, as in production).
        padrao = Worker("padrao", "celery", 2, pasta, ambiente_dos_workers(pasta, {}))
        padrao.iniciar()
        for nome in nomes:
            problemas += rodar(nome, args, pasta, textos, ator, processo)
        print(f"\nCarga média ao fim: {os.getloadavg()[0]:.2f}")
    finally:
        if padrao is not None:
            padrao.parar()
        shutil.rmtree(pasta, ignore_errors=True)
        if args.fumaca:
            cp.apagar_banco(banco)
    if problemas:
        print("\nFALHOU:\n" + "\n".join(f"  - {p}" for p in problemas), file=sys.stderr)
        return 1
    print("Todos os documentos achados" + ("." if args.fumaca else f"; p95 até {META_S:.0f} s."))
    if args.fumaca:
        print(f"Fumaça: ok (banco {banco!r} apagado).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
