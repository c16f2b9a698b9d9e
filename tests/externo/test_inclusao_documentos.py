"""Acesso externo com inclusão de documentos: the unit grants it (API and page), the external
user includes a PDF of an allowed type (API and portal page) while the grant is in force and the
process is open in the granting unit; everything else is refused, and nothing is left behind."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from documentos.models import Documento
from externo import acessos
from externo.models import AcessoExterno, Peticao
from processos.models import Andamento, Atividade
from processos.services import processo_concluir, processo_enviar
from tests.externo.peticoes_apoio import _tipo_doc, arquivos_guardados, pdf_com_javascript
from tests.factories import SENHA_PADRAO, pdf_simples

pytestmark = pytest.mark.django_db


def api(usuario) -> APIClient:
    c = APIClient()
    token, _ = Token.objects.get_or_create(user=usuario)
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return c


def pdf(nome="comprovante.pdf", conteudo=None):
    return SimpleUploadedFile(nome, conteudo if conteudo is not None else pdf_simples(), "application/pdf")


def url_incluir(processo):
    return f"/api/v1/externo/processos/{processo.nup}/documentos/"


def pedido(tipo, **extra):
    dados = {"tipo": tipo.pk, "arquivo": pdf(), "senha": SENHA_PADRAO, **extra}
    return {k: v for k, v in dados.items() if v is not None}


@pytest.fixture
def comprovante(db):
    return _tipo_doc("Comprovante")


@pytest.fixture
def com_inclusao(cena, conceder, comprovante, selo):
    """João holds an integral grant of unit A on P that lets him include "Comprovante"."""
    return conceder(cena.a, cena.p, usuario=cena.joao, inclusao=[comprovante])


# --- The grant (unit side) -----------------------------------------------------------------------


def test_api_concede_com_inclusao_e_o_email_diz_os_tipos(
    cena, cliente_api, comprovante, django_capture_on_commit_callbacks
):
    c = cliente_api(cena.a)
    corpo = {"tipo": "integral", "validade_dias": 15, "motivo": "Instrução", "senha": SENHA_PADRAO,
             "cpf": cena.joao.cpf}  # fmt: skip
    r = c.post(f"/api/v1/processos/{cena.p.nup}/acessos-externos/", {**corpo, "incluir_documentos": True},
               format="json")  # fmt: skip
    assert r.status_code == 400 and "tipos_documento" in r.json()["errors"]
    assert not AcessoExterno.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            f"/api/v1/processos/{cena.p.nup}/acessos-externos/",
            {**corpo, "incluir_documentos": True, "tipos_documento": ["Comprovante"]},
            format="json",
        )
    assert r.status_code == 201, r.json()
    assert r.json()["permite_inclusao"] is True and r.json()["tipos_documento"] == [comprovante.pk]
    assert "incluir documentos" in mail.outbox[0].body and "Comprovante" in mail.outbox[0].body
    listado = c.get(f"/api/v1/processos/{cena.p.nup}/acessos-externos/").json()["results"][0]
    assert listado["permite_inclusao"] is True
    andamento = Andamento.objects.filter(processo=cena.p, tipo=Andamento.Tipo.ACESSO_EXTERNO_CONCESSAO).get()
    assert "com inclusão de documentos (Comprovante)" in andamento.descricao


def test_api_recusa_tipo_que_nao_e_de_documento_externo(cena, cliente_api):
    from documentos.models import TipoDocumento

    interno = TipoDocumento.objects.create(nome="Despacho interno", aplicabilidade="interno", numeracao="sem")
    r = cliente_api(cena.a).post(
        f"/api/v1/processos/{cena.p.nup}/acessos-externos/",
        {"tipo": "integral", "validade_dias": 15, "motivo": "Instrução", "senha": SENHA_PADRAO,
         "cpf": cena.joao.cpf, "incluir_documentos": True, "tipos_documento": [interno.pk]},
        format="json",
    )  # fmt: skip
    assert r.status_code == 400 and "Despacho interno" in str(r.json()["errors"]["tipos_documento"])
    assert not AcessoExterno.objects.exists()


def test_pagina_concede_com_inclusao_e_a_lista_mostra(cena, entrar, comprovante):
    navegador = entrar(cena.a)
    endereco = f"/processos/{cena.p.nup}/acessos-externos/"
    pagina = navegador.get(endereco).content.decode()
    assert "Permitir que o usuário externo inclua documentos" in pagina and "Comprovante" in pagina
    dados = {"destinatario": cena.joao.cpf, "tipo": "integral", "validade_dias": "5", "motivo": "Vista",
             "senha": SENHA_PADRAO, "permite_inclusao": "on", "tipos_documento": [str(comprovante.pk)]}  # fmt: skip
    r = navegador.post(endereco, dados, follow=True)
    assert "Acesso externo concedido" in r.content.decode()
    concessao = AcessoExterno.objects.get()
    assert concessao.permite_inclusao and list(concessao.tipos_documento.all()) == [comprovante]
    assert "Com inclusão de documentos: Comprovante" in r.content.decode()
    assert "com inclusão de documentos" in navegador.get("/acessos-externos/").content.decode()


# --- The inclusion (external user) -----------------------------------------------------------------


def test_api_inclui_documento_com_recibo_e_fica_nao_lido_na_unidade(
    cena, com_inclusao, comprovante, django_capture_on_commit_callbacks
):
    joao = api(cena.joao)
    detalhe = joao.get(f"/api/v1/externo/processos/{cena.p.nup}/").json()
    assert detalhe["permite_inclusao"] is True
    assert detalhe["tipos_inclusao"] == [{"id": comprovante.pk, "nome": "Comprovante"}]

    with django_capture_on_commit_callbacks(execute=True):
        r = joao.post(url_incluir(cena.p), pedido(comprovante, descricao="Conta de luz", data="2026-01-10"),
                      format="multipart")  # fmt: skip
    assert r.status_code == 201, r.content
    corpo = r.json()
    documento = Documento.objects.get(numero_sei=corpo["numero_sei"])
    assert documento.processo == cena.p and documento.natureza == Documento.Natureza.EXTERNO
    assert documento.remetente == "João Cidadão" and documento.descricao == "Conta de luz"
    assert (
        documento.data_documento.isoformat() == "2026-01-10" and documento.unidade_geradora == cena.a.unidade
    )
    recibo = Documento.objects.get(numero_sei=corpo["recibo_numero_sei"])
    assert recibo.estado == Documento.Estado.ASSINADO and recibo.processo == cena.p
    assert Peticao.objects.get().tipo == Peticao.Tipo.INCLUSAO
    assert Andamento.objects.filter(processo=cena.p, tipo=Andamento.Tipo.DOCUMENTO_INCLUIDO,
                                    atributos__numero_sei=documento.numero_sei).exists()  # fmt: skip
    # Unread in the granting unit's inbox.
    assert Atividade.objects.get(processo=cena.p, unidade=cena.a.unidade).nao_lida
    # The receipt by e-mail; the document in the portal, readable by João.
    assert any(m.attachments for m in mail.outbox if m.to == [cena.joao.email])
    numeros = [
        d["numero_sei"] for d in joao.get(f"/api/v1/externo/processos/{cena.p.nup}/").json()["documentos"]
    ]
    assert documento.numero_sei in numeros and recibo.numero_sei in numeros
    assert joao.get(f"/api/v1/externo/documentos/{documento.numero_sei}/conteudo").status_code == 200


def test_acesso_parcial_com_inclusao_ve_o_que_incluiu(cena, conceder, comprovante, selo):
    conceder(
        cena.a, cena.p, usuario=cena.joao, tipo="parcial", documentos=[cena.anexo], inclusao=[comprovante]
    )
    joao = api(cena.joao)
    r = joao.post(url_incluir(cena.p), pedido(comprovante), format="multipart")
    assert r.status_code == 201, r.content
    numeros = {
        d["numero_sei"] for d in joao.get(f"/api/v1/externo/processos/{cena.p.nup}/").json()["documentos"]
    }
    assert numeros == {cena.anexo.numero_sei, r.json()["numero_sei"], r.json()["recibo_numero_sei"]}


def test_tipo_nao_permitido_400_e_nada_criado(cena, com_inclusao):
    antes, documentos = arquivos_guardados(), Documento.objects.count()
    r = api(cena.joao).post(url_incluir(cena.p), pedido(_tipo_doc("Procuração")), format="multipart")
    assert r.status_code == 400 and "tipo" in r.json()["errors"]
    assert Documento.objects.count() == documentos and arquivos_guardados() == antes


def test_acesso_a_email_com_inclusao_vale_quando_o_cadastro_e_liberado(
    cena, conceder, comprovante, criar_externo, selo
):
    concessao = conceder(cena.a, cena.p, email="nova@exemplo.com.br", inclusao=[comprovante])
    assert concessao.usuario is None and concessao.permite_inclusao
    nova = criar_externo(cpf="39053344705", nome="Nova", email="nova@exemplo.com.br").usuario  # approved
    r = api(nova).post(url_incluir(cena.p), pedido(comprovante), format="multipart")
    assert r.status_code == 201, r.content
    assert Documento.objects.get(numero_sei=r.json()["numero_sei"]).remetente == "Nova"


@pytest.mark.parametrize(
    "conteudo, nome, status",
    [(pdf_com_javascript(), "script.pdf", 415), (b"MZ\x90\x00 nao e pdf", "falso.pdf", 415)],
)
def test_arquivo_recusado_e_nada_fica(cena, com_inclusao, comprovante, conteudo, nome, status):
    antes, documentos = arquivos_guardados(), Documento.objects.count()
    r = api(cena.joao).post(url_incluir(cena.p), pedido(comprovante, arquivo=pdf(nome, conteudo)),
                            format="multipart")  # fmt: skip
    assert r.status_code == status, r.content
    assert Documento.objects.count() == documentos and not Peticao.objects.exists()
    assert arquivos_guardados() == antes


def test_arquivo_grande_413(cena, com_inclusao, comprovante, settings):
    settings.SEI_UPLOAD_MAX_BYTES = 100
    antes = arquivos_guardados()
    r = api(cena.joao).post(url_incluir(cena.p), pedido(comprovante), format="multipart")
    assert r.status_code == 413
    assert not Peticao.objects.exists() and arquivos_guardados() == antes


def test_senha_errada_400_e_nada_criado(cena, com_inclusao, comprovante):
    r = api(cena.joao).post(url_incluir(cena.p), pedido(comprovante, senha="errada"), format="multipart")
    assert r.status_code == 400 and not Peticao.objects.exists()


def test_acesso_sem_inclusao_403(cena, conceder, comprovante, client):
    conceder(cena.a, cena.p, usuario=cena.joao)
    joao = api(cena.joao)
    assert joao.get(f"/api/v1/externo/processos/{cena.p.nup}/").json()["permite_inclusao"] is False
    r = joao.post(url_incluir(cena.p), pedido(comprovante), format="multipart")
    assert r.status_code == 403 and r.json()["code"] == "inclusao_nao_permitida"
    client.force_login(cena.joao, backend="django.contrib.auth.backends.ModelBackend")
    assert (
        "Incluir documento" not in client.get(reverse("externo:processo", args=[cena.p.nup])).content.decode()
    )
    assert client.get(reverse("externo:incluir_documento", args=[cena.p.nup])).status_code == 403
    assert not Peticao.objects.exists()


def test_sem_acesso_cancelado_ou_vencido_404(cena, com_inclusao, comprovante):
    # Maria, with no grant: the same 404 as a process that does not exist.
    assert (
        api(cena.maria).post(url_incluir(cena.p), pedido(comprovante), format="multipart").status_code == 404
    )
    assert (
        api(cena.joao).post(url_incluir(cena.q), pedido(comprovante), format="multipart").status_code == 404
    )
    AcessoExterno.objects.filter(pk=com_inclusao.pk).update(
        valido_ate=timezone.localdate() - timedelta(days=1)
    )
    assert (
        api(cena.joao).post(url_incluir(cena.p), pedido(comprovante), format="multipart").status_code == 404
    )
    AcessoExterno.objects.filter(pk=com_inclusao.pk).update(valido_ate=timezone.localdate())
    acessos.acesso_externo_cancelar(ator=cena.a, processo=cena.p, acesso_id=com_inclusao.pk, motivo="Fim")
    assert (
        api(cena.joao).post(url_incluir(cena.p), pedido(comprovante), format="multipart").status_code == 404
    )
    assert not Peticao.objects.exists()


@pytest.mark.parametrize("como", ["enviado", "concluido"])
def test_processo_fora_da_unidade_409(cena, com_inclusao, comprovante, unidades, client, como):
    if como == "enviado":
        processo_enviar(ator=cena.a, processo=cena.p, destinos=[unidades["B"]])
    else:
        processo_concluir(ator=cena.a, processo=cena.p)
    joao = api(cena.joao)
    assert joao.get(f"/api/v1/externo/processos/{cena.p.nup}/").json()["permite_inclusao"] is False
    antes = arquivos_guardados()
    r = joao.post(url_incluir(cena.p), pedido(comprovante), format="multipart")
    assert r.status_code == 409 and "não está mais aberto na unidade" in r.json()["detail"]
    assert not Peticao.objects.exists() and arquivos_guardados() == antes
    client.force_login(cena.joao, backend="django.contrib.auth.backends.ModelBackend")
    assert (
        "Incluir documento" not in client.get(reverse("externo:processo", args=[cena.p.nup])).content.decode()
    )
    r = client.get(reverse("externo:incluir_documento", args=[cena.p.nup]))
    assert r.status_code == 409 and "não está mais aberto na unidade" in r.content.decode()


def test_pagina_do_portal_inclui_e_mostra_o_documento(cena, com_inclusao, comprovante, client):
    client.force_login(cena.joao, backend="django.contrib.auth.backends.ModelBackend")
    endereco = reverse("externo:incluir_documento", args=[cena.p.nup])
    assert endereco in client.get(reverse("externo:processo", args=[cena.p.nup])).content.decode()
    pagina = client.get(endereco).content.decode()
    assert 'id="id_tipo"' in pagina and "Comprovante" in pagina and "Procuração" not in pagina

    r = client.post(endereco, {"tipo": comprovante.pk, "arquivo": pdf(), "senha": "errada"})
    assert r.status_code == 400 and "Senha incorreta" in r.content.decode()
    assert not Peticao.objects.exists()
    r = client.post(
        endereco, {"tipo": comprovante.pk, "arquivo": pdf(), "senha": SENHA_PADRAO, "data": "amanhã"}
    )
    assert r.status_code == 400 and "Formato de data inválido" in r.content.decode()
    r = client.post(endereco, {"tipo": comprovante.pk, "senha": SENHA_PADRAO, "data": ""})
    assert r.status_code == 400 and "arquivo" in r.content.decode().lower()
    futuro = (timezone.localdate() + timedelta(days=3)).isoformat()
    r = client.post(
        endereco, {"tipo": comprovante.pk, "arquivo": pdf(), "senha": SENHA_PADRAO, "data": futuro}
    )
    assert r.status_code == 400 and "não pode estar no futuro" in r.content.decode()
    assert not Peticao.objects.exists()

    r = client.post(endereco, {"tipo": comprovante.pk, "arquivo": pdf(), "senha": SENHA_PADRAO,
                               "descricao": "Conta de água", "numero": "", "data": ""}, follow=True)  # fmt: skip
    pagina = r.content.decode()
    assert r.status_code == 200 and "incluído no processo" in pagina
    documento = Peticao.objects.get().documentos.get()
    assert documento.rotulo in pagina  # listed among the process's documents
    assert "Inclusão por acesso externo" in client.get(reverse("externo:peticoes")).content.decode()
