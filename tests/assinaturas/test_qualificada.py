"""Assinatura qualificada (ICP-Brasil): preparar → the reference signer (a real subprocess) →
concluir, through the API and the page; the signed PDF verifies from outside (pyHanko and
pdfsig, with the órgão's root and the test ICP root) next to eletrônica signatures; each refusal
is a clear error that leaves nothing behind."""

import base64
import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assinaturas import aparencia, qualificada, services
from assinaturas.assinador_referencia import assinar_digest
from assinaturas.models import Assinatura, PreparacaoAssinatura
from documentos import services as documentos_services
from documentos.models import Documento
from processos.models import Andamento
from sei.senhas import SenhaConfirmada
from tests.assinaturas import icp as pki
from tests.assinaturas import verificacao
from tests.cache_local import limpar_cache
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401
from tests.factories import ator_em, bloquear

RAIZ_DO_PROJETO = Path(__file__).resolve().parents[2]
CARGO = "Analista Administrativo"


@pytest.fixture
def oficio(atores, processo, criar_documento, selo, assinante, raizes_icp):
    assinante(atores["A"])
    return criar_documento(atores["A"], processo, conteudo="<p>Ofício para assinar com certificado.</p>")


@pytest.fixture
def colega(unidades, assinante):
    ator = ator_em(unidades["A"], username="colega_qualificada")
    assinante(ator, cargo="Coordenador")
    return ator


def _preparar(c, documento, cargo=CARGO):
    return c.post(f"/api/v1/documentos/{documento.numero_sei}/assinaturas/preparar/", {"cargo": cargo}, format="json")


def _concluir(c, documento, preparacao_id, cms):
    corpo = {"id": str(preparacao_id), "cms": cms if isinstance(cms, str) else base64.b64encode(cms).decode()}
    return c.post(f"/api/v1/documentos/{documento.numero_sei}/assinaturas/concluir/", corpo, format="json")


def sei_assinador(*argumentos, senha=pki.SENHA_P12, entrada=None):
    """The reference signer as the user runs it: a separate process (the installed console
    script when present, else ``python -m``), the password from an environment variable."""
    script = Path(sys.executable).parent / "sei-assinador"
    comando = [str(script)] if script.exists() else [sys.executable, "-m", "assinaturas.assinador_referencia"]
    ambiente = {**os.environ, "SENHA_DO_CERTIFICADO": senha}
    return subprocess.run(
        [*comando, *argumentos], capture_output=True, text=True, env=ambiente, cwd=RAIZ_DO_PROJETO, timeout=120,
        input=entrada, check=False,
    )  # fmt: skip


def _cms(p12: Path, digest_b64: str) -> str:
    resultado = sei_assinador("--pfx", str(p12), "--digest", digest_b64, "--senha-env", "SENHA_DO_CERTIFICADO")
    assert resultado.returncode == 0, resultado.stderr
    return resultado.stdout.strip()


def _cms_em_processo(p12: Path, digest: bytes) -> bytes:
    """The same CMS made in this process (faster, for the refusals)."""
    from pyhanko.sign import signers

    assinante = signers.SimpleSigner.load_pkcs12_data(p12.read_bytes(), other_certs=[], passphrase=pki.SENHA_P12.encode())
    return assinar_digest(assinante, digest)


def _pdf(c, documento) -> bytes:
    resposta = c.get(f"/api/v1/documentos/{documento.numero_sei}/pdf")
    assert resposta.status_code == 200
    return b"".join(resposta.streaming_content) if resposta.streaming else resposta.content


def _eletronica(ator, documento, cargo):
    pedido = services.PedidoAssinatura(
        ator=ator, cargo=cargo, senha=SenhaConfirmada(usuario_id=ator.usuario.pk), url_publica="http://testserver"
    )
    return services.assinar(pedido=pedido, documento=documento)


def _arquivos(armazenamento, pasta: str) -> list[Path]:
    return sorted(p for p in (armazenamento / pasta).rglob("*") if p.is_file()) if (armazenamento / pasta).exists() else []


