import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos import services
from documentos.models import TipoDocumento
from processos.models import NivelAcesso
from sei.contexto import SESSAO_UNIDADE
from tests.factories import hipotese


@pytest.fixture(autouse=True)
def _armazenamento_temporario(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def entrar(client):
    """Log a test client in as ``ator.usuario`` acting in ``ator.unidade``."""

    def _entrar(ator, cliente=None):
        cliente = cliente or client
        cliente.force_login(ator.usuario, backend="django.contrib.auth.backends.ModelBackend")
        sessao = cliente.session
        sessao[SESSAO_UNIDADE] = ator.unidade.pk
        sessao.save()
        return cliente

    return _entrar


def tipo_documento(nome: str) -> TipoDocumento:
    return TipoDocumento.objects.get(nome=nome)


@pytest.fixture
def processo(atores, criar_processo):
    """A público process open in unit A."""
    return criar_processo(atores["A"])


@pytest.fixture
def criar_documento(db):
    def _criar(ator, processo, tipo="Ofício", nivel=NivelAcesso.PUBLICO, **kwargs):
        hip = kwargs.pop("hipotese_legal", None)
        if hip is None and nivel != NivelAcesso.PUBLICO:
            hip = hipotese(nivel)
        return services.documento_interno_criar(
            ator=ator,
            processo=processo,
            tipo=tipo_documento(tipo) if isinstance(tipo, str) else tipo,
            nivel_acesso=nivel,
            hipotese_legal=hip,
            **kwargs,
        )

    return _criar


def pdf_simples() -> bytes:
    saida = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(saida)
    return saida.getvalue()


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
