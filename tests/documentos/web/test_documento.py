"""The document page and what it serves: metadata, actions, content in a sandboxed frame, the
file, the PDF; who may see what (allow/deny pairs); cancelled; sigiloso; stored XSS."""

import time

import pytest
from django.urls import reverse

from documentos import services
from documentos.models import Documento, VersaoDocumento
from processos import services as processos_services
from processos.models import NivelAcesso
from sei.contexto import SESSAO_SIGILOSO
from tests.factories import bloquear


def _url(nome, documento, *args):
    return reverse(f"documentos:{nome}", args=[documento.numero_sei_formatado, *args])


def test_pagina_do_documento_interno(entrar, atores, processo, criar_documento):
    doc = criar_documento(
        atores["A"], processo, conteudo="<p>Texto do ofício</p>", descricao="Resposta à consulta"
    )
    resposta = entrar(atores["A"]).get(_url("detalhe", doc))
    html = resposta.content.decode()
    assert resposta.status_code == 200
    assert f'<h1 id="h-doc">Ofício 1 ({doc.numero_sei:07d})</h1>' in html
    for texto in ("Resposta à consulta", "Unidade geradora", "Minuta", "versão 1", "Público"):
        assert texto in html
    assert f'<iframe class="folha-quadro" sandbox="allow-top-navigation-by-user-activation" src="/documentos/{doc.numero_sei:07d}/conteudo"' in html
    assert "Texto do ofício" not in html  # the body is only served inside the frame
    for acao in ("Editar", "Versões", "PDF", "Excluir documento"):
        assert acao in html
    assert "Cancelar documento" not in html  # a minuta is excluded, not cancelled
    assert 'aria-current="page"' in html  # the tree beside it marks this document
    assert "no-store" in resposta["Cache-Control"]