# --- End to end -----------------------------------------------------------------------------------


@pytest.mark.parametrize("qualificada_primeiro", [True, False], ids=["qualificada-depois-eletronica", "eletronica-depois-qualificada"])
def test_preparar_assinar_fora_e_concluir_com_eletronica_ao_lado(
    atores, colega, oficio, cliente_api, certificado_icp, raiz_pem, raizes_icp, armazenamento, qualificada_primeiro
):
    a = atores["A"]
    titular, p12 = certificado_icp(a.usuario.cpf)
    c = cliente_api(a)
    if not qualificada_primeiro:
        _eletronica(colega, oficio, "Coordenador")
    r = _preparar(c, oficio)
    assert r.status_code == 201, r.json()
    corpo = r.json()
    assert corpo["algoritmo"] == "sha256" and len(base64.b64decode(corpo["digest"])) == 32
    r = _concluir(c, oficio, corpo["id"], _cms(p12, corpo["digest"]))
    assert r.status_code == 201, r.json()
    feito = r.json()
    assert feito["codigo_verificador"] == f"{oficio.numero_sei:07d}" and feito["codigo_crc"]
    assert (a.usuario.nome, CARGO, "qualificada") in [(s["nome"], s["cargo"], s["nivel"]) for s in feito["assinaturas"]]
    if qualificada_primeiro:
        _eletronica(colega, oficio, "Coordenador")

    pdf = _pdf(c, oficio)
    raizes = raiz_pem + raizes_icp
    pyhanko = verificacao.verificar_pyhanko(pdf, raizes)
    assert [r.campo for r in pyhanko] == ["Assinatura1", "Assinatura2"]
    assert all(r.intacta and r.assinatura_valida and r.certificado_confiavel and r.bottom_line for r in pyhanko), pyhanko
    pdfsig = verificacao.verificar_pdfsig(pdf, raizes)
    assert [(s.assinatura_valida, s.certificado_confiavel) for s in pdfsig] == [(True, True)] * 2, [s.texto for s in pdfsig]
    nomes = [s.nome_comum for s in pdfsig]
    assert (nomes[0] if qualificada_primeiro else nomes[1]).startswith("TITULAR DE TESTE")
    assert verificacao.ultima_revisao_cobre_o_fim(pdf)

    assinatura = Assinatura.objects.get(documento=oficio, usuario=a.usuario)
    from cryptography.hazmat.primitives import hashes

    assert assinatura.nivel == Assinatura.Nivel.QUALIFICADA and assinatura.certificado is None
    assert assinatura.certificado_sha256 == titular.certificado.fingerprint(hashes.SHA256()).hex()
    assert assinatura.certificado_serial == format(titular.certificado.serial_number, "X")
    assert "TITULAR DE TESTE" in assinatura.certificado_sujeito and "AC Intermedi" in assinatura.certificado_emissor
    assert assinatura.ordem == (1 if qualificada_primeiro else 2)
    oficio.refresh_from_db()
    assert oficio.estado == Documento.Estado.ASSINADO
    historico = Andamento.objects.filter(processo=oficio.processo, tipo=Andamento.Tipo.ASSINATURA)
    assert sorted(h.atributos["nivel"] for h in historico) == ["eletronica", "qualificada"]
    # The prepared PDF is gone (its bytes live in the signed one); the preparation is used.
    assert _arquivos(armazenamento, "preparados") == []
    assert PreparacaoAssinatura.objects.get(pk=corpo["id"]).concluida_em is not None


