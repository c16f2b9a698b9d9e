"""The QR code of the authenticator app's ``otpauth://`` URI: an SVG made by segno (already a
dependency, for the signatures' QR), served as a ``data:`` image the CSP allows (``img-src
'self' data:``); an SVG in ``<img>`` runs nothing."""

import segno


def qr_data_uri(texto: str) -> str:
    return segno.make(texto, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")
