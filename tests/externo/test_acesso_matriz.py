"""The access matrix of external users (issue 12 §7), across the portal's pages and its API: a
user with a grant on P reads P and nothing else; parcial shows only the chosen documents; never a
minuta, a cancelled document or a sigiloso; after expiry or revocation, nothing; no internal
route; guessed NUPs and números SEI are 404 like what does not exist."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from externo import acessos
from externo.models import AcessoExterno
from processos.models import LeituraAuditada
from tests.externo.conftest import com_permissao_de_liberar
from tests.factories import bloquear

pytestmark = pytest.mark.django_db

CANAIS = ["portal", "api"]


class Leitor:
    """One external user reading through one channel (the portal's pages or its API)."""

    def __init__(self, canal, usuario):
        self.canal = canal
        if canal == "api":
            self.c = APIClient()
            token, _ = Token.objects.get_or_create(user=usuario)
            self.c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        else:
            from django.test import Client

            self.c = Client()
            self.c.force_login(usuario, backend="django.contrib.auth.backends.ModelBackend")

    def processos(self) -> set[str]:
        if self.canal == "api":
            r = self.c.get("/api/v1/externo/processos/")
            assert r.status_code == 200
            return {linha["nup"] for linha in r.json()["results"]}
        r = self.c.get("/externo/")
        assert r.status_code == 200
        return set(re.findall(r'href="/externo/processos/(\d{17})/"', r.content.decode()))

    def processo(self, nup) -> tuple[int, set[int]]:
        """(status, the números SEI of the documents listed)."""
        if self.canal == "api":
            r = self.c.get(f"/api/v1/externo/processos/{nup}/")
            if r.status_code != 200:
                return r.status_code, set()
            return 200, {d["numero_sei"] for d in r.json()["documentos"]}
        r = self.c.get(f"/externo/processos/{nup}/")
        if r.status_code != 200:
            return r.status_code, set()
        return 200, {int(n) for n in re.findall(r'href="/externo/documentos/(\d+)/pdf"', r.content.decode())}

    def documento(self, numero_sei, o_que="conteudo") -> int:
        prefixo = "/api/v1/externo" if self.canal == "api" else "/externo"
        return self.c.get(f"{prefixo}/documentos/{numero_sei}/{o_que}").status_code


def documentos_de(cena):
    return [cena.assinado, cena.minuta, cena.anexo, cena.cancelado, cena.de_q]


@pytest.mark.parametrize("canal", CANAIS)
def test_integral_le_o_processo_e_nada_mais(cena, conceder, canal):
    conceder(cena.a, cena.p, usuario=cena.joao)
    joao = Leitor(canal, cena.joao)

    assert joao.processos() == {cena.p.nup}
    assert joao.processo(cena.p.nup) == (200, {cena.assinado.numero_sei, cena.anexo.numero_sei})
    for outro in (cena.q, cena.s):
        assert joao.processo(outro.nup)[0] == 404
    assert joao.processo("99999000001202699")[0] == 404  # a guessed NUP
    assert joao.processo("nada")[0] == 404
    permitidos = {cena.assinado.pk, cena.anexo.pk}
    for documento in documentos_de(cena):
        esperado = 200 if documento.pk in permitidos else 404
        assert joao.documento(documento.numero_sei) == esperado, documento
    assert joao.documento(cena.anexo.numero_sei, "pdf") == 200
    assert joao.documento(cena.minuta.numero_sei, "pdf") == 404
    assert joao.documento(cena.de_q.numero_sei, "pdf") == 404
    assert joao.documento(9999999) == 404  # a guessed número SEI


@pytest.mark.parametrize("canal", CANAIS)
def test_outro_usuario_nao_le_o_acesso_de_joao(cena, conceder, canal):
    conceder(cena.a, cena.p, usuario=cena.joao)
    maria = Leitor(canal, cena.maria)
    assert maria.processos() == set()
    assert maria.processo(cena.p.nup)[0] == 404
    assert maria.documento(cena.anexo.numero_sei) == 404


@pytest.mark.parametrize("canal", CANAIS)
def test_parcial_mostra_so_os_documentos_escolhidos(cena, conceder, criar_documento, canal):
    conceder(cena.a, cena.p, usuario=cena.maria, tipo="parcial", documentos=[cena.anexo])
    bloquear(criar_documento(cena.a, cena.p, conteudo="<p>Futuro</p>"))  # not chosen: not shown
    maria = Leitor(canal, cena.maria)

    assert maria.processos() == {cena.p.nup}
    assert maria.processo(cena.p.nup) == (200, {cena.anexo.numero_sei})
    assert maria.documento(cena.anexo.numero_sei) == 200
    assert maria.documento(cena.assinado.numero_sei) == 404
    assert maria.documento(cena.assinado.numero_sei, "pdf") == 404


@pytest.mark.parametrize("canal", CANAIS)
@pytest.mark.parametrize("fim", ["cancelado", "vencido", "expirado_pelo_beat", "cadastro_desativado"])
def test_depois_do_fim_nada(cena, conceder, canal, fim):
    concessao = conceder(cena.a, cena.p, usuario=cena.joao)
    joao = Leitor(canal, cena.joao)
    assert joao.processo(cena.p.nup)[0] == 200

    if fim == "cancelado":
        acessos.acesso_externo_cancelar(ator=cena.a, processo=cena.p, acesso_id=concessao.pk, motivo="Fim")
    else:
        ontem = timezone.localdate() - timedelta(days=1)
        AcessoExterno.objects.filter(pk=concessao.pk).update(valido_ate=ontem)
        if fim == "expirado_pelo_beat":
            acessos.expirar_vencidos()
        elif fim == "cadastro_desativado":
            AcessoExterno.objects.filter(pk=concessao.pk).update(valido_ate=timezone.localdate())
            from externo import services

            services.cadastro_desativar(ator=com_permissao_de_liberar(cena.a), usuario=cena.joao, motivo="Fraude")

    if fim == "cadastro_desativado":  # not even into the portal
        esperado = 403 if canal == "api" else 302
        assert (
            joao.c.get("/api/v1/externo/processos/" if canal == "api" else "/externo/").status_code
            == esperado
        )
        return
    assert joao.processos() == set()
    assert joao.processo(cena.p.nup)[0] == 404
    assert joao.documento(cena.anexo.numero_sei) == 404
    assert joao.documento(cena.assinado.numero_sei, "pdf") == 404


@pytest.mark.parametrize("canal", CANAIS)
def test_nenhuma_rota_interna_para_o_externo(cena, conceder, canal):
    conceder(cena.a, cena.p, usuario=cena.joao)
    joao = Leitor(canal, cena.joao)
    for caminho in (
        f"/api/v1/processos/{cena.p.nup}/",
        f"/api/v1/documentos/{cena.anexo.numero_sei}/conteudo",
        f"/api/v1/processos/{cena.p.nup}/acessos-externos/",
        "/api/v1/processos/",
    ):
        assert joao.c.get(caminho).status_code == 403, caminho
    if canal == "portal":
        for caminho in (
            f"/processos/{cena.p.nup}/",
            f"/processos/{cena.p.nup}/acessos-externos/",
            "/acessos-externos/",
        ):
            r = joao.c.get(caminho)
            assert r.status_code == 302 and r.url == "/externo/", caminho


def test_a_api_do_portal_nao_responde_ao_usuario_interno(cena, conceder, cliente_api, entrar):
    conceder(cena.a, cena.p, usuario=cena.joao)
    interno = cliente_api(cena.a)
    for caminho in (
        "/api/v1/externo/processos/",
        f"/api/v1/externo/processos/{cena.p.nup}/",
        f"/api/v1/externo/documentos/{cena.anexo.numero_sei}/pdf",
    ):
        r = interno.get(caminho)
        assert r.status_code == 403 and r.json()["code"] == "usuario_interno", caminho
    assert APIClient().get("/api/v1/externo/processos/").status_code == 401
    # An internal session in the portal's pages is sent to the portal's login.
    navegador = entrar(cena.a)
    assert navegador.get(f"/externo/processos/{cena.p.nup}/").status_code == 302


@pytest.mark.parametrize("canal", CANAIS)
def test_cada_leitura_fica_na_auditoria_e_bloqueia_o_documento(cena, conceder, canal):
    conceder(cena.a, cena.p, usuario=cena.joao)
    joao = Leitor(canal, cena.joao)
    assert cena.anexo.bloqueado_em is None

    joao.processo(cena.p.nup)
    joao.documento(cena.anexo.numero_sei)
    joao.documento(cena.anexo.numero_sei, "pdf")

    leituras = LeituraAuditada.objects.filter(usuario=cena.joao).order_by("id")
    assert [(lida.objeto, lida.numero_sei) for lida in leituras] == [
        ("processo", ""),
        ("arquivo", cena.anexo.numero_sei_formatado),
        ("pdf", cena.anexo.numero_sei_formatado),
    ]
    assert {(lida.canal, lida.unidade_id) for lida in leituras} == {
        ("api" if canal == "api" else "web", cena.a.unidade.pk)
    }
    cena.anexo.refresh_from_db()
    assert cena.anexo.bloqueado_em is not None


@pytest.mark.parametrize("canal", CANAIS)
def test_historico_resumido_sem_texto_livre(cena, conceder, canal):
    from processos.services import processo_atualizar_andamento

    processo_atualizar_andamento(ator=cena.a, processo=cena.p, texto="CANARIO-ANDAMENTO")
    conceder(cena.a, cena.p, usuario=cena.joao, motivo="CANARIO-MOTIVO")
    conceder(cena.a, cena.p, usuario=cena.maria, tipo="parcial", documentos=[cena.anexo])
    joao = Leitor(canal, cena.joao)
    corpo = joao.c.get(
        f"/api/v1/externo/processos/{cena.p.nup}/" if canal == "api" else f"/externo/processos/{cena.p.nup}/"
    ).content.decode()
    assert "Processo gerado" in corpo
    for segredo in ("CANARIO-ANDAMENTO", "CANARIO-MOTIVO", "Maria", "MINUTA-SECRETA"):
        assert segredo not in corpo


def test_conteudo_do_documento_interno_assinado_e_html_em_sandbox(cena, conceder):
    conceder(cena.a, cena.p, usuario=cena.joao)
    r = Leitor("api", cena.joao).c.get(f"/api/v1/externo/documentos/{cena.assinado.numero_sei}/conteudo")
    assert r.status_code == 200 and "Parecer assinado" in r.content.decode()
    assert r["Content-Security-Policy"].startswith("sandbox") and r["Cache-Control"] == "no-store"


def test_inicio_com_muitos_acessos_em_poucas_consultas(
    cena, conceder, criar_processo, django_assert_max_num_queries
):
    for _ in range(5):
        conceder(cena.a, criar_processo(cena.a), usuario=cena.joao)
    joao = Leitor("api", cena.joao)
    with django_assert_max_num_queries(8):
        assert len(joao.processos()) == 5


def test_inicio_do_portal_em_paginas_de_50_com_filtro_por_nup_ou_tipo(
    cena, conceder, criar_processo, django_assert_max_num_queries, settings
):
    """A law firm follows hundreds of processes: the home lists 50 a page, newest first, and
    finds one by part of its NUP or by its type, in the same few queries whatever the count."""
    from externo.models import AcessoExterno

    AcessoExterno.objects.all().delete()
    processos = [criar_processo(cena.a) for _ in range(52)]
    for processo in processos:
        conceder(cena.a, processo, usuario=cena.joao)
    joao = Leitor("portal", cena.joao)
    with django_assert_max_num_queries(12):
        r = joao.c.get("/externo/")
    pagina = r.content.decode()
    primeira = re.findall(r'href="/externo/processos/(\d{17})/"', pagina)
    assert len(primeira) == 50 and primeira[0] == processos[-1].nup
    assert "52 processos." in pagina and "Página 1 de 2" in pagina
    segunda = re.findall(r'href="/externo/processos/(\d{17})/"', joao.c.get("/externo/?pagina=2").content.decode())
    assert set(segunda) == {processos[1].nup, processos[0].nup}

    alvo = processos[7]
    achados = re.findall(
        r'href="/externo/processos/(\d{17})/"', joao.c.get("/externo/", {"q": alvo.nup_formatado}).content.decode()
    )
    assert achados == [alvo.nup]
    assert "Nenhum processo disponibilizado com" in joao.c.get("/externo/", {"q": "Tipo que não existe"}).content.decode()
    por_tipo = joao.c.get("/externo/", {"q": alvo.tipo.nome[:8].lower()}).content.decode()
    assert "52 processos" in por_tipo


@pytest.mark.parametrize("canal", CANAIS)
def test_pdf_e_zip_do_processo_so_com_o_que_foi_disponibilizado(cena, conceder, canal):
    import io
    import zipfile

    conceder(cena.a, cena.p, usuario=cena.maria, tipo="parcial", documentos=[cena.anexo])
    maria = Leitor(canal, cena.maria)
    prefixo = "/api/v1/externo" if canal == "api" else "/externo"

    r = maria.c.get(f"{prefixo}/processos/{cena.p.nup}/zip")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content))) as pacote:
        nomes = pacote.namelist()
    assert len(nomes) == 1 and cena.anexo.numero_sei_formatado in nomes[0]

    r = maria.c.get(f"{prefixo}/processos/{cena.p.nup}/pdf")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert LeituraAuditada.objects.filter(usuario=cena.maria, objeto="exportacao").count() == 2

    assert maria.c.get(f"{prefixo}/processos/{cena.q.nup}/zip").status_code == 404
    assert maria.c.get(f"{prefixo}/processos/{cena.p.nup}/exe").status_code == 404
    AcessoExterno.objects.update(valido_ate=timezone.localdate() - timedelta(days=1))
    assert maria.c.get(f"{prefixo}/processos/{cena.p.nup}/zip").status_code == 404
