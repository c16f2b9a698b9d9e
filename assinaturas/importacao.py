"""The signature's appearance (a one-page PDF) into the PDF being signed, as a form XObject, read
by pikepdf (qpdf, in C++) instead of pyHanko's PDF reader in Python: the same page, objects and
content stream, in ~1/10 of the time (the appearance carries four embedded font subsets with
their width arrays, which the Python reader parses token by token). Used by ``services._assinar_pdf``
in place of pyHanko's ``ImportedPdfPage``; the tests compare both renderings pixel by pixel."""

import binascii
import io
import uuid
from decimal import Decimal

import pikepdf
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.layout import BoxConstraints


def _converter(valor, escritor, memo: dict):
    if isinstance(valor, pikepdf.Object) and valor.is_indirect:
        chave = valor.objgen
        if chave not in memo:
            referencia = escritor.allocate_placeholder()
            memo[chave] = referencia
            escritor.add_object(_direto(valor, escritor, memo), idnum=referencia.idnum)
        return memo[chave]
    return _direto(valor, escritor, memo)


def _direto(valor, escritor, memo):
    if isinstance(valor, pikepdf.Stream):
        dicionario = generic.DictionaryObject(
            {generic.NameObject(k): _converter(v, escritor, memo) for k, v in valor.items() if k != "/Length"}
        )
        return generic.StreamObject(dicionario, encoded_data=valor.read_raw_bytes())
    if isinstance(valor, pikepdf.Dictionary):
        return generic.DictionaryObject({generic.NameObject(k): _converter(v, escritor, memo) for k, v in valor.items()})
    if isinstance(valor, pikepdf.Array):
        return generic.ArrayObject([_converter(v, escritor, memo) for v in valor])
    if isinstance(valor, pikepdf.Name):
        return generic.NameObject(str(valor))
    if isinstance(valor, pikepdf.String):
        return generic.ByteStringObject(bytes(valor))
    if isinstance(valor, bool):
        return generic.BooleanObject(valor)
    if isinstance(valor, int):
        return generic.NumberObject(valor)
    if isinstance(valor, (float, Decimal)):
        return generic.FloatObject(valor)
    if valor is None:
        return generic.NullObject()
    raise TypeError(f"objeto PDF inesperado na aparência: {type(valor)!r}")


class PaginaImportada(PdfContent):
    """``pyhanko.pdf_utils.content.ImportedPdfPage`` for the first page of a PDF in memory, read
    by pikepdf."""

    def __init__(self, pdf: bytes):
        self.pdf = pdf
        super().__init__()

    def render(self) -> bytes:
        escritor = self._ensure_writer
        memo: dict = {}
        with pikepdf.open(io.BytesIO(self.pdf)) as origem:
            pagina = origem.pages[0].obj
            caixa = [float(v) for v in pagina.MediaBox]
            conteudo = pagina.Contents
            if isinstance(conteudo, pikepdf.Array):
                dados, filtro = b"".join(parte.read_bytes() for parte in conteudo), None
            else:
                dados, filtro = conteudo.read_raw_bytes(), conteudo.get("/Filter")
            dicionario = generic.DictionaryObject(
                {
                    generic.NameObject("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in caixa]),
                    generic.NameObject("/Resources"): _converter(pagina.get("/Resources", pikepdf.Dictionary()), escritor, memo),
                    generic.NameObject("/Type"): generic.NameObject("/XObject"),
                    generic.NameObject("/Subtype"): generic.NameObject("/Form"),
                }
            )
            if filtro is not None:
                dicionario[generic.NameObject("/Filter")] = _converter(filtro, escritor, memo)
                if "/DecodeParms" in conteudo:
                    dicionario[generic.NameObject("/DecodeParms")] = _converter(conteudo.DecodeParms, escritor, memo)
                forma = generic.StreamObject(dicionario, encoded_data=dados)
            else:
                forma = generic.StreamObject(dicionario, stream_data=dados)
            xobjeto = escritor.add_object(forma)
        nome = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
        self.resources.xobject[nome.decode("ascii")] = xobjeto
        x1, y1, x2, y2 = caixa
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return nome + b" Do"
