#!/usr/bin/env python
"""Load benchmark of the Controle de Processos over real HTTP (issue 8, item 7).

Reuses the database of ``bench/controle_processos.py`` (1,000,000 processes, 10,000 open in unit
``BENCH-00``; filled when missing), starts gunicorn as deployed (``sei.wsgi:application``, 3 sync
workers, ``DEBUG`` off, static files through WhiteNoise) on a free port of 127.0.0.1, logs the
target unit's user in (a session cookie for the page, a token and ``X-Unidade`` for the API),
follows the cursors to a deep page (the 100th) and drives a bounded load — 8 connections for a
fixed time — with ``wrk`` on four cases: the page and the API, first and deep page. For each run
it prints req/s, p50/p99, errors, and the CPU each request cost in the gunicorn workers (Python)
and in their PostgreSQL backends, read from ``/proc``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sei_bench SEI_SECRET_KEY=... SEI_HISTORICO_CHAVES=... \\
        .venv/bin/python bench/carga.py [--duracao 20] [--repeticoes 3] [--conexoes 8] [--workers 3]

``--fumaca``: a database of a few thousand processes of its own (``<banco>_carga_fumaca``, created
and dropped by the run), 2 s per case, no wait for a quiet machine: a CI check that the whole
path works (exit 0; 1 when a request failed, the inbox came back empty or no deep page was reached).
``wrk`` comes from Debian (``apt-get install -y wrk``); without it a Python generator runs
instead, with a warning: it shares the two CPUs with the server, so its figures are lower.
See ``bench/README.md``.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

RAIZ = Path(__file__).resolve().parent.parent
for caminho in (RAIZ, RAIZ / "bench"):
    if str(caminho) not in sys.path:
        sys.path.insert(0, str(caminho))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")

import controle_processos as cp  # noqa: E402  (the database, its filling, shared helpers)

NOME_APLICACAO = "sei-carga"  # application_name of the server's connections: finds their backends
TICKS = os.sysconf("SC_CLK_TCK")
FUMACA = {"processos": 3000, "abertos": 600, "duracao": 2.0, "aquecimento": 0.5, "pagina": 3, "repeticoes": 1}
CASOS = ("pagina", "pagina-profunda", "api", "api-profunda")
SUFIXO_FUMACA = "_carga_fumaca"  # not controle_processos.py's "_fumaca": the two may run at once

# wrk's summary as one JSON line (latencies in microseconds).
LUA_WRK = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requisicoes": %d, "duracao_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"erros_conexao": %d, "erros_leitura": %d, "erros_escrita": %d, "erros_status": %d, "erros_timeout": %d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50.0), latency:percentile(99.0),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


# --- The server ------------------------------------------------------------------------------


def porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def url_com_nome_da_aplicacao(url: str) -> str:
    partes = urlsplit(url)
    consulta = "&".join(filter(None, [partes.query, f"application_name={NOME_APLICACAO}"]))
    return urlunsplit(partes._replace(query=consulta))


class Servidor:
    """gunicorn as the Dockerfile runs it, on 127.0.0.1:porta; stopped by its own pid."""

    def __init__(self, *, workers: int, pasta: Path):
        self.porta = porta_livre()
        self.pasta = pasta
        self.workers = workers
        self.processo: subprocess.Popen | None = None
        self.log = pasta / "gunicorn.log"

    def ambiente(self) -> dict:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=url_com_nome_da_aplicacao(os.environ["DATABASE_URL"]),
            SEI_DEBUG="0",
            SEI_HTTPS="0",  # plain HTTP on 127.0.0.1 (in production TLS ends at the proxy)
            SEI_ALLOWED_HOSTS="127.0.0.1,localhost",
            SEI_STATIC_ROOT=str(self.pasta / "static"),
            PYTHONUNBUFFERED="1",
        )
        env.pop("CELERY_BROKER_URL", None)  # reads only: no task is published
        return env

    def coletar_estaticos(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=RAIZ,
            env=self.ambiente(),
            check=True,
        )

    def iniciar(self) -> None:
        executavel = Path(sys.executable).with_name("gunicorn")
        comando = [str(executavel)] if executavel.exists() else [sys.executable, "-m", "gunicorn"]
        comando += [
            "sei.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.porta}",
            "--workers",
            str(self.workers),
            "--access-logfile",
            "-",
        ]
        saida = open(self.log, "wb")  # noqa: SIM115 - closed with the process
        self.processo = subprocess.Popen(
            comando, cwd=RAIZ, env=self.ambiente(), stdout=saida, stderr=subprocess.STDOUT
        )
        limite = time.monotonic() + 60
        while time.monotonic() < limite:
            if self.processo.poll() is not None:
                cp.sair(
                    f"O gunicorn terminou ao iniciar (código {self.processo.returncode}):\n{self.cauda()}", 1
                )
            try:
                if pedir(self.porta, "/entrar/")[0] == 200 and len(self.pids_workers()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.parar()
        cp.sair(f"O gunicorn não respondeu em 60 s:\n{self.cauda()}", 1)

    def pids_workers(self) -> list[int]:
        if self.processo is None:
            return []
        try:
            filhos = Path(f"/proc/{self.processo.pid}/task/{self.processo.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(p) for p in filhos]

    def cauda(self, linhas: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-linhas:])
        except OSError:
            return ""

    def parar(self) -> None:
        if self.processo is None or self.processo.poll() is not None:
            return
        self.processo.send_signal(signal.SIGTERM)
        try:
            self.processo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.processo.kill()
            self.processo.wait()


def pedir(
    porta: int, caminho: str, cabecalhos: dict | None = None
) -> tuple[int, bytes, http.client.HTTPResponse]:
    conexao = http.client.HTTPConnection("127.0.0.1", porta, timeout=30)
    try:
        conexao.request("GET", caminho, headers=cabecalhos or {})
        resposta = conexao.getresponse()
        return resposta.status, resposta.read(), resposta
    finally:
        conexao.close()


# --- The user, their credentials and the URLs of each case -------------------------------------


def credenciais(usuario, unidade) -> tuple[dict, dict]:
    """Headers of a logged-in browser (session cookie) and of an API client (token, X-Unidade)."""
    from django.conf import settings
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from sei.contexto import SESSAO_UNIDADE

    cliente = Client()
    cliente.force_login(
        usuario, backend="django.contrib.auth.backends.ModelBackend"
    )  # signals run: login time
    sessao = cliente.session
    sessao[SESSAO_UNIDADE] = unidade.pk
    sessao.save()
    token, _ = Token.objects.get_or_create(user=usuario)
    navegador = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={sessao.session_key}"}
    api = {"Authorization": f"Token {token.key}", "X-Unidade": unidade.sigla}
    return navegador, api


def cookie_csrf(resposta: http.client.HTTPResponse) -> str | None:
    from django.conf import settings

    for cabecalho in resposta.headers.get_all("Set-Cookie") or []:
        nome, _, resto = cabecalho.partition("=")
        if nome.strip() == settings.CSRF_COOKIE_NAME:
            return f"{settings.CSRF_COOKIE_NAME}={resto.split(';')[0]}"
    return None


def seguir(porta: int, cabecalhos: dict, inicio: str, proxima, pagina: int) -> tuple[str, int]:
    """The address of page ``pagina`` (or of the deepest one there is), following ``proxima``."""
    atual, numero = inicio, 1
    while numero < pagina:
        status, corpo, _ = pedir(porta, atual, cabecalhos)
        if status != 200:
            cp.sair(f"{atual} respondeu {status} ao seguir as páginas.", 1)
        seguinte = proxima(corpo)
        if seguinte is None:
            break
        atual, numero = seguinte, numero + 1
    return atual, numero


def proxima_pagina_html(corpo: bytes) -> str | None:
    html = corpo.decode()
    inicio = max(html.find("Páginas de Recebidos"), 0)  # the Recebidos column's own pager
    achado = cp._PROXIMA.search(html, inicio)
    return achado.group(1).replace("&amp;", "&") if achado else None


def proxima_pagina_api(corpo: bytes) -> str | None:
    proximo = json.loads(corpo).get("next")
    return urlsplit(proximo)._replace(scheme="", netloc="").geturl() if proximo else None


def consultas_por_requisicao(caminho: str, cabecalhos: dict) -> int | None:
    """SQL statements of one request, through Django's test client in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    extra = {"HTTP_" + nome.upper().replace("-", "_"): valor for nome, valor in cabecalhos.items()}
    cliente = Client(HTTP_HOST="localhost", **extra)
    cliente.get(caminho)  # the session's "last use" may be written once
    with CaptureQueriesContext(connection) as capturadas:
        resposta = cliente.get(caminho)
    return len(capturadas.captured_queries) if resposta.status_code == 200 else None


