"""Backup and restore of an installation: the database and the stored files, with a manifest
(SHA-256 of each part, counts, migrations) that the restore checks before it touches anything.
The ``restaurar`` command then runs the integrity checks (``verificar_arquivos``,
``verificar_historico``): a backup is only as good as a restore that passed them.

PostgreSQL is dumped with ``pg_dump`` (custom format) and restored with ``pg_restore`` in one
transaction; the embedded SQLite file with SQLite's online backup. Files in a local folder go
into a ``.tar.gz``; files in an S3 bucket are not copied — the bucket's versioning and
replication are their backup, and ``verificar_arquivos`` checks them after a restore.
Every attempt is logged (``sei.manutencao``; e-ARQ 6.4.1: backup and restore are audited).
"""

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from sei.banco import conceder_papel_aplicacao

logger = logging.getLogger("sei.manutencao")

MANIFESTO = "manifesto.json"
BANCO_POSTGRESQL = "banco.dump"
BANCO_SQLITE = "banco.sqlite3"
ARQUIVOS = "arquivos.tar.gz"


class ErroBackup(Exception):
    """A backup or restore that cannot go on; the message (pt-BR) says why."""

    def __init__(self, mensagem: str):
        super().__init__(mensagem)
        self.mensagem = mensagem


def _sha256(caminho: Path) -> str:
    resumo = hashlib.sha256()
    with open(caminho, "rb") as arquivo:
        for bloco in iter(lambda: arquivo.read(1 << 20), b""):
            resumo.update(bloco)
    return resumo.hexdigest()


