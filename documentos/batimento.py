"""A heartbeat stamped on a database row while a worker does long work, so that a sweeper can
tell a slow worker from a dead one: the stamp stops when the process dies (SIGKILL, OOM killer,
lost machine), not when one step of the work is long."""

import contextlib
import logging
import threading
import time

from django.db import connection, connections
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


class Batimento:
    """``with Batimento(linhas, campo="batimento_em", intervalo=10, duracao_maxima=1800):``

    While the block runs, a daemon thread sets ``campo`` to now on ``linhas`` every
    ``intervalo`` seconds, through its own database connection (closed when it stops). It stops
    at the end of the block; when ``linhas`` no longer matches (their filter fences the rows:
    finished, or taken over by another worker); or after ``duracao_maxima`` seconds, so that a
    hung task does not look alive forever. A database error skips one beat, never the work.

    Inside a transaction nothing is started: the caller's claim is not committed, so no sweeper
    can see it, and another connection could not see the rows either."""

    def __init__(self, linhas: QuerySet, *, campo: str, intervalo: float, duracao_maxima: float):
        self.linhas = linhas
        self.campo = campo
        self.intervalo = intervalo
        self.duracao_maxima = duracao_maxima
        self._parar = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "Batimento":
        if not connection.in_atomic_block:
            self._thread = threading.Thread(target=self._rodar, name="batimento", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *excecao) -> None:
        self._parar.set()
        if self._thread is not None:
            # Bounded: a beat stuck on the database must not hold the task (the thread is a daemon).
            self._thread.join(timeout=10)

    def _rodar(self) -> None:
        fim = time.monotonic() + self.duracao_maxima
        try:
            while not self._parar.wait(self.intervalo):
                if time.monotonic() > fim:
                    logger.warning(
                        "Batimento encerrado após %s s: a tarefa passou do tempo limite.", self.duracao_maxima
                    )
                    return
                try:
                    if not self.linhas.update(**{self.campo: timezone.now()}):
                        return  # finished, or no longer ours
                except Exception:
                    logger.warning("Batimento não registrado; nova tentativa no próximo.", exc_info=True)
                    with contextlib.suppress(Exception):
                        connection.close()  # this thread's connection: reopened on the next beat
        finally:
            with contextlib.suppress(Exception):
                connections.close_all()  # only this thread's connections