# --- CPU: gunicorn workers and their PostgreSQL backends, from /proc ----------------------------


def cpu_do_processo(pid: int) -> float | None:
    """utime + stime in seconds."""
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(campos[11]) + int(campos[12])) / TICKS


def cpu_da_maquina() -> tuple[float, float]:
    """(busy, total) CPU seconds of the machine since boot."""
    valores = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    total = sum(valores[:8])
    return (total - valores[3] - valores[4]) / TICKS, total / TICKS


class MedidorCPU:
    """Samples the CPU time of the server's processes while a case runs.

    Backends come and go (CONN_MAX_AGE): each pid is sampled every ``intervalo`` seconds and
    counted from its first sample (0 for one that started during the run) to its last one."""

    def __init__(self, servidor: Servidor, intervalo: float = 0.5):
        self.servidor = servidor
        self.intervalo = intervalo
        self._parar = threading.Event()
        self._primeiro: dict[tuple[str, int], float] = {}
        self._ultimo: dict[tuple[str, int], float] = {}
        self._conexao = None

    def _backends(self) -> list[int]:
        linhas = self._conexao.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [NOME_APLICACAO]
        ).fetchall()
        return [pid for (pid,) in linhas]

    def _amostrar(self, inicio: bool) -> None:
        grupos = (
            ("python", [self.servidor.processo.pid, *self.servidor.pids_workers()]),
            ("sql", self._backends()),
        )
        for grupo, pids in grupos:
            for pid in pids:
                valor = cpu_do_processo(pid)
                if valor is None:
                    continue
                chave = (grupo, pid)
                if chave not in self._primeiro:
                    self._primeiro[chave] = valor if inicio else 0.0
                self._ultimo[chave] = valor

    def _laco(self) -> None:
        while not self._parar.wait(self.intervalo):
            self._amostrar(False)

    def __enter__(self):
        import psycopg

        self._conexao = psycopg.connect(**cp.parametros_conexao())
        self._amostrar(True)
        self.maquina_inicio = cpu_da_maquina()
        self._linha = threading.Thread(target=self._laco, daemon=True)
        self._linha.start()
        return self

    def __exit__(self, *exc):
        self._parar.set()
        self._linha.join()
        self._amostrar(False)
        self.maquina_fim = cpu_da_maquina()
        self._conexao.close()

    def segundos(self, grupo: str) -> float:
        return sum(self._ultimo[c] - self._primeiro[c] for c in self._ultimo if c[0] == grupo)

    def maquina_ocupada(self) -> float:
        return self.maquina_fim[0] - self.maquina_inicio[0]