def test_tarja_qualificada_tem_a_redacao_da_lei_14063():
    tarja = aparencia.Tarja(
        nome="Maria", cargo="Analista", cpf_mascarado="", unidade="A/ORG", em=timezone.now(),
        fundamento="art. 4º, III, da Lei nº 14.063, de 23 de setembro de 2020", nivel="qualificada",
    )  # fmt: skip
    texto = aparencia.texto_tarja(tarja)
    assert texto.startswith("Documento assinado digitalmente por <b>Maria</b>, <b>Analista</b>, em ")
    assert texto.endswith(
        "conforme horário oficial de Brasília, com certificado digital ICP-Brasil, com fundamento no "
        "art. 4º, III, da Lei nº 14.063, de 23 de setembro de 2020."
    )
    eletronica = aparencia.texto_tarja(aparencia.Tarja(**{**tarja.__dict__, "nivel": "eletronica"}))
    assert eletronica.startswith("Documento assinado eletronicamente por") and "ICP-Brasil" not in eletronica


# --- Refusals ---------------------------------------------------------------------------------------


def _nada_ficou(oficio, armazenamento, preparacao_id=None):
    assert not Assinatura.objects.filter(documento=oficio).exists()
    assert _arquivos(armazenamento, "assinados") == []
    oficio.refresh_from_db()
    assert oficio.estado == Documento.Estado.MINUTA and not oficio.pdf_assinado_nome
    if preparacao_id:
        assert PreparacaoAssinatura.objects.get(pk=preparacao_id).concluida_em is None


def _preparado(c, oficio):
    r = _preparar(c, oficio)
    assert r.status_code == 201, r.json()
    return r.json()["id"], base64.b64decode(r.json()["digest"])


@pytest.mark.parametrize(
    "caso, status, code",
    [
        ("cpf_de_outro", 403, "cpf_diferente"),
        ("vencido", 400, "certificado_expirado"),
        ("raiz_estranha", 400, "certificado_nao_confiavel"),
        ("outro_digest", 400, "cms_outro_digest"),
        ("lixo", 400, "cms_invalido"),
        ("nao_base64", 400, "cms_invalido"),
        ("sem_cpf", 400, "certificado_sem_cpf"),
    ],
)
def test_cms_recusado_sem_deixar_nada(atores, oficio, cliente_api, certificado_icp, armazenamento, caso, status, code):
    a = atores["A"]
    c = cliente_api(a)
    preparacao_id, digest = _preparado(c, oficio)
    agora = datetime.datetime.now(datetime.UTC)
    if caso == "cpf_de_outro":
        _, p12 = certificado_icp("11144477735" if a.usuario.cpf != "11144477735" else "52998224725")
    elif caso == "vencido":
        _, p12 = certificado_icp(
            a.usuario.cpf, de=agora - datetime.timedelta(days=400), ate=agora - datetime.timedelta(days=1)
        )
    elif caso == "raiz_estranha":
        _, p12 = certificado_icp(a.usuario.cpf, emissor="estranha")
    elif caso == "sem_cpf":
        _, p12 = certificado_icp(None)
    else:
        _, p12 = certificado_icp(a.usuario.cpf)
    if caso == "outro_digest":
        cms = _cms_em_processo(p12, bytes(reversed(digest)))
    elif caso == "lixo":
        cms = b"\x30\x82\x01\x00" + os.urandom(256)
    elif caso == "nao_base64":
        cms = "isto não é base64!"
    else:
        cms = _cms_em_processo(p12, digest)
    r = _concluir(c, oficio, preparacao_id, cms)
    assert (r.status_code, r.json()["code"]) == (status, code), r.json()
    assert r.json()["detail"]  # a pt-BR sentence
    _nada_ficou(oficio, armazenamento, preparacao_id)
    # The same preparation still takes a good CMS afterwards.
    _, bom = certificado_icp(a.usuario.cpf)
    assert _concluir(c, oficio, preparacao_id, _cms_em_processo(bom, digest)).status_code == 201


