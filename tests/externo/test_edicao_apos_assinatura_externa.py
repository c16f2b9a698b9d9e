# ruff: noqa: F811  (the signing fixtures of tests/assinaturas, imported below, are parameters here)
"""A document signed by an external user is not edited any more: the unit's pages do not offer
Editar, the editor sends back with the reason, the API answers 409 with
the pt-BR message; a document signed only internally still offers Editar."""

import pytest

from assinaturas import services as assinaturas_services
from assinaturas.models import Assinatura
from documentos.models import Documento
from externo import assinaturas_externas
from sei.senhas import SenhaConfirmada
from tests.assinaturas.conftest import assinante  # noqa: F401  (fixture; the seal comes from tests/externo/conftest.py)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assinado_pelo_cidadao(atores, processo, criar_documento, externo, selo):
    oficio = criar_documento(atores["A"], processo, conteudo="<p>Termo de compromisso.</p>")
    a = atores["A"]
    assinaturas_externas.liberacao_liberar(
        ator=a,
        documento=oficio,
        senha=SenhaConfirmada(usuario_id=a.usuario.pk),
        validade_dias=5,
        cpf=externo.cpf,
    )
    assinaturas_externas.assinatura_externa_assinar(
        usuario=externo,
        documento=oficio,
        senha=SenhaConfirmada(usuario_id=externo.pk),
        url_publica="https://sei.exemplo.gov.br",
    )
    oficio.refresh_from_db()
    return oficio


def test_pagina_do_documento_nao_oferece_editar_e_o_editor_devolve(atores, assinado_pelo_cidadao, client):
    oficio = assinado_pelo_cidadao
    client.force_login(atores["A"].usuario)
    editar = f"/documentos/{oficio.numero_sei_formatado}/editar/"

    detalhe = client.get(f"/documentos/{oficio.numero_sei_formatado}/").content.decode()
    assert "Editar conteúdo" not in detalhe and editar not in detalhe
    resposta = client.get(editar, follow=True)
    assert resposta.redirect_chain and "não pode ser editado" in resposta.content.decode()


def test_api_recusa_a_edicao_com_409_e_a_razao(atores, assinado_pelo_cidadao, cliente_api):
    oficio = assinado_pelo_cidadao
    c = cliente_api(atores["A"])
    for corpo in (
        {"conteudo": "<p>Outro texto.</p>"},
        {"conteudo": "<p>Outro.</p>", "descartar_assinaturas": True},
    ):
        r = c.patch(
            f"/api/v1/documentos/{oficio.numero_sei}/",
            corpo,
            format="json",
            HTTP_IF_MATCH=f'"{oficio.versao_atual}"',
        )
        assert r.status_code == 409
        assert r.json()["code"] == "documento_assinado_externamente"
        assert "assinado por usuário externo (João Cidadão)" in r.json()["detail"]
    oficio.refresh_from_db()
    assert oficio.estado == Documento.Estado.ASSINADO
    assert Assinatura.objects.get(documento=oficio).descartada_em is None


def test_assinado_so_pela_unidade_continua_editavel(
    atores, processo, criar_documento, selo, assinante, client
):
    a = atores["A"]
    assinante(a)
    oficio = criar_documento(a, processo, conteudo="<p>Despacho.</p>")
    pedido = assinaturas_services.PedidoAssinatura(
        ator=a,
        cargo="Analista Administrativo",
        senha=SenhaConfirmada(usuario_id=a.usuario.pk),
        url_publica="http://testserver",
    )
    assinaturas_services.assinar(pedido=pedido, documento=oficio)
    client.force_login(a.usuario)
    detalhe = client.get(f"/documentos/{oficio.numero_sei_formatado}/").content.decode()
    assert f"/documentos/{oficio.numero_sei_formatado}/editar/" in detalhe