# --- Load generators ---------------------------------------------------------------------------


def rodar_wrk(
    porta: int, caminho: str, cabecalhos: dict, *, conexoes: int, duracao: float, script: Path
) -> dict:
    comando = [
        "wrk",
        "-t1",
        f"-c{conexoes}",
        f"-d{max(1, round(duracao))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    for nome, valor in cabecalhos.items():
        comando += ["-H", f"{nome}: {valor}"]
    comando.append(f"http://127.0.0.1:{porta}{caminho}")
    processo = subprocess.Popen(comando, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    saida = processo.stdout.read().decode(errors="replace")
    _, estado, uso = os.wait4(processo.pid, 0)
    processo.returncode = os.waitstatus_to_exitcode(estado)
    linha = next((x for x in saida.splitlines() if x.startswith("JSON ")), None)
    if processo.returncode != 0 or linha is None:
        cp.sair(f"wrk falhou (código {processo.returncode}):\n{saida}", 1)
    r = json.loads(linha[5:])
    return {
        "requisicoes": r["requisicoes"],
        "segundos": r["duracao_us"] / 1e6,
        "bytes": r["bytes"],
        "p50": r["p50_us"] / 1000,
        "p99": r["p99_us"] / 1000,
        "erros": r["erros_conexao"] + r["erros_leitura"] + r["erros_escrita"] + r["erros_timeout"],
        "nao_2xx": r["erros_status"],
        "cpu_gerador": uso.ru_utime + uso.ru_stime,
    }


def rodar_python(
    porta: int, caminho: str, cabecalhos: dict, *, conexoes: int, duracao: float, script=None
) -> dict:
    """Fallback without wrk: ``conexoes`` threads, one request at a time each (gunicorn's sync
    workers close the connection after each response anyway)."""
    fim = time.monotonic() + duracao
    tempos: list[float] = []
    contagem = {"erros": 0, "nao_2xx": 0, "bytes": 0}
    trava = threading.Lock()
    cpu_antes = time.process_time()

    def cliente():
        while time.monotonic() < fim:
            inicio = time.perf_counter()
            try:
                status, corpo, _ = pedir(porta, caminho, cabecalhos)
            except OSError:
                with trava:
                    contagem["erros"] += 1
                continue
            decorrido = time.perf_counter() - inicio
            with trava:
                tempos.append(decorrido)
                contagem["bytes"] += len(corpo)
                if not 200 <= status < 300:
                    contagem["nao_2xx"] += 1

    inicio = time.monotonic()
    linhas = [threading.Thread(target=cliente) for _ in range(conexoes)]
    for linha in linhas:
        linha.start()
    for linha in linhas:
        linha.join()
    segundos = time.monotonic() - inicio
    tempos.sort()
    return {
        "requisicoes": len(tempos),
        "segundos": segundos,
        "bytes": contagem["bytes"],
        "p50": cp.percentil(tempos, 0.5) * 1000 if tempos else 0.0,
        "p99": cp.percentil(tempos, 0.99) * 1000 if tempos else 0.0,
        "erros": contagem["erros"],
        "nao_2xx": contagem["nao_2xx"],
        "cpu_gerador": time.process_time() - cpu_antes,
    }


def esperar_maquina_quieta(maxima: float, espera: float) -> None:
    if maxima <= 0 or os.getloadavg()[0] < maxima:
        return
    print(
        f"Carga média {os.getloadavg()[0]:.2f}: esperando ficar abaixo de {maxima} (até {espera:.0f} s)...",
        flush=True,
    )
    limite = time.monotonic() + espera
    while time.monotonic() < limite and os.getloadavg()[0] >= maxima:
        time.sleep(5)
    if os.getloadavg()[0] >= maxima:
        print(f"  ainda {os.getloadavg()[0]:.2f}: medindo assim mesmo (os números ficam mais baixos).")


# --- Main ----------------------------------------------------------------------------------------


def banco_de_fumaca() -> str:
    """Point DATABASE_URL at ``<its database>_carga_fumaca`` before Django reads it."""
    partes = urlsplit(os.environ["DATABASE_URL"])
    base = unquote(partes.path.lstrip("/"))
    nome = base + SUFIXO_FUMACA
    if not base or len(nome.encode()) > 63:
        cp.sair(f"--fumaca: DATABASE_URL precisa de um nome de banco de até {63 - len(SUFIXO_FUMACA)} bytes.")
    os.environ["DATABASE_URL"] = urlunsplit(partes._replace(path="/" + quote(nome)))
    return nome


def apagar_banco(nome: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(**cp.parametros_conexao("postgres")) as manut:
        manut.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nome)))


