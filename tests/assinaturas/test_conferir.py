"""The public Conferir page and API beyond the codes (issue 9 §2): "comparar um arquivo" (the
current signed PDF, an earlier signed revision, a revision whose signatures were dropped, an
altered or unrelated file, one too big), the signed PDF for download when público, the limit per
address, the verdict cached by SHA-256, and the cache shared through Redis."""

import os
import re
import subprocess
import sys
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from assinaturas import comparacao, conferencia, services
from assinaturas.models import Assinatura
from documentos import arquivos
from documentos import services as documentos_services
from processos.models import NivelAcesso
from sei.senhas import SenhaConfirmada
from tests.factories import ator_em, bloquear, pdf_simples

CARGO = "Analista Administrativo"
API = "/api/v1/autenticidade/"


@pytest.fixture
def oficio(atores, processo, criar_documento, selo, assinante):
    assinante(atores["A"])
    return criar_documento(atores["A"], processo, conteudo="<p>Ofício a conferir.</p>")


def _assinar(ator, documento):
    pedido = services.PedidoAssinatura(
        ator=ator, cargo=CARGO, senha=SenhaConfirmada(ator.usuario.pk), url_publica="http://testserver"
    )
    services.assinar(pedido=pedido, documento=documento)
    documento.refresh_from_db()
    return documento


def _atual(documento) -> bytes:
    return arquivos.ler_tudo(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)


def _revisao(assinatura: Assinatura) -> bytes:
    return arquivos.ler_tudo(assinatura.arquivo_nome, assinatura.arquivo_sha256)


def _codigos(documento) -> dict:
    return {"codigo_verificador": documento.numero_sei_formatado, "codigo_crc": documento.codigo_crc}


def _comparar_api(documento, conteudo: bytes, nome="documento.pdf", cliente=None, **codigos):
    corpo = {**_codigos(documento), **codigos, "arquivo": SimpleUploadedFile(nome, conteudo, "application/pdf")}
    return (cliente or APIClient()).post(f"{API}comparar/", corpo, format="multipart")


def _comparar_pagina(documento, conteudo: bytes, cliente=None, **codigos):
    corpo = {"cv": documento.numero_sei_formatado, "crc": documento.codigo_crc, **codigos}
    corpo["arquivo"] = SimpleUploadedFile("documento.pdf", conteudo, "application/pdf")
    return (cliente or Client()).post(reverse("assinaturas:conferir-comparar"), corpo)


def _secao(html: str, rotulo: str) -> str:
    inicio = html.index(f'aria-labelledby="{rotulo}"')
    return html[inicio : html.index("</section>", inicio)]


def _baixar(resposta) -> bytes:
    return b"".join(resposta.streaming_content) if resposta.streaming else resposta.content


# --- Comparar um arquivo ------------------------------------------------------------------------