def _pg(programa: str, *argumentos: str) -> None:
    """Run a PostgreSQL client program against the configured database (password by env)."""
    config = connection.settings_dict
    comando = [programa, "--host", config.get("HOST") or "127.0.0.1", "--port", str(config.get("PORT") or 5432)]
    if config.get("USER"):
        comando += ["--username", config["USER"]]
    ambiente = dict(os.environ, PGPASSWORD=config.get("PASSWORD") or "")
    try:
        resultado = subprocess.run(
            [*comando, *argumentos], env=ambiente, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise ErroBackup(f"{programa} não foi encontrado: instale o cliente do PostgreSQL.") from None
    if resultado.returncode != 0:
        raise ErroBackup(f"{programa} falhou: {resultado.stderr.strip()[-2000:]}")


def _pasta_local() -> Path | None:
    """The folder of the stored files, or None when they live in a bucket."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def _contagens() -> dict:
    """The row counts each app declares for the manifest (``AppConfig.contagens_backup``): the
    apps above ``sei`` say what to count, ``sei`` never imports them."""
    contagens = {}
    for config in apps.get_app_configs():
        for nome, modelo in getattr(config, "contagens_backup", {}).items():
            contagens[nome] = config.get_model(modelo).objects.count()
    return contagens


def fazer_backup(destino: Path) -> Path:
    """A new folder under ``destino`` holding the database, the files and the manifest."""
    pasta = Path(destino) / f"sei-{timezone.now():%Y%m%d-%H%M%S-%f}"
    pasta.mkdir(parents=True)
    try:
        partes = {}
        if connection.vendor == "postgresql":
            _pg("pg_dump", "--format=custom", "--no-owner", "--file", str(pasta / BANCO_POSTGRESQL),
                connection.settings_dict["NAME"])  # fmt: skip
            partes["banco"] = BANCO_POSTGRESQL
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(pasta / BANCO_SQLITE) as copia:
                connection.connection.backup(copia)
            partes["banco"] = BANCO_SQLITE
        else:
            raise ErroBackup(f"Banco {connection.vendor} não suportado pelo backup.")
        origem = _pasta_local()
        if origem is not None:
            with tarfile.open(pasta / ARQUIVOS, "w:gz") as pacote:
                if origem.exists():
                    pacote.add(origem, arcname=".")
            partes["arquivos"] = ARQUIVOS
        manifesto = {
            "criado_em": timezone.now().isoformat(),
            "banco": connection.vendor,
            "partes": {nome: {"arquivo": arquivo, "sha256": _sha256(pasta / arquivo)} for nome, arquivo in partes.items()},
            "arquivos_em_bucket": origem is None,
            "contagens": _contagens(),
            "migracoes": sorted(
                f"{app}.{nome}" for app, nome in MigrationRecorder(connection).migration_qs.values_list("app", "name")
            ),
        }
        (pasta / MANIFESTO).write_text(json.dumps(manifesto, ensure_ascii=False, indent=2))
    except BaseException as erro:
        shutil.rmtree(pasta, ignore_errors=True)
        logger.error("backup falhou (%s): nada foi mantido em %s", type(erro).__name__, destino)
        raise
    logger.info("backup criado: %s (%s)", pasta, manifesto["contagens"])
    return pasta


def ler_manifesto(origem: Path) -> dict:
    """The manifest, with every part checked against its SHA-256 (a damaged backup is refused)."""
    origem = Path(origem)
    try:
        manifesto = json.loads((origem / MANIFESTO).read_text())
        partes = manifesto["partes"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ErroBackup(f"{origem} não é um backup do SEI (falta ou é inválido o {MANIFESTO}).") from None
    for nome, parte in partes.items():
        caminho = origem / Path(parte["arquivo"]).name
        if not caminho.is_file() or _sha256(caminho) != parte["sha256"]:
            raise ErroBackup(f"O backup está corrompido: a parte '{nome}' ({caminho.name}) não confere com o manifesto.")
    return manifesto


def _banco_tem_dados() -> bool:
    tabelas = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for tabela in ("processos_processo", "sei_usuario"):
            if tabela in tabelas:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {tabela})")  # fixed table names
                if cursor.fetchone()[0]:
                    return True
    return False


def restaurar(origem: Path, *, substituir: bool = False) -> dict:
    """Restore the backup in ``origem`` into the configured database and file folder.

    Refuses a damaged backup, one of another database engine, and (unless ``substituir``) a
    database or folder that already holds data: a restore never overwrites by surprise.
    Returns the manifest."""
    origem = Path(origem)
    logger.info("restauração pedida: %s", origem)
    try:
        manifesto = ler_manifesto(origem)
        if manifesto["banco"] != connection.vendor:
            raise ErroBackup(
                f"O backup é de um banco {manifesto['banco']}; o configurado é {connection.vendor}."
            )
        pasta = _pasta_local()
        if not substituir:
            if _banco_tem_dados():
                raise ErroBackup("O banco de destino já tem dados. Use um banco vazio ou --substituir.")
            if pasta is not None and pasta.exists() and any(pasta.iterdir()):
                raise ErroBackup(f"A pasta de arquivos {pasta} não está vazia. Use uma vazia ou --substituir.")
        banco = origem / manifesto["partes"]["banco"]["arquivo"]
        if connection.vendor == "postgresql":
            _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                "--dbname", connection.settings_dict["NAME"], str(banco))  # fmt: skip
        else:
            connection.ensure_connection()
            with sqlite3.connect(banco) as copia:
                copia.backup(connection.connection)
        connection.close()
        # The restored tables belong to whoever restored them (the owner's role): the
        # application's role gets its grants again.
        conceder_papel_aplicacao()
        if "arquivos" in manifesto["partes"] and pasta is not None:
            pasta.mkdir(parents=True, exist_ok=True)
            with tarfile.open(origem / manifesto["partes"]["arquivos"]["arquivo"], "r:gz") as pacote:
                pacote.extractall(pasta, filter="data")  # no absolute paths, no "..", no links out
    except ErroBackup as erro:
        logger.error("restauração recusada: %s", erro.mensagem)
        raise
    logger.info("restauração concluída de %s (%s)", origem, manifesto["contagens"])
    return manifesto