def test_assinatura_do_cms_adulterada_recusada(atores, oficio, cliente_api, certificado_icp, armazenamento):
    from asn1crypto import cms as asn1_cms

    a = atores["A"]
    c = cliente_api(a)
    preparacao_id, digest = _preparado(c, oficio)
    _, p12 = certificado_icp(a.usuario.cpf)
    conteudo = asn1_cms.ContentInfo.load(_cms_em_processo(p12, digest))
    info = conteudo["content"]["signer_infos"][0]
    valor = bytearray(info["signature"].native)
    valor[10] ^= 0xFF
    info["signature"] = asn1_cms.OctetString(bytes(valor))
    r = _concluir(c, oficio, preparacao_id, conteudo.dump(force=True))
    assert (r.status_code, r.json()["code"]) == (400, "cms_assinatura_invalida"), r.json()
    _nada_ficou(oficio, armazenamento, preparacao_id)


def test_preparacao_de_outro_usuario_recusada(atores, colega, oficio, cliente_api, certificado_icp, armazenamento):
    preparacao_id, digest = _preparado(cliente_api(atores["A"]), oficio)
    _, p12 = certificado_icp(colega.usuario.cpf)
    r = _concluir(cliente_api(colega), oficio, preparacao_id, _cms_em_processo(p12, digest))
    assert (r.status_code, r.json()["code"]) == (403, "preparacao_de_outro")
    _nada_ficou(oficio, armazenamento, preparacao_id)


def test_preparacao_expirada_recusada(atores, oficio, cliente_api, certificado_icp, armazenamento):
    a = atores["A"]
    c = cliente_api(a)
    preparacao_id, digest = _preparado(c, oficio)
    PreparacaoAssinatura.objects.filter(pk=preparacao_id).update(expira_em=timezone.now() - datetime.timedelta(seconds=1))
    _, p12 = certificado_icp(a.usuario.cpf)
    r = _concluir(c, oficio, preparacao_id, _cms_em_processo(p12, digest))
    assert (r.status_code, r.json()["code"]) == (409, "preparacao_expirada")
    _nada_ficou(oficio, armazenamento, preparacao_id)


def test_preparacao_inexistente_e_id_invalido(atores, oficio, cliente_api, certificado_icp):
    c = cliente_api(atores["A"])
    r = _concluir(c, oficio, "00000000-0000-4000-8000-000000000000", b"\x30\x00")
    assert (r.status_code, r.json()["code"]) == (404, "preparacao_inexistente")
    r = c.post(f"/api/v1/documentos/{oficio.numero_sei}/assinaturas/concluir/", {"id": "x", "cms": "AA=="}, format="json")
    assert r.status_code == 400 and "id" in r.json()["errors"]


def test_outra_assinatura_depois_da_preparacao_pede_nova_preparacao(
    atores, colega, oficio, cliente_api, certificado_icp, armazenamento
):
    a = atores["A"]
    c = cliente_api(a)
    preparacao_id, digest = _preparado(c, oficio)
    _eletronica(colega, oficio, "Coordenador")
    _, p12 = certificado_icp(a.usuario.cpf)
    r = _concluir(c, oficio, preparacao_id, _cms_em_processo(p12, digest))
    assert (r.status_code, r.json()["code"]) == (409, "documento_alterado")
    assert Assinatura.objects.filter(documento=oficio).count() == 1
    # A new preparation, on the signed PDF, goes through.
    novo_id, novo_digest = _preparado(c, oficio)
    assert _concluir(c, oficio, novo_id, _cms_em_processo(p12, novo_digest)).status_code == 201
    assert Assinatura.objects.filter(documento=oficio).count() == 2


def test_nao_assina_duas_vezes(atores, oficio, cliente_api, certificado_icp):
    a = atores["A"]
    c = cliente_api(a)
    preparacao_id, digest = _preparado(c, oficio)
    _, p12 = certificado_icp(a.usuario.cpf)
    cms = _cms_em_processo(p12, digest)
    assert _concluir(c, oficio, preparacao_id, cms).status_code == 201
    r = _concluir(c, oficio, preparacao_id, cms)
    assert (r.status_code, r.json()["code"]) == (409, "ja_assinado")
    r = _preparar(c, oficio)
    assert (r.status_code, r.json()["code"]) == (409, "ja_assinado")
    # Nor with the password after the certificate.
    r = c.post(f"/api/v1/documentos/{oficio.numero_sei}/assinar/", {"senha": "x", "cargo": CARGO}, format="json")
    assert r.status_code in (400, 409) and Assinatura.objects.filter(documento=oficio).count() == 1


