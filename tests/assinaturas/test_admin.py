"""Admin of signatures: signers are edited there; certificates and signatures are read-only, and
no signature of a sigiloso document is listed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assinaturas.models import Assinante, Assinatura, CertificadoOrgao
from processos.models import NivelAcesso
from tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cliente(client, db):
    client.force_login(UsuarioFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def certificado(orgao):
    agora = timezone.now()
    return CertificadoOrgao.objects.create(
        tipo=CertificadoOrgao.Tipo.SELO, orgao=orgao, sujeito="CN=ORG - Selo", emissor="CN=Raiz", serial="1A2B",
        impressao_sha256="ab" * 32, certificado_pem="-----BEGIN CERTIFICATE-----", valido_de=agora,
        valido_ate=agora, arquivo_chave="selo.p12",
    )  # fmt: skip


def _assinatura(ator, documento, ordem=1) -> Assinatura:
    return Assinatura.objects.create(
        documento=documento, ordem=ordem, nivel=Assinatura.Nivel.ELETRONICA, usuario=ator.usuario,
        unidade=ator.unidade, nome="Maria Assinante", cargo="Analista Administrativo", criada_em=timezone.now(),
        campo=f"Assinatura{ordem}", arquivo_nome="x.pdf", arquivo_sha256="0" * 64,
    )  # fmt: skip


def test_paginas_abrem(cliente, atores, processo, criar_documento, certificado):
    a = atores["A"]
    assinante = Assinante.objects.create(orgao=a.unidade.orgao, usuario=a.usuario, cargo="Analista Administrativo")
    assinatura = _assinatura(a, criar_documento(a, processo))
    paginas = [
        reverse("admin:assinaturas_assinante_changelist"),
        reverse("admin:assinaturas_assinante_add"),
        reverse("admin:assinaturas_assinante_change", args=[assinante.pk]),
        reverse("admin:assinaturas_certificadoorgao_changelist"),
        reverse("admin:assinaturas_certificadoorgao_change", args=[certificado.pk]),
        reverse("admin:assinaturas_assinatura_changelist"),
        reverse("admin:assinaturas_assinatura_change", args=[assinatura.pk]),
    ]
    for pagina in paginas:
        assert cliente.get(pagina).status_code == 200, pagina


def test_certificados_e_assinaturas_sao_somente_leitura(cliente, certificado):
    assert cliente.get(reverse("admin:assinaturas_certificadoorgao_add")).status_code == 403
    assert cliente.post(reverse("admin:assinaturas_certificadoorgao_delete", args=[certificado.pk])).status_code == 403
    assert cliente.get(reverse("admin:assinaturas_assinatura_add")).status_code == 403
    assert CertificadoOrgao.objects.filter(pk=certificado.pk).exists()


def test_assinaturas_de_documento_sigiloso_nao_aparecem(cliente, atores, processo, criar_documento):
    a = atores["A"]
    visivel = criar_documento(a, processo)
    sigiloso = criar_documento(a, processo, nivel=NivelAcesso.RESTRITO)
    _assinatura(a, visivel)
    _assinatura(a, sigiloso)
    type(sigiloso).objects.filter(pk=sigiloso.pk).update(nivel_acesso=NivelAcesso.SIGILOSO)
    url = reverse("admin:assinaturas_assinatura_changelist")

    resposta = cliente.get(url)
    assert visivel.numero_sei_formatado in resposta.text
    assert sigiloso.numero_sei_formatado not in resposta.text

    resposta = cliente.get(url, {"q": str(visivel.numero_sei)})  # número SEI without the zeros
    assert list(resposta.context["cl"].result_list.values_list("documento", flat=True)) == [visivel.pk]


def test_preparacoes_da_qualificada_somente_leitura_e_sem_sigilosos(cliente, atores, processo, criar_documento):
    import datetime

    from assinaturas.models import PreparacaoAssinatura

    a = atores["A"]

    def preparacao(documento):
        agora = timezone.now()
        return PreparacaoAssinatura.objects.create(
            documento=documento, usuario=a.usuario, unidade=a.unidade, cargo="Analista", nome="Maria Assinante",
            campo="Assinatura1", ordem=1, digest=b"\x00" * 32, regiao_inicio=1, regiao_fim=2,
            arquivo_nome="preparados/x.pdf", arquivo_sha256="0" * 64, base_sha256="0" * 64, versao_documento=1,
            primeira=True, criada_em=agora, expira_em=agora + datetime.timedelta(minutes=30),
        )  # fmt: skip

    visivel = preparacao(criar_documento(a, processo))
    sigiloso = criar_documento(a, processo, nivel=NivelAcesso.RESTRITO)
    preparacao(sigiloso)
    type(sigiloso).objects.filter(pk=sigiloso.pk).update(nivel_acesso=NivelAcesso.SIGILOSO)
    lista = cliente.get(reverse("admin:assinaturas_preparacaoassinatura_changelist"))
    assert lista.status_code == 200 and list(lista.context["cl"].result_list) == [visivel]
    assert cliente.get(reverse("admin:assinaturas_preparacaoassinatura_change", args=[visivel.pk])).status_code == 200
    assert cliente.get(reverse("admin:assinaturas_preparacaoassinatura_add")).status_code == 403
    apagar = reverse("admin:assinaturas_preparacaoassinatura_delete", args=[visivel.pk])
    assert cliente.post(apagar).status_code == 403
