import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos import services
from documentos.models import TipoDocumento
from processos.models import NivelAcesso


def pdf_simples() -> bytes:
    saida = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(saida)
    return saida.getvalue()


@pytest.fixture
def incluir_externo(db):
    def _incluir(ator, processo, conteudo: bytes | None = None, nome="nota.pdf", **kwargs):
        kwargs.setdefault("tipo", TipoDocumento.objects.get(nome="Nota Fiscal"))
        kwargs.setdefault("numero", "345")
        kwargs.setdefault("nivel_acesso", NivelAcesso.PUBLICO)
        conteudo = conteudo if conteudo is not None else pdf_simples()
        return services.documento_externo_criar(
            ator=ator,
            processo=processo,
            arquivo=SimpleUploadedFile(nome, conteudo),
            nome_arquivo=nome,
            **kwargs,
        )

    return _incluir
