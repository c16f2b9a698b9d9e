"""The beat's sweep of document work (``documentos.tasks.varrer_pendentes``), the outbox side of
``sei.tarefas``: every task is backed by a row, so a message the broker lost, or a worker that
died, only makes the work late. Each step is its own function; this only runs them in turn."""

from .exportacao import descartar_vencidas, reenfileirar_esquecidas, retomar_exportacoes
from .extracao import retomar_extracoes
from .pendentes import descartar_uploads_abandonados


def retomar_pendentes() -> int:
    """Re-enqueue exports and text extractions whose message the broker lost or whose worker
    died; drop the files of expired exports and the abandoned uploads of the external-document
    form. Returns how many exports. Exports whose worker is gone are also taken over more often
    by ``retomar_exportacoes`` (its own beat task)."""
    retomadas = retomar_exportacoes()
    retomadas += reenfileirar_esquecidas()
    retomar_extracoes()
    descartar_vencidas()
    descartar_uploads_abandonados()
    return retomadas
