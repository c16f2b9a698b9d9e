# ruff: noqa: F811  (the signing fixtures of tests/assinaturas, imported below, are parameters here)
"""Assinatura externa com certificado digital (ICP-Brasil): the citizen prepares, signs the digest
with the reference signer and concludes, through the API and the portal page; the signed PDF
verifies from outside (pyHanko, the test ICP root) with the citizen's tarja; a certificate of
someone else, an expired liberação or another user's preparation is refused, nothing signed."""

import base64
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assinaturas.assinador_referencia import assinar_digest
from assinaturas.models import Assinatura, PreparacaoAssinatura
from documentos.models import Documento
from documentos.services import pdfs
from externo import assinaturas_externas, selectors
from externo.models import LiberacaoAssinaturaExterna
from sei.exceptions import RegraDeNegocio
from sei.senhas import SenhaConfirmada
from tests.assinaturas import icp as pki
from tests.assinaturas import verificacao

# The seal (``selo``, ``_pasta_chaves``) comes from tests/externo/conftest.py: importing it here
# too would give this module a key folder of its own, out of step with the session's seal.
from tests.assinaturas.conftest import certificado_icp, icp, raiz_pem, raizes_icp  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

CPF_MARIA = "11144477735"


@pytest.fixture
def oficio(atores, processo, criar_documento, selo, raizes_icp):
    return criar_documento(atores["A"], processo, conteudo="<p>Termo de compromisso do cidadão.</p>")


@pytest.fixture
def liberar(django_capture_on_commit_callbacks):
    def _liberar(ator, documento, usuario, dias=5):
        with django_capture_on_commit_callbacks(execute=True):
            return assinaturas_externas.liberacao_liberar(
                ator=ator,
                documento=documento,
                senha=SenhaConfirmada(usuario_id=ator.usuario.pk),
                validade_dias=dias,
                cpf=usuario.cpf,
            )

    return _liberar


def _cliente(usuario) -> APIClient:
    token, _ = Token.objects.get_or_create(user=usuario)
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return c


def _cms(p12: Path, digest_b64: str) -> str:
    from pyhanko.sign import signers

    assinante = signers.SimpleSigner.load_pkcs12_data(
        p12.read_bytes(), other_certs=[], passphrase=pki.SENHA_P12.encode()
    )
    return base64.b64encode(assinar_digest(assinante, base64.b64decode(digest_b64))).decode()


def _preparar(c, documento):
    return c.post(f"/api/v1/externo/documentos/{documento.numero_sei_formatado}/assinar/preparar")


def _concluir(c, documento, preparacao_id, cms):
    return c.post(
        f"/api/v1/externo/documentos/{documento.numero_sei_formatado}/assinar/concluir",
        {"id": str(preparacao_id), "cms": cms},
        format="json",
    )


def _pdf(documento) -> bytes:
    documento.refresh_from_db()
    leitor = pdfs.abrir_pdf(documento)
    try:
        return leitor.read()
    finally:
        leitor.close()


def test_preparar_assinar_e_concluir_pela_api(
    atores, oficio, externo, liberar, certificado_icp, raiz_pem, raizes_icp
):
    liberacao = liberar(atores["A"], oficio, externo)
    _, p12 = certificado_icp(externo.cpf)
    c = _cliente(externo)

    r = _preparar(c, oficio)
    assert r.status_code == 201, r.content
    corpo = r.json()
    assert corpo["algoritmo"] == "sha256" and len(base64.b64decode(corpo["digest"])) == 32
    r = _concluir(c, oficio, corpo["id"], _cms(p12, corpo["digest"]))
    assert r.status_code == 201, r.content
    assert (r.json()["nome"], r.json()["cargo"], r.json()["nivel"]) == (
        "João Cidadão",
        "Usuário Externo",
        "qualificada",
    )

    pyhanko = verificacao.verificar_pyhanko(_pdf(oficio), raiz_pem + raizes_icp)
    assert len(pyhanko) == 1
    assert pyhanko[0].intacta and pyhanko[0].assinatura_valida and pyhanko[0].certificado_confiavel
    assert verificacao.ultima_revisao_cobre_o_fim(_pdf(oficio))
    assinatura = Assinatura.objects.get(documento=oficio)
    assert (assinatura.nome, assinatura.cpf_mascarado, assinatura.nivel) == (
        "João Cidadão",
        "***.982.247-**",
        Assinatura.Nivel.QUALIFICADA,
    )
    assert "TITULAR DE TESTE" in assinatura.certificado_sujeito
    oficio.refresh_from_db()
    assert oficio.estado == Documento.Estado.ASSINADO
    liberacao.refresh_from_db()
    assert liberacao.assinado_em is not None and liberacao.assinatura == assinatura
    assert not selectors.assinaturas_pendentes(usuario=externo).exists()
    # Signed: a second preparation is refused (the liberação is used).
    assert _preparar(c, oficio).status_code == 409


