"""Fixtures of the read-audit tests: browser sessions, API clients and documents."""

from tests.documentos.web.conftest import incluir_externo  # noqa: F401 - uploads
from tests.processos.api.conftest import cliente  # noqa: F401 - API token clients
