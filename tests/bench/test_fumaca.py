"""Every benchmark script (``bench/*.py``, found when the tests are collected) in its smoke size:
``python bench/<script> --fumaca`` must exit 0, print its figures and leave nothing behind — no
database, no temporary file. A change that breaks a benchmark fails the build (issue 8, item 8).

Needs PostgreSQL: skipped without it, failed instead when SEI_EXIGIR_INTEGRACAO=1 (scripts/test,
hence CI). Each script gets a database name of its own, derived from the test database's
(``test_<banco>_<script>``; the script appends ``_fumaca`` to it), so a smoke run never touches the
real benchmark databases (``sei_bench``, ``sei_bench_documentos``) nor the other scripts' ones.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

RAIZ = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((RAIZ / "bench").glob("*.py"))
LIMITE_S = 120  # per script; each takes 2–25 s on 2 busy CPUs

# What each script prints once it has measured; a script not listed here must print at least
# one time (a number followed by ms or s).
FIGURAS = {
    "controle_processos.py": [
        r"(?m)^Recebidos\s+1\s+[1-9]\d*\s+\d+\s+\d+\.\d+",  # the first page, with rows
        r"(?m)^Recebidos\s+[2-9]\d*\s+[1-9]\d*\s",  # a deeper page, reached by cursor
        r"API /controle-processos/\s+página\s+1: .*p50 +\d+\.\d+ ms",
        r"Fumaça: ok",
    ],
    "documentos.py": [
        r"Renderização .*→ \d+\.\d+ documentos/s",
        r"PDF do processo \(5 documentos.*mediana \d+\.\d+ s",
        r"ZIP do processo \(5 documentos\): \d+\.\d+ s",
        r"Fumaça: ok",
    ],
    "assinaturas.py": [
        r"Assinar um documento .*p50 \d+ ms, p95 \d+ ms",
        r"Assinar todos, bloco de 5 documentos .*: \d+\.\d+ s",
        r"Caso frio: assinar todos de 2 documentos .*: \d+\.\d+ s",
        r"Fumaça: ok",
    ],
    "busca.py": [
        r"whoosh: 300 documentos em \d+\.\d+ s de indexar → \d+\.\d+ documentos/s",
        r"tantivy: 300 documentos em \d+\.\d+ s de indexar → \d+\.\d+ documentos/s",
        r"(?m)^comum\s+global\s+10\s+\d+\s+\d+\.\d+\s+\d+\.\d+\s+0$",  # a query class, p50 and p95
        r"(?m)^prefixo\s+processo\s+10\s",
        r"Acertos conferidos: todos dentro do acesso e do escopo",
        r"Fumaça: ok",
    ],
    "busca_latencia.py": [
        r"postgres: documento criado com conteúdo → achado: 3 documentos, p50 \d+ ms, p95 \d+ ms",
        r"postgres: edição salva → achada: 3 documentos, p50 \d+ ms",
        r"whoosh: documento criado com conteúdo → achado: 3 documentos, p50 \d+ ms, p95 \d+ ms",
        r"whoosh: edição salva → achada: 3 documentos, p50 \d+ ms",
        r"Fumaça: ok",
    ],
    "pdf_mesclagem.py": [
        r"6 partes lidas de arquivo: mediana \d+\.\d+ s",
        r"6 partes em bytes: mediana \d+\.\d+ s",
    ],
}
ALGUM_TEMPO = r"\d+(?:[.,]\d+)?\s*(?:ms|s)\b"

pytestmark = pytest.mark.integracao


def _indisponivel(motivo: str):
    if os.environ.get("SEI_EXIGIR_INTEGRACAO") == "1":
        pytest.fail(f"Integração exigida, mas {motivo}.", pytrace=False)
    pytest.skip(motivo)


def _parametros(dados: dict) -> dict:
    parametros = {"dbname": "postgres", "autocommit": True, "connect_timeout": 5}
    for chave, nome in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if dados.get(chave):
            parametros[nome] = str(dados[chave])
    return parametros


def _url(dados: dict, nome: str) -> str:
    usuario = quote(dados.get("USER") or "", safe="")
    senha = dados.get("PASSWORD") or ""
    credenciais = f"{usuario}:{quote(senha, safe='')}@" if senha else (f"{usuario}@" if usuario else "")
    porta = f":{dados['PORT']}" if dados.get("PORT") else ""
    return f"postgres://{credenciais}{dados.get('HOST') or '127.0.0.1'}{porta}/{quote(nome)}"


@pytest.fixture(scope="module")
def postgres(django_db_modify_db_settings):
    """The server of the test database, and the prefix of the smoke databases' names (the test
    database's name, which pytest-django makes distinct per xdist worker)."""
    import psycopg

    dados = settings.DATABASES["default"]
    if "postgresql" not in dados["ENGINE"]:
        _indisponivel("o banco de teste não é PostgreSQL (configure DATABASE_URL)")
    try:
        psycopg.connect(**_parametros(dados)).close()
    except psycopg.OperationalError as erro:
        _indisponivel(f"o PostgreSQL não responde ({erro})")
    prefixo = (dados.get("TEST") or {}).get("NAME") or f"test_{dados['NAME']}"
    return dados, prefixo