def test_preparacao_ja_usada_recusada(atores, oficio, cliente_api, certificado_icp):
    """A used preparation is refused even when the signer could sign again (signature dropped)."""
    a = atores["A"]
    c = cliente_api(a)
    preparacao_id, digest = _preparado(c, oficio)
    _, p12 = certificado_icp(a.usuario.cpf)
    assert _concluir(c, oficio, preparacao_id, _cms_em_processo(p12, digest)).status_code == 201
    Assinatura.objects.filter(documento=oficio).update(descartada_em=timezone.now())
    r = _concluir(c, oficio, preparacao_id, _cms_em_processo(p12, digest))
    assert (r.status_code, r.json()["code"]) == (409, "preparacao_usada")


def test_documento_cancelado_nao_prepara(atores, colega, oficio, cliente_api):
    _eletronica(atores["A"], oficio, CARGO)
    documentos_services.documento_cancelar(ator=atores["A"], documento=bloquear(oficio), motivo="Erro material")
    r = _preparar(cliente_api(colega), oficio, cargo="Coordenador")
    assert (r.status_code, r.json()["code"]) == (409, "documento_cancelado")
    assert not PreparacaoAssinatura.objects.exists()


def test_outra_unidade_nao_prepara(atores, oficio, cliente_api, assinante):
    assinante(atores["B"])
    r = _preparar(cliente_api(atores["B"]), oficio)  # a minuta of A: its entry only
    assert (r.status_code, r.json()["code"]) == (403, "assinatura_fora_da_unidade")
    _eletronica(atores["A"], oficio, CARGO)
    r = _preparar(cliente_api(atores["B"]), oficio)
    assert (r.status_code, r.json()["code"]) == (403, "assinatura_fora_da_unidade")
    assert not PreparacaoAssinatura.objects.exists()


def test_cargo_invalido_e_sem_raizes(atores, oficio, cliente_api, settings, armazenamento):
    c = cliente_api(atores["A"])
    r = _preparar(c, oficio, cargo="Ministro de Estado")
    assert r.status_code == 400 and "cargo" in r.json()["errors"]
    settings.SEI_ICP_RAIZES = ""
    r = _preparar(c, oficio)
    assert (r.status_code, r.json()["code"]) == (409, "qualificada_indisponivel")
    settings.SEI_ICP_RAIZES = "/nao/existe.pem"
    assert _preparar(c, oficio).json()["code"] == "qualificada_indisponivel"
    assert not PreparacaoAssinatura.objects.exists() and _arquivos(armazenamento, "preparados") == []


def test_preparar_sem_token_nem_sessao(oficio):
    from rest_framework.test import APIClient

    assert _preparar(APIClient(), oficio).status_code == 401


# --- The reference signer ---------------------------------------------------------------------------


def test_assinador_senha_errada_arquivo_errado_e_digest_invalido(certificado_icp, tmp_path):
    _, p12 = certificado_icp("52998224725")
    digest = base64.b64encode(b"\x01" * 32).decode()
    errada = sei_assinador("--pfx", str(p12), "--digest", digest, "--senha-env", "SENHA_DO_CERTIFICADO", senha="errada")
    assert errada.returncode == 1 and "senha errada" in errada.stderr and not errada.stdout
    lixo = tmp_path / "nao-e-p12.pfx"
    lixo.write_bytes(b"isto nao e um pkcs12")
    r = sei_assinador("--pfx", str(lixo), "--digest", digest, "--senha-env", "SENHA_DO_CERTIFICADO")
    assert r.returncode == 1 and "não é um PKCS#12" in r.stderr
    r = sei_assinador("--pfx", str(tmp_path / "sumiu.p12"), "--digest", digest, "--senha-env", "SENHA_DO_CERTIFICADO")
    assert r.returncode == 1 and "Não foi possível ler" in r.stderr
    r = sei_assinador("--pfx", str(p12), "--digest", "abc", "--senha-env", "SENHA_DO_CERTIFICADO")
    assert r.returncode == 1 and "digest" in r.stderr
    r = sei_assinador("--pfx", str(p12), "--digest", digest, "--senha-env", "VARIAVEL_QUE_NAO_EXISTE")
    assert r.returncode == 1 and "não está definida" in r.stderr
    r = sei_assinador()
    assert r.returncode == 2 and "informe --pfx e --digest" in r.stderr


