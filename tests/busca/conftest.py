import pytest

from busca.backends.postgres import PostgresBackend
from busca.backends.tantivy import TantivyBackend
from busca.backends.whoosh import WhooshBackend

# The mark, not only the ``db`` fixture asked for at run time: pytest-django creates the test
# database only for items that declare it when collected (else a run of this folder alone would
# use the DATABASE_URL database itself).
BACKENDS = ["whoosh", pytest.param("postgres", marks=pytest.mark.django_db), "tantivy"]


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    """Each backend of the contract, empty (PostgreSQL: the test's transaction rolls it back)."""
    if request.param == "whoosh":
        b = WhooshBackend(pasta=tmp_path / "whoosh")
    elif request.param == "postgres":
        b = PostgresBackend()
    else:
        b = TantivyBackend(pasta=tmp_path / "tantivy")
    b.limpar()
    return b


@pytest.fixture
def indexar(db):
    """``indexar()``: run the indexer over what the services marked (in a test transaction the
    on_commit wake-up never fires)."""
    from busca.indexador import indexar_pendentes

    return indexar_pendentes
