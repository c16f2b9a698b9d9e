"""Pesquisa pública (no login): only público processes of the types the órgão opened, only
their signed público documents; never a restrito, a sigiloso, a type not opened, a minuta, a
restricted document inside a public process, a cancelled one — not by NUP, not by número SEI,
not by a word of the content. CPF/CNPJ masked; a limit per address (429); the word search runs on
the engine with the public principal as the reader, on Whoosh and PostgreSQL."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from busca import publica
from documentos import services as documentos_services
from documentos.models import Documento
from processos import services
from processos.models import NivelAcesso
from sei import indexacao
from sei.exceptions import EntradaInvalida
from sei.lgpd import mascarar_cpf_cnpj
from tests.factories import bloquear, tipo_processo

CONTEUDO = "<p>Relatório zebrafina do contribuinte CPF 123.456.789-09 e da empresa 12345678000190</p>"


@pytest.fixture(params=["whoosh", pytest.param("postgres", marks=pytest.mark.django_db)])
def motor(request, settings, tmp_path):
    settings.SEI_BUSCA_BACKEND = request.param
    settings.SEI_BUSCA_WHOOSH_DIR = str(tmp_path / "whoosh")
    from busca import backends

    backends.obter().limpar()
    return request.param


@pytest.fixture(autouse=True)
def _limite_zerado():
    cache.delete("sei:publico:127.0.0.1")
    yield
    cache.delete("sei:publico:127.0.0.1")


def _assinar(documento):
    Documento.objects.filter(pk=documento.pk).update(estado=Documento.Estado.ASSINADO)
    indexacao.marcar_documento(documento.pk)


@pytest.fixture
def cenario(atores, criar_processo, criar_documento, indexar):
    a = atores["A"]
    aberto = tipo_processo(nome="Licitação pública")
    services.tipo_processo_definir_pesquisa_publica(tipo=aberto, pesquisa_publica=True)
    fechado = tipo_processo(nome="Pessoal: Férias")

    def doc(processo, nivel=NivelAcesso.PUBLICO, assinado=True):
        d = criar_documento(a, processo, nivel=nivel, conteudo=CONTEUDO)
        if assinado:
            _assinar(d)
        return d

    publico = criar_processo(
        a,
        tipo=aberto,
        especificacao="Compra de CNPJ 12.345.678/0001-90",
        interessados=[{"nome": "Maria Zebrafina", "cpf_cnpj": "52998224725"}],
    )
    assinado = doc(publico)
    minuta = doc(publico, assinado=False)
    # A restrito document raises its process's global level: that process leaves the public view.
    com_restrito = criar_processo(a, tipo=aberto, especificacao="Outra compra")
    doc(com_restrito)
    restrito_no_publico = doc(com_restrito, NivelAcesso.RESTRITO)
    cancelado = doc(publico)
    bloquear(cancelado)
    documentos_services.documento_cancelar(ator=a, documento=cancelado, motivo="erro")

    restrito = criar_processo(a, NivelAcesso.RESTRITO, tipo=aberto, especificacao="Sindicância")
    doc_restrito = doc(restrito, NivelAcesso.RESTRITO)
    sigiloso = criar_processo(a, NivelAcesso.SIGILOSO, tipo=aberto, especificacao="Segredo")
    doc_sigiloso = doc(sigiloso, NivelAcesso.SIGILOSO)
    nao_aberto = criar_processo(a, tipo=fechado, especificacao="Férias")
    doc_nao_aberto = doc(nao_aberto)
    indexar()
    return {
        "publico": publico,
        "assinado": assinado,
        "escondidos_docs": [
            minuta,
            restrito_no_publico,
            cancelado,
            doc_restrito,
            doc_sigiloso,
            doc_nao_aberto,
        ],
        "escondidos_procs": [restrito, sigiloso, nao_aberto, com_restrito],
    }


def test_mascara_cpf_e_cnpj_formatados_e_nao_formatados():
    assert mascarar_cpf_cnpj("CPF 123.456.789-09.") == "CPF ***.456.789-**."
    assert mascarar_cpf_cnpj("cpf 12345678909") == "cpf ***.456.789-**"
    assert mascarar_cpf_cnpj("CNPJ 12.345.678/0001-90") == "CNPJ **.345.678/****-**"
    assert mascarar_cpf_cnpj("cnpj 12345678000190") == "cnpj **.345.678/****-**"
    # A NUP (17 digits, formatted or not) and a número SEI are left alone.
    assert mascarar_cpf_cnpj("12345.000123/2026-01 12345000123202601 1234567") == (
        "12345.000123/2026-01 12345000123202601 1234567"
    )
    assert mascarar_cpf_cnpj("") == ""


def test_palavra_acha_so_o_documento_assinado_publico(motor, cenario, client):
    resposta = client.get(reverse("publico:pesquisa"), {"texto": "zebrafina"})
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert str(cenario["assinado"].numero_sei) in html
    for d in cenario["escondidos_docs"]:
        assert reverse("publico:documento", args=[d.numero_sei]) not in html
    for p in cenario["escondidos_procs"]:
        assert p.nup not in html
    # The snippet: CPF and CNPJ masked, the word highlighted.
    assert "***.456.789-**" in html and "**.345.678/****-**" in html
    assert "123.456.789-09" not in html and "12345678000190" not in html
    assert "<mark>zebrafina</mark>" in html


def test_filtro_de_acesso_esta_na_consulta_do_motor(motor, cenario):
    itens = publica.pesquisar(filtros=publica.FiltrosPublicos(texto="zebrafina"))
    assert {i.numero_sei for i in itens if i.tipo == "documento"} == {cenario["assinado"].numero_sei}
    itens = publica.pesquisar(filtros=publica.FiltrosPublicos(texto="sindicancia"))
    assert itens == []


@pytest.mark.django_db
def test_nup_e_numero_sei_so_do_que_e_publico(cenario, client):
    url = reverse("publico:pesquisa")
    assert (
        cenario["publico"].nup in client.get(url, {"nup": cenario["publico"].nup_formatado}).content.decode()
    )
    for p in cenario["escondidos_procs"]:
        html = client.get(url, {"nup": p.nup}).content.decode()
        assert "Nenhum resultado" in html
        assert client.get(reverse("publico:processo", args=[p.nup])).status_code == 404
    for d in cenario["escondidos_docs"]:
        html = client.get(url, {"numero_sei": str(d.numero_sei)}).content.decode()
        assert "Nenhum resultado" in html
        assert client.get(reverse("publico:documento", args=[d.numero_sei])).status_code == 404


@pytest.mark.django_db
def test_pagina_do_processo_publico_com_dados_mascarados(cenario, client):
    resposta = client.get(reverse("publico:processo", args=[cenario["publico"].nup]))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "**.345.678/****-**" in html and "12.345.678/0001-90" not in html
    assert "Maria Zebrafina (***.982.247-**)" in html and "52998224725" not in html
    assert reverse("publico:documento", args=[cenario["assinado"].numero_sei]) in html
    for d in cenario["escondidos_docs"]:
        assert reverse("publico:documento", args=[d.numero_sei]) not in html
    assert "Processo gerado" in html


@pytest.mark.django_db
def test_conteudo_do_documento_publico_mascarado_e_em_sandbox(cenario, client):
    resposta = client.get(reverse("publico:documento", args=[cenario["assinado"].numero_sei]))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "zebrafina" in html and "***.456.789-**" in html and "123.456.789-09" not in html
    assert "sandbox" in resposta["Content-Security-Policy"]


@pytest.mark.django_db
def test_limite_por_endereco_429(client):
    url = reverse("publico:pesquisa")
    for _ in range(publica.LIMITE_POR_MINUTO):
        assert client.get(url).status_code == 200
    resposta = client.get(url)
    assert resposta.status_code == 429
    assert "Muitas pesquisas deste endereço" in resposta.content.decode()


@pytest.mark.django_db
def test_pesquisa_sem_criterio_e_periodo_invertido_400(client):
    url = reverse("publico:pesquisa")
    assert "Informe ao menos um critério" in client.get(url, {"texto": ""}).content.decode()
    resposta = client.get(url, {"interessado": "Maria", "de": "2026-05-01", "ate": "2026-01-01"})
    assert resposta.status_code == 400
    assert "A data inicial do período é posterior à final." in resposta.content.decode()


@pytest.mark.django_db
def test_fechar_o_tipo_esconde_da_pesquisa(motor, cenario, indexar):
    tipo = cenario["publico"].tipo
    services.tipo_processo_definir_pesquisa_publica(tipo=tipo, pesquisa_publica=False)
    assert publica.pesquisar(filtros=publica.FiltrosPublicos(nup=cenario["publico"].nup)) == []
    indexar()
    assert publica.pesquisar(filtros=publica.FiltrosPublicos(texto="zebrafina")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "campo,valor",
    [
        ("texto", "529.982.247-25"),
        ("texto", "contribuinte 52998224725"),
        ("texto", "12.345.678/0001-90"),
        ("texto", "12345678000190"),
        ("interessado", "52998224725"),
        ("interessado", "Maria 529.982.247-25"),
    ],
)
def test_cpf_ou_cnpj_na_pesquisa_e_recusado(cenario, client, campo, valor):
    """Finding a document by a person's CPF would confirm their link to the process (LGPD), even
    with the snippet masked: the query is refused with a message, nothing is searched."""
    resposta = client.get(reverse("publico:pesquisa"), {campo: valor})
    assert resposta.status_code == 400
    html = resposta.content.decode()
    assert "não aceita CPF nem CNPJ" in html
    assert cenario["publico"].nup not in html
    with pytest.raises(EntradaInvalida) as erro:
        publica.pesquisar(filtros=publica.FiltrosPublicos(**{campo: valor}))
    assert campo in erro.value.errors


@pytest.mark.django_db
def test_nup_e_numero_sei_no_texto_continuam_aceitos(cenario, client):
    url = reverse("publico:pesquisa")
    assert client.get(url, {"texto": cenario["publico"].nup}).status_code == 200
    assert client.get(url, {"texto": cenario["publico"].nup_formatado}).status_code == 200
    assert client.get(url, {"texto": str(cenario["assinado"].numero_sei)}).status_code == 200
