import pytest

from busca.backends.postgres import PostgresBackend
from busca.backends.whoosh import WhooshBackend

BACKENDS = ["whoosh", "postgres", "tantivy"]


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    """Each backend of the contract, empty (PostgreSQL: the test's transaction rolls it back)."""
    if request.param == "whoosh":
        b = WhooshBackend(pasta=tmp_path / "whoosh")
    elif request.param == "postgres":
        request.getfixturevalue("db")
        b = PostgresBackend()
    else:
        pytest.importorskip("busca.backends.tantivy")
        from busca.backends.tantivy import TantivyBackend

        b = TantivyBackend(pasta=tmp_path / "tantivy")
    b.limpar()
    return b


@pytest.fixture
def indexar(db):
    """``indexar()``: run the indexer over what the services marked (in a test transaction the
    on_commit wake-up never fires)."""
    from busca.indexador import indexar_pendentes

    return indexar_pendentes
