import pytest

from tests.factories import SENHA_PADRAO


@pytest.fixture
def senha():
    return SENHA_PADRAO
