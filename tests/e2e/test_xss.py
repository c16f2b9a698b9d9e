"""A corpus of XSS payloads (tests/e2e/xss_corpus.py) through the editor, the API and every
metadata field a user types, rendered in Chromium: no payload script runs, no dialog opens, no
page navigates away from the app, and no payload becomes a live element or attribute in the DOM
(the CSP would block an inline script anyway; the DOM check catches a field left unescaped).

Every payload, when run, calls ``top.__xss.push('<campo><n>')``; ``window.__xss = []`` is injected
in every frame by an init script, so a run is detected and attributed to the field and payload.
Payloads are batched: one small process per payload (its especificação, interessado,
observação, andamento, sobrestamento, documents' metadata), plus one process holding all of
them in document bodies (service, API, version, texto padrão, modelo)."""

import io
import re

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos import services as doc_services
from documentos.models import Documento, Modelo, TextoPadrao, TipoDocumento
from processos import services
from processos.models import NivelAcesso
from tests.e2e import xss_corpus as corpus
from tests.factories import SENHA_PADRAO, UsuarioFactory, bloquear, tipo_documento, tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

N = len(corpus.MODELOS)
PUB = NivelAcesso.PUBLICO


def _pdf() -> bytes:
    buffer = io.BytesIO()
    with pikepdf.new() as documento:
        documento.add_blank_page()
        documento.save(buffer)
    return buffer.getvalue()


# Closes whatever raw-text or foreign element a payload left open (``<style>``, ``<math>``...),
# so that in a body holding all payloads each one is parsed on its own, not swallowed by the
# previous one.
FECHAR = "</style></textarea></title></noscript></script></iframe></object></math></svg></form></details>"


def _corpo(campo: str) -> str:
    # The <math><mtext><table><mglyph><style> payload still swallows what follows: it goes last.
    ultimos = [i for i, (nome, _) in enumerate(corpus.MODELOS) if nome == "math-style-mxss"]
    ordem = [i for i in range(N) if i not in ultimos] + ultimos
    return "".join(f"<p>{corpus.payload(i, campo)}</p>{FECHAR}" for i in ordem)