def test_pagina_oferece_comparar_e_diz_identico(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    anonimo = Client(enforce_csrf_checks=True)
    pagina = anonimo.get(reverse("assinaturas:conferir"), {"cv": oficio.numero_sei_formatado, "crc": oficio.codigo_crc})
    html = pagina.content.decode()
    assert pagina.status_code == 200 and "Comparar um arquivo" in html
    assert f'action="{reverse("assinaturas:conferir-comparar")}"' in html and 'enctype="multipart/form-data"' in html
    # The page's form carries the CSRF token; without it the upload is refused.
    assert _comparar_pagina(oficio, _atual(oficio), cliente=Client(enforce_csrf_checks=True)).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    r = _comparar_pagina(oficio, _atual(oficio), cliente=anonimo, csrfmiddlewaretoken=token)
    html = r.content.decode()
    assert r.status_code == 200, html
    comparado = _secao(html, "h-comparar")
    assert "Arquivo idêntico ao documento assinado" in comparado and "byte a byte" in comparado
    assert oficio.pdf_assinado_sha256 in comparado
    assert "Documento autêntico" in _secao(html, "h-resultado")  # the document's result stays shown


def test_versao_anterior_assinada(atores, unidades, oficio, assinante):
    segundo = ator_em(unidades["A"], nome="Bruna Segunda Signatária")
    assinante(segundo)
    oficio = _assinar(atores["A"], oficio)
    oficio = _assinar(segundo, oficio)
    primeira, ultima = Assinatura.objects.filter(documento=oficio).order_by("ordem")
    assert ultima.arquivo_sha256 == oficio.pdf_assinado_sha256 != primeira.arquivo_sha256

    r = _comparar_api(oficio, _revisao(primeira))
    assert r.status_code == 200, r.content
    comparacao_ = r.json()["comparacao"]
    assert comparacao_["resultado"] == "versao_anterior"
    assert comparacao_["revisao"]["nome"] == atores["A"].usuario.nome and comparacao_["revisao"]["descartada_em"] is None
    assert "outras assinaturas" in comparacao_["mensagem"]
    assert [a["nome"] for a in r.json()["assinaturas"]] == [atores["A"].usuario.nome, "Bruna Segunda Signatária"]
    assert r["Cache-Control"] == "no-store"

    atual = _comparar_api(oficio, _atual(oficio)).json()["comparacao"]
    assert atual["resultado"] == "identico" and atual["revisao"] is None
    assert "Versão anterior do documento assinado" in _comparar_pagina(oficio, _revisao(primeira)).content.decode()


def test_versao_com_assinaturas_descartadas(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    descartada = Assinatura.objects.get(documento=oficio)
    antigo = _revisao(descartada)
    documentos_services.documento_editar(
        ator=atores["A"], documento=oficio, conteudo="<p>Segunda redação.</p>", versao_base=1, descartar_assinaturas=True
    )
    oficio.refresh_from_db()
    oficio = _assinar(atores["A"], oficio)  # signed again: new codes, the old revision kept on record
    descartada.refresh_from_db()
    assert descartada.descartada_em is not None

    r = _comparar_api(oficio, antigo)
    assert r.status_code == 200, r.content
    assert r.json()["comparacao"]["resultado"] == "versao_descartada"
    assert r.json()["comparacao"]["revisao"]["descartada_em"] is not None
    html = _comparar_pagina(oficio, antigo).content.decode()
    assert "Versão anterior, cujas assinaturas foram descartadas" in html and "foram descartadas em" in html


def test_arquivo_alterado_alheio_ou_que_nem_e_pdf(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    alterado = bytearray(_atual(oficio))
    alterado[len(alterado) // 2] ^= 0x01  # one flipped bit
    for conteudo in (bytes(alterado), pdf_simples()):
        r = _comparar_api(oficio, conteudo)
        assert r.status_code == 200 and r.json()["comparacao"]["resultado"] == "diferente"
        assert "nem é um PDF" not in r.json()["comparacao"]["mensagem"]
    texto = _comparar_api(oficio, b"apenas texto", nome="nota.txt").json()["comparacao"]
    assert texto["resultado"] == "diferente" and "nem é um PDF" in texto["mensagem"]
    html = _comparar_pagina(oficio, bytes(alterado)).content.decode()
    assert "Arquivo diferente: não é deste documento ou foi alterado" in html


def test_sem_arquivo_e_400(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    r = APIClient().post(f"{API}comparar/", _codigos(oficio), format="multipart")
    assert r.status_code == 400 and r.json()["errors"]["arquivo"]
    r = Client().post(reverse("assinaturas:conferir-comparar"), {"cv": oficio.numero_sei_formatado, "crc": oficio.codigo_crc})
    assert r.status_code == 400 and "Escolha o arquivo PDF a comparar." in r.content.decode()


def test_o_envio_nunca_e_guardado(atores, oficio, monkeypatch):
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE Django would write the upload to a temporary file: the
    comparison's own handler only hashes it."""
    from django.core.files import uploadedfile

    def proibido(*args, **kwargs):
        raise AssertionError("o arquivo enviado foi gravado")

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", proibido)
    oficio = _assinar(atores["A"], oficio)
    grande = _atual(oficio) + b"\n%" + b"x" * (3 * 1024 * 1024)
    r = _comparar_api(oficio, grande)
    assert r.status_code == 200 and r.json()["comparacao"]["resultado"] == "diferente"
    assert r.json()["comparacao"]["tamanho"] == len(grande)


def test_arquivo_grande_demais_413(atores, oficio, settings, monkeypatch):
    oficio = _assinar(atores["A"], oficio)
    monkeypatch.setattr(comparacao, "FOLGA_ASSINATURAS", 0)
    settings.SEI_UPLOAD_MAX_BYTES = 4096
    # Just over the limit: the handler stops reading the file.
    r = _comparar_api(oficio, b"%PDF-" + b"x" * 4092)
    assert r.status_code == 413 and r.json()["code"] == "arquivo_grande"
    pagina = _comparar_pagina(oficio, b"%PDF-" + b"x" * 4092)
    assert pagina.status_code == 413 and "excede o tamanho máximo de 4 KB" in pagina.content.decode()
    # Far over it: refused from the declared length, before the body is read.
    r = _comparar_api(oficio, b"%PDF-" + b"x" * 200_000)
    assert r.status_code == 413 and r.json()["code"] == "arquivo_grande"
    assert _comparar_pagina(oficio, b"%PDF-" + b"x" * 200_000).status_code == 413
    # At the limit it is compared.
    assert _comparar_api(oficio, b"%PDF-" + b"x" * 4091).status_code == 200


def test_codigo_errado_e_documento_inexistente_mesma_resposta(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    conteudo = _atual(oficio)
    errado = _comparar_api(oficio, conteudo, codigo_crc="AAAA-BBBB-CCCC-DDDD")
    inexistente = _comparar_api(oficio, conteudo, codigo_verificador="8888888")
    assert errado.status_code == inexistente.status_code == 404
    assert errado.json() == inexistente.json()
    pagina_errada = _comparar_pagina(oficio, conteudo, crc="AAAA-BBBB-CCCC-DDDD")
    pagina_inexistente = _comparar_pagina(oficio, conteudo, cv="8888888")
    assert pagina_errada.status_code == pagina_inexistente.status_code == 404
    assert _secao(pagina_errada.content.decode(), "h-resultado") == _secao(pagina_inexistente.content.decode(), "h-resultado")
    assert "Comparar um arquivo" not in pagina_errada.content.decode()


def test_limite_por_endereco_429(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    anonimo = APIClient()
    for _ in range(conferencia.LIMITE_POR_MINUTO):
        assert anonimo.get(API, {"codigo_verificador": "1", "codigo_crc": "0000-0000-0000-0000"}).status_code == 404
    r = _comparar_api(oficio, _atual(oficio), cliente=anonimo)
    assert r.status_code == 429 and r.json()["code"] == "muitas_consultas"
    assert anonimo.get(f"{API}pdf/", _codigos(oficio)).status_code == 429
    pagina = _comparar_pagina(oficio, _atual(oficio))
    assert pagina.status_code == 429 and "Muitas consultas" in pagina.content.decode()
    baixar = Client().get(reverse("assinaturas:conferir-pdf"), {"cv": oficio.numero_sei_formatado, "crc": oficio.codigo_crc})
    assert baixar.status_code == 429


# --- The signed PDF for download ----------------------------------------------------------------


def _conferir_pagina(documento):
    return Client().get(reverse("assinaturas:conferir"), {"cv": documento.numero_sei_formatado, "crc": documento.codigo_crc})


def _url_pdf(html: str) -> str:
    return re.search(r'<a class="botao-link" href="([^"]+)" download>Baixar o PDF assinado</a>', html).group(1).replace("&amp;", "&")


def test_publico_baixa_o_pdf_assinado(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    html = _conferir_pagina(oficio).content.decode()
    url = _url_pdf(html)
    assert url.startswith(reverse("assinaturas:conferir-pdf") + "?") and oficio.codigo_crc in url
    r = Client().get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;") and oficio.numero_sei_formatado in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff" and "sandbox" in r["Content-Security-Policy"]
    assert _baixar(r) == _atual(oficio)

    corpo = APIClient().get(API, _codigos(oficio)).json()
    assert corpo["pdf"].startswith("http://testserver/api/v1/autenticidade/pdf/?")
    r = APIClient().get(corpo["pdf"])
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert _baixar(r) == _atual(oficio)


def test_pdf_exige_os_dois_codigos(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    url = reverse("assinaturas:conferir-pdf")
    assert Client().get(url, {"cv": oficio.numero_sei_formatado}).status_code == 404
    assert Client().get(url, {"cv": oficio.numero_sei_formatado, "crc": "AAAA-BBBB-CCCC-DDDD"}).status_code == 404
    assert APIClient().get(f"{API}pdf/", {"codigo_verificador": oficio.numero_sei_formatado}).status_code == 404
    errado = APIClient().get(f"{API}pdf/", {**_codigos(oficio), "codigo_crc": "AAAA-BBBB-CCCC-DDDD"})
    inexistente = APIClient().get(f"{API}pdf/", {**_codigos(oficio), "codigo_verificador": "8888888"})
    assert errado.status_code == inexistente.status_code == 404 and errado.json() == inexistente.json()


@pytest.mark.parametrize("onde", ["documento", "processo"])
def test_restrito_sem_link_e_download_recusado(atores, criar_processo, criar_documento, selo, assinante, onde):
    """Restrito by its own level or by its process's: the verdict, never the content."""
    assinante(atores["A"])
    processo = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO if onde == "processo" else NivelAcesso.PUBLICO)
    nivel = NivelAcesso.RESTRITO if onde == "documento" else NivelAcesso.PUBLICO
    documento = _assinar(atores["A"], criar_documento(atores["A"], processo, nivel=nivel, conteudo="<p>Dados pessoais.</p>"))
    html = _conferir_pagina(documento).content.decode()
    assert "Documento autêntico" in html and "Baixar o PDF assinado" not in html
    assert "O conteúdo deste documento não é público" in html
    assert "Comparar um arquivo" in html  # comparing tells nothing the visitor does not hold
    assert APIClient().get(API, _codigos(documento)).json()["pdf"] is None
    r = Client().get(reverse("assinaturas:conferir-pdf"), {"cv": documento.numero_sei_formatado, "crc": documento.codigo_crc})
    assert r.status_code == 403 and not r.get("Content-Disposition")
    r = APIClient().get(f"{API}pdf/", _codigos(documento))
    assert r.status_code == 403 and r.json()["code"] == "conteudo_nao_publico"


def test_cancelado_sem_download(atores, oficio):
    oficio = _assinar(atores["A"], oficio)
    documentos_services.documento_cancelar(ator=atores["A"], documento=bloquear(oficio), motivo="Erro material")
    html = _conferir_pagina(oficio).content.decode()
    assert "cancelado em" in html and "Baixar o PDF assinado" not in html
    corpo = APIClient().get(API, _codigos(oficio)).json()
    assert corpo["cancelado"] is True and corpo["pdf"] is None
    assert Client().get(reverse("assinaturas:conferir-pdf"), {"cv": oficio.numero_sei_formatado, "crc": oficio.codigo_crc}).status_code == 403
    assert APIClient().get(f"{API}pdf/", _codigos(oficio)).status_code == 403


# --- Cost: the verdict cached by SHA-256; the limit shared through Redis ------------------------


def test_veredito_em_cache_pelo_sha256(atores, oficio, monkeypatch):
    oficio = _assinar(atores["A"], oficio)
    chamadas = []
    original = conferencia.assinaturas_validas
    monkeypatch.setattr(conferencia, "assinaturas_validas", lambda pdf, **kw: chamadas.append(1) or original(pdf, **kw))
    for _ in range(3):
        assert APIClient().get(API, _codigos(oficio)).json()["valido"] is True
    assert len(chamadas) == 1
    # A cached verdict never covers a stored file altered since: it is still read and checked.
    caminho = default_storage.path(oficio.pdf_assinado_nome)
    os.chmod(caminho, 0o600)
    with open(caminho, "r+b") as f:
        f.seek(100)
        byte = f.read(1)
        f.seek(100)
        f.write(bytes([byte[0] ^ 1]))
    r = _conferir_pagina(oficio)
    assert r.status_code == 500 and "não pôde ser lido" in r.content.decode()
    assert "Documento autêntico" not in r.content.decode()


def _redis_url() -> str:
    url = os.environ.get("SEI_REDIS_URL") or os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        pytest.skip("sem Redis configurado")
    return url


def test_settings_usam_redis_quando_ha(tmp_path):
    """CACHES is Redis when SEI_REDIS_URL or a Redis broker is set, local memory otherwise."""
    codigo = "import json, sei.settings as s; print(json.dumps(s.CACHES['default']))"
    base = {k: v for k, v in os.environ.items() if k not in ("SEI_REDIS_URL", "CELERY_BROKER_URL")}
    base.update(SEI_VAR_DIR=str(tmp_path), DATABASE_URL="")

    def caches(**env):
        saida = subprocess.run(
            [sys.executable, "-c", codigo], env={**base, **env}, capture_output=True, text=True, check=True, cwd=os.getcwd()
        )
        return saida.stdout

    assert "LocMemCache" in caches()
    assert "RedisCache" in caches(CELERY_BROKER_URL="redis://127.0.0.1:6379/3") and "6379/3" in caches(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/3"
    )
    proprio = caches(CELERY_BROKER_URL="redis://127.0.0.1:6379/3", SEI_REDIS_URL="redis://cache:6379/7")
    assert "RedisCache" in proprio and "redis://cache:6379/7" in proprio
    assert "LocMemCache" in caches(CELERY_BROKER_URL="amqp://guest@localhost//")


def test_limite_contado_entre_processos_pelo_redis(monkeypatch):
    """Two workers (two Redis clients of their own) count one limit for an address."""
    url = _redis_url()
    prefixo = f"teste-{uuid.uuid4().hex}"
    trabalhadores = [RedisCache(url, {"KEY_PREFIX": prefixo}) for _ in range(2)]
    try:
        trabalhadores[0].get("x")
    except Exception:  # noqa: BLE001
        pytest.skip("Redis fora do ar")
    endereco = f"203.0.113.{uuid.uuid4().int % 250}"
    for i in range(conferencia.LIMITE_POR_MINUTO):
        monkeypatch.setattr(conferencia, "cache", trabalhadores[i % 2])
        conferencia.limitar(endereco)
    monkeypatch.setattr(conferencia, "cache", trabalhadores[1])
    with pytest.raises(conferencia.MuitasConsultas):
        conferencia.limitar(endereco)
    assert trabalhadores[0].get(f"sei:conferir:{endereco}") == conferencia.LIMITE_POR_MINUTO + 1
    trabalhadores[0].delete(f"sei:conferir:{endereco}")


def test_erros_da_api_no_formato_do_contrato(atores, oficio):
    """What the fuzzer sends: a JSON body, a broken multipart, the file as a plain field."""
    oficio = _assinar(atores["A"], oficio)
    r = APIClient().post(f"{API}comparar/", _codigos(oficio), format="json")
    assert r.status_code == 415 and set(r.json()) >= {"detail", "code"}
    quebrado = APIClient().post(
        f"{API}comparar/", b"--xyz\r\nContent-Disposition: form-data; name=\"arquivo\"\r\n", content_type="multipart/form-data; boundary=xyz"
    )
    assert quebrado.status_code == 400 and set(quebrado.json()) >= {"detail", "code"}
    texto = APIClient().post(f"{API}comparar/", {**_codigos(oficio), "arquivo": "não é arquivo"}, format="multipart")
    assert texto.status_code == 400 and texto.json()["code"] == "entrada_invalida"


def test_so_o_campo_arquivo_e_resumido(atores, oficio, django_assert_num_queries):
    oficio = _assinar(atores["A"], oficio)
    corpo = {
        **_codigos(oficio),
        "outro": SimpleUploadedFile("outro.pdf", pdf_simples(), "application/pdf"),
        "arquivo": SimpleUploadedFile("assinado.pdf", _atual(oficio), "application/pdf"),
    }
    with django_assert_num_queries(3):  # the document, its signatures, the roots
        r = APIClient().post(f"{API}comparar/", corpo, format="multipart")
    assert r.status_code == 200 and r.json()["comparacao"]["resultado"] == "identico"
