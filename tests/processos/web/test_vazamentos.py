"""What the first black-box attack found leaking through the pages, held closed: free text of a
restrito process, content of a process annexed to a restrito one, and sigiloso routes — batch
actions included — that skipped the password typed again."""

import re
import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from documentos import services as documentos_services
from processos.models import Andamento, Atividade, NivelAcesso
from processos.views.processo import ACOES
from sei.contexto import SESSAO_SIGILOSO
from tests.conftest import CANARIOS


def test_pagina_do_restrito_sem_texto_livre_para_quem_esta_de_fora(entrar, atores, restrito_com_texto_livre):
    p, documento = restrito_com_texto_livre
    de_fora = entrar(atores["B"])
    paginas = [
        de_fora.get(reverse("processos:detalhe", args=[p.nup])),
        de_fora.get(reverse("documentos:detalhe", args=[documento.numero_sei_formatado])),
    ]
    for pagina in paginas:
        assert pagina.status_code == 200
        html = pagina.content.decode()
        for canario in CANARIOS:
            assert canario not in html
    historico = paginas[0].content.decode()
    assert "Andamento atualizado" in historico and "Processo sobrestado" in historico
    assert f"Documento {documento.numero_sei_formatado} cancelado" in historico

    de_dentro = entrar(atores["A"]).get(reverse("processos:detalhe", args=[p.nup])).content.decode()
    assert "CANARIO-ANDAMENTO" in de_dentro and "CANARIO-SOBRESTAMENTO" in de_dentro


def test_pagina_do_anexado_a_restrito_sem_conteudo_para_quem_esta_de_fora(entrar, atores, anexado_a_restrito):
    _, anexado, externo = anexado_a_restrito
    de_fora = entrar(atores["B"])
    pagina = de_fora.get(reverse("processos:detalhe", args=[anexado.nup]))
    assert pagina.status_code == 200
    assert "CANARIO-ESPEC" not in pagina.content.decode() and "Zuleica" not in pagina.content.decode()
    assert de_fora.get(reverse("documentos:arquivo", args=[externo.numero_sei_formatado])).status_code == 403
    assert de_fora.get(reverse("documentos:exportar", args=[anexado.nup])).status_code == 403


# --- Sigiloso: every route that reads or acts on one asks for the password again ---------------


@pytest.fixture
def sigiloso(atores, criar_processo, criar_documento, django_capture_on_commit_callbacks):
    a = atores["A"]
    p = criar_processo(a, nivel=NivelAcesso.SIGILOSO, especificacao="CANARIO-SIGILOSO")
    documento = criar_documento(a, p, conteudo="<p>CANARIO-SIGILOSO</p>")
    with django_capture_on_commit_callbacks(execute=True):
        exportacao = documentos_services.exportacao_solicitar(ator=a, processo=p, formato="zip")
    return p, documento, exportacao


def _rotas_web():
    """Every page route of the site (not the API, not the admin), with its pattern text."""

    def andar(padroes, prefixo=""):
        for padrao in padroes:
            if isinstance(padrao, URLResolver):
                yield from andar(padrao.url_patterns, prefixo + str(padrao.pattern))
            elif isinstance(padrao, URLPattern):
                yield prefixo + str(padrao.pattern), padrao

    for rota, padrao in andar(get_resolver().url_patterns):
        # The external portal's pages answer no internal user (tests/externo/test_acesso_matriz.py).
        if not rota.startswith(("api/", "admin/", "externo/")):
            yield rota, padrao


def _enderecos_do_sigiloso(p, documento, exportacao) -> list[str]:
    valores = {
        "nup": [p.nup],
        "numero_sei": [documento.numero_sei_formatado],
        "pk": [str(exportacao.pk)],
        "numero": ["1"],
        "acesso_id": ["1"],
        "intimacao_id": ["1"],
        "liberacao_id": ["1"],
        "acao": list(ACOES),
    }
    enderecos = []
    for rota, padrao in _rotas_web():
        parametros = re.findall(r"<(?:\w+:)?(\w+)>", rota)
        if not parametros or padrao.name in ("reautenticar", "senha_nova", "confirmar_email"):
            continue  # senha_nova, confirmar_email: e-mailed links (reset, portal registration), no process in them
        if rota.startswith("usuarios-externos/"):
            continue  # the external users' registrations (externo.views_cadastros): no process in them
        if rota.startswith("publico/ouvidoria/"):
            continue  # the ouvidoria's e-mailed links (signed tokens): a manifestation, no process in them
        if "numero_bloco" in parametros:
            # A bloco de assinatura's pages: a bloco never holds a sigiloso document (the service
            # refuses it, tests/assinaturas/test_blocos_servicos.py), so none reaches this one.
            continue
        assert set(parametros) <= set(valores), f"rota sem valor de teste: {rota}"
        da_rota = [rota]
        for nome in parametros:
            da_rota = [
                re.sub(rf"<(?:\w+:)?{nome}>", valor, e, count=1) for e in da_rota for valor in valores[nome]
            ]
        enderecos += ["/" + e for e in da_rota]
    return enderecos