def main() -> int:
    parser = argparse.ArgumentParser(description="Carga HTTP no Controle de Processos (gunicorn + wrk).")
    parser.add_argument("--processos", type=int, default=1_000_000)
    parser.add_argument("--abertos", type=int, default=10_000, help="processos abertos na unidade alvo")
    parser.add_argument("--duracao", type=float, default=20.0, help="segundos de carga por caso e rodada")
    parser.add_argument(
        "--aquecimento", type=float, default=3.0, help="segundos de carga não medidos por caso"
    )
    parser.add_argument("--repeticoes", type=int, default=3, help="rodadas (os casos se alternam)")
    parser.add_argument("--conexoes", type=int, default=8)
    parser.add_argument(
        "--workers", type=int, default=3, help="workers sync do gunicorn (3, como no Dockerfile)"
    )
    parser.add_argument("--pagina", type=int, default=100, help="página profunda (padrão 100)")
    parser.add_argument("--casos", default=",".join(CASOS), help=f"separados por vírgula: {', '.join(CASOS)}")
    parser.add_argument(
        "--carga-maxima", type=float, default=0.5, help="espera a carga média (1 min) ficar abaixo"
    )
    parser.add_argument("--espera-maxima", type=float, default=900.0, help="segundos, no máximo, de espera")
    parser.add_argument(
        "--gerador", choices=("wrk", "python"), default=None, help="padrão: wrk, se instalado"
    )
    parser.add_argument("--recriar", action="store_true", help="apaga e recria o banco antes de preencher")
    parser.add_argument(
        "--fumaca",
        action="store_true",
        help=f"teste de fumaça: banco pequeno <nome>{SUFIXO_FUMACA}, apagado no fim, 2 s por caso; sai com 1 se algo falhar",
    )
    args = parser.parse_args()
    if args.fumaca:
        vars(args).update(FUMACA, carga_maxima=0.0, recriar=True)
    casos = [c.strip() for c in args.casos.split(",") if c.strip()]
    if not casos or any(c not in CASOS for c in casos):
        cp.sair(f"Casos possíveis: {', '.join(CASOS)}.")
    if urlsplit(os.environ.get("DATABASE_URL", "")).scheme not in ("postgres", "postgresql", "pgsql"):
        cp.sair("Este benchmark roda só em PostgreSQL: defina DATABASE_URL=postgres://...")
    gerador = args.gerador or ("wrk" if shutil.which("wrk") else "python")
    if gerador == "wrk" and not shutil.which("wrk"):
        cp.sair("wrk não está instalado (Debian: apt-get install -y wrk).")
    if gerador == "python":
        print(
            "AVISO: sem wrk (Debian: apt-get install -y wrk), a carga vem de um gerador em Python que "
            "disputa as CPUs com o servidor: req/s e latências ficam piores que com o wrk.",
            file=sys.stderr,
        )
    banco = banco_de_fumaca() if args.fumaca else None

    import django

    django.setup()
    try:
        problemas = medir(args, casos, gerador)
    finally:
        if banco:
            apagar_banco(banco)
    if problemas:
        print("\nFALHOU:\n" + "\n".join(f"  - {p}" for p in problemas), file=sys.stderr)
        return 1
    if args.fumaca:
        print(f"\nFumaça: ok (banco {banco!r} apagado).")
    return 0