@pytest.fixture
def dados(atores, criar_processo):
    """Every payload into every field, through the services (and the API for document bodies),
    as users and an admin would type them. Returns the URLs to visit, read before the browser."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    a = atores["A"]
    tp = tipo_processo()
    # An admin-made type with user-typed numbers, usable in the editor.
    informada = TipoDocumento.objects.create(
        nome="Requerimento XSS", aplicabilidade=TipoDocumento.Aplicabilidade.AMBOS,
        numeracao=TipoDocumento.Numeracao.INFORMADA,
    )  # fmt: skip
    nota = tipo_documento("Nota Fiscal")
    despacho = tipo_documento("Despacho")
    pdf = _pdf()
    processos, documentos, extras = [], [], []
    token, _ = Token.objects.get_or_create(user=a.usuario)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_UNIDADE=a.unidade.sigla)
    for i in range(N):
        p = lambda campo, limite=10_000, i=i: corpus.payload(i, campo)[:limite]  # noqa: E731
        proc = services.processo_criar(
            ator=a, tipo=tp, nivel_acesso=PUB, especificacao=p("es", 100),
            interessados=[p("in", 200)], observacao=p("ob", 1000),
        )  # fmt: skip
        interno = doc_services.documento_interno_criar(
            ator=a, processo=proc, tipo=informada, nivel_acesso=PUB, descricao=p("de", 200),
            numero=p("nu", 50), destinatarios=[p("dt", 200)], conteudo=f"<p>{p('ct')}</p>",
        )  # fmt: skip
        externo = doc_services.documento_externo_criar(
            ator=a, processo=proc, tipo=nota, arquivo=SimpleUploadedFile("x.pdf", pdf),
            nome_arquivo=corpus.sem_barra(p("fn", 200)) + ".pdf", nivel_acesso=PUB,
            numero=p("ne", 50), descricao=p("dx", 200), remetente=p("re", 200),
        )  # fmt: skip
        resposta = api.post(
            f"/api/v1/processos/{proc.nup}/documentos/",
            {"tipo": "Despacho", "nivel_acesso": "publico", "conteudo": f"<p>{p('ac')}</p>",
             "descricao": p("ad", 200), "destinatarios": [p("aq", 200)]},
            format="json",
        )  # fmt: skip
        assert resposta.status_code == 201, resposta.content
        pela_api = int(resposta.json()["numero_sei"])
        doc_services.documento_cancelar(
            ator=a, documento=bloquear(Documento.objects.get(numero_sei=pela_api)), motivo=p("mc", 500)
        )
        services.processo_atualizar_andamento(ator=a, processo=proc, texto=p("an", 2000))
        services.processo_sobrestar(ator=a, processo=proc, motivo=p("so", 500))
        processos.append(proc.nup)
        documentos += [interno.numero_sei, externo.numero_sei, pela_api]
        extras.append(
            [f"/processos/{proc.nup}/alterar/", f"/documentos/{interno.numero_sei:07d}/conteudo",
             f"/documentos/{interno.numero_sei:07d}/editar/"][i % 3]
        )  # fmt: skip

    # One process holding every payload in document bodies and in the admin-made texts.
    principal = services.processo_criar(
        ator=a, tipo=tp, nivel_acesso=PUB, especificacao="Processo com os corpos",
        interessados=[corpus.payload(i, "ip")[:200] for i in range(N)],
    )  # fmt: skip
    oficio = tipo_documento("Ofício")
    pelo_servico = doc_services.documento_interno_criar(
        ator=a, processo=principal, tipo=oficio, nivel_acesso=PUB, conteudo=_corpo("sv"),
        destinatarios=corpus.todos("dd"),
    )  # fmt: skip
    doc_services.documento_editar(ator=a, documento=pelo_servico, conteudo=_corpo("v2"), versao_base=1)
    resposta = api.post(
        f"/api/v1/processos/{principal.nup}/documentos/",
        {"tipo": "Despacho", "nivel_acesso": "publico", "conteudo": _corpo("ap"), "descricao": "pela API"},
        format="json",
    )
    assert resposta.status_code == 201, resposta.content
    pela_api = resposta.json()["numero_sei"]
    # Admin-typed texts: texto padrão (name and content) and a model of a new type.
    for i in range(N):
        TextoPadrao.objects.create(
            unidade=a.unidade, nome=corpus.payload(i, "tn")[:100], conteudo=_corpo("tc")
        )
    tipo_modelo = TipoDocumento.objects.create(
        nome="Nota XSS", aplicabilidade=TipoDocumento.Aplicabilidade.INTERNO,
        numeracao=TipoDocumento.Numeracao.SEQUENCIAL_UNIDADE,
    )  # fmt: skip
    modelo = Modelo.objects.create(
        tipo=tipo_modelo, nome=corpus.payload(0, "mn")[:100], cabecalho=_corpo("mh"), titulo=_corpo("mt"),
        corpo="<p>@destinatarios@ @interessados@</p>" + _corpo("mb"), assinatura=_corpo("ma"), rodape=_corpo("mr"), padrao=True,
    )  # fmt: skip
    do_modelo = doc_services.documento_interno_criar(
        ator=a, processo=principal, tipo=tipo_modelo, nivel_acesso=PUB, modelo=modelo,
        destinatarios=corpus.todos("md"),
    )  # fmt: skip
    do_texto = doc_services.documento_interno_criar(
        ator=a, processo=principal, tipo=despacho, nivel_acesso=PUB,
        texto_padrao=TextoPadrao.objects.filter(unidade=a.unidade).first(),
    )  # fmt: skip
    do_modelo_despacho = doc_services.documento_interno_criar(
        ator=a, processo=principal, tipo=despacho, nivel_acesso=PUB, destinatarios=corpus.todos("dm"),
    )  # fmt: skip
    exportacao = doc_services.exportacao_solicitar(ator=a, processo=principal, formato="pdf")
    UsuarioFactory(username="admin_xss", is_staff=True, is_superuser=True)

    nup = principal.nup
    corpos = [
        pelo_servico.numero_sei,
        int(pela_api),
        do_modelo.numero_sei,
        do_texto.numero_sei,
        do_modelo_despacho.numero_sei,
    ]
    paginas = ["/", f"/processos/{nup}/", f"/processos/{nup}/documentos/novo/", f"/processos/{nup}/exportar/"]  # fmt: skip
    for n in corpos:
        paginas += [f"/documentos/{n:07d}/", f"/documentos/{n:07d}/conteudo", f"/documentos/{n:07d}/editar/"]
    s = f"/documentos/{pelo_servico.numero_sei:07d}/versoes/"
    paginas += [s, f"{s}1/", f"{s}comparar/?de=1&para=2"]
    for n in processos:
        paginas.append(f"/processos/{n}/")
    paginas += [f"/documentos/{n:07d}/" for n in documentos] + extras
    api_paginas = [f"/api/v1/processos/{nup}/",
                   f"/api/v1/documentos/{pelo_servico.numero_sei}/", f"/api/v1/documentos/{pelo_servico.numero_sei}/versoes/",
                   "/api/v1/textos-padrao/", "/api/v1/modelos/", "/api/v1/controle-processos/",
                   f"/api/v1/processos/{processos[0]}/", f"/api/v1/processos/{processos[0]}/andamentos/",
                   f"/api/v1/documentos/{documentos[1]}/", f"/exportacoes/{exportacao.pk}/"]  # fmt: skip
    admin = ["/admin/processos/processo/", "/admin/documentos/documento/", "/admin/documentos/textopadrao/",
             "/admin/documentos/modelo/", "/admin/processos/andamento/", "/admin/documentos/tipodocumento/",
             f"/admin/documentos/modelo/{modelo.pk}/change/"]  # fmt: skip
    editor = f"/documentos/{pelo_servico.numero_sei:07d}/editar/"
    return {"paginas": paginas, "api": api_paginas, "admin": admin, "editor": editor}


CAMPOS_MOSTRADOS = {
    "es", "in", "ob", "an", "so",  # process: especificação, interessado, observação, andamento, sobrestamento
    "de", "nu", "ct",  # internal document (service): descrição, número informado, body
    "dx", "ne", "re", "fn",  # external document: descrição, número, remetente, client's file name
    "ad", "mc",  # document made through the API: descrição; cancel motivo
    "ip", "sv", "v2", "ap",  # main process: interessados; bodies (service, version 2, API)
    "tn", "tc", "mn", "mh", "mt", "mb", "ma", "mr", "md", "dm",  # texto padrão, modelo, destinatários
}  # fmt: skip

INIT = "window.__xss = []; window.__xssDialogos = [];"


class Vigia:
    """Everything a payload run could leave behind, collected over all pages of one context."""

    def __init__(self, base):
        self.base = base
        self.dialogos, self.fora, self.erros, self.dom, self.execucoes = [], [], [], [], []
        self.visitadas, self.campos_vistos = [], set()

    def ligar(self, page):
        def dialogo(d):
            # "Leave the page with unsaved text?" is the editor's own prompt, not a payload.
            if d.type != "beforeunload":
                self.dialogos.append(f"{page.url}: {d.type} {d.message}")
            d.accept() if d.type == "beforeunload" else d.dismiss()

        def navegou(frame):
            url = frame.url
            if not (
                url.startswith(self.base)
                or url.startswith(("about:", "data:application/pdf", "blob:", "chrome"))
            ):
                self.fora.append(url)

        page.on("dialog", dialogo)
        page.on("framenavigated", navegou)
        page.on("pageerror", lambda e: "__xss" in str(e) and self.erros.append(f"{page.url}: {e}"))

    def visitar(self, page, caminhos):
        for caminho in caminhos:
            for tentativa in range(3):
                try:
                    page.goto(self.base + caminho, wait_until="load")
                    break
                except Exception as erro:  # the previous page's script (export page) navigated first
                    if "ERR_ABORTED" not in str(erro) or tentativa == 2:
                        raise
                    page.wait_for_timeout(300)
            page.wait_for_timeout(20)  # ontoggle/onfocus handlers fire right after load
            self.visitadas.append(caminho)
            for frame in page.frames:
                try:
                    feitas, ruins, texto = frame.evaluate(
                        f"() => [(window.__xss || []).slice(), ({corpus.DOM_INJETADO})(), {corpus.TEXTO_VISIVEL}]"
                    )
                except Exception:  # a frame without script (sandboxed) or gone: nothing ran there
                    continue
                self.execucoes += [f"{caminho} ({frame.url}): {x}" for x in feitas]
                self.dom += [f"{caminho} ({frame.url}): {x}" for x in ruins]
                self.campos_vistos.update(re.findall(r"__xss\.push\('([a-z][a-z0-9])\d+'\)", texto))
                self.campos_vistos.update(re.findall(r"alert\('([a-z][a-z0-9])\d+'\)", texto))

    def problemas(self):
        return {
            "scripts executados": self.execucoes,
            "diálogos": self.dialogos,
            "navegação para fora": self.fora,
            "erros de script de payload": self.erros,
            "elementos injetados no DOM": self.dom,
        }


def _entrar(page, base, usuario):
    page.goto(f"{base}/entrar/")
    page.get_by_label("Usuário").fill(usuario)
    page.get_by_label("Senha").fill(SENHA_PADRAO)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/(\?.*)?$"))


def test_nenhum_payload_executa_em_nenhuma_pagina(_historico_descartavel, dados, live_server, navegador):
    base = live_server.url
    vigia = Vigia(base)
    csp = []

    contexto = navegador.new_context(locale="pt-BR", viewport={"width": 1280, "height": 900})
    contexto.add_init_script(INIT)
    page = contexto.new_page()
    vigia.ligar(page)
    page.on("console", lambda m: "Content Security Policy" in m.text and csp.append(f"{page.url}: {m.text}"))
    _entrar(page, base, "user_a")
    vigia.visitar(page, dados["paginas"] + dados["api"])
    # The editor really loaded a payload body into TinyMCE (the page is not a stub).
    page.goto(base + dados["editor"], wait_until="load")
    editor = page.frame_locator("iframe.tox-edit-area__iframe").locator("body.mce-content-body")
    editor.wait_for()
    html_editor = editor.inner_html()
    assert "top.__xss.push('v230')" in html_editor, html_editor  # the last payload, shown as inert text
    contexto.close()

    admin = navegador.new_context(locale="pt-BR")
    admin.add_init_script(INIT)
    page = admin.new_page()
    vigia.ligar(page)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "admin_xss")
    page.fill("#id_password", SENHA_PADRAO)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    vigia.visitar(page, dados["admin"])
    assert "/admin/login/" not in page.url
    admin.close()

    visitadas = len(vigia.visitadas)
    assert visitadas > 4 * N
    # Every field was really shown somewhere (as inert text), so the check above is not vacuous.
    # Destinatários given with an explicit body are not used (no @destinatarios@ to fill): dt, dd, aq.
    assert CAMPOS_MOSTRADOS <= vigia.campos_vistos, sorted(CAMPOS_MOSTRADOS - vigia.campos_vistos)
    problemas = {k: v for k, v in vigia.problemas().items() if v}
    assert not problemas, "\n".join(f"{k}:\n  " + "\n  ".join(v[:20]) for k, v in problemas.items())
    # A CSP report naming an inline script means a payload reached a script context: the CSP
    # saved us, but the field was not escaped.
    inline = [c for c in csp if "'script-src" in c]
    assert not inline, "\n".join(inline[:20])


@pytest.mark.usefixtures("_async_inseguro")
def test_a_vigia_detecta_script_dialogo_e_campo_sem_escape(navegador):
    """The detector itself: a page without CSP that echoes payloads unescaped is caught (a run,
    a dialog, live elements), so the test above would fail on a real XSS."""
    base = "http://sei.invalid"
    contexto = navegador.new_context()
    contexto.add_init_script(INIT)
    page = contexto.new_page()
    corpo = "".join(corpus.payload(i, "zz") for i in (1, 2, 24, 28)) + f"<p>{corpus.payload(0, 'zz')}</p>"
    page.route(
        f"{base}/**",
        lambda rota: rota.fulfill(status=200, content_type="text/html", body=f"<body>{corpo}</body>"),
    )
    vigia = Vigia(base)
    vigia.ligar(page)
    vigia.visitar(page, ["/isca/"])
    contexto.close()
    assert {"/isca/ (http://sei.invalid/isca/): zz1", "/isca/ (http://sei.invalid/isca/): zz2"} <= set(
        vigia.execucoes
    )
    assert any("zz28" in d for d in vigia.dialogos)
    assert any("onerror" in d for d in vigia.dom) and any("script:" in d for d in vigia.dom)
