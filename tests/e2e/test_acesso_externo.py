"""Acesso externo in a real Chromium: the unit grants from the process toolbar (form, password)
and the external user finds the process in the portal, opens a granted document and does not see
the minuta; every page of both sides without axe violations, at desktop and phone size, and with
no CSP violation."""

import pytest

from processos.models import NivelAcesso
from tests.e2e.conftest import entrar_no_navegador
from tests.e2e.test_acessibilidade import TAMANHOS, _violacoes
from tests.factories import SENHA_PADRAO, bloquear

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def cenario(atores, criar_processo, criar_documento):
    from externo.services import cadastro_criar

    a = atores["A"]
    processo = criar_processo(a, nivel=NivelAcesso.RESTRITO, especificacao="Licença de obra")
    assinado = bloquear(criar_documento(a, processo, conteudo="<p>Parecer favorável.</p>"))
    minuta = criar_documento(a, processo, tipo="Despacho", conteudo="<p>Rascunho interno.</p>")
    joao = cadastro_criar(
        cpf="52998224725", nome="João Cidadão", email="joao@exemplo.com.br", senha=SENHA_PADRAO, liberado=True
    ).usuario
    return {
        "ator": a.usuario.username,
        "nup": processo.nup,
        "nup_formatado": processo.nup_formatado,
        "assinado": assinado.rotulo,
        "minuta": minuta.rotulo,
        "cpf": joao.cpf,
    }


def test_conceder_pela_barra_e_ler_no_portal(_historico_descartavel, cenario, live_server, navegador):
    base = live_server.url
    problemas, csp = [], []
    janela = TAMANHOS["desktop"]

    contexto = navegador.new_context(viewport=janela, locale="pt-BR")
    pagina = contexto.new_page()
    pagina.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    entrar_no_navegador(pagina, base, cenario["ator"])
    pagina.goto(f"{base}/processos/{cenario['nup']}/")
    pagina.get_by_role("toolbar").get_by_role("link", name="Acesso externo").click()
    pagina.wait_for_url(f"{base}/processos/{cenario['nup']}/acessos-externos/")
    problemas += [f"acessos (desktop) {v}" for v in _violacoes(pagina)]
    pagina.get_by_label("Destinatário (CPF ou e-mail)").fill(cenario["cpf"])
    pagina.get_by_label("Parcial: só os documentos escolhidos abaixo").check()
    pagina.get_by_label(cenario["assinado"]).check()
    pagina.get_by_label("Validade (dias)").fill("10")
    pagina.get_by_label("Motivo").fill("Vista ao requerente")
    pagina.get_by_label("Sua senha").fill(SENHA_PADRAO)
    pagina.get_by_role("button", name="Conceder").click()
    pagina.get_by_text("Acesso externo concedido").wait_for()
    assert pagina.get_by_role("cell", name="João Cidadão").count() == 1
    pagina.goto(f"{base}/acessos-externos/")
    problemas += [f"acessos da unidade (desktop) {v}" for v in _violacoes(pagina)]
    contexto.close()

    for tamanho, janela in TAMANHOS.items():
        contexto = navegador.new_context(viewport=janela, locale="pt-BR")
        pagina = contexto.new_page()
        pagina.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
        pagina.goto(f"{base}/externo/entrar/")
        pagina.get_by_label("CPF ou e-mail").fill(cenario["cpf"])
        pagina.get_by_label("Senha").fill(SENHA_PADRAO)
        pagina.get_by_role("button", name="Entrar").click()
        pagina.wait_for_url(f"{base}/externo/")
        problemas += [f"portal ({tamanho}) {v}" for v in _violacoes(pagina)]
        pagina.get_by_role("link", name=cenario["nup_formatado"]).click()
        pagina.wait_for_url(f"{base}/externo/processos/{cenario['nup']}/")
        problemas += [f"processo no portal ({tamanho}) {v}" for v in _violacoes(pagina)]
        texto = pagina.content()
        assert cenario["assinado"] in texto and cenario["minuta"] not in texto
        contexto.close()

    assert problemas == [], "\n".join(problemas)
    assert csp == []
