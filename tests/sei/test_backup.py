"""Backup and restore drill: the backup is restored into a new database and file folder, and the
restored installation passes the integrity checks — what an administrator does before trusting
a backup."""

import os
import shutil
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from processos import services
from processos.models import NivelAcesso
from sei.backup import ErroBackup, ler_manifesto
from tests.integracao.conftest import RAIZ, _url_banco

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _manage(*argumentos, **ambiente):
    variaveis = {**os.environ, "SEI_SECRET_KEY": settings.SECRET_KEY, **ambiente}
    for nome, valor in list(variaveis.items()):
        if valor is None:
            del variaveis[nome]
    return subprocess.run(
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=variaveis,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _backup(destino) -> str:
    from io import StringIO

    saida = StringIO()
    call_command("backup", str(destino), stdout=saida)
    return saida.getvalue().strip().rsplit(" ", 1)[-1]


@pytest.mark.usefixtures("requer_postgresql")
def test_backup_restaurado_num_banco_novo_passa_nas_conferencias(
    atores, unidades, criar_processo, criar_documento, incluir_externo, armazenamento, tmp_path
):
    a = atores["A"]
    processo = criar_processo(a, NivelAcesso.RESTRITO, interessados=["Ana Souza"])
    criar_documento(a, processo, conteudo="<p>Parecer favorável</p>")
    externo = incluir_externo(a, processo)
    services.processo_enviar(ator=a, processo=processo, destinos=[unidades["B"]])
    pasta = _backup(tmp_path / "backups")
    manifesto = ler_manifesto(pasta)
    assert manifesto["banco"] == "postgresql" and manifesto["contagens"]["processos"] == 1
    assert set(manifesto["partes"]) == {"banco", "arquivos"}

    novo = f"sei_restauracao_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{novo}"')
    url_novo = _url_banco({**connection.settings_dict, "NAME": novo})
    media_nova = tmp_path / "media-restaurada"
    ambiente = {"DATABASE_URL": url_novo, "SEI_MEDIA_ROOT": str(media_nova)}
    try:
        restaurado = _manage("restaurar", pasta, **ambiente)
        assert restaurado.returncode == 0, restaurado.stderr[-3000:]
        assert "1 processo(s), 2 documento(s)" in restaurado.stdout
        assert "Histórico íntegro" in restaurado.stdout and "nenhum problema" in restaurado.stdout
        assert "Restauração conferida" in restaurado.stdout
        original = (armazenamento / externo.arquivo_nome).read_bytes()
        assert (media_nova / externo.arquivo_nome).read_bytes() == original

        with psycopg.connect(url_novo, autocommit=True) as banco:
            assert banco.execute("SELECT nup FROM processos_processo").fetchall() == [(processo.nup,)]
            andamentos = manifesto["contagens"]["andamentos"]
            assert banco.execute("SELECT count(*) FROM processos_andamento").fetchone()[0] == andamentos == 4
            with pytest.raises(psycopg.errors.RaiseException):  # still append-only after the restore
                banco.execute("UPDATE processos_andamento SET descricao = 'x'")

        # A second restore over the same data is refused; so is a damaged backup, even with
        # --substituir, before anything is touched.
        de_novo = _manage("restaurar", pasta, **ambiente)
        assert de_novo.returncode != 0 and "já tem dados" in de_novo.stderr
        danificado = tmp_path / "danificado"
        shutil.copytree(pasta, danificado)
        with open(danificado / "banco.dump", "ab") as dump:
            dump.write(b"\0")
        recusado = _manage("restaurar", str(danificado), "--substituir", **ambiente)
        assert recusado.returncode != 0 and "O backup está corrompido" in recusado.stderr
        with psycopg.connect(url_novo, autocommit=True) as banco:
            assert banco.execute("SELECT count(*) FROM processos_processo").fetchone()[0] == 1
    finally:
        connection.close()
        with psycopg.connect(
            _url_banco({**connection.settings_dict, "NAME": "postgres"}), autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{novo}" WITH (FORCE)')


def test_modo_embutido_sqlite_backup_e_restauracao(tmp_path):
    """The embedded defaults (SQLite, local files): the demo installation backed up and restored."""
    sqlite = {"DATABASE_URL": None, "CELERY_BROKER_URL": None}
    origem = {
        **sqlite,
        "SEI_SQLITE_PATH": str(tmp_path / "a.sqlite3"),
        "SEI_MEDIA_ROOT": str(tmp_path / "m1"),
    }
    for comando in (("migrate", "-v", "0"), ("carregar_demo", "--processos", "0")):
        feito = _manage(*comando, **origem)
        assert feito.returncode == 0, feito.stderr[-3000:]
    backup = _manage("backup", str(tmp_path / "bk"), **origem)
    assert backup.returncode == 0, backup.stderr[-3000:]
    pasta = backup.stdout.strip().rsplit(" ", 1)[-1]

    destino = {
        **sqlite,
        "SEI_SQLITE_PATH": str(tmp_path / "b.sqlite3"),
        "SEI_MEDIA_ROOT": str(tmp_path / "m2"),
    }
    restaurado = _manage("restaurar", pasta, **destino)
    assert restaurado.returncode == 0, restaurado.stderr[-3000:]
    assert "Restauração conferida: arquivos e histórico íntegros." in restaurado.stdout
    assert sorted(p.name for p in (tmp_path / "m2").rglob("*") if p.is_file()) == sorted(
        p.name for p in (tmp_path / "m1").rglob("*") if p.is_file()
    )


def test_pasta_que_nao_e_backup_e_recusada(tmp_path):
    with pytest.raises(ErroBackup, match="não é um backup do SEI"):
        ler_manifesto(tmp_path)