def test_assinador_grava_arquivo_e_nao_importa_django(certificado_icp, tmp_path):
    _, p12 = certificado_icp("52998224725")
    saida = tmp_path / "assinatura.txt"
    digest = base64.b64encode(b"\x02" * 32).decode()
    r = sei_assinador("--pfx", str(p12), "--digest", digest, "--senha-env", "SENHA_DO_CERTIFICADO", "--saida", str(saida))
    assert r.returncode == 0 and "gravado" in r.stderr
    from asn1crypto import cms

    conteudo = cms.ContentInfo.load(base64.b64decode(saida.read_text()))
    atributos = {a["type"].native for a in conteudo["content"]["signer_infos"][0]["signed_attrs"]}
    assert {"content_type", "message_digest", "signing_certificate_v2"} <= atributos
    assert "signing_time" not in atributos  # PAdES: the time is in the PDF's signature dictionary
    assert len(conteudo["content"]["certificates"]) >= 2  # the signer and its chain
    sonda = subprocess.run(
        [sys.executable, "-c", "import sys, assinaturas.assinador_referencia; print('django' in sys.modules)"],
        capture_output=True, text=True, cwd=RAIZ_DO_PROJETO, check=True,
    )  # fmt: skip
    assert sonda.stdout.strip() == "False"


# --- The page -------------------------------------------------------------------------------------


def test_pagina_prepara_mostra_comando_e_conclui_colando_o_cms(atores, entrar, oficio, certificado_icp):
    a = atores["A"]
    _, p12 = certificado_icp(a.usuario.cpf)
    c = entrar(a)
    url = reverse("assinaturas:assinar", args=[oficio.numero_sei_formatado])
    pagina = c.get(url).content.decode()
    assert "Certificado digital (ICP-Brasil)" in pagina and 'value="preparar"' in pagina
    preparada = c.post(url, {"acao": "preparar", "cargo": CARGO})
    html = preparada.content.decode()
    assert preparada.status_code == 200, html
    preparacao = PreparacaoAssinatura.objects.get(documento=oficio)
    digest = base64.b64encode(bytes(preparacao.digest)).decode()
    assert f'value="{digest}"' in html and f"sei-assinador --pfx meu-certificado.p12 --digest {digest}" in html
    assert '<label for="digest">' in html and 'name="cms"' in html
    # A refused CMS: 400, the message on the form, the digest still there to try again.
    errada = c.post(url, {"acao": "concluir", "id": str(preparacao.id), "cms": "bGl4bw=="})
    assert errada.status_code == 400 and "não é uma assinatura válida" in errada.content.decode()
    assert f'value="{digest}"' in errada.content.decode()
    vazia = c.post(url, {"acao": "concluir", "id": str(preparacao.id)})
    assert vazia.status_code == 400 and "Cole a assinatura" in vazia.content.decode()
    cms = base64.b64encode(_cms_em_processo(p12, bytes(preparacao.digest))).decode()
    # Wrapped at 64 columns, as tools print base64.
    quebrado = "\n".join(cms[i : i + 64] for i in range(0, len(cms), 64))
    feita = c.post(url, {"acao": "concluir", "id": str(preparacao.id), "cms": quebrado}, follow=True)
    assert feita.status_code == 200 and "assinado com certificado digital" in feita.content.decode()
    assert Assinatura.objects.get(documento=oficio).nivel == Assinatura.Nivel.QUALIFICADA


