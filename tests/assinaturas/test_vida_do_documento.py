"""The document's life around signatures (issue 9 §3, SEI's rules), with real signatures:
edit before bloqueado drops them (after a confirmation), bloqueado by another unit's read or by
the process sent or concluded, excluir and cancelar by state, and the database refusing to alter
what was signed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from assinaturas.models import Assinatura
from documentos import services as documentos_services
from documentos.models import Documento, NivelAcesso, TipoDocumento, VersaoDocumento
from processos import services as processos_services
from processos.models import Andamento
from tests.assinaturas import verificacao
from tests.factories import SENHA_PADRAO, pdf_simples

CARGO = "Analista Administrativo"


@pytest.fixture
def oficio(atores, processo, criar_documento, selo, assinante):
    assinante(atores["A"])
    return criar_documento(atores["A"], processo, conteudo="<p>Primeira redação.</p>")


def _assinar(c, documento):
    r = c.post(f"/api/v1/documentos/{documento.numero_sei}/assinar/", {"senha": SENHA_PADRAO, "cargo": CARGO}, format="json")
    assert r.status_code == 201, r.content
    return r.json()


def _patch(c, documento, versao, **corpo):
    return c.patch(
        f"/api/v1/documentos/{documento.numero_sei}/", corpo, format="json", HTTP_IF_MATCH=f'"{versao}"'
    )


def _pdf(c, documento) -> bytes:
    r = c.get(f"/api/v1/documentos/{documento.numero_sei}/pdf")
    assert r.status_code == 200
    return b"".join(r.streaming_content) if r.streaming else r.content


def test_editar_antes_do_bloqueio_descarta_as_assinaturas_com_confirmacao(atores, cliente_api, oficio, raiz_pem):
    a = cliente_api(atores["A"])
    primeira = _assinar(a, oficio)
    # Without the confirmation nothing changes: 409 saying what saving would do.
    r = _patch(a, oficio, 1, conteudo="<p>Segunda redação.</p>")
    assert r.status_code == 409 and r.json()["code"] == "documento_assinado"
    assert "descarta as assinaturas" in r.json()["detail"]
    assert Documento.objects.get(pk=oficio.pk).estado == "assinado"
    # Confirmed: a new version, a minuta again, the signature dropped but kept for the record.
    r = _patch(a, oficio, 1, conteudo="<p>Segunda redação.</p>", descartar_assinaturas=True)
    assert r.status_code == 200, r.content
    assert r.json()["estado"] == "minuta" and r.json()["assinaturas"] == [] and r.json()["versao"] == 2
    registro = Assinatura.objects.get(documento=oficio)
    assert registro.descartada_em is not None
    andamento = Andamento.objects.filter(processo=oficio.processo).order_by("-id").first()
    assert andamento.tipo == "assinaturas_descartadas" and atores["A"].usuario.nome in andamento.descricao
    # The public check no longer knows the old code; the PDF is the new, unsigned text.
    publico = a.get("/api/v1/autenticidade/", {"codigo_verificador": oficio.numero_sei, "codigo_crc": primeira["codigo_crc"]})
    assert publico.status_code == 404
    assert verificacao.verificar_pyhanko(_pdf(a, oficio), raiz_pem) == []
    # The same signer signs again: one signature in the new PDF, the tarja in the first slot.
    segunda = _assinar(a, oficio)
    assert segunda["codigo_crc"] != primeira["codigo_crc"]
    resultado = verificacao.verificar_pyhanko(_pdf(a, oficio), raiz_pem)
    assert len(resultado) == 1 and resultado[0].bottom_line


def test_leitura_por_outra_unidade_bloqueia(atores, cliente_api, oficio):
    a, b = cliente_api(atores["A"]), cliente_api(atores["B"])
    _assinar(a, oficio)
    # The generating unit reading its own document does not block it.
    _pdf(a, oficio)
    assert not Documento.objects.get(pk=oficio.pk).bloqueado
    # Another unit reads it (a público process): bloqueado from then on.
    assert b.get(f"/api/v1/documentos/{oficio.numero_sei}/conteudo").status_code == 200
    detalhe = a.get(f"/api/v1/documentos/{oficio.numero_sei}/").json()
    assert detalhe["bloqueado"] is True
    r = _patch(a, oficio, 1, conteudo="<p>Outra.</p>", descartar_assinaturas=True)
    assert r.status_code == 409 and r.json()["code"] == "documento_bloqueado"
    r = a.delete(f"/api/v1/documentos/{oficio.numero_sei}/")
    assert r.status_code == 409 and r.json()["code"] == "exclusao_nao_permitida"
    # Only cancelar is left, with a motivo; the signature stays on record.
    r = a.post(f"/api/v1/documentos/{oficio.numero_sei}/cancelar/", {"motivo": "Erro material"}, format="json")
    assert r.status_code == 200 and r.json()["estado"] == "cancelado"
    assert Assinatura.objects.filter(documento=oficio, descartada_em__isnull=True).count() == 1


@pytest.mark.parametrize("como", ["enviar", "concluir"])
def test_processo_enviado_ou_concluido_depois_da_assinatura_bloqueia(atores, unidades, cliente_api, oficio, como):
    a = cliente_api(atores["A"])
    _assinar(a, oficio)
    if como == "enviar":
        processos_services.processo_enviar(
            ator=atores["A"], processo=oficio.processo, destinos=[unidades["B"]], manter_aberto=True
        )
    else:
        processos_services.processo_concluir(ator=atores["A"], processo=oficio.processo)
        processos_services.processo_reabrir(ator=atores["A"], processo=oficio.processo)
    oficio.refresh_from_db()
    assert oficio.bloqueado
    r = _patch(a, oficio, 1, conteudo="<p>Outra.</p>", descartar_assinaturas=True)
    assert r.status_code == 409 and r.json()["code"] == "documento_bloqueado"
    r = a.delete(f"/api/v1/documentos/{oficio.numero_sei}/")
    assert r.status_code == 409 and r.json()["code"] == "exclusao_nao_permitida"


def test_minuta_enviada_continua_excluivel_e_nao_bloqueia(atores, unidades, cliente_api, oficio):
    a = cliente_api(atores["A"])
    processos_services.processo_enviar(
        ator=atores["A"], processo=oficio.processo, destinos=[unidades["B"]], manter_aberto=True
    )
    oficio.refresh_from_db()
    assert not oficio.bloqueado  # a minuta is never bloqueado
    r = a.post(f"/api/v1/documentos/{oficio.numero_sei}/cancelar/", {"motivo": "x"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "cancelamento_nao_permitido"
    assert a.delete(f"/api/v1/documentos/{oficio.numero_sei}/").status_code == 204


def test_assinado_nao_bloqueado_e_excluido_nao_cancelado(atores, cliente_api, oficio):
    a = cliente_api(atores["A"])
    _assinar(a, oficio)
    r = a.post(f"/api/v1/documentos/{oficio.numero_sei}/cancelar/", {"motivo": "x"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "cancelamento_nao_permitido"
    assert a.delete(f"/api/v1/documentos/{oficio.numero_sei}/").status_code == 204


def test_externo_bloqueado_quando_o_processo_sai(atores, unidades, cliente_api, processo, armazenamento):
    a = cliente_api(atores["A"])

    def incluir():
        return documentos_services.documento_externo_criar(
            ator=atores["A"],
            processo=processo,
            tipo=TipoDocumento.objects.get(nome="Nota Fiscal"),
            numero="1",
            nivel_acesso=NivelAcesso.PUBLICO,
            arquivo=SimpleUploadedFile("nota.pdf", pdf_simples()),
            nome_arquivo="nota.pdf",
        )

    antes = incluir()
    assert a.delete(f"/api/v1/documentos/{antes.numero_sei}/").status_code == 204  # not yet bloqueado
    nota = incluir()
    processos_services.processo_enviar(ator=atores["A"], processo=processo, destinos=[unidades["B"]], manter_aberto=True)
    r = a.delete(f"/api/v1/documentos/{nota.numero_sei}/")
    assert r.status_code == 409 and r.json()["code"] == "exclusao_nao_permitida"
    r = a.post(f"/api/v1/documentos/{nota.numero_sei}/cancelar/", {"motivo": "Nota errada"}, format="json")
    assert r.status_code == 200


def test_pagina_do_editor_pede_a_confirmacao(atores, entrar, cliente_api, oficio):
    _assinar(cliente_api(atores["A"]), oficio)
    c = entrar(atores["A"])
    url = reverse("documentos:editar", args=[oficio.numero_sei_formatado])
    pagina = c.get(url).content.decode()
    assert "descarta as assinaturas" in pagina and 'name="descartar_assinaturas"' in pagina
    sem = c.post(url, {"conteudo": "<p>Nova.</p>", "versao_base": 1})
    assert sem.status_code == 409 and "Confirme para salvar" in sem.content.decode()
    assert Documento.objects.get(pk=oficio.pk).estado == "assinado"
    com = c.post(url, {"conteudo": "<p>Nova.</p>", "versao_base": 1, "descartar_assinaturas": "on"}, follow=True)
    assert com.status_code == 200 and "Documento salvo (versão 2)." in com.content.decode()
    assert Documento.objects.get(pk=oficio.pk).estado == "minuta"


def test_o_banco_recusa_alterar_o_que_foi_assinado(atores, cliente_api, oficio):
    a, b = cliente_api(atores["A"]), cliente_api(atores["B"])
    _assinar(a, oficio)
    # Versions of a signed document are never altered, even before it is bloqueado.
    with pytest.raises(DatabaseError), transaction.atomic():
        VersaoDocumento.objects.filter(documento=oficio).update(conteudo="<p>Adulterado.</p>")
    b.get(f"/api/v1/documentos/{oficio.numero_sei}/pdf")  # bloqueado now
    for campos in ({"versao_atual": 2}, {"estado": "minuta"}, {"bloqueado_em": None}, {"codigo_crc": "0000-0000"}):
        with pytest.raises(DatabaseError), transaction.atomic():
            Documento.objects.filter(pk=oficio.pk).update(**campos)
    with pytest.raises(DatabaseError), transaction.atomic():
        VersaoDocumento.objects.create(
            documento=oficio, numero=2, conteudo="x", sha256="0" * 64, criado_por=atores["A"].usuario,
            criado_em=oficio.criado_em,
        )  # fmt: skip
    # Cancelling stays possible.
    Documento.objects.filter(pk=oficio.pk).update(estado="cancelado")


def test_conteudo_assinado_alterado_por_fora_e_detectado_na_leitura(atores, cliente_api, oficio):
    """Defence in depth: a row altered with the triggers off (a bad restore, a superuser) is an
    integrity failure on read, never served as if it were what was signed."""
    a = cliente_api(atores["A"])
    _assinar(a, oficio)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(
                "UPDATE documentos_versaodocumento SET conteudo = %s WHERE documento_id = %s",
                ["<p>Adulterado.</p>", oficio.pk],
            )
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    r = a.get(f"/api/v1/documentos/{oficio.numero_sei}/conteudo")
    assert r.status_code == 500 and r.json()["code"] == "arquivo_corrompido"
    assert "Adulterado" not in r.content.decode()


def test_registro_de_assinaturas_so_acrescenta(atores, cliente_api, oficio):
    a, b = cliente_api(atores["A"]), cliente_api(atores["B"])
    _assinar(a, oficio)
    assinatura = Assinatura.objects.get(documento=oficio)
    for campos in ({"nome": "Outra Pessoa"}, {"cargo": "Ministro"}, {"arquivo_sha256": "0" * 64}):
        with pytest.raises(DatabaseError), transaction.atomic():
            Assinatura.objects.filter(pk=assinatura.pk).update(**campos)
    with pytest.raises(DatabaseError), transaction.atomic():
        Assinatura.objects.filter(pk=assinatura.pk).delete()
    # Bloqueado: not even dropping it.
    b.get(f"/api/v1/documentos/{oficio.numero_sei}/pdf")
    with pytest.raises(DatabaseError), transaction.atomic():
        Assinatura.objects.filter(pk=assinatura.pk).update(descartada_em=oficio.criado_em)
