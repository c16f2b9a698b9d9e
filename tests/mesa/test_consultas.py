"""Every list endpoint and every page that lists things costs the same number of queries with a
few rows as with many (issue 8): a list that queries once per row fails here. Each case grows its
own rows between two measurements and compares the counts."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from documentos import services as documentos_services
from documentos.models import Modelo, TextoPadrao
from processos import services
from processos.models import NivelAcesso
from sei.contexto import SESSAO_SIGILOSO, SESSAO_UNIDADE
from tests.factories import UnidadeFactory, ator_em, lotar, tipo_documento


@pytest.fixture
def cenario(atores, unidades, criar_processo, criar_documento):
    a = atores["A"]
    processo = criar_processo(a, NivelAcesso.RESTRITO)
    documento = criar_documento(a, processo, conteudo="<p>v1</p>")
    sigiloso = criar_processo(a, NivelAcesso.SIGILOSO)
    contador = iter(range(10_000))

    def crescer(quantos: int) -> None:
        """More of every kind of row the lists show."""
        for _ in range(quantos):
            n = next(contador)
            novo = criar_processo(a, NivelAcesso.RESTRITO, interessados=[f"Pessoa {n}"])
            services.processo_enviar(ator=a, processo=novo, destinos=[unidades["B"]], manter_aberto=True)
            services.processo_atualizar_andamento(ator=a, processo=processo, texto=f"Anotação {n}")
            criar_documento(a, processo, conteudo=f"<p>{n}</p>")
            versao = documento.versao_atual
            documentos_services.documento_editar(ator=a, documento=documento, conteudo=f"<p>v{n}</p>", versao_base=versao)
            documento.refresh_from_db()
            colega = ator_em(UnidadeFactory(orgao=a.unidade.orgao), username=f"colega{n}")
            lotar(colega.usuario, a.unidade)
            services.credencial_conceder(ator=a, processo=sigiloso, usuario=colega.usuario, unidade=a.unidade)
            TextoPadrao.objects.create(unidade=a.unidade, nome=f"Texto {n}", conteudo="<p>x</p>")
            Modelo.objects.create(tipo=tipo_documento("Despacho"), nome=f"Modelo {n}", padrao=False)
            UnidadeFactory(orgao=a.unidade.orgao, sigla=f"U{n}")

    return {"a": a, "processo": processo, "documento": documento, "sigiloso": sigiloso, "crescer": crescer}


def _api(ator) -> APIClient:
    c = APIClient()
    token, _ = Token.objects.get_or_create(user=ator.usuario)
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_UNIDADE=ator.unidade.sigla)
    return c


def _navegador(ator, liberados=()):
    from django.test import Client

    c = Client()
    c.force_login(ator.usuario, backend="django.contrib.auth.backends.ModelBackend")
    sessao = c.session
    sessao[SESSAO_UNIDADE] = ator.unidade.pk
    sessao[SESSAO_SIGILOSO] = {nup: time.time() for nup in liberados}
    sessao.save()
    return c


def _consultas(cliente, url: str) -> int:
    with CaptureQueriesContext(connection) as consultas:
        resposta = cliente.get(url)
    assert resposta.status_code == 200, (url, resposta.status_code)
    return len(consultas)


LISTAS = {
    "api unidades": ("api", "/api/v1/unidades/"),
    "api tipos de processo": ("api", "/api/v1/tipos-processo/"),
    "api hipóteses legais": ("api", "/api/v1/hipoteses-legais/"),
    "api processos": ("api", "/api/v1/processos/"),
    "api controle de processos": ("api", "/api/v1/controle-processos/"),
    "api histórico": ("api", "/api/v1/processos/{nup}/andamentos/"),
    "api credenciais": ("api", "/api/v1/processos/{sigiloso}/credenciais/"),
    "api detalhe do processo (árvore)": ("api", "/api/v1/processos/{nup}/"),
    "api tipos de documento": ("api", "/api/v1/tipos-documento/"),
    "api textos padrão": ("api", "/api/v1/textos-padrao/"),
    "api modelos": ("api", "/api/v1/modelos/"),
    "api versões": ("api", "/api/v1/documentos/{numero_sei}/versoes/"),
    "página controle de processos": ("web", "/"),
    "página do processo (árvore, histórico)": ("web", "/processos/{nup}/"),
    "página do sigiloso (credenciais)": ("web", "/processos/{sigiloso}/"),
    "página do documento (árvore)": ("web", "/documentos/{numero_sei}/"),
    "página de versões": ("web", "/documentos/{numero_sei}/versoes/"),
}


@pytest.mark.parametrize("nome", list(LISTAS))
def test_lista_custa_o_mesmo_numero_de_consultas_com_poucas_e_muitas_linhas(nome, cenario):
    canal, modelo = LISTAS[nome]
    a = cenario["a"]
    url = modelo.format(
        nup=cenario["processo"].nup,
        sigiloso=cenario["sigiloso"].nup,
        numero_sei=cenario["documento"].numero_sei_formatado,
    )
    cliente = _api(a) if canal == "api" else _navegador(a, liberados=[cenario["sigiloso"].nup])
    cenario["crescer"](1)
    _consultas(cliente, url)  # warm: sessions, content types, first-use caches
    poucas = _consultas(cliente, url)
    cenario["crescer"](4)
    muitas = _consultas(cliente, url)
    assert muitas == poucas, f"{nome}: {poucas} consultas com poucas linhas, {muitas} com mais"
