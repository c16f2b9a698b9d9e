"""Emptying the cache in a test without touching the other test process's keys."""

from django.conf import settings
from django.core.cache import cache


def limpar_cache() -> None:
    """``cache.clear()`` on Redis is ``FLUSHDB``: it would also wipe the keys of the other
    pytest-xdist process (each has its own ``KEY_PREFIX``, ``tests/conftest.py``) — a rate-limit
    counter being counted there, say. This deletes only this process's keys."""
    config = settings.CACHES["default"]
    prefixo = config.get("KEY_PREFIX", "")
    if "redis" not in config["BACKEND"].lower() or not prefixo:
        cache.clear()
        return
    cliente = cache._cache.get_client(write=True)
    chaves = list(cliente.scan_iter(match=f"{prefixo}:*", count=1000))
    if chaves:
        cliente.delete(*chaves)
