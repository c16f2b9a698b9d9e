"""Fixtures of the read-audit tests: browser sessions, API clients and documents."""

from tests.api.conftest import cliente  # noqa: F401 - API token clients
from tests.web_documentos.conftest import entrar, incluir_externo  # noqa: F401 - sessions, uploads
