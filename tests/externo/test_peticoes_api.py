"""Peticionamento eletrônico through the API and the portal's pages: new and intercorrente,
all or nothing, and nobody reaches another user's petition or receipt."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from externo.models import Peticao
from processos.models import Atividade, ContadorNUP, Processo
from tests.externo.peticoes_apoio import _tipo_doc, arquivos_guardados, pdf_com_javascript
from tests.factories import SENHA_PADRAO, pdf_simples

URL = "/api/v1/externo/peticoes/"


def api(usuario) -> APIClient:
    c = APIClient()
    token, _ = Token.objects.get_or_create(user=usuario)
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return c


def pdf(nome="doc.pdf", conteudo=None):
    return SimpleUploadedFile(nome, conteudo if conteudo is not None else pdf_simples(), "application/pdf")


def pedido(tipo, **extra):
    dados = {
        "tipo": tipo.pk,
        "especificacao": "Licença",
        "principal": pdf("req.pdf"),
        f"essencial_{_tipo_doc('Documento de identidade').pk}": pdf("rg.pdf"),
        f"complementar_{_tipo_doc('Comprovante').pk}": pdf("conta.pdf"),
        "senha": SENHA_PADRAO,
    }
    dados.update(extra)
    return {k: v for k, v in dados.items() if v is not None}


def nada_criado(antes):
    assert not Processo.objects.exists() and not Peticao.objects.exists()
    assert not ContadorNUP.objects.filter(ultimo__gt=0).exists()
    assert arquivos_guardados() == antes


def test_api_peticao_nova_201_com_nup_e_recibo(
    externo, tipo_peticao, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        r = api(externo).post(URL, pedido(tipo_peticao), format="multipart")
    assert r.status_code == 201, r.content
    corpo = r.json()
    processo = Processo.objects.get()
    assert corpo["nup"] == processo.nup_formatado
    assert corpo["recibo"]["numero_sei"] == Peticao.objects.get().recibo.numero_sei
    assert len(corpo["documentos"]) == 3
    # Unread in the destination unit's inbox.
    atividade = Atividade.objects.get(processo=processo, unidade=tipo_peticao.unidade, aberta=True)
    assert atividade.recebida_em is None
    assert mailoutbox[0].attachments[0][2] == "application/pdf"
    recibo = api(externo).get(f"{URL}{corpo['id']}/recibo")
    assert recibo.status_code == 200 and b"".join(recibo.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "extra, mensagem",
    [
        ({"senha": "errada"}, "Senha incorreta"),
        ({"principal": None}, "principal"),
        ({"essencial_X": None}, "essencial"),
    ],
)
def test_api_tudo_ou_nada(externo, tipo_peticao, extra, mensagem):
    antes = arquivos_guardados()
    dados = pedido(tipo_peticao, **{k: v for k, v in extra.items() if "{" not in k and k != "essencial_X"})
    if "essencial_X" in extra:
        dados.pop(f"essencial_{_tipo_doc('Documento de identidade').pk}")
    r = api(externo).post(URL, dados, format="multipart")
    assert r.status_code == 400 and mensagem in r.content.decode()
    nada_criado(antes)


def test_api_pdf_com_javascript_recusado_sem_deixar_nada(externo, tipo_peticao):
    antes = arquivos_guardados()
    dados = pedido(
        tipo_peticao, **{f"complementar_{_tipo_doc('Comprovante').pk}": pdf("mau.pdf", pdf_com_javascript())}
    )
    r = api(externo).post(URL, dados, format="multipart")
    # The upload check's own status (415, as for an internal upload), naming the file.
    assert r.status_code == 415 and "mau.pdf" in r.json()["detail"] and "JavaScript" in r.json()["detail"]
    nada_criado(antes)


def test_api_arquivo_que_nao_e_pdf_recusado_415_sem_deixar_nada(externo, tipo_peticao):
    """A file the upload check accepts (plain text) is still refused: a petition takes PDFs only,
    with the contract's status for a refused file type (415), as the ouvidoria answers."""
    antes = arquivos_guardados()
    nota = SimpleUploadedFile("nota.txt", b"texto puro\n", "text/plain")
    dados = pedido(tipo_peticao, **{f"complementar_{_tipo_doc('Comprovante').pk}": nota})
    r = api(externo).post(URL, dados, format="multipart")
    assert r.status_code == 415 and "“nota.txt” não é um PDF." in r.json()["detail"]
    nada_criado(antes)


def test_pagina_nova_intercorrente_lista_e_matriz(client, externo, criar_externo, tipo_peticao):
    client.force_login(externo, backend="django.contrib.auth.backends.ModelBackend")
    assert tipo_peticao.nome in client.get(reverse("externo:peticao_nova")).content.decode()
    pagina = client.get(reverse("externo:peticao_nova") + f"?tipo={tipo_peticao.pk}").content.decode()
    assert "Documento de identidade" in pagina and tipo_peticao.instrucoes in pagina
    r = client.post(reverse("externo:peticao_nova"), pedido(tipo_peticao))
    assert r.status_code == 302 and r.url == reverse("externo:peticoes")
    peticao = Peticao.objects.get()
    lista = client.get(reverse("externo:peticoes")).content.decode()
    assert peticao.processo.nup_formatado in lista and str(peticao.recibo.numero_sei) in lista
    nup = peticao.processo.nup
    url_inter = reverse("externo:peticao_intercorrente", args=[nup])
    assert client.get(url_inter).status_code == 200
    assert client.get(url_inter + "?intimacao=123").status_code == 404  # no such intimação of this user
    r = client.post(
        url_inter, {f"documento_{_tipo_doc('Comprovante').pk}": pdf("novo.pdf"), "senha": SENHA_PADRAO}
    )
    assert r.status_code == 302
    assert Peticao.objects.filter(processo__nup=nup, tipo="intercorrente").count() == 1

    # Maria guesses João's ids, NUP and receipt number: 404 everywhere, nothing listed.
    maria = criar_externo(cpf="11144477735", nome="Maria Cidadã").usuario
    client.force_login(maria, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("externo:peticao_recibo", args=[peticao.pk])).status_code == 404
    assert client.get(reverse("externo:peticao_intercorrente", args=[nup])).status_code == 404
    assert peticao.processo.nup_formatado not in client.get(reverse("externo:peticoes")).content.decode()
    c = api(maria)
    assert c.get(f"{URL}{peticao.pk}/recibo").status_code == 404
    assert c.get(f"/api/v1/externo/documentos/{peticao.recibo.numero_sei}/pdf").status_code == 404
    assert c.get(URL).json()["results"] == []
    r = c.post(
        URL,
        {"nup": nup, f"documento_{_tipo_doc('Comprovante').pk}": pdf(), "senha": SENHA_PADRAO},
        format="multipart",
    )
    assert r.status_code == 404
    assert Peticao.objects.count() == 2


def test_intercorrente_pela_api_com_acesso_externo_concedido(cena, conceder, tipo_peticao):
    conceder(cena.a, cena.p, usuario=cena.joao)
    tipo_doc = _tipo_doc("Comprovante")
    dados = {"nup": cena.p.nup_formatado, f"documento_{tipo_doc.pk}": pdf(), "senha": SENHA_PADRAO}
    r = api(cena.joao).post(URL, dados, format="multipart")
    assert r.status_code == 201, r.content
    assert r.json()["nup"] == cena.p.nup_formatado
    dados["documento_" + str(tipo_doc.pk)] = pdf()
    assert api(cena.maria).post(URL, dados, format="multipart").status_code == 404
