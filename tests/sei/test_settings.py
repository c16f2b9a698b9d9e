"""Settings read from the environment: fail fast without a secret outside the quickstart."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
CARREGAR = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
CHAVES = "h1:" + secrets.token_urlsafe(40)


def python(codigo_ou_args, **env) -> subprocess.CompletedProcess:
    ambiente = {k: v for k, v in os.environ.items() if not k.startswith(("SEI_", "DATABASE_URL", "CELERY_"))}
    if "DATABASE_URL" in env and "SEI_SECRET_KEY" in env:
        env.setdefault("SEI_HISTORICO_CHAVES", CHAVES)
    ambiente.update(DJANGO_SETTINGS_MODULE="sei.settings", **{k: v for k, v in env.items() if v is not None})
    args = ["-c", codigo_ou_args] if isinstance(codigo_ou_args, str) else codigo_ou_args
    return subprocess.run(
        [sys.executable, *args], cwd=RAIZ, env=ambiente, capture_output=True, text=True, timeout=120
    )


def test_sem_chave_secreta_com_banco_configurado_nao_inicia():
    resultado = python(CARREGAR, DATABASE_URL="postgres://postgres@127.0.0.1:5432/sei")
    assert resultado.returncode != 0
    assert "ImproperlyConfigured" in resultado.stderr
    assert "SEI_SECRET_KEY" in resultado.stderr


def test_sem_chaves_do_historico_com_banco_configurado_nao_inicia():
    resultado = python(
        CARREGAR,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/sei",
        SEI_SECRET_KEY=secrets.token_urlsafe(50),
        SEI_HISTORICO_CHAVES=None,
    )
    assert resultado.returncode != 0
    assert "SEI_HISTORICO_CHAVES" in resultado.stderr


def test_chaves_do_historico_mal_formadas_nao_iniciam():
    for valor in ("sem-dois-pontos", "k1:curta", f"k1:{'x' * 40},k1:{'y' * 40}"):
        resultado = python(
            CARREGAR,
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/sei",
            SEI_SECRET_KEY=secrets.token_urlsafe(50),
            SEI_HISTORICO_CHAVES=valor,
        )
        assert resultado.returncode != 0 and "SEI_HISTORICO_CHAVES" in resultado.stderr, valor


def test_com_chave_secreta_inicia_sem_debug():
    resultado = python(
        CARREGAR, DATABASE_URL="postgres://postgres@127.0.0.1:5432/sei", SEI_SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.strip() == "False"


def test_modo_embutido_gera_a_chave_ao_lado_do_banco(tmp_path):
    resultado = python(CARREGAR, SEI_VAR_DIR=str(tmp_path))
    assert resultado.returncode == 0, resultado.stderr
    chave = tmp_path / "secret_key"
    assert len(chave.read_text().strip()) >= 50
    assert chave.stat().st_mode & 0o077 == 0
    historico = tmp_path / "historico_chaves"
    assert historico.read_text().startswith("e1:") and historico.stat().st_mode & 0o077 == 0


def test_check_deploy_passa_com_configuracao_de_producao(tmp_path):
    resultado = python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/sei",
        SEI_SECRET_KEY=secrets.token_urlsafe(64),
        SEI_HTTPS="1",
        SEI_ALLOWED_HOSTS="sei.exemplo.gov.br",
        SEI_STATIC_ROOT=str(tmp_path),
    )
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr


def test_check_deploy_acusa_falta_de_https(tmp_path):
    resultado = python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/sei",
        SEI_SECRET_KEY=secrets.token_urlsafe(64),
        SEI_ALLOWED_HOSTS="sei.exemplo.gov.br",
        SEI_STATIC_ROOT=str(tmp_path),
    )
    assert resultado.returncode != 0
    assert "SECURE_SSL_REDIRECT" in resultado.stdout + resultado.stderr
