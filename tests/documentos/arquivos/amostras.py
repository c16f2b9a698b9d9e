"""Small real files built in memory for the tests (nothing downloaded, nothing checked in)."""

import io
import zipfile

import pikepdf
from PIL import Image

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf(texto: str = "Processo 123", *, open_action=None) -> bytes:
    doc = pikepdf.new()
    pagina = doc.add_blank_page(page_size=(300, 200))
    fonte = doc.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    pagina.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=fonte))
    pagina.Contents = doc.make_stream(f"BT /F1 12 Tf 20 100 Td ({texto}) Tj ET".encode("latin-1"))
    if open_action == "js":
        doc.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    elif open_action == "goto":
        doc.Root.OpenAction = pikepdf.Array([doc.pages[0].obj, pikepdf.Name.Fit])
    elif open_action == "link_js":
        # a link annotation (a direct object inside the page) whose action runs JavaScript
        pagina.Annots = doc.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[0, 0, 100, 100],
                        A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(2)")),
                    )
                ]
            )
        )
    saida = io.BytesIO()
    doc.save(saida)
    return saida.getvalue()


def imagem(formato: str = "PNG") -> bytes:
    saida = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(saida, format=formato)
    return saida.getvalue()


def _zip(membros: dict[str, bytes], *, primeiro_sem_compressao: str | None = None) -> bytes:
    saida = io.BytesIO()
    with zipfile.ZipFile(saida, "w", zipfile.ZIP_DEFLATED) as zf:
        if primeiro_sem_compressao:
            zf.writestr(primeiro_sem_compressao, membros.pop(primeiro_sem_compressao), zipfile.ZIP_STORED)
        for nome, dados in membros.items():
            zf.writestr(nome, dados)
    return saida.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(paragrafos=("Ofício nº 12", "Senhor Diretor"), *, extras: dict[str, bytes] | None = None,
         documento_xml: bytes | None = None) -> bytes:  # fmt: skip
    corpo = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragrafos)
    membros = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": documento_xml
        or f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{corpo}</w:body></w:document>'.encode(),
    }
    membros.update(extras or {})
    return _zip(membros)


def xlsx(celulas=("Nota Fiscal", "345")) -> bytes:
    strings = "".join(f"<si><t>{c}</t></si>" for c in celulas)
    return _zip(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
            ),
            "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            "xl/sharedStrings.xml": (
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + strings + "</sst>"
            ).encode(),
        }
    )


_ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:body><office:text>{corpo}</office:text></office:body></office:document-content>"
)


def odt(paragrafos=("Despacho", "Encaminhe-se à DIRAD."), *, mimetype=b"application/vnd.oasis.opendocument.text",
        extras: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    corpo = "".join(
        f"<text:p>{p.replace('DIRAD', '<text:span>DIRAD</text:span>')}</text:p>" for p in paragrafos
    )
    membros = {
        "mimetype": mimetype,
        "content.xml": _ODT_CONTENT.format(corpo=corpo).encode(),
        "META-INF/manifest.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            b'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
            b'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>'
        ),
    }
    membros.update(extras or {})
    return _zip(membros, primeiro_sem_compressao="mimetype")


def zip_bomba(megabytes: int = 64) -> bytes:
    """A few dozen KB that expand to ``megabytes`` MB of zeros."""
    saida = io.BytesIO()
    with (
        zipfile.ZipFile(saida, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("zeros.bin", "w", force_zip64=True) as m,
    ):
        bloco = b"\0" * (1024 * 1024)
        for _ in range(megabytes):
            m.write(bloco)
    return saida.getvalue()


def zip_com(membros: dict[str, bytes]) -> bytes:
    return _zip(dict(membros))