def medir(args, casos_pedidos: list[str], gerador: str) -> list[str]:
    """Fill (when needed), serve, load; returns what went wrong (failed requests, an empty inbox,
    no deep page)."""
    from django.urls import reverse

    from processos.selectors import caixa_total
    from sei.acesso import Ator
    from sei.models import Unidade, Usuario

    cp.preparar_banco(args.recriar)
    if cp.carga_existente(args.processos, args.abertos):
        print("Banco já preenchido com esse tamanho.")
    else:
        cp.preencher(args.processos, args.abertos)
    unidade = Unidade.objects.get(orgao__sigla=cp.ORGAO_SIGLA, sigla="BENCH-00")
    usuario = Usuario.objects.get(username="bench.alvo")
    if caixa_total(ator=Ator(usuario=usuario, unidade=unidade)) == 0:
        return [
            "a caixa da unidade alvo está vazia: o preenchimento (bench/controle_processos.py) está em dia "
            "com a regra de acesso (sei.acesso)?"
        ]
    navegador, api = credenciais(usuario, unidade)

    pasta = Path(tempfile.mkdtemp(prefix="sei-carga-"))
    servidor = Servidor(workers=args.workers, pasta=pasta)
    script = pasta / "resumo.lua"
    script.write_text(LUA_WRK)
    problemas = []
    try:
        inicio = time.monotonic()
        servidor.coletar_estaticos()
        servidor.iniciar()
        print(
            f"gunicorn sei.wsgi:application em 127.0.0.1:{servidor.porta}, {args.workers} workers sync "
            f"(pronto em {time.monotonic() - inicio:.1f} s, com o collectstatic); gerador: {gerador}, "
            f"{args.conexoes} conexões, {args.duracao:g} s por caso, {args.repeticoes} rodada(s); "
            f"{os.cpu_count()} CPUs."
        )
        # The browser keeps the CSRF cookie the first page gives it.
        pagina_url, api_url = reverse("processos:controle"), reverse("api-controle-processos")
        status, _, resposta = pedir(servidor.porta, pagina_url, navegador)
        if status != 200:
            return [f"a página respondeu {status} para a sessão do benchmark:\n{servidor.cauda()}"]
        csrf = cookie_csrf(resposta)
        if csrf:
            navegador["Cookie"] += f"; {csrf}"
        pagina_fundo, n_pagina = seguir(
            servidor.porta, navegador, pagina_url, proxima_pagina_html, args.pagina
        )
        api_fundo, n_api = seguir(servidor.porta, api, api_url, proxima_pagina_api, args.pagina)
        todos = {
            "pagina": ("Página Controle de Processos", 1, pagina_url, navegador),
            "pagina-profunda": ("Página Controle de Processos", n_pagina, pagina_fundo, navegador),
            "api": ("API /controle-processos/", 1, api_url, api),
            "api-profunda": ("API /controle-processos/", n_api, api_fundo, api),
        }
        casos = {c: todos[c] for c in casos_pedidos}
        for chave, (rotulo, numero, _, _) in casos.items():
            if chave.endswith("profunda") and numero == 1:
                problemas.append(f"{rotulo}: não passou da 1ª página seguindo os cursores")
        consultas = {c: consultas_por_requisicao(caminho, cab) for c, (_, _, caminho, cab) in casos.items()}

        rodar = rodar_wrk if gerador == "wrk" else rodar_python
        esperar_maquina_quieta(args.carga_maxima, args.espera_maxima)
        um, cinco, quinze = os.getloadavg()  # before our own load (the warm-up) raises it
        for _, _, caminho, cabecalhos in casos.values():  # workers, connections, caches
            rodar(
                servidor.porta,
                caminho,
                cabecalhos,
                conexoes=args.conexoes,
                duracao=args.aquecimento,
                script=script,
            )

        resultados: dict[str, list[dict]] = {c: [] for c in casos}
        print(
            f"\nCarga média da máquina antes do aquecimento: {um:.2f} (1 min), {cinco:.2f} (5), {quinze:.2f} (15)."
        )
        print(
            f"\n{'caso':<38} {'rod':>3} {'SQLs':>4} {'KB':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'erros':>5}"
            f"   {'CPU/req ms':>10} {'Python':>7} {'SQL':>6}   {'carga':>5} {'outros':>6}"
        )
        for rodada in range(1, args.repeticoes + 1):
            for chave, (rotulo, numero, caminho, cabecalhos) in casos.items():
                carga = os.getloadavg()[0]
                with MedidorCPU(servidor) as cpu:
                    r = rodar(
                        servidor.porta,
                        caminho,
                        cabecalhos,
                        conexoes=args.conexoes,
                        duracao=args.duracao,
                        script=script,
                    )
                n = max(r["requisicoes"], 1)
                python_s, sql_s = cpu.segundos("python"), cpu.segundos("sql")
                r.update(
                    carga=carga,
                    rps=r["requisicoes"] / r["segundos"],
                    kb=r["bytes"] / n / 1024,
                    python_ms=python_s / n * 1000,
                    sql_ms=sql_s / n * 1000,
                    # CPUs busy with anything else (other sessions) while the case ran
                    outros=max(0.0, cpu.maquina_ocupada() - python_s - sql_s - r["cpu_gerador"])
                    / r["segundos"],
                )
                resultados[chave].append(r)
                falhas = r["erros"] + r["nao_2xx"]
                if falhas or not r["requisicoes"]:
                    problemas.append(
                        f"{rotulo}, página {numero}, rodada {rodada}: {falhas} erro(s) em {r['requisicoes']}"
                    )
                print(
                    f"{rotulo + ', página ' + str(numero):<38} {rodada:>3} "
                    f"{consultas[chave] if consultas[chave] is not None else '?':>4} "
                    f"{r['kb']:>5.1f} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p99']:>7.1f} {falhas:>5}   "
                    f"{r['python_ms'] + r['sql_ms']:>10.1f} {r['python_ms']:>7.1f} {r['sql_ms']:>6.1f}   "
                    f"{carga:>5.2f} {r['outros']:>6.2f}",
                    flush=True,
                )
        print(f"\nMediana das {args.repeticoes} rodada(s) (faixa de req/s):")
        for chave, (rotulo, numero, _, _) in casos.items():
            rs = resultados[chave]
            m = {
                k: statistics.median(x[k] for x in rs)
                for k in ("rps", "p50", "p99", "python_ms", "sql_ms", "carga")
            }
            print(
                f"  {rotulo + ', página ' + str(numero):<38} {m['rps']:>6.1f} req/s "
                f"({min(x['rps'] for x in rs):.1f}–{max(x['rps'] for x in rs):.1f}), p50 {m['p50']:.1f} ms, "
                f"p99 {m['p99']:.1f} ms; CPU/req {m['python_ms'] + m['sql_ms']:.1f} ms "
                f"({m['python_ms']:.1f} Python + {m['sql_ms']:.1f} PostgreSQL); carga média {m['carga']:.2f}"
            )
        print(
            f"\nreq/s: respostas por segundo com {args.conexoes} conexões; p50/p99: latência vista pelo gerador; "
            "erros: de conexão, leitura ou timeout, ou status fora de 2xx/3xx.\nSQLs: consultas de uma requisição "
            "(cliente de teste do Django, neste processo). CPU/req: CPU dos processos do gunicorn (Python) e dos "
            "backends do PostgreSQL das conexões deles (SQL) por resposta, lida de /proc.\ncarga: carga média de "
            "1 min no início do caso; outros: CPUs ocupadas por outros processos da máquina durante o caso."
        )
        if problemas:
            print(f"\nFim do log do gunicorn:\n{servidor.cauda()}", file=sys.stderr)
    finally:
        servidor.parar()
        shutil.rmtree(pasta, ignore_errors=True)
    return problemas


if __name__ == "__main__":
    sys.exit(main())
