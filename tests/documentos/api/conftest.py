"""Fixtures of the documents API tests: files in a temporary storage, a process open in A,
documents created through the services, helpers for URLs and uploads."""

import io
import os

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos import services
from processos.models import NivelAcesso
from tests.factories import hipotese, tipo_documento  # noqa: F401
from tests.processos.api.conftest import ator_x, cliente, outro_orgao  # noqa: F401 - shared API fixtures


def arquivos_gravados(pasta) -> list[str]:
    return [os.path.join(raiz, n) for raiz, _, nomes in os.walk(pasta) for n in nomes]


def pdf_com_texto(texto: str = "Nota fiscal 345") -> bytes:
    doc = pikepdf.new()
    pagina = doc.add_blank_page(page_size=(300, 200))
    fonte = doc.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    pagina.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=fonte))
    pagina.Contents = doc.make_stream(f"BT /F1 12 Tf 20 100 Td ({texto}) Tj ET".encode("latin-1"))
    saida = io.BytesIO()
    doc.save(saida)
    return saida.getvalue()


def url_documento(documento_ou_numero, acao: str = "") -> str:
    numero = getattr(documento_ou_numero, "numero_sei", documento_ou_numero)
    return f"/api/v1/documentos/{numero}/" + acao


def url_documentos(processo) -> str:
    return f"/api/v1/processos/{processo.nup}/documentos/"


@pytest.fixture
def incluir_externo(db):
    """``incluir_externo(ator, processo, conteudo=None, nome="nota.pdf", **kwargs)`` via the service."""

    def _incluir(ator, processo, conteudo: bytes | None = None, nome: str = "nota.pdf", **kwargs):
        kwargs.setdefault("tipo", tipo_documento("Nota Fiscal"))
        kwargs.setdefault("numero", "345")
        nivel = kwargs.setdefault("nivel_acesso", NivelAcesso.PUBLICO)
        if nivel != NivelAcesso.PUBLICO:
            kwargs.setdefault("hipotese_legal", hipotese(nivel))
        conteudo = pdf_com_texto() if conteudo is None else conteudo
        return services.documento_externo_criar(
            ator=ator,
            processo=processo,
            arquivo=SimpleUploadedFile(nome, conteudo),
            nome_arquivo=nome,
            **kwargs,
        )

    return _incluir


def upload(nome: str, conteudo: bytes, tipo_mime: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nome, conteudo, content_type=tipo_mime)
