"""Publishing Celery tasks once the transaction commits, without letting a broker outage turn a
committed operation into an error page.

Every task published here is backed by the database: a row a beat sweeper re-enqueues
(``NotificacaoEmail``, ``Exportacao``, an upload whose ``texto_extraido_em`` is still null) or
work done on demand when missing (a document's PDF renders on its first read). A message that
never reached Redis is therefore only late, and the user who just sent a process or saved a
document is told it worked, because it did.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from kombu.exceptions import OperationalError

from sei.celery import app

logger = logging.getLogger("sei.tarefas")

# Inside ``adiadas()``: the tasks published, kept instead of sent.
_adiadas: ContextVar[list | None] = ContextVar("sei_tarefas_adiadas", default=None)

# One quick retry: a request must not hang on a broker that is down (the sweeper will resend).
POLITICA_DE_REENVIO = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}


def publicar(tarefa, *args) -> bool:
    """Send ``tarefa(*args)`` to the broker; False (logged) when the broker cannot be reached.
    Errors of the task itself still propagate in eager mode (embedded defaults, tests).

    ``tarefa``: the task, or its name (``"documentos.tasks.exportar_processo"``): services publish
    by name, so they never import the tasks that import them (each app registers its tasks in
    ``AppConfig.ready``)."""
    if isinstance(tarefa, str):
        tarefa = app.tasks[tarefa]
    fila = _adiadas.get()
    if fila is not None:
        fila.append((tarefa.name, args))
        return True
    try:
        tarefa.apply_async(args=args, retry=True, retry_policy=POLITICA_DE_REENVIO)
    except OperationalError as erro:
        logger.error(
            "Fila indisponível: %s%s não publicada (%s); o varredor a reenviará.", tarefa.name, args, erro
        )
        return False
    return True


def publicar_apos_commit(tarefa, *args) -> None:
    """``publicar`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: publicar(tarefa, *args))


@contextmanager
def adiadas():
    """Keep, instead of sending, every task published inside the block (a bulk load, such as the
    demo data: in the embedded mode each would run in process, one by one). Yields the list of
    ``(name, args)``; the caller publishes what it still wants (``publicar``) once the block ends.
    Nothing is lost by dropping one: every task is backed by the database (module docstring)."""
    fila: list = []
    marca = _adiadas.set(fila)
    try:
        yield fila
    finally:
        _adiadas.reset(marca)
