"""Ouvidoria: the public form keeps the manifestation pending (files stored) and mails a signed
link; confirming (POST) opens the process in the ouvidoria unit, unread, with the text, the
attachments and the signed recibo — all or nothing; expired links are swept with their files."""

import io
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from busca import publica
from documentos.models import Documento
from externo import ouvidoria, tasks
from externo.models import Manifestacao, TipoManifestacao
from processos.models import Atividade, ContadorNUP, HipoteseLegal, NivelAcesso, Processo
from tests.externo.peticoes_apoio import _tipo_doc, arquivo, arquivos_guardados, pdf_com_javascript
from tests.factories import tipo_processo

CPF = "52998224725"
ENDERECO = "127.0.0.1"


@pytest.fixture(autouse=True)
def _limite_zerado():
    chaves = [f"sei:publico:{ENDERECO}", f"sei-ouvidoria:ip:{ENDERECO}"]
    cache.delete_many(chaves)
    yield
    cache.delete_many(chaves)


@pytest.fixture
def tipo_manifestacao(db, unidades, selo):  # noqa: F811 - selo comes from the package's conftest
    hipotese = HipoteseLegal.objects.filter(
        nivel=NivelAcesso.RESTRITO
    ).first() or HipoteseLegal.objects.create(
        nome="Informação Pessoal", nivel=NivelAcesso.RESTRITO, base_legal="Art. 31 da Lei 12.527/2011"
    )
    return TipoManifestacao.objects.create(
        nome="Denúncia",
        tipo_processo=tipo_processo(nome="Ouvidoria: Denúncia"),
        unidade=unidades["B"],
        tipo_documento=_tipo_doc("Manifestação"),
        nivel_acesso=NivelAcesso.RESTRITO,
        hipotese_legal=hipotese,
    )


def _dados(tipo, **extra):
    return {
        "tipo": tipo.pk,
        "nome": "Joana Manifestante",
        "email": "joana@exemplo.com.br",
        "cpf": "529.982.247-25",
        "telefone": "(27) 99999-0000",
        "assunto": "Fila no atendimento",
        "texto": "Esperei <b>três horas</b> na fila do protocolo.",
        **extra,
    }


def _link(mensagem, nome):
    return re.search(r"https?://[^/\s]+(/publico/ouvidoria/" + nome + r"/\S+)", mensagem.body).group(1)


def _enviar(client, tipo, mailoutbox, django_capture_on_commit_callbacks, anexos=(), **extra):
    with django_capture_on_commit_callbacks(execute=True):
        resposta = client.post(
            reverse("ouvidoria:formulario"), {**_dados(tipo, **extra), "anexos": list(anexos)}
        )
    return resposta


def test_fluxo_completo(client, tipo_manifestacao, selo, mailoutbox, django_capture_on_commit_callbacks, atores,  # noqa: F811
                        cliente_api):  # fmt: skip
    resposta = _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks,
                       anexos=[arquivo("foto.pdf")])  # fmt: skip
    assert resposta.status_code == 302 and resposta["Location"] == reverse("ouvidoria:enviada")
    assert not Processo.objects.exists()
    pendente = Manifestacao.objects.get()
    assert pendente.cpf == CPF and pendente.confirmada_em is None and len(pendente.arquivos) == 1
    assert default_storage.exists(pendente.arquivos[0]["nome_storage"])
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["joana@exemplo.com.br"]
    link = _link(mailoutbox[0], "confirmar")

    # GET only shows the button: nothing changes.
    pagina = client.get(link)
    assert pagina.status_code == 200 and "Confirmar e registrar" in pagina.content.decode()
    assert not Processo.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmada = client.post(link)
    assert confirmada.status_code == 200
    processo = Processo.objects.get()
    html = confirmada.content.decode()
    assert processo.nup_formatado in html
    assert processo.tipo == tipo_manifestacao.tipo_processo and processo.nivel_acesso == NivelAcesso.RESTRITO
    assert processo.especificacao == "Denúncia: Fila no atendimento"
    assert processo.interessados.get().nome == "Joana Manifestante"
    assert processo.interessados.get().cpf_cnpj == CPF
    # Unread in the ouvidoria unit's inbox.
    atividade = Atividade.objects.get(processo=processo)
    assert (
        atividade.unidade == tipo_manifestacao.unidade and atividade.aberta and atividade.recebida_em is None
    )
    caixa = cliente_api(atores["B"]).get("/api/v1/controle-processos/").json()
    assert processo.nup in str(caixa)
    # The text as a PDF, the attachment, both from the citizen; the recibo signed with the seal.
    documentos = list(Documento.objects.filter(processo=processo).order_by("numero_sei"))
    assert len(documentos) == 3
    texto, anexo, recibo = documentos
    assert texto.remetente == anexo.remetente == "Joana Manifestante"
    assert anexo.arquivo_nome == pendente.arquivos[0]["nome_storage"]
    assert recibo.estado == Documento.Estado.ASSINADO
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    assinado = default_storage.open(recibo.pdf_assinado_nome).read()
    situacao = validate_pdf_signature(PdfFileReader(io.BytesIO(assinado)).embedded_signatures[0])
    assert situacao.intact
    assert situacao.signing_cert.sha256_fingerprint.replace(" ", "").lower() == selo.impressao_sha256
    assert processo.andamentos.filter(tipo="peticao").exists()
    # The recibo by e-mail and by the link on the page (no login).
    assert len(mailoutbox) == 2 and mailoutbox[1].attachments[0][0] == f"recibo-{recibo.numero_sei}.pdf"
    baixado = client.get(_link(mailoutbox[1], "recibo"))
    assert baixado.status_code == 200 and b"".join(baixado.streaming_content) == assinado
    da_pagina = re.search(r'href="(/publico/ouvidoria/recibo/[^"]+)"', html).group(1)
    assert b"".join(client.get(da_pagina).streaming_content) == assinado

    # Confirming twice is harmless: same result, no second process or e-mail.
    de_novo = client.post(link)
    assert de_novo.status_code == 200 and processo.nup_formatado in de_novo.content.decode()
    assert Processo.objects.count() == 1 and len(mailoutbox) == 2


