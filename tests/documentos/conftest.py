from tests.factories import tipo_documento  # noqa: F401 (imported by the tests here)
