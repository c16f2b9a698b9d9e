import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos import services
from processos.models import NivelAcesso
from tests.factories import hipotese, pdf_simples, tipo_documento  # noqa: F401


@pytest.fixture
def incluir_externo(db):
    def _incluir(ator, processo, conteudo=None, nome="nota.pdf", tipo="Nota Fiscal", **kwargs):
        kwargs.setdefault("numero", "345" if tipo == "Nota Fiscal" else "")
        kwargs.setdefault("nivel_acesso", NivelAcesso.PUBLICO)
        conteudo = pdf_simples() if conteudo is None else conteudo
        return services.documento_externo_criar(
            ator=ator, processo=processo, tipo=tipo_documento(tipo),
            arquivo=SimpleUploadedFile(nome, conteudo), nome_arquivo=nome, **kwargs,
        )  # fmt: skip

    return _incluir
