"""Accessibility in a real Chromium: axe-core (axe-playwright-python, which carries its own
``axe.min.js``: nothing is downloaded) on every main page, logged in, at desktop (1280×800) and
phone (390×844) size. Any violation in the product's own markup fails the test.

Screenshots of each page at both sizes are kept for people to look at (the assertions are the
axe results) in ``$SEI_TESTE_ARTEFATOS/acessibilidade``, or under pytest's temporary folder."""

import os
from pathlib import Path

import pytest

from externo import services as externo_services
from processos import services
from processos.models import NivelAcesso
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import SENHA_PADRAO, tipo_documento, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Pages anyone reaches: the two logins and what hangs from them.
ANONIMAS = [
    ("login", "/entrar/"),
    ("esqueci-senha", "/senha/esqueci/"),
    ("portal-entrar", "/externo/entrar/"),
    ("portal-cadastro", "/externo/cadastro/"),
    ("portal-esqueci-senha", "/externo/senha/esqueci/"),
    ("portal-reenviar", "/externo/cadastro/reenviar/"),
]
TAMANHOS = {"desktop": {"width": 1280, "height": 800}, "celular": {"width": 390, "height": 844}}
# Third-party widgets, outside the product's markup:
# - TinyMCE's toolbar, menus and editing iframe (.tox-*): vendored, built by its own script; its
#   accessibility is TinyMCE's (it documents WCAG 2.1 AA conformance). The <textarea> it replaces
#   and the label around it are ours and stay checked.
TERCEIROS = [[".tox"], [".tox-tinymce-aux"]]


@pytest.fixture
def artefatos(tmp_path_factory) -> Path:
    pasta = os.environ.get("SEI_TESTE_ARTEFATOS")
    destino = Path(pasta) / "acessibilidade" if pasta else tmp_path_factory.mktemp("acessibilidade")
    destino.mkdir(parents=True, exist_ok=True)
    return destino


@pytest.fixture
def paginas(atores, criar_documento, django_capture_on_commit_callbacks):
    """Every main page, with something in it: a process with a document of two versions, an
    export asked for; the user is also the administrator (for /admin/). Read before the browser
    starts (see test_fluxo)."""
    from documentos import services as documentos_services

    ator = atores["A"]
    ator.usuario.is_staff = ator.usuario.is_superuser = True
    ator.usuario.save()
    processo = services.processo_criar(
        ator=ator,
        tipo=tipo_processo(),
        nivel_acesso=NivelAcesso.PUBLICO,
        especificacao="Aquisição de material de escritório",
        interessados=["Papelaria Central Ltda."],
    )
    documento = criar_documento(
        ator, processo, tipo=tipo_documento("Ofício"), conteudo="<p>Solicitamos proposta atualizada.</p>"
    )
    documentos_services.documento_editar(
        ator=ator,
        documento=documento,
        conteudo="<p>Solicitamos proposta atualizada, com prazo.</p>",
        versao_base=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        exportacao = documentos_services.exportacao_solicitar(ator=ator, processo=processo, formato="pdf")
    nup, numero = processo.nup, documento.numero_sei_formatado
    # The portal: an approved external user, and a pending registration for the internal pages.
    externo = externo_services.cadastro_criar(
        cpf="52998224725", nome="João Cidadão", email="joao@exemplo.com.br", senha=SENHA_PADRAO, liberado=True
    )
    pendente = externo_services.cadastro_criar(
        cpf="11144477735", nome="Ana Requerente", email="ana@exemplo.com.br", senha=SENHA_PADRAO
    )
    return {
        "usuario": ator.usuario.username,
        "externo": externo.usuario.username,
        "portal": {"portal-inicio": "/externo/", "portal-conta": "/externo/conta/"},
        "paginas": {
            "controle": "/",
            "iniciar": "/processos/iniciar/",
            "processo": f"/processos/{nup}/",
            "documento": f"/documentos/{numero}/",
            "editor": f"/documentos/{numero}/editar/",
            "versoes": f"/documentos/{numero}/versoes/",
            "pesquisa": "/pesquisa/?q=material",
            "blocos": "/blocos/",
            "exportar": f"/processos/{nup}/exportar/",
            "exportacao": f"/exportacoes/{exportacao.pk}/",
            "admin": "/admin/",
            "usuarios-externos": "/usuarios-externos/",
            "cadastro-externo": f"/usuarios-externos/{pendente.pk}/",
        },
    }


def _violacoes(pagina) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    resultado = Axe().run(pagina, context={"exclude": TERCEIROS})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in resultado.response["violations"]
    ]


def _olhar(contexto, url, nome, artefatos, tamanho) -> list[str]:
    pagina = contexto.new_page()
    pagina.goto(url)
    pagina.wait_for_load_state("networkidle")
    pagina.screenshot(path=str(artefatos / f"{nome}-{tamanho}.png"), full_page=True)
    problemas = [f"{nome} ({tamanho}) {v}" for v in _violacoes(pagina)]
    pagina.close()
    return problemas


def test_paginas_principais_sem_violacoes_do_axe(
    _historico_descartavel, paginas, artefatos, live_server, navegador
):
    base = live_server.url
    problemas = []
    for tamanho, janela in TAMANHOS.items():
        anonimo = navegador.new_context(viewport=janela, locale="pt-BR")
        for nome, url in ANONIMAS:
            problemas += _olhar(anonimo, base + url, nome, artefatos, tamanho)
        anonimo.close()

        portal = navegador.new_context(viewport=janela, locale="pt-BR")
        entrada = portal.new_page()
        entrada.goto(f"{base}/externo/entrar/")
        entrada.get_by_label("CPF ou e-mail").fill(paginas["externo"])
        entrada.get_by_label("Senha").fill(SENHA_PADRAO)
        entrada.get_by_role("button", name="Entrar").click()
        entrada.wait_for_url(f"{base}/externo/")
        for nome, url in paginas["portal"].items():
            problemas += _olhar(portal, base + url, nome, artefatos, tamanho)
        portal.close()

        contexto = navegador.new_context(viewport=janela, locale="pt-BR")
        entrar_no_navegador(contexto.new_page(), base, paginas["usuario"])
        for nome, url in paginas["paginas"].items():
            problemas += _olhar(contexto, base + url, nome, artefatos, tamanho)
        contexto.close()

    assert problemas == [], "\n".join(problemas)
    assert len(list(artefatos.glob("*.png"))) == 2 * (len(ANONIMAS) + len(paginas["portal"]) + len(paginas["paginas"]))
