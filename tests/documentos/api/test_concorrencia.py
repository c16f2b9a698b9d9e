"""Two users saving the same version at the same instant through the API (PostgreSQL row
locks): exactly one wins, the other gets the 409 naming who saved; nothing is overwritten."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from documentos import services
from documentos.models import Documento, TipoDocumento, VersaoDocumento
from processos import services as processos_services
from processos.models import NivelAcesso
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401
from tests.factories import UsuarioFactory, lotar, tipo_processo

pytestmark = [
    pytest.mark.integracao,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("requer_postgresql"),
]


def _cliente(ator) -> APIClient:
    token, _ = Token.objects.get_or_create(user=ator.usuario)
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_UNIDADE=ator.unidade.sigla)
    return c


def test_dois_salvamentos_da_mesma_versao_ao_mesmo_tempo(atores, unidades):
    tipo, _ = TipoDocumento.objects.get_or_create(
        nome="Despacho", defaults={"aplicabilidade": "interno", "numeracao": "sem"}
    )
    a = atores["A"]
    p = processos_services.processo_criar(ator=a, tipo=tipo_processo(), nivel_acesso=NivelAcesso.PUBLICO)
    doc = services.documento_interno_criar(
        ator=a, processo=p, tipo=tipo, nivel_acesso=NivelAcesso.PUBLICO, conteudo="<p>v1</p>"
    )
    colega = lotar(UsuarioFactory(username="colega_a", nome="Carla Colega"), unidades["A"])
    autores = {a.usuario.username: a.usuario.nome, "colega_a": "Carla Colega"}
    clientes = {a.usuario.username: _cliente(a), "colega_a": _cliente(colega)}
    url = f"/api/v1/documentos/{doc.numero_sei}/"

    def salvar(login):
        r = clientes[login].patch(url, {"conteudo": f"<p>de {login}</p>"}, format="json", HTTP_IF_MATCH='"1"')
        return login, r.status_code, r.json()

    resultados = em_paralelo([lambda: salvar("user_a"), lambda: salvar("colega_a")])
    assert all(isinstance(r, tuple) for r in resultados), resultados
    por_status = sorted(resultados, key=lambda r: r[1])
    (vencedor, s1, _), (perdedor, s2, erro) = por_status
    assert (s1, s2) == (200, 409), resultados
    assert erro["code"] == "versao_desatualizada" and autores[vencedor] in erro["detail"]
    assert Documento.objects.get(pk=doc.pk).versao_atual == 2
    atual = VersaoDocumento.objects.get(documento=doc, numero=2)
    assert atual.conteudo == f"<p>de {vencedor}</p>" and perdedor != vencedor
