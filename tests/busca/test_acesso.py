"""Search never shows what the caller may not read: for every actor × item of a scenario that
exercises the access rule (levels, units passed through, another órgão, credentials, minutas,
cancelled and shared documents, observações, a level raised and a process made sigiloso, an
annexed process), the hits of a canary word are exactly what ``sei.acesso`` lets the actor read —
minus every sigiloso, which search never shows (SEI's rule) — on every backend, in hits and in
counts. The same way the inbox's SQL is held to the ORM rule."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from busca import selectors
from busca.backends.postgres import PostgresBackend
from busca.backends.whoosh import WhooshBackend
from busca.indexador import indexar_pendentes
from documentos import services as documentos_services
from documentos.models import Compartilhamento, Documento
from documentos.services.extracao import extrair_texto_documento
from processos import services
from processos.models import NivelAcesso, Processo
from sei import acesso, indexacao
from tests.factories import OrgaoFactory, UnidadeFactory, ator_em, bloquear, hipotese, lotar, tipo_documento

CANARIO = "<p>Relatório canário da auditoria</p>"


@pytest.fixture(params=["whoosh", "postgres"])
def backend(request, tmp_path):
    b = WhooshBackend(pasta=tmp_path) if request.param == "whoosh" else PostgresBackend()
    b.limpar()
    return b


def _assinar(documento):
    """The signed state, as the policy reads it (the signature itself is the assinaturas tests'
    business): no longer a minuta."""
    Documento.objects.filter(pk=documento.pk).update(estado=Documento.Estado.ASSINADO)
    indexacao.marcar_documento(documento.pk)


@pytest.fixture
def cenario(atores, unidades, criar_processo, criar_documento):
    a, b, c = atores["A"], atores["B"], atores["C"]
    colega = ator_em(unidades["A"], username="colega_a")
    outro_orgao = OrgaoFactory(sigla="MUN", codigo_protocolo="19957")
    x = ator_em(UnidadeFactory(orgao=outro_orgao, sigla="X"), username="user_x")
    em_dois = lotar(ator_em(unidades["B"], username="em_dois").usuario, unidades["C"])

    def doc(ator, processo, nivel=NivelAcesso.PUBLICO, assinado=True):
        d = criar_documento(ator, processo, nivel=nivel, conteudo=CANARIO)
        if assinado:
            _assinar(d)
        return d

    publico = criar_processo(a, especificacao="Compra canário")
    doc(a, publico), doc(a, publico, assinado=False)  # signed, and A's minuta
    externo = documentos_services.documento_externo_criar(
        ator=a, processo=publico, tipo=tipo_documento("Nota Fiscal"), nivel_acesso=NivelAcesso.PUBLICO,
        arquivo=SimpleUploadedFile("nota.txt", "nota do canário".encode()), nome_arquivo="nota.txt", numero="12",
    )  # fmt: skip
    extrair_texto_documento(externo.pk)
    cancelado = doc(a, publico)
    bloquear(cancelado)
    documentos_services.documento_cancelar(ator=a, documento=cancelado, motivo="erro")
    services.processo_alterar(ator=a, processo=publico, observacao="observação canário de A")

    restrito = criar_processo(a, NivelAcesso.RESTRITO, especificacao="Sindicância canário")
    doc(a, restrito, NivelAcesso.RESTRITO), doc(a, restrito, NivelAcesso.RESTRITO, assinado=False)
    services.processo_enviar(ator=a, processo=restrito, destinos=[unidades["B"]], manter_aberto=True)
    doc(b, restrito, NivelAcesso.RESTRITO, assinado=False)  # B's minuta

    fechado = criar_processo(a, NivelAcesso.RESTRITO, especificacao="Apuração canário")
    doc(a, fechado, NivelAcesso.RESTRITO)
    compartilhado = doc(a, fechado, NivelAcesso.RESTRITO, assinado=False)
    Compartilhamento.objects.create(documento=compartilhado, unidade=unidades["C"], origem="bloco:1")
    indexacao.marcar_documento(compartilhado.pk)

    sigiloso = criar_processo(a, NivelAcesso.SIGILOSO, especificacao="Segredo canário")
    doc(a, sigiloso, NivelAcesso.SIGILOSO)
    services.credencial_conceder(ator=a, processo=sigiloso, usuario=colega.usuario, unidade=unidades["A"])
    tornado_sigiloso = criar_processo(a, especificacao="Depois sigiloso canário")
    doc(a, tornado_sigiloso)
    services.processo_alterar(
        ator=a, processo=tornado_sigiloso, nivel_acesso=NivelAcesso.SIGILOSO, hipotese_legal=hipotese(2)
    )

    fora = criar_processo(a, especificacao="Convênio canário")
    doc(a, fora)
    services.processo_enviar(ator=a, processo=fora, destinos=[x.unidade], manter_aberto=True)
    elevado = criar_processo(a)
    services.processo_enviar(ator=a, processo=elevado, destinos=[unidades["C"]], manter_aberto=True)
    doc(a, elevado, NivelAcesso.RESTRITO)  # makes the process restrito

    principal = criar_processo(a, NivelAcesso.RESTRITO)
    anexado = criar_processo(a, especificacao="Anexado canário")
    doc(a, anexado)
    services.processo_enviar(ator=a, processo=anexado, destinos=[unidades["C"]], manter_aberto=True)
    services.processo_concluir(ator=c, processo=anexado)
    services.processo_anexar(ator=a, processo=principal, anexado=anexado)
    services.processo_enviar(ator=a, processo=principal, destinos=[unidades["B"]], manter_aberto=True)

    em_dois_b = acesso.Ator(usuario=em_dois.usuario, unidade=unidades["B"])
    return {"a": a, "b": b, "c": c, "colega": colega, "x": x, "em_dois_c": em_dois, "em_dois_b": em_dois_b}


def _esperado(ator) -> list[tuple[str, object]]:
    """The entries holding the canary word that ``sei.acesso`` lets ``ator`` read, sigilosos left
    out: one per document, one per process whose data has it, one per observação of the actor's
    unit that has it (a process may so count twice, as the index holds it)."""
    itens = []
    for d in Documento.objects.select_related("processo__processo_principal"):
        if acesso.pode_ver_conteudo_documento(ator, d) and acesso.nivel_do_conteudo(d) != NivelAcesso.SIGILOSO:
            itens.append(("documento", d.numero_sei))
    for p in Processo.objects.select_related("processo_principal"):
        if acesso.nivel_regente(p) == NivelAcesso.SIGILOSO or not acesso.pode_ver_conteudo(ator, p):
            continue
        if "canário" in p.especificacao:
            itens.append(("processo", p.nup))
        if p.atividades.filter(unidade=ator.unidade, observacao__icontains="canário").exists():
            itens.append(("processo", p.nup))
    return itens


def _achados(ator, backend) -> tuple[set, int]:
    resultado = selectors.pesquisar(ator=ator, texto="canario", quantidade=100, backend=backend)
    return {(i.tipo, i.numero_sei if i.tipo == "documento" else i.nup) for i in resultado.itens}, resultado.total


def test_a_busca_mostra_exatamente_o_que_a_politica_deixa_ler(cenario, backend):
    indexar_pendentes(backend=backend)
    por_ator = {}
    for nome, ator in cenario.items():
        achados, total = _achados(ator, backend)
        esperado = _esperado(ator)
        assert achados == set(esperado), nome
        assert total == len(esperado), nome  # the count holds nothing else either
        por_ator[nome] = achados
    # The scenario does exercise the rule: every actor sees something, no two units the same.
    assert all(por_ator.values())
    assert len({frozenset(por_ator[n]) for n in ("a", "b", "c", "x")}) == 4
    assert por_ator["em_dois_b"] == por_ator["b"] and por_ator["em_dois_c"] == por_ator["c"]


def test_sigiloso_nunca_aparece_nem_para_quem_tem_credencial(cenario, backend):
    indexar_pendentes(backend=backend)
    sigilosos = Processo.objects.filter(nivel_acesso_global=NivelAcesso.SIGILOSO)
    assert sigilosos.count() == 2
    for ator, p in itertools.product(cenario.values(), sigilosos):
        achados, _ = _achados(ator, backend)
        assert all(nup != p.nup for tipo, nup in achados if tipo == "processo")
        assert not {("documento", d.numero_sei) for d in p.documentos.all()} & achados