def test_link_adulterado_e_vencido(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks,
                                   settings):  # fmt: skip
    _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks)
    link = _link(mailoutbox[0], "confirmar")
    adulterado = link.rstrip("/")[:-2] + "xx/"
    assert client.get(adulterado).status_code == 404
    assert client.post(adulterado).status_code == 404
    outro = signing.dumps(
        {"m": Manifestacao.objects.get().pk, "e": "outro@x.com"}, salt="externo.ouvidoria.confirmar"
    )
    assert client.post(reverse("ouvidoria:confirmar", args=[outro])).status_code == 404
    settings.SEI_OUVIDORIA_LINK_HORAS = 0
    vencido = client.post(link)
    assert vencido.status_code == 409 and "Este link venceu" in vencido.content.decode()
    assert not Processo.objects.exists()
    assert client.get(reverse("ouvidoria:recibo", args=["nada"])).status_code == 404


@pytest.mark.parametrize("caso", ["javascript", "nao_pdf"])
def test_anexo_recusado_415_e_nada_criado(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks,
                                          caso):  # fmt: skip
    antes = arquivos_guardados()
    ruim = (
        arquivo("mau.pdf", pdf_com_javascript())
        if caso == "javascript"
        else arquivo("nota.txt", b"texto puro\n")
    )
    resposta = _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks,
                       anexos=[arquivo("bom.pdf"), ruim])  # fmt: skip
    assert resposta.status_code == 415
    assert "“" in resposta.content.decode()
    assert not Manifestacao.objects.exists() and mailoutbox == []
    assert arquivos_guardados() == antes


def test_campos_invalidos_400(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks):
    resposta = _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks,
                       cpf="111.111.111-11", email="")  # fmt: skip
    assert resposta.status_code == 400
    html = resposta.content.decode()
    assert "CPF inválido" in html and "Obrigatório" in html or "obrigatório" in html
    assert not Manifestacao.objects.exists()


def test_falha_na_confirmacao_nao_gasta_nup_e_pode_repetir(client, tipo_manifestacao, mailoutbox,
                                                           django_capture_on_commit_callbacks):  # fmt: skip
    """No seal: the confirmation fails after the text PDF was stored; nothing stays but the
    pending manifestation with its own files, and it can be confirmed later."""
    from assinaturas.models import CertificadoOrgao

    _enviar(
        client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks, anexos=[arquivo("a.pdf")]
    )
    link = _link(mailoutbox[0], "confirmar")
    antes = arquivos_guardados()
    CertificadoOrgao.objects.filter(tipo="selo").update(ativo=False)
    with pytest.raises(Exception, match="certificado"):
        ouvidoria.manifestacao_confirmar(token=link.split("/")[-2])
    assert not Processo.objects.exists() and not Documento.objects.exists()
    assert not ContadorNUP.objects.filter(ultimo__gt=0).exists()
    assert arquivos_guardados() == antes
    assert Manifestacao.objects.get().confirmada_em is None
    CertificadoOrgao.objects.filter(tipo="selo").update(ativo=True)
    assert client.post(link).status_code == 200 and Processo.objects.count() == 1


def test_varredura_apaga_pendentes_vencidas_e_seus_arquivos(client, tipo_manifestacao, mailoutbox,
                                                            django_capture_on_commit_callbacks):  # fmt: skip
    _enviar(
        client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks, anexos=[arquivo("a.pdf")]
    )
    pendente = Manifestacao.objects.get()
    nome = pendente.arquivos[0]["nome_storage"]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.apagar_manifestacoes_nao_confirmadas() == 0
    assert default_storage.exists(nome)
    Manifestacao.objects.filter(pk=pendente.pk).update(criada_em=timezone.now() - timedelta(hours=49))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.apagar_manifestacoes_nao_confirmadas() == 1
    assert not Manifestacao.objects.exists() and not default_storage.exists(nome)
    assert client.post(_link(mailoutbox[0], "confirmar")).status_code == 404


