import pytest

from documentos import services
from documentos.models import TipoDocumento
from processos.models import NivelAcesso


def tipo_documento(nome: str) -> TipoDocumento:
    return TipoDocumento.objects.get(nome=nome)


@pytest.fixture
def processo(atores, criar_processo):
    """A público process open in unit A."""
    return criar_processo(atores["A"])


@pytest.fixture
def criar_documento(db):
    def _criar(ator, processo, tipo="Ofício", nivel=NivelAcesso.PUBLICO, **kwargs):
        from tests.factories import hipotese

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