def test_pagina_do_portal_prepara_mostra_o_comando_e_conclui_com_o_arquivo(
    atores, oficio, externo, liberar, certificado_icp, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    liberar(atores["A"], oficio, externo)
    _, p12 = certificado_icp(externo.cpf)
    client.force_login(externo, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/externo/assinaturas/{oficio.numero_sei_formatado}/"

    pagina = client.get(url).content.decode()
    assert "Assinar com certificado digital" in pagina and 'value="preparar"' in pagina
    preparada = client.post(url, {"acao": "preparar"})
    assert preparada.status_code == 200
    texto = preparada.content.decode()
    preparacao = PreparacaoAssinatura.objects.get(documento=oficio, usuario=externo)
    digest = base64.b64encode(bytes(preparacao.digest)).decode()
    assert f"sei-assinador --pfx meu-certificado.p12 --digest {digest}" in texto

    vazio = client.post(url, {"acao": "concluir", "id": str(preparacao.id)})
    assert vazio.status_code == 400 and "Cole a assinatura" in vazio.content.decode()
    arquivo = SimpleUploadedFile("assinatura.p7s", base64.b64decode(_cms(p12, digest)))
    feita = client.post(url, {"acao": "concluir", "id": str(preparacao.id), "arquivo": arquivo})
    assert feita.status_code == 302
    assert Assinatura.objects.get(documento=oficio).nivel == Assinatura.Nivel.QUALIFICADA


def test_sem_raizes_icp_a_pagina_nao_oferece_o_certificado(
    atores, oficio, externo, liberar, client, settings
):
    settings.SEI_ICP_RAIZES = ""
    liberar(atores["A"], oficio, externo)
    client.force_login(externo, backend="django.contrib.auth.backends.ModelBackend")
    pagina = client.get(f"/externo/assinaturas/{oficio.numero_sei_formatado}/").content.decode()
    assert "Assinar com certificado digital" not in pagina
    assert _preparar(_cliente(externo), oficio).status_code == 409


def test_certificado_de_outro_cpf_recusa_com_mensagem_clara(
    atores, oficio, externo, liberar, certificado_icp
):
    liberar(atores["A"], oficio, externo)
    _, p12 = certificado_icp(CPF_MARIA)
    c = _cliente(externo)
    corpo = _preparar(c, oficio).json()

    r = _concluir(c, oficio, corpo["id"], _cms(p12, corpo["digest"]))
    assert r.status_code == 400
    assert r.json()["code"] == "cpf_diferente" and "CPF" in r.json()["detail"]
    assert not Assinatura.objects.exists()
    assert LiberacaoAssinaturaExterna.objects.get().assinado_em is None
    assert PreparacaoAssinatura.objects.get(pk=corpo["id"]).concluida_em is None


def test_liberacao_vencida_depois_da_preparacao_recusa_no_concluir(
    atores, oficio, externo, liberar, certificado_icp
):
    liberacao = liberar(atores["A"], oficio, externo)
    _, p12 = certificado_icp(externo.cpf)
    c = _cliente(externo)
    corpo = _preparar(c, oficio).json()
    LiberacaoAssinaturaExterna.objects.filter(pk=liberacao.pk).update(
        valido_ate=timezone.localdate() - timedelta(days=1)
    )

    r = _concluir(c, oficio, corpo["id"], _cms(p12, corpo["digest"]))
    assert r.status_code == 409 and "venceu" in r.json()["detail"]
    # The service itself refuses too (a page or API that skipped the selector would not sign).
    with pytest.raises(RegraDeNegocio, match="venceu"):
        assinaturas_externas.assinatura_externa_concluir(
            usuario=externo,
            documento=oficio,
            preparacao_id=corpo["id"],
            cms_der=base64.b64decode(_cms(p12, corpo["digest"])),
        )
    assert not Assinatura.objects.exists()


def test_liberacao_cancelada_recusa_no_preparar(atores, oficio, externo, liberar):
    liberacao = liberar(atores["A"], oficio, externo)
    assinaturas_externas.liberacao_cancelar(ator=atores["A"], documento=oficio, liberacao_id=liberacao.pk)
    r = _preparar(_cliente(externo), oficio)
    assert r.status_code == 409 and "cancelada" in r.json()["detail"]
    assert not PreparacaoAssinatura.objects.exists()


def test_outro_usuario_nao_conclui_a_preparacao_alheia(
    atores, oficio, externo, criar_externo, liberar, certificado_icp
):
    maria = criar_externo(cpf=CPF_MARIA, nome="Maria Cidadã").usuario
    liberar(atores["A"], oficio, externo)
    _, p12_maria = certificado_icp(CPF_MARIA)
    corpo = _preparar(_cliente(externo), oficio).json()
    cms = _cms(p12_maria, corpo["digest"])

    # Without a liberação of her own, the document does not exist for her.
    assert _concluir(_cliente(maria), oficio, corpo["id"], cms).status_code == 404
    # With one, João's preparation is still not hers.
    liberar(atores["A"], oficio, maria)
    r = _concluir(_cliente(maria), oficio, corpo["id"], cms)
    assert r.status_code == 403 and r.json()["code"] == "preparacao_de_outro"
    assert not Assinatura.objects.exists()
    assert PreparacaoAssinatura.objects.get(pk=corpo["id"]).concluida_em is None
