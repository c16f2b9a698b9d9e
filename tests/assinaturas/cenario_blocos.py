"""Shared scene of the blocos tests: unit A with two processes (one público, one restrito) and a
minuta in each; users of A and B who may sign; the órgão's seal. Imported by the test modules
(``from tests.assinaturas.cenario_blocos import *``)."""

import pytest

from assinaturas import blocos, services
from processos.models import NivelAcesso
from sei.senhas import SenhaConfirmada

__all__ = ["cena", "pedido"]


def pedido(ator, cargo="Analista Administrativo"):
    return services.PedidoAssinatura(
        ator=ator, cargo=cargo, senha=SenhaConfirmada(usuario_id=ator.usuario.pk), url_publica="https://sei.exemplo.gov.br"
    )


class Cena:
    def __init__(self, atores, unidades, p1, p2, d1, d2):
        self.atores, self.unidades = atores, unidades
        self.p1, self.p2, self.d1, self.d2 = p1, p2, d1, d2

    @property
    def a(self):
        return self.atores["A"]

    @property
    def b(self):
        return self.atores["B"]

    @property
    def c(self):
        return self.atores["C"]

    def bloco(self, *documentos, descricao="Ofícios para assinatura do diretor"):
        return blocos.bloco_criar(
            ator=self.a, descricao=descricao, documentos=[d.numero_sei for d in (documentos or (self.d1, self.d2))]
        )

    def disponibilizado(self, *documentos, para=("B",)):
        bloco = self.bloco(*documentos)
        return blocos.bloco_disponibilizar(ator=self.a, bloco=bloco, unidades=[self.unidades[s] for s in para])


@pytest.fixture
def cena(atores, unidades, criar_processo, criar_documento, selo, assinante):
    a = atores["A"]
    assinante(a)
    assinante(atores["B"], cargo="Diretor")
    p1 = criar_processo(a, especificacao="Contratação de limpeza")
    p2 = criar_processo(a, nivel=NivelAcesso.RESTRITO, especificacao="Apuração interna")
    d1 = criar_documento(a, p1, conteudo="<p>Ofício da contratação.</p>")
    d2 = criar_documento(a, p2, tipo="Despacho", nivel=NivelAcesso.RESTRITO, conteudo="<p>Despacho restrito.</p>")
    return Cena(atores, unidades, p1, p2, d1, d2)