def test_todas_as_rotas_do_sigiloso_pedem_a_senha(entrar, atores, sigiloso):
    p, documento, exportacao = sigiloso
    cliente = entrar(atores["A"])
    historico_antes = Andamento.objects.filter(processo=p).count()
    senha = reverse("processos:reautenticar", args=[p.nup])
    enderecos = _enderecos_do_sigiloso(p, documento, exportacao)
    assert len(enderecos) > 20  # process, documents, versions, export, every action
    for endereco in enderecos:
        for metodo in ("get", "post"):
            resposta = getattr(cliente, metodo)(endereco, {"processos": [p.nup], "acao": "concluir"})
            corpo = resposta.content.decode() if not resposta.streaming else ""
            assert "CANARIO-SIGILOSO" not in corpo, f"{metodo.upper()} {endereco}"
            if resposta.status_code == 405:
                continue
            if endereco.startswith("/publico/"):  # the public search: a sigiloso is never public
                assert resposta.status_code in (404, 405), f"{metodo.upper()} {endereco}: {resposta.status_code}"
                continue
            if endereco.endswith("/conteudo"):  # the sandboxed frame: a notice, no redirect inside it
                assert resposta.status_code == 403, f"{metodo.upper()} {endereco}"
                continue
            assert resposta.status_code == 302, f"{metodo.upper()} {endereco}: {resposta.status_code}"
            assert resposta.url.startswith(senha), f"{metodo.upper()} {endereco} → {resposta.url}"
    assert Andamento.objects.filter(processo=p).count() == historico_antes
    assert Atividade.objects.get(processo=p).aberta

    # Once the password is typed again, the same session reads it.
    cliente.post(senha, {"senha": "Senha-de-teste-123"})
    assert "CANARIO-SIGILOSO" in cliente.get(reverse("processos:detalhe", args=[p.nup])).content.decode()


def test_lote_nao_conclui_sigiloso_sem_a_senha(entrar, atores, sigiloso, criar_processo):
    p, _, _ = sigiloso
    publico = criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    resposta = cliente.post(
        reverse("processos:lote"), {"acao": "concluir", "processos": [p.nup, publico.nup]}, follow=True
    )
    html = resposta.content.decode()
    assert f"Não foi possível concluir {p.nup_formatado}: Processo sigiloso: digite sua senha" in html
    assert Atividade.objects.get(processo=p).aberta
    assert not Atividade.objects.get(processo=publico).aberta

    # With the password typed again, the batch concludes it.
    sessao = cliente.session
    sessao[SESSAO_SIGILOSO] = {p.nup: time.time()}
    sessao.save()
    cliente.post(reverse("processos:lote"), {"acao": "concluir", "processos": [p.nup]})
    assert not Atividade.objects.get(processo=p).aberta


def test_api_pela_sessao_do_navegador_tambem_pede_a_senha(entrar, atores, sigiloso):
    p, documento, exportacao = sigiloso
    cliente = entrar(atores["A"])
    for url in (
        f"/api/v1/processos/{p.nup}/",
        f"/api/v1/processos/{p.nup}/andamentos/",
        f"/api/v1/documentos/{documento.numero_sei_formatado}/conteudo",
        f"/api/v1/tarefas/{exportacao.pk}/",
    ):
        resposta = cliente.get(url, HTTP_X_UNIDADE="A")
        assert resposta.status_code == 403, url
        assert resposta.json()["code"] == "reautenticacao_necessaria"
        assert "CANARIO" not in resposta.content.decode()
    pagina = reverse("processos:reautenticar", args=[p.nup])
    cliente.post(f"{pagina}?{urlencode({'next': '/'})}", {"senha": "Senha-de-teste-123"})
    assert cliente.get(f"/api/v1/processos/{p.nup}/", HTTP_X_UNIDADE="A").status_code == 200


def test_caixa_lista_o_sigiloso_sem_a_especificacao(entrar, atores, sigiloso):
    p, _, _ = sigiloso
    html = entrar(atores["A"]).get(reverse("processos:controle")).content.decode()
    assert p.nup_formatado in html and "Sigiloso" in html
    assert "CANARIO-SIGILOSO" not in html
