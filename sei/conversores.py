"""Path converters of the API routes, shared by every app (registered once, on import)."""

from django.urls import register_converter


class NupConverter:
    """A NUP in the path, with its punctuation (``12345.000001/2026-80``, slash included) or
    not; anything else still reaches the view, which answers a JSON 404."""

    regex = r"(?:\d{5}\.?\d{6}/?\d{4}-?\d{2}|[^/]+)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NupConverter, "nup_api")
