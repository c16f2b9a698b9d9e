"""Reads of restrito and sigiloso content are recorded (who, unit, what, when, how), on every
path that serves content: the process page and detail, the document's text, file, PDF, editor,
versions, and the process PDF/ZIP. Público reads and denied attempts leave no row."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from documentos import services as documentos_services
from processos.models import LeituraAuditada, NivelAcesso
from sei.models import Lotacao
from tests.factories import UsuarioFactory

Objeto, Canal = LeituraAuditada.Objeto, LeituraAuditada.Canal


@pytest.fixture
def restrito(atores, criar_processo):
    return criar_processo(atores["A"], NivelAcesso.RESTRITO)


@pytest.fixture
def publico(atores, criar_processo):
    return criar_processo(atores["A"], NivelAcesso.PUBLICO)


def leituras():
    return list(LeituraAuditada.objects.order_by("id").values_list("usuario__username", "unidade__sigla", "objeto", "canal"))


def test_pagina_do_processo_restrito_registra_quem_leu(entrar, atores, restrito, publico):
    a = atores["A"]
    assert entrar(a).get(reverse("processos:detalhe", args=[restrito.nup])).status_code == 200
    (leitura,) = LeituraAuditada.objects.all()
    assert (leitura.usuario, leitura.unidade, leitura.processo) == (a.usuario, a.unidade, restrito)
    assert (leitura.objeto, leitura.canal, leitura.nivel_acesso) == (Objeto.PROCESSO, Canal.WEB, NivelAcesso.RESTRITO)
    assert leitura.documento_id is None and leitura.numero_sei == ""

    # Someone of the same órgão whose unit never had it sees only that it exists: no read.
    assert entrar(atores["C"]).get(reverse("processos:detalhe", args=[restrito.nup])).status_code == 200
    # A público process is not audited.
    assert entrar(a).get(reverse("processos:detalhe", args=[publico.nup])).status_code == 200
    assert LeituraAuditada.objects.count() == 1


ROTAS_WEB = [
    ("documentos:conteudo", "interno", Objeto.DOCUMENTO),
    ("documentos:pdf", "interno", Objeto.PDF),
    ("documentos:editar", "interno", Objeto.DOCUMENTO),
    ("documentos:arquivo", "externo", Objeto.ARQUIVO),
]


@pytest.mark.parametrize(("rota", "natureza", "objeto"), ROTAS_WEB)
def test_conteudo_de_documento_restrito_pelo_navegador(
    entrar, atores, restrito, criar_documento, incluir_externo, rota, natureza, objeto
):
    a = atores["A"]
    doc = criar_documento(a, restrito, conteudo="<p>Dados pessoais</p>") if natureza == "interno" else (
        incluir_externo(a, restrito)
    )
    resposta = entrar(a).get(reverse(rota, args=[doc.numero_sei_formatado]))
    assert resposta.status_code == 200
    (leitura,) = LeituraAuditada.objects.all()
    assert (leitura.objeto, leitura.canal, leitura.processo) == (objeto, Canal.WEB, restrito)
    assert (leitura.documento_id, leitura.numero_sei) == (doc.pk, doc.numero_sei_formatado)

    # Denied: a unit of the órgão the process never passed through.
    negado = entrar(atores["C"]).get(reverse(rota, args=[doc.numero_sei_formatado]))
    assert negado.status_code in (302, 403, 404)  # a minuta is not even visible elsewhere
    assert LeituraAuditada.objects.count() == 1


def test_documento_restrito_num_processo_publico_e_registrado(entrar, atores, publico, criar_documento):
    a = atores["A"]
    aberto = criar_documento(a, publico, conteudo="<p>Aberto</p>")
    assert entrar(a).get(reverse("documentos:conteudo", args=[aberto.numero_sei_formatado])).status_code == 200
    assert LeituraAuditada.objects.count() == 0
    fechado = criar_documento(a, publico, nivel=NivelAcesso.RESTRITO, conteudo="<p>Parecer</p>")
    assert entrar(a).get(reverse("documentos:conteudo", args=[fechado.numero_sei_formatado])).status_code == 200
    # The document made the process restrito as a whole: both are now audited.
    assert entrar(a).get(reverse("documentos:conteudo", args=[aberto.numero_sei_formatado])).status_code == 200
    assert [(lei.numero_sei, lei.nivel_acesso) for lei in LeituraAuditada.objects.order_by("id")] == [
        (fechado.numero_sei_formatado, NivelAcesso.RESTRITO),
        (aberto.numero_sei_formatado, NivelAcesso.RESTRITO),
    ]


def test_comparar_versoes_registra_uma_leitura(entrar, atores, restrito, criar_documento):
    a = atores["A"]
    doc = criar_documento(a, restrito, conteudo="<p>Primeira</p>")
    documentos_services.documento_editar(ator=a, documento=doc, conteudo="<p>Segunda</p>", versao_base=1)
    url = reverse("documentos:comparar", args=[doc.numero_sei_formatado]) + "?de=1&para=2"
    assert entrar(a).get(url).status_code == 200
    assert leituras() == [(a.usuario.username, "A", Objeto.DOCUMENTO, Canal.WEB)]


def test_download_do_pdf_do_processo_e_registrado_e_revogado_na_hora(
    entrar, atores, restrito, criar_documento, django_capture_on_commit_callbacks
):
    a = atores["A"]
    criar_documento(a, restrito, conteudo="<p>Dados</p>")
    with django_capture_on_commit_callbacks(execute=True):
        exportacao = documentos_services.exportacao_solicitar(ator=a, processo=restrito, formato="zip")
    url = reverse("documentos:exportacao_arquivo", args=[exportacao.pk])
    cliente = entrar(a)
    resposta = cliente.get(url)
    assert resposta.status_code == 200
    b"".join(resposta.streaming_content)
    assert leituras() == [(a.usuario.username, "A", Objeto.EXPORTACAO, Canal.WEB)]

    # The user left the unit that asked: the file is no longer theirs to take.
    Lotacao.objects.filter(usuario=a.usuario, unidade=a.unidade).update(ativa=False)
    negado = cliente.get(url)
    assert negado.status_code == 403
    assert "não pertence à unidade" in negado.content.decode()
    assert LeituraAuditada.objects.count() == 1


# --- API -------------------------------------------------------------------------------------


def test_api_registra_cada_leitura_de_conteudo(
    cliente, atores, restrito, criar_documento, incluir_externo, django_capture_on_commit_callbacks
):
    a = atores["A"]
    c = cliente(a)
    interno = criar_documento(a, restrito, conteudo="<p>Dados pessoais</p>")
    externo = incluir_externo(a, restrito)
    d = f"/api/v1/documentos/{interno.numero_sei_formatado}/"
    e = f"/api/v1/documentos/{externo.numero_sei_formatado}/"
    for url in (f"/api/v1/processos/{restrito.nup}/", d + "conteudo", e + "conteudo", d + "pdf", d + "versoes/1/"):
        resposta = c.get(url)
        assert resposta.status_code == 200, url
    assert c.get(d).status_code == 200  # its data: description, sender, file name (reserved data)
    with django_capture_on_commit_callbacks(execute=True):
        tarefa = c.post(f"/api/v1/processos/{restrito.nup}/exportar/", {"formato": "zip"}, format="json")
    arquivo = c.get(tarefa.json()["tarefa"]).json()["arquivo"]
    assert c.get(arquivo).status_code == 200

    registradas = list(LeituraAuditada.objects.order_by("id").values_list("objeto", "numero_sei", "canal"))
    assert registradas == [
        (Objeto.PROCESSO, "", Canal.API),
        (Objeto.DOCUMENTO, interno.numero_sei_formatado, Canal.API),
        (Objeto.ARQUIVO, externo.numero_sei_formatado, Canal.API),
        (Objeto.PDF, interno.numero_sei_formatado, Canal.API),
        (Objeto.DOCUMENTO, interno.numero_sei_formatado, Canal.API),
        (Objeto.METADADOS, interno.numero_sei_formatado, Canal.API),
        (Objeto.EXPORTACAO, "", Canal.API),
    ]
    assert set(LeituraAuditada.objects.values_list("usuario", "unidade")) == {(a.usuario.pk, a.unidade.pk)}

    # Another órgão's user: 404 everywhere, nothing recorded.
    de_fora = cliente(ator_em_outro_orgao())
    assert de_fora.get(d + "conteudo").status_code == 404
    assert LeituraAuditada.objects.count() == len(registradas)


def ator_em_outro_orgao():
    from tests.factories import OrgaoFactory, UnidadeFactory, ator_em

    return ator_em(UnidadeFactory(orgao=OrgaoFactory(sigla="MUN", codigo_protocolo="19957"), sigla="X"))


# --- The record itself ---------------------------------------------------------------------


def test_registro_nao_pode_ser_alterado_nem_excluido(entrar, atores, restrito):
    entrar(atores["A"]).get(reverse("processos:detalhe", args=[restrito.nup]))
    leitura = LeituraAuditada.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        LeituraAuditada.objects.filter(pk=leitura.pk).update(usuario=atores["B"].usuario)
    with pytest.raises(DatabaseError), transaction.atomic():
        LeituraAuditada.objects.filter(pk=leitura.pk).delete()
    leitura.refresh_from_db()
    assert leitura.usuario == atores["A"].usuario


def test_admin_lista_e_busca_sem_permitir_mudar(client, entrar, atores, restrito, criar_processo, criar_documento):
    a = atores["A"]
    doc = criar_documento(a, restrito)
    entrar(a).get(reverse("processos:detalhe", args=[restrito.nup]))
    entrar(a).get(reverse("documentos:conteudo", args=[doc.numero_sei_formatado]))
    sigiloso = criar_processo(a, NivelAcesso.SIGILOSO)
    from processos import services

    services.registrar_leitura(ator=a, processo=sigiloso, objeto=Objeto.PROCESSO, canal=Canal.API)

    admin = UsuarioFactory(username="auditor", is_staff=True, is_superuser=True)
    client.force_login(admin)
    lista = reverse("admin:processos_leituraauditada_changelist")
    html = client.get(lista).content.decode()
    assert restrito.nup_formatado in html and "Texto do documento" in html
    assert sigiloso.nup_formatado not in html  # the admin never lists sigilosos
    por_nup = client.get(lista, {"q": restrito.nup_formatado}).content.decode()
    assert por_nup.count(restrito.nup_formatado) >= 2
    por_numero = client.get(lista, {"q": doc.numero_sei_formatado}).content.decode()
    assert doc.numero_sei_formatado in por_numero
    leitura = LeituraAuditada.objects.filter(processo=restrito).first()
    assert client.get(reverse("admin:processos_leituraauditada_add")).status_code == 403
    assert client.post(reverse("admin:processos_leituraauditada_delete", args=[leitura.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:processos_leituraauditada_change", args=[leitura.pk])).status_code == 200
