"""Helpers of the petition tests (files, document types, what is in storage)."""

import io

import pikepdf
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos.models import TipoDocumento
from tests.factories import pdf_simples


def pdf_com_javascript() -> bytes:
    saida = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        pdf.save(saida)
    return saida.getvalue()


def arquivo(nome="doc.pdf", conteudo=None):
    return SimpleUploadedFile(nome, conteudo if conteudo is not None else pdf_simples())


def _tipo_doc(nome):
    return TipoDocumento.objects.get_or_create(
        nome=nome, defaults={"aplicabilidade": "externo", "numeracao": "sem"}
    )[0]


def arquivos_guardados():
    nomes = []

    def andar(pasta):
        pastas, arqs = default_storage.listdir(pasta)
        nomes.extend(f"{pasta}/{a}" for a in arqs)
        for p in pastas:
            andar(f"{pasta}/{p}" if pasta else p)

    try:
        andar("")
    except FileNotFoundError:
        pass
    return set(nomes)
