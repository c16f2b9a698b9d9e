"""Seals of the append-only tables (process history, read audit): an HMAC-SHA-256 chain keyed
with ``SEI_HISTORICO_CHAVES``, a secret the database does not hold.

A database trigger stops the application from rewriting a row; it does not stop the table's
owner or a superuser. A plain hash chain would not either: whoever rewrites an entry recomputes
the hashes after it. With a key outside the database, a rewritten, inserted or removed entry no
longer matches its seal. Each entry records the id of the key that sealed it, so the key can
rotate: new entries take the first key, older ones are verified with theirs.

What a chain cannot show on its own: the last entries removed together with the head that
points at them. Copies of the heads kept outside the database (the backup manifest) close that.
"""

import hashlib
import hmac

from django.conf import settings


def chave_atual() -> str:
    return next(iter(settings.SEI_HISTORICO_CHAVES))


def selar(conteudo: str, chave_id: str | None = None) -> tuple[str, str]:
    """(key id, seal) of ``conteudo`` with the current key (or ``chave_id``)."""
    chave_id = chave_id or chave_atual()
    chave = settings.SEI_HISTORICO_CHAVES[chave_id]
    return chave_id, hmac.new(chave, conteudo.encode(), hashlib.sha256).hexdigest()


def conferir(conteudo: str, chave_id: str, guardado: str) -> bool:
    """Whether ``guardado`` is the seal of ``conteudo`` under key ``chave_id`` (constant time);
    False for a key this installation does not know."""
    if chave_id not in settings.SEI_HISTORICO_CHAVES:
        return False
    return hmac.compare_digest(selar(conteudo, chave_id)[1], guardado)
