"""``busca.selectors.destino_direto``: what typed in the top bar's box opens an item (a NUP in any
form, a partial NUP "sequência/ano" in the caller's órgão, a número SEI) instead of the search
page — only what the policy lets the caller know of."""

import pytest
from django.urls import reverse

from busca.selectors import destino_direto
from processos.models import NivelAcesso
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, lotar

URL = reverse("busca:pesquisa")


def _parcial(processo, zeros=True) -> str:
    sequencial, ano = processo.nup[5:11], processo.nup[11:15]
    return f"{sequencial if zeros else int(sequencial)}/{ano}"


@pytest.mark.django_db
def test_nup_em_qualquer_forma(atores, criar_processo):
    a = atores["A"]
    p = criar_processo(a)
    n = p.nup
    for texto in (
        n,
        p.nup_formatado,
        f" {n[:5]} {n[5:11]} {n[11:15]} {n[15:]} ",
        f"{n[:5]}-{n[5:11]}-{n[11:]}",
    ):
        destino = destino_direto(ator=a, texto=texto)
        assert destino is not None and destino.tipo == "processo" and destino.nup == n, texto


@pytest.mark.django_db
def test_nup_parcial_abre_o_processo_do_orgao(entrar, atores, criar_processo):
    a = atores["A"]
    p = criar_processo(a)
    for texto in (
        _parcial(p),
        _parcial(p, zeros=False),
        f"{_parcial(p)}-{p.nup[15:]}",
        f" {int(p.nup[5:11])} / {p.nup[11:15]} ",
    ):
        destino = destino_direto(ator=a, texto=texto)
        assert destino is not None and destino.nup == p.nup, texto
    # Another unit of the same órgão that knows of it (a público process) too, by the page.
    resposta = entrar(atores["B"]).get(URL, {"q": _parcial(p, zeros=False)})
    assert resposta.status_code == 302 and resposta.url == reverse("processos:detalhe", args=[p.nup])


@pytest.mark.django_db
def test_nup_parcial_que_nao_existe_ou_com_digito_errado_vai_a_pesquisa(entrar, atores, criar_processo):
    a = atores["A"]
    p = criar_processo(a)
    errado = f"{(int(p.nup[15:]) + 1) % 100:02d}"
    for texto in (
        f"999999/{p.nup[11:15]}",
        f"{_parcial(p)}-{errado}",
        f"0/{p.nup[11:15]}",
        f"{_parcial(p)}/1",
    ):
        assert destino_direto(ator=a, texto=texto) is None, texto
    assert entrar(a).get(URL, {"q": f"999999/{p.nup[11:15]}"}).status_code == 200


@pytest.mark.django_db
def test_nup_parcial_so_o_que_a_politica_deixa_conhecer(entrar, atores, criar_processo):
    a, b = atores["A"], atores["B"]
    sigiloso = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    assert destino_direto(ator=a, texto=_parcial(sigiloso)) is not None  # holds the credential
    # For B it does not exist: the same answer as a number nobody used (the search page).
    assert destino_direto(ator=b, texto=_parcial(sigiloso)) is None
    assert destino_direto(ator=b, texto=sigiloso.nup) is None
    assert entrar(b).get(URL, {"q": _parcial(sigiloso)}).status_code == 200
    # A restrito process's existence is not a secret: known to the órgão's units, opened by number.
    restrito = criar_processo(a, nivel=NivelAcesso.RESTRITO)
    assert destino_direto(ator=b, texto=_parcial(restrito)).nup == restrito.nup


@pytest.mark.django_db
def test_nup_parcial_e_do_orgao_de_quem_pesquisa(atores, criar_processo):
    a = atores["A"]
    outro_orgao = UnidadeFactory(orgao=OrgaoFactory(), sigla="X")
    de_fora = ator_em(outro_orgao)
    meu = criar_processo(a)
    dele = criar_processo(de_fora)
    assert meu.nup[5:15] == dele.nup[5:15]  # both órgãos' first process of the year
    assert destino_direto(ator=a, texto=_parcial(meu)).nup == meu.nup
    assert destino_direto(ator=de_fora, texto=_parcial(meu)).nup == dele.nup


@pytest.mark.django_db
def test_nup_parcial_de_quem_trabalha_em_dois_orgaos(entrar, atores, criar_processo):
    """A user working in two órgãos: "1/2026" names a process in each; the one the current unit
    may know of opens (the other órgão's público process is not known from here)."""
    a = atores["A"]
    outro_orgao = UnidadeFactory(orgao=OrgaoFactory(), sigla="X")
    meu = criar_processo(a)
    dele = criar_processo(ator_em(outro_orgao))
    na_outra = lotar(a.usuario, outro_orgao)
    assert destino_direto(ator=a, texto=_parcial(meu)).nup == meu.nup
    assert destino_direto(ator=na_outra, texto=_parcial(meu)).nup == dele.nup
    assert destino_direto(ator=a, texto=dele.nup) is None


@pytest.mark.django_db
def test_numero_sei_abre_e_texto_vai_a_pesquisa(atores, criar_processo, criar_documento):
    a = atores["A"]
    p = criar_processo(a)
    doc = criar_documento(a, p, conteudo="<p>Texto</p>")
    destino = destino_direto(ator=a, texto=str(doc.numero_sei))
    assert destino.tipo == "documento" and destino.numero_sei == doc.numero_sei
    for texto in ("papel", "123 papel", "", "12.3/2026a"):
        assert destino_direto(ator=a, texto=texto) is None
