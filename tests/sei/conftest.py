from tests.concorrencia import requer_postgresql  # noqa: F401 - fixture
from tests.documentos.web.conftest import incluir_externo  # noqa: F401 - fixture
