"""RFC 3161 signature timestamps (``SEI_TSA_URL``): when a timestamp authority is configured,
every signature carries a signature timestamp token (the unsigned attribute
``signature-time-stamp-token``, over the signature value: PAdES B-T). The eletrônica signature
gets it from pyHanko while signing; the qualificada one, signed outside, gets it added to the
CMS received (``carimbar_cms``) before it is embedded. A TSA that fails refuses the signature:
a signature promised with a timestamp is never made without one."""

import asyncio
import contextlib
import hashlib
import threading

from django.conf import settings

from sei.exceptions import ErroDominio


class CarimboIndisponivel(ErroDominio):
    """The timestamp authority did not answer, or refused (503): nothing was signed."""

    status = 503
    code = "carimbo_indisponivel"


_carimbadores: dict[tuple, object] = {}
_trava = threading.Lock()


def carimbador():
    """pyHanko's HTTP timestamper for ``SEI_TSA_URL`` (None when not configured). One per
    configuration and process: it keeps the TSA's dummy answer that sizes each signature."""
    url = settings.SEI_TSA_URL
    if not url:
        return None
    credenciais = (settings.SEI_TSA_USUARIO, settings.SEI_TSA_SENHA) if settings.SEI_TSA_USUARIO else None
    chave = (url, credenciais, settings.SEI_TSA_TEMPO_LIMITE)
    with _trava:
        if chave not in _carimbadores:
            from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

            _carimbadores[chave] = RequestsHTTPTimeStamper(url, timeout=settings.SEI_TSA_TEMPO_LIMITE, auth=credenciais)
        return _carimbadores[chave]


@contextlib.contextmanager
def falha_do_carimbo():
    """A TSA failure (down, refusal, malformed answer) as ``CarimboIndisponivel``."""
    from pyhanko.sign.general import SigningError

    try:
        yield
    except (OSError, SigningError) as erro:  # pyHanko's TimestampRequestError is an OSError
        if isinstance(erro, SigningError) and not isinstance(erro.__cause__, OSError):
            raise
        raise CarimboIndisponivel(
            "O servidor de carimbo de tempo não respondeu; nada foi assinado. Tente de novo em instantes."
        ) from erro


def carimbar_cms(conteudo):
    """``conteudo`` (an ``asn1crypto.cms.ContentInfo`` of SignedData, one signer) with a
    signature timestamp token from the TSA added to its signer's unsigned attributes, as pyHanko
    adds one when it signs (``attributes.TSTProvider``: the token's message imprint is the
    digest of the signature value, with the signer's digest algorithm). The signed part is not
    touched, so the signature stays valid."""
    from asn1crypto import cms
    from pyhanko.sign.general import simple_cms_attribute

    tsa = carimbador()
    if tsa is None:
        return conteudo
    info = conteudo["content"]["signer_infos"][0]
    algoritmo = info["digest_algorithm"]["algorithm"].native
    resumo = hashlib.new(algoritmo, info["signature"].native).digest()
    with falha_do_carimbo():
        token = asyncio.run(tsa.async_timestamp(resumo, algoritmo))
    nao_assinados = info["unsigned_attrs"]
    atributos = [] if nao_assinados.native is None else list(nao_assinados)
    atributos = [a for a in atributos if a["type"].native != "signature_time_stamp_token"]
    atributos.append(simple_cms_attribute("signature_time_stamp_token", token))
    info["unsigned_attrs"] = cms.CMSAttributes(atributos)
    return conteudo
