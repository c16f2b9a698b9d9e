"""The pages: Assinar (cargo and password) from the document page, and the public Conferir."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.cache_local import limpar_cache
from tests.factories import SENHA_PADRAO, bloquear


@pytest.fixture
def oficio(atores, processo, criar_documento, selo, assinante):
    assinante(atores["A"])
    return criar_documento(atores["A"], processo, conteudo="<p>Ofício da página.</p>")


def test_assinar_pela_pagina_e_ver_tarja_e_codigos(atores, entrar, oficio):
    c = entrar(atores["A"])
    pagina = c.get(reverse("documentos:detalhe", args=[oficio.numero_sei_formatado])).content.decode()
    url = reverse("assinaturas:assinar", args=[oficio.numero_sei_formatado])
    assert f'href="{url}"' in pagina  # the action is offered
    formulario = c.get(url)
    assert formulario.status_code == 200 and "Analista Administrativo" in formulario.content.decode()
    errada = c.post(url, {"cargo": "Analista Administrativo", "senha": "errada"})
    assert errada.status_code == 400 and "Senha incorreta." in errada.content.decode()
    resposta = c.post(url, {"cargo": "Analista Administrativo", "senha": SENHA_PADRAO}, follow=True)
    html = resposta.content.decode()
    assert "assinado." in html
    oficio.refresh_from_db()
    assert f"Assinado eletronicamente por <strong>{atores['A'].usuario.nome}</strong>" in html
    assert oficio.codigo_crc in html
    # Signed: no second offer to the same signer.
    assert f'href="{url}"' not in c.get(reverse("documentos:detalhe", args=[oficio.numero_sei_formatado])).content.decode()


def test_outra_unidade_nao_ve_a_acao(atores, entrar, oficio, assinante):
    assinante(atores["B"])
    c = entrar(atores["B"])
    resposta = c.get(reverse("assinaturas:assinar", args=[oficio.numero_sei_formatado]))
    assert resposta.status_code == 403
    assert "Só usuários da unidade geradora" in resposta.content.decode() and "senha" not in resposta.content.decode()


def _assinado(atores, oficio):
    from assinaturas import services
    from sei.senhas import SenhaConfirmada

    pedido = services.PedidoAssinatura(
        ator=atores["A"], cargo="Analista Administrativo", senha=SenhaConfirmada(atores["A"].usuario.pk), url_publica="http://testserver"
    )
    services.assinar(pedido=pedido, documento=oficio)
    oficio.refresh_from_db()
    return oficio


def test_conferir_publico_com_codigos_certos_errados_e_cancelado(atores, oficio):
    from documentos import services as documentos_services

    oficio = _assinado(atores, oficio)
    anonimo = Client()
    url = reverse("assinaturas:conferir")
    certo = anonimo.get(url, {"cv": oficio.numero_sei_formatado, "crc": oficio.codigo_crc.lower().replace("-", "")})
    html = certo.content.decode()
    assert certo.status_code == 200 and "Documento autêntico" in html and atores["A"].usuario.nome in html
    errado = anonimo.get(url, {"cv": oficio.numero_sei_formatado, "crc": "0000-0000-0000-0000"})
    inexistente = anonimo.get(url, {"cv": "9999999", "crc": oficio.codigo_crc})
    assert errado.status_code == inexistente.status_code == 404
    assert "Nenhum documento encontrado" in errado.content.decode()
    # The same answer for both: nothing tells a wrong code from a missing document.
    def resultado(resposta):
        html = resposta.content.decode()
        inicio = html.index('aria-labelledby="h-resultado"')
        return html[inicio : html.index("</section>", inicio)]

    assert resultado(errado) == resultado(inexistente)
    documentos_services.documento_cancelar(ator=atores["A"], documento=bloquear(oficio), motivo="Erro material")
    cancelado = anonimo.get(url, {"cv": oficio.numero_sei_formatado, "crc": oficio.codigo_crc}).content.decode()
    assert "cancelado em" in cancelado


def test_conferir_limita_consultas_por_endereco(atores, oficio):
    limpar_cache()
    anonimo = Client()
    url = reverse("assinaturas:conferir")
    for _ in range(30):
        assert anonimo.get(url, {"cv": "1", "crc": "0000-0000-0000-0000"}).status_code == 404
    assert anonimo.get(url, {"cv": "1", "crc": "0000-0000-0000-0000"}).status_code == 429
    limpar_cache()


