"""POST /processos/{nup}/documentos/ (internal, JSON): numbering, models, sanitising, errors."""

from html.parser import HTMLParser

import pytest

from documentos.models import Documento, Modelo, TextoPadrao, TipoDocumento
from processos import services as processos_services
from processos.models import NivelAcesso
from tests.documentos.api.conftest import url_documento, url_documentos
from tests.factories import hipotese, lotar

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">clique</a>',
    "<svg onload=alert(4)></svg>",
    '<p onclick="alert(5)" style="position:fixed;top:0">texto visível</p>',
    '<iframe src="https://mal.example/"></iframe>',
    '<a href="JaVaScRiPt:alert(6)">x</a>',
]


class _Elementos(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elementos: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.elementos.append((tag, attrs))


def elementos(html: str) -> list[tuple[str, list]]:
    leitor = _Elementos()
    leitor.feed(html)
    return leitor.elementos


def _sem_script(html: str) -> None:
    """No element that runs script: as the browser would parse the page."""
    for tag, attrs in elementos(html):
        assert tag not in {"script", "iframe", "svg", "object", "embed", "img", "form", "style", "link"}, tag
        for nome, valor in attrs:
            assert not nome.startswith("on"), (tag, nome)
            assert not (valor or "").strip().lower().startswith("javascript:"), (tag, nome, valor)
            if nome == "style":
                assert "position" not in valor


def test_cria_oficio_com_numero_no_rotulo_e_etag(atores, cliente, processo):
    c = cliente(atores["A"])
    r = c.post(url_documentos(processo), {"tipo": "Ofício", "conteudo": "<p>Primeiro</p>"}, format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert isinstance(d["numero_sei"], int)
    assert d["numero_sei_formatado"] == f"{d['numero_sei']:07d}"
    assert d["numero"] == "1" and d["rotulo"] == f"Ofício 1 ({d['numero_sei_formatado']})"
    assert d["versao"] == 1 and d["versoes"] == 1 and r["ETag"] == '"1"'
    assert d["natureza"] == "interno" and d["estado"] == "minuta" and d["nivel_acesso"] == "publico"
    assert d["processo"] == {"nup": processo.nup, "nup_formatado": processo.nup_formatado}
    assert d["criado_por"] == "user_a" and d["unidade_geradora"] == "A" and d["assinaturas"] == []
    assert r["Location"].endswith(f"/api/v1/documentos/{d['numero_sei_formatado']}/")

    # the numbering goes on; a type without numbering shows only the número SEI
    r2 = c.post(url_documentos(processo), {"tipo": tipo_id("Ofício")}, format="json")
    assert r2.json()["rotulo"].startswith("Ofício 2 (")
    r3 = c.post(
        f"/api/v1/processos/{processo.nup_formatado}/documentos/", {"tipo": "despacho"}, format="json"
    )
    assert r3.status_code == 201
    assert r3.json()["rotulo"] == f"Despacho {r3.json()['numero_sei_formatado']}"

    # it is in the process tree, in order
    arvore = c.get(f"/api/v1/processos/{processo.nup}/").json()["documentos"]
    assert [n["rotulo"] for n in arvore] == [d["rotulo"], r2.json()["rotulo"], r3.json()["rotulo"]]


def tipo_id(nome: str) -> int:
    return TipoDocumento.objects.get(nome=nome).pk


def test_corpo_do_modelo_com_variaveis_e_destinatarios_escapados(atores, cliente, processo):
    c = cliente(atores["A"])
    r = c.post(
        url_documentos(processo),
        {"tipo": "Ofício", "destinatarios": ["Diretor <script>alert(1)</script>"], "descricao": "<b>x</b>"},
        format="json",
    )
    assert r.status_code == 201
    html = c.get(url_documento(r.json()["numero_sei"], "conteudo")).content.decode()
    _sem_script(html)
    assert "Diretor &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Atenciosamente" in html  # the Ofício model body
    assert "OFÍCIO Nº 1/" in html and processo.nup_formatado in html
    # metadata travel as data (JSON), exactly as typed
    assert r.json()["descricao"] == "<b>x</b>"
    assert r["Content-Type"] == "application/json"


def test_modelo_explicito_documento_modelo_e_texto_padrao(
    atores, unidades, cliente, processo, criar_documento
):
    c = cliente(atores["A"])
    oficio = TipoDocumento.objects.get(nome="Ofício")
    modelo = Modelo.objects.create(
        tipo=oficio, nome="Ofício curto", corpo="<p>Corpo do modelo curto</p>", padrao=False
    )
    r = c.post(url_documentos(processo), {"tipo": oficio.pk, "modelo": modelo.pk}, format="json")
    assert r.status_code == 201
    assert (
        "Corpo do modelo curto" in c.get(url_documento(r.json()["numero_sei"], "conteudo")).content.decode()
    )

    base = criar_documento(atores["A"], processo, conteudo="<p>Texto do documento base</p>")
    r = c.post(
        url_documentos(processo),
        {"tipo": "Despacho", "documento_modelo": base.numero_sei_formatado},
        format="json",
    )
    assert r.status_code == 201
    assert (
        "Texto do documento base" in c.get(url_documento(r.json()["numero_sei"], "conteudo")).content.decode()
    )

    texto = TextoPadrao.objects.create(
        unidade=unidades["A"], nome="Saudação", conteudo="<p>Prezados, @unidade@</p>"
    )
    r = c.post(url_documentos(processo), {"tipo": "Despacho", "texto_padrao": texto.pk}, format="json")
    assert r.status_code == 201
    assert "Prezados, A" in c.get(url_documento(r.json()["numero_sei"], "conteudo")).content.decode()

    # another unit's texto padrão, a model of another type: field errors
    alheio = TextoPadrao.objects.create(unidade=unidades["B"], nome="De B", conteudo="<p>B</p>")
    r = c.post(url_documentos(processo), {"tipo": "Despacho", "texto_padrao": alheio.pk}, format="json")
    assert r.status_code == 400 and "texto_padrao" in r.json()["errors"]
    r = c.post(url_documentos(processo), {"tipo": "Despacho", "modelo": modelo.pk}, format="json")
    assert r.status_code == 400 and "modelo" in r.json()["errors"]


def test_documento_modelo_de_minuta_alheia_e_recusado(atores, unidades, cliente, processo, criar_documento):
    processos_services.processo_enviar(
        ator=atores["A"], processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    minuta_b = criar_documento(atores["B"], processo, conteudo="<p>Segredo de B</p>")
    r = cliente(atores["A"]).post(
        url_documentos(processo), {"tipo": "Despacho", "documento_modelo": minuta_b.numero_sei}, format="json"
    )
    assert r.status_code == 400 and "documento_modelo" in r.json()["errors"]
    assert "Segredo" not in r.content.decode()


@pytest.mark.parametrize("payload", XSS)
def test_conteudo_saneado(atores, cliente, processo, payload):
    c = cliente(atores["A"])
    r = c.post(
        url_documentos(processo), {"tipo": "Despacho", "conteudo": f"<p>antes</p>{payload}"}, format="json"
    )
    assert r.status_code == 201
    numero = r.json()["numero_sei"]
    html = c.get(url_documento(numero, "conteudo")).content.decode()
    _sem_script(html)
    assert "antes" in html
    versao = c.get(url_documento(numero, "versoes/1/")).json()["conteudo"]
    _sem_script(versao)


def test_numero_informado_com_marcacao_fica_escapado(atores, cliente, processo):
    TipoDocumento.objects.create(nome="Declaração", aplicabilidade="interno", numeracao="informada")
    c = cliente(atores["A"])
    sem_numero = c.post(url_documentos(processo), {"tipo": "Declaração"}, format="json")
    assert sem_numero.status_code == 400 and "numero" in sem_numero.json()["errors"]
    numero = '7<img src=x onerror="alert(1)">'
    r = c.post(url_documentos(processo), {"tipo": "Declaração", "numero": numero}, format="json")
    assert r.status_code == 201
    assert r.json()["numero"] == numero  # data, as typed
    html = c.get(url_documento(r.json()["numero_sei"], "conteudo")).content.decode()
    _sem_script(html)
    assert "<img" not in html


def test_nivel_padrao_e_o_do_processo_e_restrito_exige_hipotese(atores, cliente, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    c = cliente(atores["A"])
    r = c.post(url_documentos(p), {"tipo": "Despacho"}, format="json")
    assert r.status_code == 201
    assert r.json()["nivel_acesso"] == "restrito" and r.json()["hipotese_legal"]["id"] == p.hipotese_legal_id
    r = c.post(url_documentos(p), {"tipo": "Despacho", "nivel_acesso": "restrito"}, format="json")
    assert r.status_code == 400
    r = c.post(
        url_documentos(p),
        {"tipo": "Despacho", "nivel_acesso": "restrito", "hipotese_legal": hipotese(NivelAcesso.RESTRITO).pk},
        format="json",
    )
    assert r.status_code == 201


def test_documento_restrito_torna_o_processo_restrito(atores, cliente, processo):
    r = cliente(atores["A"]).post(
        url_documentos(processo),
        {"tipo": "Despacho", "nivel_acesso": "restrito", "hipotese_legal": hipotese(NivelAcesso.RESTRITO).pk},
        format="json",
    )
    assert r.status_code == 201
    assert (
        cliente(atores["A"]).get(f"/api/v1/processos/{processo.nup}/").json()["nivel_acesso_global"]
        == "restrito"
    )


def test_erros_de_entrada(atores, cliente, processo):
    c = cliente(atores["A"])
    casos = [
        ({}, "tipo"),
        ({"tipo": "Inexistente"}, "tipo"),
        ({"tipo": 999999}, "tipo"),
        ({"tipo": "Ofício", "nivel_acesso": "secreto"}, "nivel_acesso"),
        ({"tipo": "Ofício", "conteudo": "<p>a</p>", "texto_padrao": 1}, "conteudo"),
        ({"tipo": "Ofício", "destinatarios": "não é lista"}, "destinatarios"),
        ({"tipo": "Nota Fiscal"}, "tipo"),  # external-only type in the editor
        ({"tipo": "Ofício", "descricao": "x" * 201}, "descricao"),
    ]
    for corpo, campo in casos:
        r = c.post(url_documentos(processo), corpo, format="json")
        assert r.status_code == 400, (corpo, r.json())
        assert r.json()["code"] and campo in r.json()["errors"], (corpo, r.json())
    assert not Documento.objects.exists()


def test_acesso_a_criacao(atores, unidades, ator_x, cliente, processo, criar_processo):
    corpo = {"tipo": "Despacho"}
    assert cliente().post(url_documentos(processo), corpo, format="json").status_code == 401
    r = cliente(atores["A"], unidade="B").post(url_documentos(processo), corpo, format="json")
    assert r.status_code == 403
    # another órgão does not know the process; a unit where it is not open gets 409
    assert cliente(ator_x).post(url_documentos(processo), corpo, format="json").status_code == 404
    r = cliente(atores["B"]).post(url_documentos(processo), corpo, format="json")
    assert r.status_code == 409 and r.json()["code"] == "processo_nao_aberto"
    # sigiloso without credential: 404, even for a colleague of the same unit
    sigiloso = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    colega = lotar(
        type(atores["A"].usuario).objects.create(username="colega_a", nome="Colega"), unidades["A"]
    )
    assert cliente(colega).post(url_documentos(sigiloso), corpo, format="json").status_code == 404
    assert cliente(atores["A"]).post(url_documentos(sigiloso), corpo, format="json").status_code == 201
    # a NUP that does not exist
    assert (
        cliente(atores["A"])
        .post("/api/v1/processos/00000000000000000/documentos/", corpo, format="json")
        .status_code
        == 404
    )
    assert not Documento.objects.exclude(processo=sigiloso).exists()
