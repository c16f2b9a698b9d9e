"""GET /api/v1/busca/: full-text search under the caller's access, filters, cursor pagination, a
NUP or número SEI answering that one item, and the contract's 400s in pt-BR.

Queries are plain words (no operators), so these hold with any query parser; the words are rare
and free of plural endings, so they hold with any Portuguese analysis chain too."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from busca import consulta
from busca.backends.base import BuscaDemorada
from busca.consulta import ConsultaInvalida
from documentos import services as documentos_services
from processos import services
from processos.models import NivelAcesso
from sei import indexacao
from tests.factories import bloquear, tipo_documento, tipo_processo

URL = "/api/v1/busca/"
CAMPOS = {"tipo", "natureza", "nup", "numero_sei", "titulo", "trecho", "data", "url"}


def _buscar(cliente, ator, **params):
    return cliente(ator).get(URL, params)


def _chaves(corpo: dict) -> list[tuple]:
    return [(r["tipo"], r["nup"], r["numero_sei"]) for r in corpo["results"]]


def _assinado(documento):
    """The document as once signed (no longer a minuta: other units read it), re-indexed."""
    bloquear(documento)
    indexacao.marcar_documento(documento.pk)
    return documento


def _externo(ator, processo, remetente: str):
    return documentos_services.documento_externo_criar(
        ator=ator,
        processo=processo,
        tipo=tipo_documento("Nota Fiscal"),
        arquivo=SimpleUploadedFile("nota.txt", b"nota fiscal"),
        nome_arquivo="nota.txt",
        nivel_acesso=NivelAcesso.PUBLICO,
        numero="77",
        remetente=remetente,
    )


# --- Results ------------------------------------------------------------------------------------


def test_resultados_e_formato(atores, cliente_api, criar_processo, criar_documento, indexar):
    a = atores["A"]
    p = criar_processo(a, especificacao="Compra de papel ornitorrinco")
    doc = criar_documento(
        a, p, conteudo="<p>Solicitamos o papel ornitorrinco para a copa.</p>", descricao="Pedido"
    )
    criar_documento(a, p, tipo="Despacho", conteudo="<p>Nada a ver.</p>")
    indexar()

    r = _buscar(cliente_api, a, q="ornitorrinco")
    assert r.status_code == 200, r.content
    assert r["Cache-Control"] == "no-store"
    corpo = r.json()
    assert set(corpo) == {"total", "total_exato", "next", "previous", "results"}
    assert corpo["total"] == 2 and corpo["total_exato"] is True
    assert corpo["next"] is None and corpo["previous"] is None
    por_tipo = {item["tipo"]: item for item in corpo["results"]}
    assert all(set(item) == CAMPOS for item in corpo["results"])

    documento = por_tipo["documento"]
    assert documento["natureza"] == "interno" and documento["nup"] == p.nup
    assert documento["numero_sei"] == doc.numero_sei
    assert documento["titulo"] == f"{doc.rotulo} Pedido"
    assert "<mark>ornitorrinco</mark>" in documento["trecho"]
    assert documento["url"] == f"http://testserver/api/v1/documentos/{doc.numero_sei_formatado}/"
    assert datetime.fromisoformat(documento["data"]) == doc.criado_em

    processo = por_tipo["processo"]
    assert processo["natureza"] == "processo" and processo["numero_sei"] is None
    assert processo["url"] == f"http://testserver/api/v1/processos/{p.nup}/"
    assert datetime.fromisoformat(processo["data"]) == p.criado_em
    # The urls answer.
    c = cliente_api(a)
    assert c.get(documento["url"]).status_code == 200
    assert c.get(processo["url"]).status_code == 200


def test_texto_como_o_leitor_o_ve(atores, cliente_api, criar_processo, criar_documento, indexar):
    """Adjacent paragraphs, items and lines stay apart (the last word of one and the first of the
    next are two words), and entities are text: the snippet escapes them once."""
    a = atores["A"]
    p = criar_processo(a)
    criar_documento(a, p, conteudo="<p>ornitorrinco</p><p>zabumba</p><ul><li>xilogravura</li><li>quiromancia</li></ul>"
                    "alfa<br>&lt;b&gt;P&amp;D&lt;/b&gt; omega")  # fmt: skip
    indexar()
    c = cliente_api(a)
    for palavra in ("ornitorrinco", "zabumba", "xilogravura", "quiromancia", "omega"):
        assert c.get(URL, {"q": palavra}).json()["total"] == 1, palavra
    (item,) = c.get(URL, {"q": "omega"}).json()["results"]
    assert "&lt;b&gt;P&amp;D&lt;/b&gt;" in item["trecho"] and "&amp;lt;" not in item["trecho"]
    assert c.get(URL, {"q": "amp"}).json()["total"] == 0


def test_nada_encontrado(atores, cliente_api, indexar):
    indexar()
    corpo = _buscar(cliente_api, atores["A"], q="inexistentissimo").json()
    assert corpo == {"total": 0, "total_exato": True, "next": None, "previous": None, "results": []}


def test_consultas_nao_crescem_com_os_resultados(
    atores, cliente_api, criar_processo, criar_documento, indexar
):
    a = atores["A"]
    p = criar_processo(a)
    criar_documento(a, p, conteudo="<p>zabumba</p>")
    indexar()
    c = cliente_api(a)
    with CaptureQueriesContext(connection) as um:
        assert c.get(URL, {"q": "zabumba"}).json()["total"] == 1
    for _ in range(6):
        criar_documento(a, p, conteudo="<p>zabumba</p>")
    indexar()
    with CaptureQueriesContext(connection) as sete:
        assert c.get(URL, {"q": "zabumba"}).json()["total"] == 7
    assert len(sete) == len(um)


# --- Filters ------------------------------------------------------------------------------------


@pytest.fixture
def variado(atores, unidades, criar_processo, criar_documento, indexar):
    """The word "quiromancia" in: a process of A (type Geral, interessado Zuleica), a signed Ofício
    and an external document in it; a process of B (type Férias) with a signed Despacho; a process
    of C sent to B."""
    a, b, c = atores["A"], atores["B"], atores["C"]
    ferias = tipo_processo(nome="Pessoal: Férias")
    pa = criar_processo(a, especificacao="quiromancia", interessados=["Zuleica Quiromante"])
    oficio = _assinado(criar_documento(a, pa, conteudo="<p>quiromancia</p>"))
    externo = _externo(a, pa, "Quiromancia Fornecedora Limitada")
    pb = criar_processo(b, tipo=ferias, especificacao="quiromancia")
    despacho = _assinado(criar_documento(b, pb, tipo="Despacho", conteudo="<p>quiromancia</p>"))
    pc = criar_processo(c, especificacao="quiromancia")
    services.processo_enviar(ator=c, processo=pc, destinos=[unidades["B"]], manter_aberto=True)
    indexar()
    return {
        "pa": pa,
        "oficio": oficio,
        "externo": externo,
        "pb": pb,
        "despacho": despacho,
        "pc": pc,
        "ferias": ferias,
    }


def _achados(cliente_api, ator, **params) -> set:
    r = _buscar(cliente_api, ator, q="quiromancia", **params)
    assert r.status_code == 200, r.content
    return {(i["tipo"], i["numero_sei"] or i["nup"]) for i in r.json()["results"]}


def _proc(p):
    return ("processo", p.nup)


def _doc(d):
    return ("documento", d.numero_sei)


def test_filtros(atores, cliente_api, variado):
    v, a = variado, atores["A"]
    tudo = {
        _proc(v["pa"]),
        _doc(v["oficio"]),
        _doc(v["externo"]),
        _proc(v["pb"]),
        _doc(v["despacho"]),
        _proc(v["pc"]),
    }
    assert _achados(cliente_api, a) == tudo
    assert _achados(cliente_api, a, tipo="processo") == {_proc(v["pa"]), _proc(v["pb"]), _proc(v["pc"])}
    assert _achados(cliente_api, a, tipo="documento") == {
        _doc(v["oficio"]),
        _doc(v["externo"]),
        _doc(v["despacho"]),
    }
    assert _achados(cliente_api, a, tipo="interno") == {_doc(v["oficio"]), _doc(v["despacho"])}
    assert _achados(cliente_api, a, tipo="externo") == {_doc(v["externo"])}
    assert _achados(cliente_api, a, tipo_processo=v["ferias"].pk) == {_proc(v["pb"]), _doc(v["despacho"])}
    assert _achados(cliente_api, a, tipo_documento=tipo_documento("Despacho").pk) == {_doc(v["despacho"])}
    assert _achados(cliente_api, a, unidade="B") == {_proc(v["pb"]), _doc(v["despacho"])}
    assert _achados(cliente_api, a, unidade="org:b") == {_proc(v["pb"]), _doc(v["despacho"])}
    assert _achados(cliente_api, a, interessado="zuleica") == {
        _proc(v["pa"]),
        _doc(v["oficio"]),
        _doc(v["externo"]),
    }
    # Passed through B: B's own process and C's, sent to B.
    assert _achados(cliente_api, atores["B"], tramitacao="true", tipo="processo") == {
        _proc(v["pb"]),
        _proc(v["pc"]),
    }
    assert _achados(cliente_api, a, tramitacao="true", tipo="processo") == {_proc(v["pa"])}
    assert _achados(cliente_api, a, processo=v["pa"].nup_formatado) == {
        _proc(v["pa"]),
        _doc(v["oficio"]),
        _doc(v["externo"]),
    }


def test_filtro_de_periodo(atores, cliente_api, variado):
    a, hoje = atores["A"], timezone.localdate()
    ontem, amanha = (hoje - timedelta(days=1)).isoformat(), (hoje + timedelta(days=1)).isoformat()
    assert len(_achados(cliente_api, a, de=hoje.isoformat(), ate=hoje.isoformat())) == 6
    assert len(_achados(cliente_api, a, ate=ontem)) == 0
    assert len(_achados(cliente_api, a, de=amanha)) == 0
    assert len(_achados(cliente_api, a, de="0001-01-01", ate="9999-12-31")) == 6


def test_processo_que_nao_pode_conhecer_e_404(atores, cliente_api, criar_processo, indexar):
    sigiloso = criar_processo(atores["B"], nivel=NivelAcesso.SIGILOSO)
    for nup in (sigiloso.nup, "99999999999999999", "abc"):
        r = _buscar(cliente_api, atores["A"], q="qualquer", processo=nup)
        assert r.status_code == 404 and r.json()["code"] == "nao_encontrado"


# --- Pagination ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ordem", ["relevancia", "data"])
def test_paginacao_por_cursor_percorre_todas_as_paginas(
    ordem, atores, cliente_api, criar_processo, criar_documento, indexar
):
    a = atores["A"]
    p = criar_processo(a)
    numeros = {criar_documento(a, p, conteudo="<p>xilogravura</p>").numero_sei for _ in range(7)}
    indexar()
    c = cliente_api(a)
    corpo = c.get(URL, {"q": "xilogravura", "page_size": 3, "ordem": ordem}).json()
    assert corpo["total"] == 7 and corpo["previous"] is None
    paginas = [[i["numero_sei"] for i in corpo["results"]]]
    while corpo["next"]:
        assert "page_size=3" in corpo["next"] and f"ordem={ordem}" in corpo["next"]
        corpo = c.get(corpo["next"]).json()
        paginas.append([i["numero_sei"] for i in corpo["results"]])
    assert [len(pagina) for pagina in paginas] == [3, 3, 1]
    vistos = [n for pagina in paginas for n in pagina]
    assert len(vistos) == len(set(vistos)) and set(vistos) == numeros
    if ordem == "data":
        assert vistos == sorted(vistos, reverse=True)  # created in order: newest first
    # And back.
    anterior = c.get(corpo["previous"]).json()
    assert [i["numero_sei"] for i in anterior["results"]] == paginas[1]


def test_cursor_malformado_e_400(atores, cliente_api, indexar):
    r = _buscar(cliente_api, atores["A"], q="xilogravura", cursor="nao-e-um-cursor")
    assert r.status_code == 400
    corpo = r.json()
    assert corpo["detail"] == "Cursor inválido." and "cursor" in corpo["errors"]


# --- A NUP or número SEI opens the item ---------------------------------------------------------


def test_nup_e_numero_sei_respondem_o_item(atores, cliente_api, criar_processo, criar_documento, indexar):
    a = atores["A"]
    p = criar_processo(a, especificacao="Sem palavras em comum")
    doc = criar_documento(a, p, conteudo="<p>Texto</p>", descricao="Descrição <b>forte</b>")
    indexar()
    for termo in (p.nup, p.nup_formatado, f"  {p.nup_formatado} "):
        corpo = _buscar(cliente_api, a, q=termo, tipo="externo").json()  # filters do not apply
        assert corpo["total"] == 1 and corpo["total_exato"] is True and corpo["next"] is None
        (item,) = corpo["results"]
        assert item["tipo"] == "processo" and item["nup"] == p.nup and item["numero_sei"] is None
        assert item["titulo"] == p.tipo.nome and item["trecho"] == p.tipo.nome
        assert item["url"].endswith(f"/api/v1/processos/{p.nup}/")
    for termo in (str(doc.numero_sei), doc.numero_sei_formatado):
        (item,) = _buscar(cliente_api, a, q=termo).json()["results"]
        assert item["tipo"] == "documento" and item["natureza"] == "interno"
        assert item["numero_sei"] == doc.numero_sei and item["nup"] == p.nup
        assert item["titulo"] == f"{doc.rotulo} Descrição <b>forte</b>"
        assert item["trecho"] == f"{doc.rotulo} Descrição &lt;b&gt;forte&lt;/b&gt;"
        assert item["url"].endswith(f"/api/v1/documentos/{doc.numero_sei_formatado}/")


def test_sigiloso_pela_sessao_do_navegador_sem_a_senha(atores, entrar, criar_processo, criar_documento):
    """Called with the browser's session, a sigiloso's número SEI still answers its entry (its page
    asks for the password), without the description (content) before the password."""
    a = atores["A"]
    p = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    doc = criar_documento(a, p, nivel=NivelAcesso.SIGILOSO, conteudo="<p>Texto</p>", descricao="Segredo")
    r = entrar(a).get(URL, {"q": str(doc.numero_sei)})
    assert r.status_code == 200, r.content
    (item,) = r.json()["results"]
    assert item["numero_sei"] == doc.numero_sei and item["titulo"] == doc.rotulo
    assert b"Segredo" not in r.content


# --- Access -------------------------------------------------------------------------------------


def test_restrito_so_para_as_unidades_por_onde_tramitou(
    atores, cliente_api, criar_processo, criar_documento, indexar
):
    a, b = atores["A"], atores["B"]
    p = criar_processo(a, nivel=NivelAcesso.RESTRITO, especificacao="ornitorrinco")
    doc = criar_documento(
        a, p, nivel=NivelAcesso.RESTRITO, conteudo="<p>ornitorrinco</p>", descricao="Descrição ornitorrinco"
    )
    indexar()
    assert _buscar(cliente_api, a, q="ornitorrinco").json()["total"] == 2
    assert _buscar(cliente_api, b, q="ornitorrinco").json()["total"] == 0
    # An outsider may know that it exists (its NUP opens it, with its type), never its content.
    r = _buscar(cliente_api, b, q=p.nup)
    (item,) = r.json()["results"]
    assert item["tipo"] == "processo" and item["titulo"] == p.tipo.nome
    (item,) = _buscar(cliente_api, b, q=str(doc.numero_sei)).json()["results"]
    assert item["titulo"] == doc.rotulo
    assert b"ornitorrinco" not in r.content


def test_minuta_so_na_unidade_que_a_gerou(
    atores, unidades, cliente_api, criar_processo, criar_documento, indexar
):
    a, b = atores["A"], atores["B"]
    p = criar_processo(a)
    services.processo_enviar(ator=a, processo=p, destinos=[unidades["B"]], manter_aberto=True)
    minuta = criar_documento(a, p, conteudo="<p>zabumba</p>")
    assert minuta.minuta
    indexar()
    assert _chaves(_buscar(cliente_api, a, q="zabumba").json()) == [("documento", p.nup, minuta.numero_sei)]
    assert _buscar(cliente_api, b, q="zabumba").json()["total"] == 0


def test_sigiloso_nunca_aparece_nem_para_quem_tem_credencial(
    atores, cliente_api, criar_processo, criar_documento, indexar
):
    a, b = atores["A"], atores["B"]
    p = criar_processo(a, nivel=NivelAcesso.SIGILOSO, especificacao="quiromancia")
    criar_documento(a, p, nivel=NivelAcesso.SIGILOSO, conteudo="<p>quiromancia</p>")
    indexar()
    assert _buscar(cliente_api, a, q="quiromancia").json()["total"] == 0  # A holds a credential
    assert _buscar(cliente_api, b, q="quiromancia").json()["total"] == 0
    # Its NUP opens it for the credential holder only: for anybody else it is a plain word search.
    assert _chaves(_buscar(cliente_api, a, q=p.nup).json()) == [("processo", p.nup, None)]
    assert _buscar(cliente_api, b, q=p.nup).json()["total"] == 0


def test_nenhum_canario_alheio_e_encontrado(atores, cliente_api, indexar):
    """The API fuzz's scenario (restrito, cancelled, sigiloso, mixed data of units A and B, each
    free text a canary): searched for by every unit, each other unit's canary finds nothing, and
    the owner finds its restrito ones but never its sigilosos."""
    from tests.factories import OrgaoFactory, UnidadeFactory, ator_em
    from tests.processos.api.cenario_fuzz import montar_cenario

    ator_x = ator_em(UnidadeFactory(orgao=OrgaoFactory(sigla="MUN", codigo_protocolo="19957"), sigla="X"))
    cenario = montar_cenario(atores=atores, ator_x=ator_x)
    indexar()
    for sigla in ("A", "B", "X"):
        c = cliente_api(cenario.atores[sigla].ator)
        for canario, rotulo in cenario.canarios_proibidos(sigla).items():
            r = c.get(URL, {"q": canario})
            assert r.status_code == 200 and r.json()["total"] == 0, f"{sigla} encontrou {rotulo}"
    c = cliente_api(atores["A"])
    for campo in ("especificacao", "interessado", "observacao", "versao2", "descricao", "documentorestrito"):
        assert c.get(URL, {"q": f"canarioa{campo}"}).json()["total"] >= 1, campo
    for campo in ("sigiloso", "interessadosigiloso", "conteudosigiloso", "cancelado", "cancelamento"):
        assert c.get(URL, {"q": f"canarioa{campo}"}).json()["total"] == 0, campo


def test_sem_autenticacao_e_unidade_alheia(atores, cliente_api):
    r = cliente_api().get(URL, {"q": "qualquer"})
    assert r.status_code == 401
    r = cliente_api(atores["A"], unidade="B").get(URL, {"q": "qualquer"})
    assert r.status_code == 403 and r.json()["code"] == "unidade_nao_permitida"


# --- Errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "campo", "mensagem"),
    [
        ({}, "q", "Informe o que pesquisar (parâmetro q)."),
        ({"q": "   "}, "q", "Informe o que pesquisar (parâmetro q)."),
        ({"q": "a" * 1001}, "q", "A pesquisa pode ter até 1000 caracteres."),
        ({"q": "x", "tipo": "pasta"}, "tipo", "Tipo inválido: use processo, documento, interno ou externo."),
        ({"q": "x", "ordem": "alfabetica"}, "ordem", "Ordem inválida: use relevancia ou data."),
        ({"q": "x", "de": "31/12/2026"}, "de", "Data inválida: use AAAA-MM-DD."),
        ({"q": "x", "ate": "2026-02-30"}, "ate", "Data inválida: use AAAA-MM-DD."),
        (
            {"q": "x", "de": "2026-03-02", "ate": "2026-03-01"},
            "ate",
            "A data inicial do período é posterior à final.",
        ),
        ({"q": "x", "unidade": "NAOEXISTE"}, "unidade", "Unidade não encontrada: NAOEXISTE."),
        ({"q": "x", "tipo_processo": "abc"}, "tipo_processo", "Informe o id (um número inteiro)."),
        ({"q": "x", "tipo_documento": str(2**70)}, "tipo_documento", "Id fora do intervalo."),
        ({"q": "x", "page_size": "51"}, "page_size", "No máximo 50 por página."),
    ],
)
def test_entrada_invalida_e_400_em_portugues(atores, cliente_api, params, campo, mensagem):
    r = cliente_api(atores["A"]).get(URL, params)
    assert r.status_code == 400, r.content
    corpo = r.json()
    assert corpo["code"] == "entrada_invalida" and corpo["errors"][campo] == [mensagem]


def test_consulta_malformada_e_400(atores, cliente_api):
    with pytest.raises(ConsultaInvalida) as esperado:
        consulta.interpretar("!!! ???")
    r = cliente_api(atores["A"]).get(URL, {"q": "!!! ???"})
    assert r.status_code == 400
    assert r.json()["detail"] == esperado.value.mensagem and r.json()["code"] == esperado.value.code


def test_busca_demorada_e_503(atores, cliente_api, monkeypatch):
    from busca import selectors

    def demorada(*args, **kwargs):
        raise BuscaDemorada("A pesquisa demorou demais e foi interrompida.")

    monkeypatch.setattr(selectors, "pesquisar", demorada)
    r = cliente_api(atores["A"]).get(URL, {"q": "qualquer"})
    assert r.status_code == 503 and r.json() == {
        "detail": "A pesquisa demorou demais e foi interrompida.",
        "code": "busca_demorada",
    }


def test_documentada_no_esquema(atores, cliente_api):
    esquema = cliente_api(atores["A"]).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operacao = esquema["paths"]["/api/v1/busca/"]["get"]
    parametros = {p["name"]: p for p in operacao["parameters"]}
    assert parametros["q"]["required"] is True
    for nome in ("tipo", "tipo_processo", "tipo_documento", "unidade", "de", "ate", "interessado", "tramitacao",
                 "processo", "ordem", "cursor", "page_size", "X-Unidade"):  # fmt: skip
        assert nome in parametros
    assert {"200", "400", "401", "403", "404", "503"} <= set(operacao["responses"])
