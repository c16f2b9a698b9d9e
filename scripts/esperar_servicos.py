"""Used by scripts/test: wait for PostgreSQL and Redis, and create the database if missing."""

import os
import sys
import time
from urllib.parse import urlsplit

LIMITE = 30


def esperar(nome, tentar):
    fim = time.monotonic() + LIMITE
    while True:
        try:
            return tentar()
        except Exception as erro:  # any failure means "not ready yet"
            if time.monotonic() > fim:
                sys.exit(f"{nome} indisponível após {LIMITE} s: {erro}")
            time.sleep(0.5)


def postgres():
    import psycopg
    from psycopg import sql

    url = urlsplit(os.environ["DATABASE_URL"])
    banco = url.path.lstrip("/")
    administrativo = url._replace(path="/postgres").geturl()
    with psycopg.connect(administrativo, autocommit=True, connect_timeout=3) as conexao:
        if not conexao.execute("SELECT 1 FROM pg_database WHERE datname = %s", [banco]).fetchone():
            conexao.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(banco)))
            print(f"Banco {banco} criado.")


def redis():
    import redis as cliente

    cliente.Redis.from_url(os.environ["CELERY_BROKER_URL"], socket_timeout=3).ping()


if __name__ == "__main__":
    esperar("PostgreSQL", postgres)
    esperar("Redis", redis)