def test_pagina_conclui_com_arquivo_p7s(atores, entrar, oficio, certificado_icp):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = atores["A"]
    _, p12 = certificado_icp(a.usuario.cpf)
    c = entrar(a)
    url = reverse("assinaturas:assinar", args=[oficio.numero_sei_formatado])
    assert c.post(url, {"acao": "preparar", "cargo": CARGO}).status_code == 200
    preparacao = PreparacaoAssinatura.objects.get(documento=oficio)
    arquivo = SimpleUploadedFile("assinatura.p7s", _cms_em_processo(p12, bytes(preparacao.digest)), "application/pkcs7-signature")
    r = c.post(url, {"acao": "concluir", "id": str(preparacao.id), "arquivo": arquivo})
    assert r.status_code == 302
    assert Assinatura.objects.get(documento=oficio).nivel == Assinatura.Nivel.QUALIFICADA


def test_pagina_sem_raizes_nao_oferece_certificado_e_exige_csrf(atores, entrar, oficio, settings):
    from django.test import Client

    settings.SEI_ICP_RAIZES = ""
    c = entrar(atores["A"])
    url = reverse("assinaturas:assinar", args=[oficio.numero_sei_formatado])
    assert "Certificado digital (ICP-Brasil)" not in c.get(url).content.decode()
    settings.SEI_ICP_RAIZES = qualificada.__file__  # not a PEM: unavailable with a clear message
    r = c.post(url, {"acao": "preparar", "cargo": CARGO})
    assert r.status_code == 400 and "raízes ICP-Brasil" in r.content.decode()
    navegador = entrar(atores["A"], Client(enforce_csrf_checks=True))
    assert navegador.post(url, {"acao": "preparar", "cargo": CARGO}).status_code == 403
    assert not PreparacaoAssinatura.objects.exists()


# --- Races ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("requer_postgresql")
def test_dois_concluir_simultaneos_dao_uma_so_assinatura(atores, oficio, certificado_icp, armazenamento):
    """The same preparation concluded twice at the same instant (a double click, two tabs): the
    row locks let one through; the other is a 409, and only one signed file is stored."""
    from sei.exceptions import RegraDeNegocio

    a = atores["A"]
    preparacao = qualificada.preparar(ator=a, documento=oficio, cargo=CARGO, url_publica="http://testserver")
    _, p12 = certificado_icp(a.usuario.cpf)
    cms = _cms_em_processo(p12, bytes(preparacao.digest))

    def concluir():
        return qualificada.concluir(ator=a, documento=oficio, preparacao_id=preparacao.id, cms_der=cms)

    resultados = em_paralelo([concluir, concluir])
    feitas = [r for r in resultados if isinstance(r, Assinatura)]
    recusas = [r for r in resultados if isinstance(r, RegraDeNegocio)]
    assert len(feitas) == 1 and len(recusas) == 1, resultados
    assert recusas[0].code in ("ja_assinado", "preparacao_usada")
    assert Assinatura.objects.filter(documento=oficio).count() == 1
    assert len(_arquivos(armazenamento, "assinados")) == 1


def test_conferencia_publica_confirma_a_assinatura_qualificada(atores, colega, oficio, cliente_api, certificado_icp):
    from rest_framework.test import APIClient

    a = atores["A"]
    c = cliente_api(a)
    preparacao_id, digest = _preparado(c, oficio)
    _, p12 = certificado_icp(a.usuario.cpf)
    assert _concluir(c, oficio, preparacao_id, _cms_em_processo(p12, digest)).status_code == 201
    _eletronica(colega, oficio, "Coordenador")
    oficio.refresh_from_db()
    limpar_cache()
    r = APIClient().get(
        "/api/v1/autenticidade/", {"codigo_verificador": oficio.numero_sei_formatado, "codigo_crc": oficio.codigo_crc}
    )
    assert r.status_code == 200 and r.json()["valido"] is True, r.json()
    assert [s["nivel"] for s in r.json()["assinaturas"]] == ["qualificada", "eletronica"]
    limpar_cache()
