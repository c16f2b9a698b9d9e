#!/bin/sh
# docker-compose: runs once, when the PostgreSQL volume is created (docker-entrypoint-initdb.d).
# Creates the role the application runs as: it logs in and owns nothing. The tables belong to
# POSTGRES_USER, used only by the "migrate" service, which grants this role what it needs after
# each migration (SEI_BANCO_PAPEL_APLICACAO; sei/banco.py).
set -eu
if [ -z "${POSTGRES_APP_PASSWORD:-}" ]; then
  echo "POSTGRES_APP_PASSWORD não definida: o papel da aplicação não foi criado." >&2
  exit 1
fi
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v senha="$POSTGRES_APP_PASSWORD" <<'SQL'
CREATE ROLE sei_app LOGIN PASSWORD :'senha' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
SQL
