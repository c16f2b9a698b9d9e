"""The README's first command runs the product on its embedded defaults (SQLite, tasks in
process, local files, Whoosh); the suite runs on PostgreSQL. This walks the main pages on SQLite
in a process of its own, so that a query only PostgreSQL accepts fails CI (one did once:
``VALUES ... AS o(c)`` in the inbox count)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

RAIZ = Path(__file__).resolve().parents[2]


def test_paginas_principais_respondem_no_modo_embutido(tmp_path):
    ambiente = {**os.environ, "SEI_SECRET_KEY": settings.SECRET_KEY, "SEI_VAR_DIR": str(tmp_path)}
    for nome in ("DATABASE_URL", "CELERY_BROKER_URL"):
        ambiente.pop(nome, None)
    ambiente.update(
        SEI_SQLITE_PATH=str(tmp_path / "sei.sqlite3"),
        SEI_MEDIA_ROOT=str(tmp_path / "arquivos"),
        SEI_ALLOWED_HOSTS="testserver",
    )
    feito = subprocess.run(
        [sys.executable, str(RAIZ / "tests" / "sei" / "roteiro_embutido.py")],
        cwd=RAIZ,
        env=ambiente,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert feito.returncode == 0, feito.stdout[-3000:] + feito.stderr[-3000:]
    assert "modo embutido: tudo respondeu" in feito.stdout