def test_limite_por_endereco(client, tipo_manifestacao):
    url = reverse("ouvidoria:formulario")
    for _ in range(publica.LIMITE_POR_MINUTO):
        assert client.get(url).status_code == 200
    resposta = client.get(url)
    assert resposta.status_code == 429 and "Muitos pedidos" in resposta.content.decode()


def test_limite_de_manifestacoes_por_hora_por_endereco(
    client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Each manifestation e-mails the address typed: an address sends a few an hour, not a flood."""
    settings.SEI_OUVIDORIA_PEDIDOS = 2
    for _ in range(2):
        assert _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks).status_code == 302
    resposta = _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks)
    assert resposta.status_code == 429 and "Muitas manifestações" in resposta.content.decode()
    assert Manifestacao.objects.count() == 2 and len(mailoutbox) == 2


def test_tipo_inativo_nao_e_oferecido(
    client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks
):
    TipoManifestacao.objects.update(ativo=False)
    assert "não está recebendo" in client.get(reverse("ouvidoria:formulario")).content.decode()
    resposta = _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks)
    assert resposta.status_code == 400 and not Manifestacao.objects.exists()


FORA_DO_AR = "tests.externo.test_peticoes_servicos.ServidorForaDoAr"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def test_link_por_email_uma_vez_e_reenviado_pelo_varredor_quando_o_servidor_falhou(
    client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """The confirmation link goes by a task after the commit; a mail server that fails leaves the
    manifestation pending with no error page; the beat's sweeper sends the link later, once."""
    settings.EMAIL_BACKEND = FORA_DO_AR
    resposta = _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks)
    assert resposta.status_code == 302 and resposta["Location"] == reverse("ouvidoria:enviada")
    manifestacao = Manifestacao.objects.get()
    assert manifestacao.confirmacao_enviada_em is None and mailoutbox == []

    settings.EMAIL_BACKEND = LOCMEM
    settings.SEI_URL_PUBLICA = "https://sei.exemplo.gov.br"  # the sweeper has no request
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 0  # too recent: the first may still come
    Manifestacao.objects.filter(pk=manifestacao.pk).update(criada_em=timezone.now() - timedelta(minutes=10))
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["joana@exemplo.com.br"]
    manifestacao.refresh_from_db()
    assert manifestacao.confirmacao_enviada_em is not None
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 0
    assert tasks.enviar_confirmacao_da_manifestacao(manifestacao.pk) == "ignorado" and len(mailoutbox) == 1

    # The link sent late works.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_link(mailoutbox[0], "confirmar")).status_code == 200
    assert Processo.objects.count() == 1


def test_link_nao_e_reenviado_depois_de_vencer(
    client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = FORA_DO_AR
    _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks)
    vencida = timezone.now() - timedelta(hours=settings.SEI_OUVIDORIA_LINK_HORAS, minutes=1)
    Manifestacao.objects.update(criada_em=vencida)
    settings.EMAIL_BACKEND = LOCMEM
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 0 and mailoutbox == []


def test_recibo_por_email_uma_vez_e_reenviado_pelo_varredor_quando_o_servidor_falhou(
    client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """The recibo's e-mail goes by a task after the commit; a mail server that fails leaves the
    process standing, the confirmation page with the recibo's link, and the e-mail pending; the
    beat's sweeper sends it later, once."""
    _enviar(client, tipo_manifestacao, mailoutbox, django_capture_on_commit_callbacks)
    link = _link(mailoutbox[0], "confirmar")

    settings.EMAIL_BACKEND = FORA_DO_AR
    with django_capture_on_commit_callbacks(execute=True):
        confirmada = client.post(link)
    assert confirmada.status_code == 200
    processo = Processo.objects.get()
    assert processo.nup_formatado in confirmada.content.decode()
    assert "/publico/ouvidoria/recibo/" in confirmada.content.decode()
    manifestacao = Manifestacao.objects.get()
    assert manifestacao.confirmada_em is not None and manifestacao.recibo_enviado_em is None

    settings.EMAIL_BACKEND = LOCMEM
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 0  # too recent
    dez_minutos = timezone.now() - timedelta(minutes=10)
    Manifestacao.objects.filter(pk=manifestacao.pk).update(confirmada_em=dez_minutos)
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 1
    recibo = manifestacao.recibo
    assert len(mailoutbox) == 2 and mailoutbox[1].attachments[0][0] == f"recibo-{recibo.numero_sei}.pdf"
    manifestacao.refresh_from_db()
    assert manifestacao.recibo_enviado_em is not None
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 0
    assert tasks.enviar_recibo_da_manifestacao(manifestacao.pk) == "ignorado" and len(mailoutbox) == 2

    # Past 24 hours a pending recibo is given up (the link was on the confirmation page).
    Manifestacao.objects.filter(pk=manifestacao.pk).update(
        recibo_enviado_em=None, confirmada_em=timezone.now() - timedelta(hours=25)
    )
    assert tasks.reenviar_emails_da_ouvidoria_pendentes() == 0 and len(mailoutbox) == 2


def test_varredor_dos_emails_esta_no_agendamento_do_beat(settings):
    tarefas = {v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "externo.tasks.reenviar_emails_da_ouvidoria_pendentes" in tarefas
