# ruff: noqa: F811  (the signing fixtures of tests/assinaturas, imported below, are parameters here)
"""Assinatura externa (issue 12, §3): the unit releases a document to an approved external user,
who reads it in the portal and signs it with their password; what each side notices (history,
e-mail, the signed PDF, the refusals) and that nothing is left half done."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assinaturas.models import Assinatura
from documentos import services as documentos_services
from documentos.models import Documento
from documentos.services import pdfs
from externo import assinaturas_externas, selectors
from externo.models import AcessoExterno, LiberacaoAssinaturaExterna
from processos.models import Andamento
from processos.services import processo_concluir
from sei import acesso
from sei.exceptions import NaoEncontrado, RegraDeNegocio
from sei.models import Alcance
from sei.senhas import SenhaConfirmada
from tests.assinaturas import verificacao
from tests.assinaturas.conftest import _pasta_chaves, raiz_pem, selo  # noqa: F401  (fixtures)
from tests.factories import SENHA_PADRAO

pytestmark = pytest.mark.django_db

CPF_MARIA = "11144477735"


@pytest.fixture
def oficio(atores, processo, criar_documento):
    return criar_documento(atores["A"], processo, conteudo="<p>Termo de compromisso do cidadão.</p>")


@pytest.fixture
def liberar(django_capture_on_commit_callbacks):
    """``liberar(ator, documento, usuario, dias=5, integral=False)`` through the service."""

    def _liberar(ator, documento, usuario, dias=5, integral=False):
        with django_capture_on_commit_callbacks(execute=True):
            return assinaturas_externas.liberacao_liberar(
                ator=ator,
                documento=documento,
                senha=SenhaConfirmada(usuario_id=ator.usuario.pk),
                validade_dias=dias,
                cpf=usuario.cpf,
                com_visualizacao_integral=integral,
            )

    return _liberar


def _assinar(usuario, documento):
    return assinaturas_externas.assinatura_externa_assinar(
        usuario=usuario,
        documento=documento,
        senha=SenhaConfirmada(usuario_id=usuario.pk),
        url_publica="https://sei.exemplo.gov.br",
    )


def _pdf(documento) -> bytes:
    documento.refresh_from_db()
    leitor = pdfs.abrir_pdf(documento)
    try:
        return leitor.read()
    finally:
        leitor.close()


def _nome_na_assinatura(pdf: bytes) -> str:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    return str(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].sig_object["/Name"])


def _cliente_externo(usuario) -> APIClient:
    token, _ = Token.objects.get_or_create(user=usuario)
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return c


def test_liberar_registra_andamento_avisa_por_email_e_aparece_no_portal(
    atores, oficio, externo, liberar, client
):
    liberacao = liberar(atores["A"], oficio, externo, dias=5)

    assert liberacao.valido_ate == timezone.localdate() + timedelta(days=5)
    andamento = oficio.processo.andamentos.first()
    assert andamento.tipo == Andamento.Tipo.ASSINATURA_EXTERNA_LIBERACAO
    assert "João Cidadão" in andamento.descricao
    assert andamento.descricao_resumida == "Documento liberado para assinatura externa"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [externo.email]
    assert f"/externo/assinaturas/{oficio.numero_sei_formatado}/" in mail.outbox[0].body
    # The portal's home lists it first; the document (a minuta) opens for this user only.
    client.force_login(externo, backend="django.contrib.auth.backends.ModelBackend")
    pagina = client.get("/externo/")
    assert pagina.status_code == 200
    assert "Documentos aguardando a sua assinatura" in pagina.content.decode()
    assert oficio.numero_sei_formatado in pagina.content.decode()
    doc = client.get(f"/externo/assinaturas/{oficio.numero_sei_formatado}/")
    assert (
        doc.status_code == 200
        and "Termo de compromisso"
        in client.get(f"/externo/assinaturas/{oficio.numero_sei_formatado}/conteudo").content.decode()
    )


def test_assinar_pelo_portal_gera_pdf_com_a_assinatura_valida_do_cidadao(
    atores,
    oficio,
    externo,
    liberar,
    client,
    selo,
    raiz_pem,
):
    liberar(atores["A"], oficio, externo)
    client.force_login(externo, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/externo/assinaturas/{oficio.numero_sei_formatado}/"

    errada = client.post(url, {"senha": "senha-errada"})
    assert errada.status_code == 400 and "Senha incorreta" in errada.content.decode()
    assert not Assinatura.objects.filter(documento=oficio).exists()

    resposta = client.post(url, {"senha": SENHA_PADRAO})
    assert resposta.status_code == 302

    oficio.refresh_from_db()
    assert oficio.estado == Documento.Estado.ASSINADO
    assinatura = Assinatura.objects.get(documento=oficio)
    assert (assinatura.nome, assinatura.cargo, assinatura.cpf_mascarado) == (
        "João Cidadão",
        "Usuário Externo",
        "***.982.247-**",
    )
    assert assinatura.certificado == selo and assinatura.unidade == atores["A"].unidade
    pyhanko = verificacao.verificar_pyhanko(_pdf(oficio), raiz_pem)
    assert len(pyhanko) == 1 and pyhanko[0].assinatura_valida and pyhanko[0].certificado_confiavel
    assert "João Cidadão" in _nome_na_assinatura(_pdf(oficio))
    assert LiberacaoAssinaturaExterna.objects.get().assinado_em is not None
    # Signed: no longer pending; the history shows who signed, as "Usuário Externo".
    assert not selectors.assinaturas_pendentes(usuario=externo).exists()
    assinado = oficio.processo.andamentos.filter(tipo=Andamento.Tipo.ASSINATURA).get()
    assert "João Cidadão (Usuário Externo)" in assinado.descricao


def test_assinar_pela_api(atores, oficio, externo, liberar, selo, raiz_pem):
    liberar(atores["A"], oficio, externo)
    c = _cliente_externo(externo)

    pendentes = c.get("/api/v1/externo/assinaturas/")
    assert pendentes.status_code == 200
    assert [r["numero_sei"] for r in pendentes.json()["results"]] == [oficio.numero_sei_formatado]

    url = f"/api/v1/externo/documentos/{oficio.numero_sei_formatado}/assinar"
    assert c.post(url, {"senha": "errada"}, format="json").status_code == 400
    resposta = c.post(url, {"senha": SENHA_PADRAO}, format="json")
    assert resposta.status_code == 201, resposta.content
    assert resposta.json()["nome"] == "João Cidadão"
    pyhanko = verificacao.verificar_pyhanko(_pdf(oficio), raiz_pem)
    assert pyhanko[0].assinatura_valida
    # A second time: 409, already signed.
    assert c.post(url, {"senha": SENHA_PADRAO}, format="json").status_code in (404, 409)
    assert c.get("/api/v1/externo/assinaturas/").json()["results"] == []


def test_liberacao_vencida_ou_cancelada_recusa_com_mensagem_clara(atores, oficio, externo, liberar, selo):
    liberacao = liberar(atores["A"], oficio, externo)
    LiberacaoAssinaturaExterna.objects.filter(pk=liberacao.pk).update(
        valido_ate=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(RegraDeNegocio, match="venceu"):
        _assinar(externo, oficio)
    assert not selectors.assinaturas_pendentes(usuario=externo).exists()

    oficio2 = documentos_services.documento_interno_criar(
        ator=atores["A"], processo=oficio.processo, tipo=oficio.tipo, nivel_acesso=0, hipotese_legal=None
    )
    liberacao2 = liberar(atores["A"], oficio2, externo)
    assinaturas_externas.liberacao_cancelar(ator=atores["A"], documento=oficio2, liberacao_id=liberacao2.pk)
    assert oficio.processo.andamentos.first().tipo == Andamento.Tipo.ASSINATURA_EXTERNA_CANCELAMENTO
    with pytest.raises(RegraDeNegocio, match="cancelada"):
        _assinar(externo, oficio2)
    # Through the API: 409 with the reason.
    resposta = _cliente_externo(externo).post(
        f"/api/v1/externo/documentos/{oficio2.numero_sei_formatado}/assinar",
        {"senha": SENHA_PADRAO},
        format="json",
    )
    assert resposta.status_code == 409 and "cancelada" in resposta.json()["detail"]
    assert not Assinatura.objects.exists()


def test_outro_usuario_externo_nao_ve_nem_assina(
    atores, oficio, externo, criar_externo, liberar, client, selo
):
    maria = criar_externo(cpf=CPF_MARIA, nome="Maria Cidadã").usuario
    liberar(atores["A"], oficio, externo)

    assert not selectors.assinaturas_pendentes(usuario=maria).exists()
    with pytest.raises(NaoEncontrado):
        selectors.documento_para_assinar(usuario=maria, numero_sei=oficio.numero_sei, canal="web")
    with pytest.raises(NaoEncontrado):
        _assinar(maria, oficio)
    client.force_login(maria, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/externo/assinaturas/{oficio.numero_sei_formatado}/"
    assert client.get(url).status_code == 404
    assert client.get(url + "conteudo").status_code == 404
    assert client.post(url, {"senha": SENHA_PADRAO}).status_code == 404
    api = _cliente_externo(maria)
    assert api.get("/api/v1/externo/assinaturas/").json()["results"] == []
    assinar = f"/api/v1/externo/documentos/{oficio.numero_sei_formatado}/assinar"
    assert api.post(assinar, {"senha": SENHA_PADRAO}, format="json").status_code == 404
    assert not Assinatura.objects.exists()


def test_minuta_de_outro_documento_nao_aparece(
    atores, processo, oficio, externo, liberar, criar_documento, client
):
    outra = criar_documento(atores["A"], processo, conteudo="<p>Minuta interna reservada.</p>")
    liberar(atores["A"], oficio, externo, integral=True)

    # Integral: the user reads the process, but never another minuta.
    ator = selectors.ator_externo(externo)
    visiveis = {d.pk for d in selectors.documentos_do_processo(ator=ator, processo=processo)}
    assert outra.pk not in visiveis and oficio.pk not in visiveis
    with pytest.raises(NaoEncontrado):
        selectors.documento_para_assinar(usuario=externo, numero_sei=outra.numero_sei, canal="web")
    client.force_login(externo, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/externo/assinaturas/{outra.numero_sei_formatado}/conteudo").status_code == 404
    assert "Minuta interna" not in client.get("/externo/").content.decode()


def test_visualizacao_integral_da_o_processo_e_o_cancelamento_a_retira(
    atores, processo, oficio, externo, liberar
):
    liberacao = liberar(atores["A"], oficio, externo, integral=True)
    assert liberacao.acesso.tipo == AcessoExterno.Tipo.INTEGRAL
    principal = acesso.principal_externo(externo.pk)
    assert Alcance.objects.filter(processo_id=processo.pk, principal=principal, grau=Alcance.Grau.LE).exists()

    assinaturas_externas.liberacao_cancelar(ator=atores["A"], documento=oficio, liberacao_id=liberacao.pk)
    assert not Alcance.objects.filter(processo_id=processo.pk, principal=principal).exists()


def test_concluir_com_assinatura_externa_pendente_recusa(atores, processo, oficio, externo, liberar, selo):
    liberar(atores["A"], oficio, externo)
    with pytest.raises(RegraDeNegocio, match="aguarda a assinatura externa de João Cidadão"):
        processo_concluir(ator=atores["A"], processo=processo)
    assert processo.andamentos.filter(tipo=Andamento.Tipo.CONCLUSAO).count() == 0

    _assinar(externo, oficio)
    processo_concluir(ator=atores["A"], processo=processo)
    assert processo.andamentos.filter(tipo=Andamento.Tipo.CONCLUSAO).count() == 1


def test_editar_depois_da_assinatura_externa_nao_descarta(atores, oficio, externo, liberar, selo):
    liberar(atores["A"], oficio, externo)
    _assinar(externo, oficio)
    oficio.refresh_from_db()

    with pytest.raises(RegraDeNegocio, match="assinado por usuário externo"):
        documentos_services.documento_editar(
            ator=atores["A"],
            documento=oficio,
            conteudo="<p>Texto trocado depois da assinatura.</p>",
            versao_base=oficio.versao_atual,
            descartar_assinaturas=True,
        )
    oficio.refresh_from_db()
    assert oficio.estado == Documento.Estado.ASSINADO
    assert Assinatura.objects.get(documento=oficio).descartada_em is None
    assert not oficio.processo.andamentos.filter(tipo=Andamento.Tipo.ASSINATURAS_DESCARTADAS).exists()


def test_liberar_pela_api_listar_e_cancelar(atores, oficio, externo, cliente_api):
    c = cliente_api(atores["A"])
    url = f"/api/v1/documentos/{oficio.numero_sei_formatado}/assinaturas-externas/"
    sem_senha = c.post(url, {"cpf": externo.cpf, "validade_dias": 5}, format="json")
    assert sem_senha.status_code == 400
    nao_liberado = c.post(url, {"cpf": CPF_MARIA, "validade_dias": 5, "senha": SENHA_PADRAO}, format="json")
    assert nao_liberado.status_code == 400 and not LiberacaoAssinaturaExterna.objects.exists()

    criada = c.post(url, {"cpf": externo.cpf, "validade_dias": 5, "senha": SENHA_PADRAO}, format="json")
    assert criada.status_code == 201, criada.content
    assert criada.json()["situacao"] == "pendente"
    assert [r["id"] for r in c.get(url).json()["results"]] == [criada.json()["id"]]
    # Another unit does not list nor cancel it.
    assert cliente_api(atores["B"]).post(url + f"{criada.json()['id']}/cancelar/").status_code in (
        403,
        404,
        409,
    )

    cancelada = c.post(url + f"{criada.json()['id']}/cancelar/")
    assert cancelada.status_code == 200 and cancelada.json()["situacao"] == "cancelada"
    assert c.post(url + f"{criada.json()['id']}/cancelar/").status_code == 409


def test_pagina_do_documento_libera_e_cancela(
    atores, oficio, externo, client, django_capture_on_commit_callbacks
):
    client.force_login(atores["A"].usuario)
    detalhe = client.get(f"/documentos/{oficio.numero_sei_formatado}/").content.decode()
    url = f"/documentos/{oficio.numero_sei_formatado}/assinatura-externa/"
    assert url in detalhe  # the document toolbar offers it
    assert client.get(url).status_code == 200

    errada = client.post(url, {"destinatario": externo.cpf, "validade_dias": 5, "senha": "errada"})
    assert errada.status_code == 400 and not LiberacaoAssinaturaExterna.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            url,
            {
                "destinatario": externo.email,
                "validade_dias": 5,
                "com_visualizacao_integral": "on",
                "senha": SENHA_PADRAO,
            },
        )
    assert ok.status_code == 302
    liberacao = LiberacaoAssinaturaExterna.objects.get()
    assert liberacao.com_visualizacao_integral and len(mail.outbox) == 1
    pagina = client.get(url).content.decode()
    assert "João Cidadão" in pagina and "Pendente" in pagina

    client.post(url + f"{liberacao.pk}/cancelar/")
    liberacao.refresh_from_db()
    assert liberacao.cancelado_em is not None
    assert "Cancelada" in client.get(url).content.decode()
    # Another unit is not offered the action.
    client.force_login(atores["B"].usuario)
    assert client.post(
        url, {"destinatario": externo.cpf, "validade_dias": 5, "senha": SENHA_PADRAO}
    ).status_code in (
        403,
        404,
    )
