"""The database roles: migrations run as the owner of the tables; the application (web, worker,
beat) as a role that owns nothing (``SEI_BANCO_PAPEL_APLICACAO``). Such a role cannot alter a
table, disable its triggers, truncate it or turn triggers off for its session
(``session_replication_role`` is a superuser's setting): the append-only guarantees of the
history and of the read audit then hold against the application itself, whatever a bug or an
injected query in it would do.

``conceder_papel_aplicacao`` runs after every ``migrate`` (``post_migrate``), so tables added by
later migrations are granted too; ``restaurar`` runs it after a restore.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger("sei.manutencao")

# Tables the application may only read and append to.
SOMENTE_INSERCAO = ("processos_andamento", "processos_leituraauditada")
# Tables the application may only read (the migration record is the owner's).
SOMENTE_LEITURA = ("django_migrations",)


def conceder_papel_aplicacao(papel: str | None = None, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Grant ``papel`` (default ``SEI_BANCO_PAPEL_APLICACAO``) what the application needs: read
    and write every table of the schema and use its sequences, except append only on
    ``SOMENTE_INSERCAO`` and read only on ``SOMENTE_LEITURA``; never TRUNCATE, REFERENCES or
    TRIGGER. Idempotent. PostgreSQL only; False when there is nothing to do."""
    papel = papel or settings.SEI_BANCO_PAPEL_APLICACAO
    conexao = connections[using]
    if not papel or conexao.vendor != "postgresql":
        return False
    from psycopg import sql

    nome = sql.Identifier(papel)
    comandos = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(nome),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(nome),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(nome),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(nome),
    ]
    for tabela in SOMENTE_INSERCAO:
        comandos.append(sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(tabela), nome))
    for tabela in SOMENTE_LEITURA:
        comandos.append(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(tabela), nome)
        )
    with transaction.atomic(using=using), conexao.cursor() as cursor:  # never half granted
        for comando in comandos:
            cursor.execute(comando)
    logger.info("papel da aplicação %s com as permissões de uso das tabelas", papel)
    return True


def apos_migrar(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``post_migrate`` receiver (once, for the ``sei`` app)."""
    conceder_papel_aplicacao(using=using)
