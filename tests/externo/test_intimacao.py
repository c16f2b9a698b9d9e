"""Intimação eletrônica: the unit expedites (page and API), the user takes ciência (expressa or
tácita after the term), the answer term counts from it, nobody else sees it, no minuta, a
cancelled one leaves the portal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from externo import intimacoes, selectors
from externo.models import Intimacao
from externo.tasks import registrar_ciencias_tacitas
from processos.models import Andamento
from sei.exceptions import EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.senhas import SenhaConfirmada
from tests.factories import SENHA_PADRAO

pytestmark = pytest.mark.django_db


@pytest.fixture
def intimar(django_capture_on_commit_callbacks):
    def _intimar(ator, processo, usuario, documentos, tipo_resposta="exigida", prazo_dias=15):
        with django_capture_on_commit_callbacks(execute=True):
            return intimacoes.intimacao_expedir(
                ator=ator,
                processo=processo,
                senha=SenhaConfirmada(usuario_id=ator.usuario.pk),
                cpf=usuario.cpf,
                documentos=[d.numero_sei for d in documentos],
                tipo_resposta=tipo_resposta,
                prazo_dias=prazo_dias,
            )

    return _intimar


def tipos(processo):
    return list(processo.andamentos.values_list("tipo", flat=True))


def test_expedir_da_acesso_aos_documentos_registra_andamento_e_avisa(cena, intimar):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado])

    assert Andamento.Tipo.INTIMACAO_EXPEDIDA in tipos(cena.p)
    assert mail.outbox[-1].to == [cena.joao.email]
    assert f"/externo/intimacoes/{intimacao.pk}/" in mail.outbox[-1].body
    ator = selectors.ator_externo(cena.joao)
    assert [d.numero_sei for d in selectors.documentos_da_intimacao(ator=ator, intimacao=intimacao)] == [
        cena.assinado.numero_sei
    ]
    # Only the intimated document: not the external one nor the minuta.
    lidos = {d.numero_sei for d in selectors.documentos_do_processo(ator=ator, processo=cena.p)}
    assert lidos == {cena.assinado.numero_sei}
    assert intimacao.situacao() == "aguardando" and intimacao.prazo_ate() is None


def test_minuta_nao_pode_ser_intimada_e_nada_fica_pela_metade(cena, intimar):
    with pytest.raises(EntradaInvalida):
        intimar(cena.a, cena.p, cena.joao, [cena.assinado, cena.minuta])
    assert not Intimacao.objects.exists()
    assert Andamento.Tipo.INTIMACAO_EXPEDIDA not in tipos(cena.p)
    assert not selectors.intimacoes_do_usuario(ator=selectors.ator_externo(cena.joao))


def test_ciencia_expressa_registra_andamento_e_calcula_prazo(cena, intimar):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado], prazo_dias=15)
    quando = timezone.now() + timedelta(days=2)

    intimacoes.intimacao_tomar_ciencia(usuario=cena.joao, intimacao_id=intimacao.pk, agora=quando)

    intimacao.refresh_from_db()
    assert intimacao.situacao() == "expressa"
    assert intimacao.prazo_ate() == timezone.localdate(quando) + timedelta(days=15)
    andamento = cena.p.andamentos.filter(tipo=Andamento.Tipo.INTIMACAO_CIENCIA).get()
    assert andamento.atributos["prazo_ate"] == intimacao.prazo_ate().isoformat()
    # A second ciência changes nothing.
    intimacoes.intimacao_tomar_ciencia(usuario=cena.joao, intimacao_id=intimacao.pk)
    assert cena.p.andamentos.filter(tipo=Andamento.Tipo.INTIMACAO_CIENCIA).count() == 1


def test_ler_documento_intimado_e_ciencia(cena, intimar):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado])
    ator = selectors.ator_externo(cena.joao)
    selectors.conteudo_do_documento(ator=ator, documento=cena.assinado, canal="web")
    intimacao.refresh_from_db()
    assert intimacao.ciencia_tipo == Intimacao.Ciencia.EXPRESSA


def test_ciencia_tacita_depois_de_10_dias(cena, intimar, settings):
    settings.SEI_INTIMACAO_PRAZO_TACITO_DIAS = 10
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado], prazo_dias=5)
    nove = timezone.now() + timedelta(days=9)
    assert intimacoes.registrar_tacitas(agora=nove) == 0
    assert intimacao.situacao(nove) == "aguardando"

    onze = timezone.now() + timedelta(days=11)
    # Before the beat, the reading already shows it as tacit, with the term from the tacit date.
    assert intimacao.situacao(onze) == "tacita"
    assert intimacao.prazo_ate(onze) == timezone.localdate(intimacao.tacita_em) + timedelta(days=5)
    assert intimacoes.registrar_tacitas(agora=onze) == 1
    assert intimacoes.registrar_tacitas(agora=onze) == 0
    intimacao.refresh_from_db()
    assert intimacao.ciencia_tipo == Intimacao.Ciencia.TACITA and intimacao.ciencia_em == intimacao.tacita_em
    assert cena.p.andamentos.filter(tipo=Andamento.Tipo.INTIMACAO_CIENCIA_TACITA).count() == 1
    # Opening it afterwards does not turn it into an expressa one; nor can it be cancelled.
    intimacoes.intimacao_tomar_ciencia(usuario=cena.joao, intimacao_id=intimacao.pk, agora=onze)
    assert not cena.p.andamentos.filter(tipo=Andamento.Tipo.INTIMACAO_CIENCIA).exists()
    with pytest.raises(RegraDeNegocio):
        intimacoes.intimacao_cancelar(ator=cena.a, processo=cena.p, intimacao_id=intimacao.pk, motivo="x")


def test_tarefa_do_beat_existe(cena, intimar):
    intimar(cena.a, cena.p, cena.joao, [cena.assinado])
    assert registrar_ciencias_tacitas() == 0


def test_outro_usuario_nao_ve_nem_adivinhando_o_id(cena, intimar, client):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado])
    ator_maria = selectors.ator_externo(cena.maria)
    assert selectors.intimacoes_do_usuario(ator=ator_maria) == []
    with pytest.raises(NaoEncontrado):
        selectors.intimacao_do_usuario(ator=ator_maria, intimacao_id=intimacao.pk)
    with pytest.raises(NaoEncontrado):
        intimacoes.intimacao_tomar_ciencia(usuario=cena.maria, intimacao_id=intimacao.pk)
    client.force_login(cena.maria)
    assert client.get(reverse("externo:intimacao", args=[intimacao.pk])).status_code == 404
    resposta = client.post(reverse("api-externo-intimacao-ciencia", args=[intimacao.pk]))
    assert resposta.status_code == 404
    intimacao.refresh_from_db()
    assert intimacao.ciencia_em is None


def test_cancelada_some_do_portal(cena, intimar):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado])
    intimacoes.intimacao_cancelar(ator=cena.a, processo=cena.p, intimacao_id=intimacao.pk, motivo="Engano")
    ator = selectors.ator_externo(cena.joao)
    assert selectors.intimacoes_do_usuario(ator=ator) == []
    with pytest.raises(NaoEncontrado):
        selectors.intimacao_do_usuario(ator=ator, intimacao_id=intimacao.pk)
    assert not list(selectors.documentos_do_processo(ator=ator, processo=cena.p))
    assert Andamento.Tipo.INTIMACAO_CANCELADA in tipos(cena.p)


def test_responder_marca_respondida(cena, intimar):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado])
    intimacoes.intimacao_responder(intimacao, peticao_ou_documentos=[cena.anexo])
    intimacao.refresh_from_db()
    assert intimacao.situacao() == "respondida" and intimacao.ciencia_tipo == "expressa"
    assert intimacao.resposta == {"documentos": [cena.anexo.numero_sei]}
    assert Andamento.Tipo.INTIMACAO_RESPONDIDA in tipos(cena.p)
    with pytest.raises(RegraDeNegocio):
        intimacoes.intimacao_responder(intimacao, peticao_ou_documentos=[cena.anexo])


def test_expedir_pela_api(cena, client):
    client.force_login(cena.a.usuario)
    url = reverse("api-processo-intimacoes", args=[cena.p.nup])
    dados = {
        "cpf": cena.joao.cpf,
        "documentos": [cena.assinado.numero_sei],
        "tipo_resposta": "exigida",
        "prazo_dias": 10,
        "senha": SENHA_PADRAO,
    }
    resposta = client.post(url, dados, content_type="application/json")
    assert resposta.status_code == 201, resposta.content
    assert resposta.json()["situacao"] == "aguardando"
    assert client.get(url).json()["results"][0]["id"] == resposta.json()["id"]
    errada = client.post(
        url, {**dados, "documentos": [cena.minuta.numero_sei]}, content_type="application/json"
    )
    assert errada.status_code == 400
    assert Intimacao.objects.count() == 1


def test_portal_e_api_externa(cena, intimar, client):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado])
    client.force_login(cena.joao)
    inicio = client.get(reverse("externo:inicio"))
    assert "Aguardando ciência" in inicio.content.decode()
    lista = client.get(reverse("api-externo-intimacoes")).json()
    assert [i["id"] for i in lista["results"]] == [intimacao.pk]
    resposta = client.post(reverse("api-externo-intimacao-ciencia", args=[intimacao.pk]))
    assert resposta.status_code == 200 and resposta.json()["situacao"] == "expressa"
    assert resposta.json()["prazo_ate"]


def test_pagina_expede_lista_e_cancela(cena, entrar, django_capture_on_commit_callbacks):
    navegador = entrar(cena.a)
    assert (
        f'href="/processos/{cena.p.nup}/intimacoes/"'
        in navegador.get(f"/processos/{cena.p.nup}/").content.decode()
    )
    endereco = f"/processos/{cena.p.nup}/intimacoes/"
    pagina = navegador.get(endereco).content.decode()
    assert "Expedir intimação" in pagina
    assert cena.assinado.rotulo in pagina and cena.minuta.rotulo not in pagina
    dados = {
        "cpf": cena.joao.cpf,
        "documentos": [str(cena.assinado.numero_sei)],
        "tipo_resposta": "exigida",
        "prazo_dias": "10",
        "senha": "errada",
    }
    r = navegador.post(endereco, dados)
    assert r.status_code == 400 and "Senha incorreta" in r.content.decode()
    assert not Intimacao.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = navegador.post(endereco, {**dados, "senha": SENHA_PADRAO}, follow=True)
    pagina = r.content.decode()
    assert "Intimação expedida a João Cidadão" in pagina and "Aguardando ciência" in pagina
    intimacao = Intimacao.objects.get()
    da_unidade = navegador.get("/intimacoes/").content.decode()
    assert cena.p.nup_formatado in da_unidade and 'href="/intimacoes/" aria-current="page"' in da_unidade

    r = navegador.post(f"{endereco}{intimacao.pk}/cancelar/", {"motivo": "Engano"}, follow=True)
    assert "Intimação cancelada." in r.content.decode()
    intimacao.refresh_from_db()
    assert intimacao.situacao() == "cancelada"


def test_portal_mostra_a_intimacao_e_registra_a_ciencia_pelo_botao(cena, intimar, client):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado], prazo_dias=10)
    client.force_login(cena.joao)
    endereco = reverse("externo:intimacao", args=[intimacao.pk])
    pagina = client.get(endereco).content.decode()
    assert "Tomo ciência" in pagina and cena.assinado.rotulo in pagina
    responder = reverse("externo:peticao_intercorrente", args=[cena.p.nup]) + f"?intimacao={intimacao.pk}"
    assert f'href="{responder}"' in pagina  # the answer is an intercorrente petition
    r = client.post(reverse("externo:intimacao_ciencia", args=[intimacao.pk]), follow=True)
    pagina = r.content.decode()
    assert "Ciência registrada." in pagina and "Tomo ciência" not in pagina and "Ciência expressa" in pagina


def test_so_usuario_externo_liberado_e_intimado(cena, intimar, criar_externo):
    pendente = criar_externo(cpf="39053344705", nome="Pedro Pendente", liberado=False).usuario
    with pytest.raises(EntradaInvalida):
        intimar(cena.a, cena.p, pendente, [cena.assinado])
    assert not Intimacao.objects.exists()


def test_api_externa_detalhe_do_proprio_e_404_do_alheio(cena, intimar, client):
    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado], prazo_dias=3)
    client.force_login(cena.joao)
    dados = client.get(reverse("api-externo-intimacao", args=[intimacao.pk])).json()
    assert dados["documentos"] == [cena.assinado.numero_sei] and dados["situacao"] == "aguardando"
    assert dados["prazo_ate"] is None and dados["prazo_dias"] == 3
    client.force_login(cena.maria)
    assert client.get(reverse("api-externo-intimacao", args=[intimacao.pk])).status_code == 404
    assert client.get(reverse("api-externo-intimacao", args=[intimacao.pk + 1000])).status_code == 404


def _resposta(tipo_doc_nome="Comprovante"):
    from tests.externo.peticoes_apoio import _tipo_doc, arquivo

    return {f"documento_{_tipo_doc(tipo_doc_nome).pk}": arquivo("resposta.pdf"), "senha": SENHA_PADRAO}


def test_resposta_pela_peticao_intercorrente_marca_a_intimacao_respondida(
    cena, intimar, client, selo, django_capture_on_commit_callbacks
):
    """"Responder" opens the intercorrente petition; sending it answers the intimação (ciência
    too, if none was taken), with its receipt; a second answer is refused and creates nothing."""
    from externo.models import Peticao

    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado], prazo_dias=10)
    client.force_login(cena.joao)
    endereco = reverse("externo:peticao_intercorrente", args=[cena.p.nup]) + f"?intimacao={intimacao.pk}"
    assert "Esta petição responde à intimação eletrônica" in client.get(endereco).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(endereco, _resposta())
    assert r.status_code == 302, r.content.decode()[:500]
    intimacao.refresh_from_db()
    peticao = Peticao.objects.get()
    assert intimacao.situacao() == "respondida" and intimacao.ciencia_tipo == Intimacao.Ciencia.EXPRESSA
    assert peticao.recibo.numero_sei in intimacao.resposta["documentos"]
    assert Andamento.objects.filter(processo=cena.p, tipo=Andamento.Tipo.INTIMACAO_RESPONDIDA).count() == 1
    pagina = client.get(reverse("externo:intimacao", args=[intimacao.pk])).content.decode()
    assert "Respondida" in pagina and ">Responder<" not in pagina

    r = client.post(endereco, _resposta())
    assert r.status_code == 409 and "já foi respondida" in r.content.decode()
    assert Peticao.objects.count() == 1  # all or nothing: no second petition


def test_resposta_pela_api_e_intimacao_alheia_404(cena, intimar, selo, criar_externo):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from externo.models import Peticao

    intimacao = intimar(cena.a, cena.p, cena.joao, [cena.assinado], prazo_dias=5)
    outra = criar_externo(cpf="39053344705", nome="Rita Outra", liberado=True).usuario

    def api(usuario):
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=usuario)[0].key}")
        return c

    intimar(cena.a, cena.p, outra, [cena.assinado])  # Rita may petition in P too
    dados = {"nup": cena.p.nup_formatado, "intimacao": intimacao.pk, **_resposta()}
    assert api(outra).post("/api/v1/externo/peticoes/", dados, format="multipart").status_code == 404
    assert not Peticao.objects.exists()

    r = api(cena.joao).post("/api/v1/externo/peticoes/", {**dados, **_resposta()}, format="multipart")
    assert r.status_code == 201, r.content
    intimacao.refresh_from_db()
    assert intimacao.respondida_em is not None
    assert api(cena.joao).get(f"/api/v1/externo/intimacoes/{intimacao.pk}/").json()["situacao"] == "respondida"