def test_numero_sei_sem_zeros_tambem_funciona(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    resposta = entrar(atores["A"]).get(reverse("documentos:detalhe", args=[str(doc.numero_sei)]))
    assert resposta.status_code == 200
    assert entrar(atores["A"]).get(reverse("documentos:detalhe", args=["9999999"])).status_code == 404
    assert entrar(atores["A"]).get(reverse("documentos:detalhe", args=["abc"])).status_code == 404


def test_conteudo_isolado_com_csp_sandbox(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<h2>Assunto</h2><p>Texto do ofício</p>")
    resposta = entrar(atores["A"]).get(_url("conteudo", doc))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "<h2>Assunto</h2><p>Texto do ofício</p>" in html
    assert "OFÍCIO Nº 1/" in html and f"SEI nº {doc.numero_sei:07d}" in html
    csp = resposta["Content-Security-Policy"]
    # No script, no popup; a click on a link SEI (target="_top") may open its target.
    assert csp.startswith("sandbox allow-top-navigation-by-user-activation;")
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert resposta["X-Frame-Options"] == "SAMEORIGIN"
    assert resposta["X-Content-Type-Options"] == "nosniff"


def test_pdf_do_documento(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Texto</p>")
    resposta = entrar(atores["A"]).get(_url("pdf", doc))
    assert resposta.status_code == 200
    assert resposta["Content-Type"] == "application/pdf"
    assert b"".join(resposta.streaming_content).startswith(b"%PDF")
    assert resposta["Content-Security-Policy"].startswith("sandbox")
    assert "inline" in resposta["Content-Disposition"]


def test_minuta_de_outra_unidade_so_a_entrada(entrar, atores, unidades, processo, criar_documento):
    a, b = atores["A"], atores["B"]
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    minuta = criar_documento(b, processo, tipo="Despacho", conteudo="<p>Rascunho de B</p>")
    cliente_b = entrar(b)
    for nome in ("detalhe", "conteudo", "pdf", "editar", "versoes"):
        assert cliente_b.get(_url(nome, minuta)).status_code == 200, nome
    cliente_a = entrar(a)
    detalhe = cliente_a.get(_url("detalhe", minuta))
    assert detalhe.status_code == 200 and "Minuta" in detalhe.content.decode()
    assert "Rascunho de B" not in detalhe.content.decode() and "<iframe" not in detalhe.content.decode()
    for nome in ("conteudo", "pdf", "versoes"):
        resposta = cliente_a.get(_url(nome, minuta))
        assert resposta.status_code == 403 and "Rascunho de B" not in resposta.content.decode(), nome
    assert cliente_a.get(_url("versao", minuta, 1)).status_code == 403
    assert cliente_a.get(_url("editar", minuta), follow=True).redirect_chain[-1][0] == _url("detalhe", minuta)
    cliente_a.post(_url("cancelar", minuta), {"cancelar-motivo": "x"})
    cliente_a.post(_url("excluir", minuta))
    minuta.refresh_from_db()
    assert minuta.estado == Documento.Estado.MINUTA
    exportar = cliente_a.get(reverse("documentos:exportar", args=[processo.nup])).content.decode()
    assert minuta.rotulo not in exportar


def test_restrito_estranho_ve_metadados_sem_conteudo(entrar, atores, criar_processo, criar_documento):
    a = atores["A"]
    p = criar_processo(a, nivel=NivelAcesso.RESTRITO)
    doc = criar_documento(a, p, conteudo="<p>Dados pessoais</p>", nivel=NivelAcesso.RESTRITO)
    Documento.objects.filter(pk=doc.pk).update(estado=Documento.Estado.ASSINADO)  # no longer a minuta
    cliente = entrar(atores["C"])
    assert doc.rotulo in cliente.get(reverse("processos:detalhe", args=[p.nup])).content.decode()
    pagina = cliente.get(_url("detalhe", doc))
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert "Documento de acesso restrito" in html and doc.rotulo in html
    assert "<iframe" not in html and "Editar" not in html and "Dados pessoais" not in html
    conteudo = cliente.get(_url("conteudo", doc))
    assert conteudo.status_code == 403
    assert "Dados pessoais" not in conteudo.content.decode()
    assert conteudo["Content-Security-Policy"].startswith("sandbox")
    assert cliente.get(_url("pdf", doc)).status_code == 403
    assert cliente.get(_url("versoes", doc)).status_code == 403
    # and the unit that has it reads it
    assert "Dados pessoais" in entrar(a).get(_url("conteudo", doc)).content.decode()


def test_cancelado_mostra_aviso_e_nao_serve_conteudo(entrar, atores, processo, criar_documento):
    a = atores["A"]
    doc = bloquear(criar_documento(a, processo, conteudo="<p>Texto cancelado</p>"))
    cliente = entrar(a)
    assert "Cancelar documento" in cliente.get(_url("detalhe", doc)).content.decode()
    resposta = cliente.post(
        _url("cancelar", doc), {"cancelar-motivo": "Incluído no processo errado"}, follow=True
    )
    html = resposta.content.decode()
    assert f"Documento {doc.rotulo} cancelado." in html
    assert "Documento cancelado em" in html and "Incluído no processo errado" in html
    assert a.usuario.get_full_name() in html
    assert "<iframe" not in html and "Cancelar documento" not in html
    conteudo = cliente.get(_url("conteudo", doc))
    assert conteudo.status_code == 403 and "Texto cancelado" not in conteudo.content.decode()
    assert "cancelado" in conteudo.content.decode()
    assert cliente.get(_url("pdf", doc)).status_code == 403


def test_cancelar_sem_motivo(entrar, atores, processo, criar_documento):
    doc = bloquear(criar_documento(atores["A"], processo))
    html = (
        entrar(atores["A"]).post(_url("cancelar", doc), {"cancelar-motivo": ""}, follow=True).content.decode()
    )
    assert "Informe o motivo do cancelamento." in html
    doc.refresh_from_db()
    assert doc.estado == Documento.Estado.ASSINADO


def test_excluir(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    cliente = entrar(atores["A"])
    resposta = cliente.post(_url("excluir", doc), follow=True)
    assert resposta.redirect_chain[-1][0] == reverse("processos:detalhe", args=[processo.nup])
    html = resposta.content.decode()
    assert f"Documento {doc.rotulo} excluído." in html
    assert cliente.get(_url("detalhe", doc)).status_code == 404


def test_excluir_bloqueado_e_recusado(entrar, atores, unidades, processo, criar_documento):
    a = atores["A"]
    doc = bloquear(criar_documento(a, processo))
    cliente = entrar(a)
    assert "Excluir documento" not in cliente.get(_url("detalhe", doc)).content.decode()
    html = cliente.post(_url("excluir", doc), follow=True).content.decode()
    assert "use Cancelar" in html
    doc.refresh_from_db()
    assert doc.estado == Documento.Estado.ASSINADO


def test_acoes_exigem_post(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    cliente = entrar(atores["A"])
    assert cliente.get(_url("excluir", doc)).status_code == 405
    assert cliente.get(_url("cancelar", doc)).status_code == 405
    assert cliente.get(_url("restaurar", doc, 1)).status_code == 405


def test_sem_login_vai_para_entrada(client, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    resposta = client.get(_url("detalhe", doc))
    assert resposta.status_code == 302 and "/entrar/" in resposta["Location"]


def test_sigiloso_pede_senha(entrar, atores, criar_processo, criar_documento):
    a = atores["A"]
    p = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    doc = criar_documento(a, p, conteudo="<p>Segredo</p>", nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(a)
    resposta = cliente.get(_url("detalhe", doc))
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(reverse("processos:reautenticar", args=[p.nup]))
    assert cliente.get(_url("conteudo", doc)).status_code == 403
    sessao = cliente.session
    sessao[SESSAO_SIGILOSO] = {p.nup: time.time()}
    sessao.save()
    assert cliente.get(_url("detalhe", doc)).status_code == 200
    assert "Segredo" in cliente.get(_url("conteudo", doc)).content.decode()
    assert entrar(atores["B"]).get(_url("detalhe", doc)).status_code == 404


# --- External documents -----------------------------------------------------------------------


def test_documento_externo_pagina_e_arquivo(entrar, atores, processo, incluir_externo):
    doc = incluir_externo(atores["A"], processo, nome="nota fiscal.pdf", remetente="Empresa X",
                          formato="digitalizado", tipo_conferencia="copia_simples")  # fmt: skip
    cliente = entrar(atores["A"])
    html = cliente.get(_url("detalhe", doc)).content.decode()
    for texto in (
        "Nota Fiscal 345",
        "Empresa X",
        "Digitalizado",
        "Cópia simples",
        "nota fiscal.pdf",
        "Baixar arquivo",
    ):
        assert texto in html
    # PDF: Chromium blocks it in a frame with the sandbox attribute; the response sandboxes it
    assert f'<iframe class="folha-quadro" src="/documentos/{doc.numero_sei:07d}/arquivo"' in html
    assert "Editar" not in html and "Versões" not in html
    arquivo = cliente.get(_url("arquivo", doc))
    assert arquivo.status_code == 200 and arquivo["Content-Type"] == "application/pdf"
    assert arquivo["Content-Security-Policy"].startswith("sandbox")
    assert "inline" in arquivo["Content-Disposition"]
    baixar = cliente.get(_url("arquivo", doc) + "?baixar=1")
    assert baixar["Content-Disposition"].startswith("attachment")
    assert cliente.get(_url("conteudo", doc)).status_code == 404  # external: the file, not HTML


def test_externo_nao_exibivel_so_baixa(entrar, atores, processo, incluir_externo):
    doc = incluir_externo(
        atores["A"], processo, conteudo=b"coluna;valor\n1;2\n", nome="planilha.csv", tipo="Anexo"
    )
    html = entrar(atores["A"]).get(_url("detalhe", doc)).content.decode()
    assert "não é exibido no navegador" in html and "<iframe" not in html
    resposta = entrar(atores["A"]).get(_url("arquivo", doc))
    assert resposta["Content-Disposition"].startswith("attachment")


# --- Stored XSS -------------------------------------------------------------------------------

CARGAS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>']


@pytest.mark.parametrize("carga", CARGAS)
def test_xss_pelo_servico_e_sanitizado(entrar, atores, processo, criar_documento, carga):
    doc = criar_documento(
        atores["A"], processo, conteudo=f"<p>antes</p>{carga}<p>depois</p>", descricao=carga
    )
    cliente = entrar(atores["A"])
    for nome in ("detalhe", "conteudo", "editar", "versoes"):
        html = cliente.get(_url(nome, doc)).content.decode()
        assert carga not in html, nome  # the description is shown escaped, the body sanitised
        assert "<img" not in html and "<script>alert" not in html and 'href="javascript' not in html, nome
    html = cliente.get(reverse("processos:detalhe", args=[processo.nup])).content.decode()
    assert carga not in html


def test_xss_em_linha_legada_fica_no_quadro_isolado(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>limpo</p>")
    carga = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    VersaoDocumento.objects.filter(documento=doc).update(conteudo=f"<p>legado</p>{carga}")
    services.documento_editar(ator=atores["A"], documento=doc, conteudo="<p>nova</p>", versao_base=1)
    VersaoDocumento.objects.filter(documento=doc, numero=2).update(conteudo=f"<p>legado 2</p>{carga}")
    Documento.objects.filter(pk=doc.pk).update(titulo_html=f"<p>Título</p>{carga}", descricao=carga)
    cliente = entrar(atores["A"])
    for url in (_url("detalhe", doc), _url("editar", doc), _url("versoes", doc), _url("versao", doc, 1),
                _url("comparar", doc) + "?de=1&para=2", reverse("processos:detalhe", args=[processo.nup])):  # fmt: skip
        html = cliente.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x onerror" not in html, url
    # The only place the raw row is served is the sandboxed content response.
    conteudo = cliente.get(_url("conteudo", doc))
    assert "<script>alert(2)</script>" in conteudo.content.decode()
    assert conteudo["Content-Security-Policy"].startswith("sandbox allow-top-navigation-by-user-activation;")
    assert "script-src" not in conteudo["Content-Security-Policy"]
    assert conteudo["X-Frame-Options"] == "SAMEORIGIN"


def test_externo_nao_e_minuta_e_pode_ser_excluido(entrar, atores, processo, incluir_externo):
    doc = incluir_externo(atores["A"], processo)
    cliente = entrar(atores["A"])
    html = cliente.get(_url("detalhe", doc)).content.decode()
    assert "Minuta" not in html and "<dt>Situação</dt><dd>Incluído" in html
    assert "Excluir documento" in html
    resposta = cliente.post(_url("excluir", doc), follow=True)
    assert f"Documento {doc.rotulo} excluído." in resposta.content.decode()