def _bancos_com_prefixo(dados: dict, base: str) -> list[str]:
    import psycopg

    with psycopg.connect(**_parametros(dados)) as conexao:
        linhas = conexao.execute(
            "SELECT datname FROM pg_database WHERE datname = %s OR left(datname, %s) = %s ORDER BY datname",
            [base, len(base) + 1, base + "_"],
        ).fetchall()
    return [nome for (nome,) in linhas]


def _apagar(dados: dict, nomes: list[str]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_parametros(dados)) as conexao:
        for nome in nomes:
            conexao.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nome)))


def _rodar(comando: list[str], ambiente: dict) -> tuple[int, str, str, float]:
    """Run in a session of its own: on timeout the whole group goes (a script's own children,
    e.g. a gunicorn, included)."""
    inicio = time.monotonic()
    processo = subprocess.Popen(
        comando,
        cwd=RAIZ,
        env=ambiente,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        saida, erros = processo.communicate(timeout=LIMITE_S)
    except subprocess.TimeoutExpired:
        os.killpg(processo.pid, signal.SIGKILL)
        saida, erros = processo.communicate()
        pytest.fail(
            f"{comando[-2]} --fumaca passou de {LIMITE_S} s.\n--- stdout\n{saida[-3000:]}\n--- stderr\n{erros[-3000:]}",
            pytrace=False,
        )
    return processo.returncode, saida, erros, time.monotonic() - inicio


@pytest.fixture(scope="module")
def modelo(postgres):
    """One database migrated with this code, the template every script's database is copied from
    (``bench/apoio/banco.py``): one migration for the run instead of one per script."""
    import psycopg
    from psycopg import sql

    dados, prefixo = postgres
    nome = f"{prefixo}_modelo_bench"
    _apagar(dados, [nome])
    with psycopg.connect(**_parametros(dados)) as conexao:
        conexao.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nome)))
    try:
        ambiente = dict(os.environ, DATABASE_URL=_url(dados, nome))
        migracao = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=RAIZ,
            env=ambiente,
            capture_output=True,
            text=True,
            timeout=LIMITE_S,
        )
        assert migracao.returncode == 0, f"migrate do modelo falhou:\n{migracao.stderr[-3000:]}"
        yield nome
    finally:
        _apagar(dados, [nome])


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_fumaca(script, postgres, modelo, tmp_path):
    dados, prefixo = postgres
    base = f"{prefixo}_{script.stem}"
    assert len((base + "_fumaca").encode()) <= 63, f"nome de banco longo demais: {base}_fumaca"
    temporarios = tmp_path / "tmp"
    temporarios.mkdir()
    ambiente = dict(os.environ)
    ambiente.update(
        DATABASE_URL=_url(dados, base), TMPDIR=str(temporarios), PYTHONUNBUFFERED="1", SEI_BENCH_BANCO_MODELO=modelo
    )
    try:
        codigo, saida, erros, duracao = _rodar([sys.executable, str(script), "--fumaca"], ambiente)
        sobras = _bancos_com_prefixo(dados, base)
    finally:
        _apagar(dados, _bancos_com_prefixo(dados, base))

    relato = f"bench/{script.name} --fumaca ({duracao:.0f} s)\n--- stdout\n{saida[-4000:]}\n--- stderr\n{erros[-4000:]}"
    assert codigo == 0, f"saiu com {codigo}: {relato}"
    for figura in FIGURAS.get(script.name, [ALGUM_TEMPO]):
        assert re.search(figura, saida), f"não imprimiu /{figura}/: {relato}"
    assert not sobras, f"deixou o(s) banco(s) {sobras}: {relato}"
    deixados = sorted(str(p.relative_to(temporarios)) for p in temporarios.rglob("*"))
    assert not deixados, f"deixou arquivos temporários {deixados[:10]}: {relato}"
