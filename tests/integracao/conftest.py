"""A real Celery worker (Redis broker) against the pytest PostgreSQL test database.

Skipped without CELERY_BROKER_URL, PostgreSQL or a reachable Redis; when
SEI_EXIGIR_INTEGRACAO=1 (set by scripts/test, hence CI) the same conditions fail instead.
The worker lives for the tests of this folder and is stopped (terminate, then kill) after them,
so it never picks up tasks of unrelated tests.
"""

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

RAIZ = Path(__file__).resolve().parents[2]
ESPERA_WORKER = 60


def esperar(condicao, limite: float = 30, intervalo: float = 0.2):
    """Poll ``condicao`` until it returns something truthy; fail after ``limite`` seconds."""
    fim = time.monotonic() + limite
    while True:
        resultado = condicao()
        if resultado:
            return resultado
        if time.monotonic() > fim:
            pytest.fail(f"Condição não atingida em {limite} s.", pytrace=False)
        time.sleep(intervalo)


def _indisponivel(motivo: str):
    if os.environ.get("SEI_EXIGIR_INTEGRACAO") == "1":
        pytest.fail(f"Integração exigida, mas {motivo}.", pytrace=False)
    pytest.skip(motivo)


def _url_banco(dados: dict) -> str:
    usuario = quote(dados.get("USER") or "", safe="")
    senha = dados.get("PASSWORD") or ""
    credenciais = f"{usuario}:{quote(senha, safe='')}@" if senha else (f"{usuario}@" if usuario else "")
    porta = f":{dados['PORT']}" if dados.get("PORT") else ""
    return f"postgres://{credenciais}{dados.get('HOST') or '127.0.0.1'}{porta}/{dados['NAME']}"


def _ambiente(pasta: Path, extra: dict[str, str]) -> dict[str, str]:
    """The environment of the Celery processes: the test database, files and e-mails in ``pasta``."""
    ambiente = dict(os.environ)
    ambiente.update(
        DATABASE_URL=_url_banco(connection.settings_dict),
        SEI_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        SEI_EMAIL_FILE_PATH=str(pasta / "emails"),
        SEI_MEDIA_ROOT=str(pasta / "media"),
        SEI_SECRET_KEY=settings.SECRET_KEY,
        PYTHONUNBUFFERED="1",
    )
    ambiente.update(extra)
    return ambiente


def _iniciar(comando: list[str], ambiente: dict[str, str], log: Path, pronto: str, nome: str):
    """Start a Celery process logging to ``log``; fail unless ``pronto`` shows in the log in time."""
    inicio_do_log = log.stat().st_size if log.exists() else 0
    with open(log, "ab") as saida:
        processo = subprocess.Popen(
            comando, cwd=RAIZ, env=ambiente, stdout=saida, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    fim = time.monotonic() + ESPERA_WORKER
    while pronto not in log.read_bytes()[inicio_do_log:].decode(errors="replace"):
        if processo.poll() is not None or time.monotonic() > fim:
            texto = log.read_text(errors="replace")[-3000:]
            pytest.fail(f"O {nome} Celery não ficou pronto:\n{texto}", pytrace=False)
        time.sleep(0.2)
    return processo


def _parar(processo: subprocess.Popen | None) -> None:
    if processo is None or processo.poll() is not None:
        return
    processo.terminate()
    try:
        processo.wait(timeout=15)
    except subprocess.TimeoutExpired:
        processo.kill()
        processo.wait(timeout=15)


@dataclass
class Worker:
    """A ``celery -A sei worker --pool=solo`` process on the test database; e-mails to files.
    ``ambiente``: extra variables for it (settings of a test), applied from the next start."""

    pasta: Path
    processo: subprocess.Popen | None = None
    ambiente: dict[str, str] = field(default_factory=dict)

    @property
    def log(self) -> Path:
        return self.pasta / "worker.log"

    @property
    def emails(self) -> Path:
        return self.pasta / "emails"

    @property
    def media(self) -> Path:
        return self.pasta / "media"

    def texto_log(self) -> str:
        return self.log.read_text(errors="replace")

    def emails_para(self, destinatario: str) -> list[str]:
        textos = [arquivo.read_text(errors="replace") for arquivo in sorted(self.emails.glob("*"))]
        return [texto for texto in textos if f"To: {destinatario}" in texto]

    def resultado(self, tarefa_id: str) -> str | None:
        """The worker's log line reporting the end of a task, once it is there."""
        for linha in self.texto_log().splitlines():
            if f"[{tarefa_id}]" in linha and ("succeeded" in linha or "raised" in linha):
                return linha
        return None

    def iniciar(self) -> None:
        """Start it (queued messages are purged: each start begins with an empty queue)."""
        self.emails.mkdir(exist_ok=True)
        self.media.mkdir(exist_ok=True)
        nome = f"integracao-{uuid.uuid4().hex[:8]}@localhost"
        comando = [
            sys.executable, "-m", "celery", "-A", "sei", "worker",
            "--pool=solo", "-l", "info", "-n", nome, "-Q", "celery,busca",
            "--purge", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        ambiente = _ambiente(self.pasta, self.ambiente)
        self.processo = _iniciar(comando, ambiente, self.log, " ready.", "worker")

    def matar(self) -> None:
        """SIGKILL, as the OOM killer or a lost machine would: no cleanup, no acknowledgement."""
        self.processo.kill()
        self.processo.wait(timeout=15)

    def parar(self) -> None:
        _parar(self.processo)


@dataclass
class Beat:
    """``celery -A sei beat``: the product's CELERY_BEAT_SCHEDULE, sending to the worker's broker
    (a fresh schedule file at each start: no entry is due at once)."""

    pasta: Path
    ambiente: dict[str, str] = field(default_factory=dict)
    processo: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return self.pasta / "beat.log"

    def iniciar(self) -> None:
        agenda = self.pasta / f"beat-{uuid.uuid4().hex[:8]}"
        comando = [sys.executable, "-m", "celery", "-A", "sei", "beat", "-l", "info", "-s", str(agenda)]
        ambiente = _ambiente(self.pasta, self.ambiente)
        self.processo = _iniciar(comando, ambiente, self.log, "beat: Starting...", "beat")

    def parar(self) -> None:
        _parar(self.processo)


@pytest.fixture(scope="package")
def servicos_reais(django_db_setup):
    if not settings.CELERY_BROKER_URL:
        _indisponivel("CELERY_BROKER_URL não está configurada")
    if connection.vendor != "postgresql":
        _indisponivel("o banco de teste não é PostgreSQL (configure DATABASE_URL)")
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping()
    except redis.RedisError as erro:
        _indisponivel(f"o Redis não responde ({erro})")


@pytest.fixture(scope="package")
def worker_celery(servicos_reais, django_db_setup, tmp_path_factory):
    """The worker of this folder's tests, stopped (terminate, then kill) after them."""
    worker = Worker(pasta=tmp_path_factory.mktemp("worker"))
    try:
        worker.iniciar()
        yield worker
    finally:
        worker.parar()


@pytest.fixture(autouse=True)
def _worker_de_pe(request):
    """A test that kills the worker leaves it running again for the next ones, pass or fail."""
    yield
    if "worker_celery" in request.fixturenames:
        worker = request.getfixturevalue("worker_celery")
        if worker.processo is None or worker.processo.poll() is not None:
            worker.iniciar()
