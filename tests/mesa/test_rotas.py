"""Every route of the site and of the API that takes a process, a document, a version or an
export, walked for a restrito and a sigiloso process (issue 8): whatever a route serves of their
content, the reader allowed to see it leaves exactly one row in the read audit, and an outsider
gets no content at all (403/404, or the existence-only view of a restrito). A new route that reads
content without going through the read path fails here."""

import io
import re
import time
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from documentos import services as documentos_services
from processos import services
from processos.models import LeituraAuditada, NivelAcesso
from sei.contexto import SESSAO_SIGILOSO, SESSAO_UNIDADE
from tests.factories import tipo_documento

CANARIO = "CANARIO-CONTEUDO"
# Routes that never serve a process's content: authentication, the unit switcher, reference
# lists, the schema and docs, the admin, the inbox (lists show no content), creation forms; the
# external users' registrations (their ``pk`` is a registration's, never a process's); and the
# external portal (pages and API), which answers no internal user, whatever the object (its own
# matrix: tests/externo/test_acesso_matriz.py).
FORA = ("admin/", "entrar/", "sair/", "unidade/", "api/v1/schema/", "api/v1/docs/", "static/", "usuarios-externos/")
FORA += ("externo/", "api/v1/externo/")


@dataclass
class Alvo:
    processo: object
    interno: object
    externo: object
    exportacao: object


def _alvo(ator, nivel, criar_processo, criar_documento, capturar) -> Alvo:
    p = criar_processo(ator, nivel, especificacao=f"{CANARIO} especificação", interessados=[f"{CANARIO} Pessoa"])
    services.processo_atualizar_andamento(ator=ator, processo=p, texto=f"{CANARIO} andamento")
    interno = criar_documento(ator, p, conteudo=f"<p>{CANARIO} no texto</p>", descricao=f"{CANARIO} descrição")
    externo = documentos_services.documento_externo_criar(
        ator=ator, processo=p, tipo=tipo_documento("Nota Fiscal"), numero="1", nome_arquivo="nota.txt",
        arquivo=SimpleUploadedFile("nota.txt", f"{CANARIO} no arquivo".encode()), nivel_acesso=NivelAcesso.PUBLICO,
        remetente=f"{CANARIO} remetente",
    )  # fmt: skip
    with capturar(execute=True):
        exportacao = documentos_services.exportacao_solicitar(ator=ator, processo=p, formato="zip")
    return Alvo(p, interno, externo, exportacao)


def _rotas():
    def andar(padroes, prefixo=""):
        for padrao in padroes:
            if isinstance(padrao, URLResolver):
                yield from andar(padrao.url_patterns, prefixo + str(padrao.pattern))
            elif isinstance(padrao, URLPattern):
                yield prefixo + str(padrao.pattern)

    return sorted({r for r in andar(get_resolver().url_patterns) if not r.startswith(FORA)})


def _enderecos(alvo: Alvo) -> list[str]:
    valores = {
        "nup": alvo.processo.nup,
        "numero_sei": None,  # both documents
        "pk": str(alvo.exportacao.pk),
        "tarefa_id": str(alvo.exportacao.pk),
        "numero": "1",
    }
    enderecos = []
    for rota in _rotas():
        nomes = re.findall(r"<(?:\w+:)?(\w+)>", rota)
        if not nomes or not set(nomes) <= set(valores):
            continue  # lists, or routes whose parameter is no content (acao, credencial_id, outro)
        numeros = [alvo.interno.numero_sei_formatado, alvo.externo.numero_sei_formatado]
        for numero in numeros if "numero_sei" in nomes else [None]:
            endereco = rota
            for nome in nomes:
                endereco = re.sub(rf"<(?:\w+:)?{nome}>", numero if nome == "numero_sei" else valores[nome], endereco)
            enderecos.append("/" + endereco)
    return enderecos


def _corpo(resposta) -> str:
    """The response as text, PDFs and ZIPs opened: what a reader would see of it."""
    dados = b"".join(resposta.streaming_content) if getattr(resposta, "streaming", False) else resposta.content
    if dados.startswith(b"%PDF"):
        return "\n".join(pagina.extract_text() or "" for pagina in PdfReader(io.BytesIO(dados)).pages)
    if dados.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(dados)) as pacote:
            return "\n".join(pacote.read(nome).decode(errors="replace") for nome in pacote.namelist())
    return dados.decode(errors="replace")


@pytest.fixture
def clientes(atores, client):
    def navegador(ator, liberados=()):
        from django.test import Client

        c = Client()
        c.force_login(ator.usuario, backend="django.contrib.auth.backends.ModelBackend")
        sessao = c.session
        sessao[SESSAO_UNIDADE] = ator.unidade.pk
        sessao[SESSAO_SIGILOSO] = {nup: time.time() for nup in liberados}
        sessao.save()
        return c

    def api(ator):
        c = APIClient()
        token, _ = Token.objects.get_or_create(user=ator.usuario)
        c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_X_UNIDADE=ator.unidade.sigla)
        return c

    return navegador, api


@pytest.mark.parametrize("nivel", [NivelAcesso.RESTRITO, NivelAcesso.SIGILOSO], ids=["restrito", "sigiloso"])
def test_cada_rota_de_conteudo_registra_uma_leitura_e_nada_sai_para_quem_esta_de_fora(
    nivel, atores, clientes, criar_processo, criar_documento, django_capture_on_commit_callbacks
):
    a, b = atores["A"], atores["B"]
    alvo = _alvo(a, nivel, criar_processo, criar_documento, django_capture_on_commit_callbacks)
    navegador, api = clientes
    leitor = {"web": navegador(a, liberados=[alvo.processo.nup]), "api": api(a)}
    de_fora = {"web": navegador(b), "api": api(b)}
    enderecos = _enderecos(alvo)
    assert len(enderecos) >= 20

    servem_conteudo = []
    for endereco in enderecos:
        canal = "api" if endereco.startswith("/api/") else "web"
        antes = LeituraAuditada.objects.count()
        resposta = leitor[canal].get(endereco)
        corpo = _corpo(resposta)
        novas = LeituraAuditada.objects.count() - antes
        if CANARIO in corpo:
            servem_conteudo.append(endereco)
            assert novas == 1, f"{endereco}: serviu conteúdo com {novas} registro(s) de leitura"
        else:
            assert novas == 0, f"{endereco}: {novas} registro(s) de leitura sem servir conteúdo"

        antes = LeituraAuditada.objects.count()
        resposta = de_fora[canal].get(endereco)
        corpo = _corpo(resposta)
        assert CANARIO not in corpo, f"{endereco}: conteúdo para quem está de fora ({resposta.status_code})"
        assert LeituraAuditada.objects.count() == antes
        if nivel == NivelAcesso.SIGILOSO:
            assert resposta.status_code in (404, 405), f"{endereco}: sigiloso respondeu {resposta.status_code}"
        else:
            assert resposta.status_code in (200, 302, 403, 404, 405, 410), f"{endereco}: {resposta.status_code}"
    # The walk reached the content: page and API of the process, text, file, PDF, versions, export.
    assert len(servem_conteudo) >= 12, servem_conteudo
