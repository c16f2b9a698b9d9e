"""RFC 3161 timestamps (``SEI_TSA_URL``) against a local TSA (pyHanko's DummyTimeStamper behind a
thread on 127.0.0.1): every eletrônica signature and every qualificada one carries a signature
timestamp token that pyHanko validates up to the test TSA root; a TSA that is down refuses the
signature and leaves no file and no row."""

import base64
import io
import socket

import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from assinaturas.models import Assinatura, PreparacaoAssinatura
from tests.assinaturas import verificacao
from tests.assinaturas.test_qualificada import CARGO, _arquivos, _cms_em_processo, _concluir, _pdf, _preparar
from tests.factories import SENHA_PADRAO


@pytest.fixture
def oficio(atores, processo, criar_documento, selo, assinante, raizes_icp):
    assinante(atores["A"])
    return criar_documento(atores["A"], processo, conteudo="<p>Ofício com carimbo de tempo.</p>")


def _certificados(pem_bytes: bytes) -> list:
    return [asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(pem_bytes, multiple=True)]


def _carimbos(pdf: bytes, raizes_assinatura: bytes, raiz_tsa) -> list:
    """pyHanko's verdict on each signature's timestamp token, oldest signature first."""
    leitor = PdfFileReader(io.BytesIO(pdf))
    situacoes = []
    for assinatura in leitor.embedded_signatures:
        situacao = validate_pdf_signature(
            assinatura,
            signer_validation_context=ValidationContext(trust_roots=_certificados(raizes_assinatura), allow_fetching=False),
            ts_validation_context=ValidationContext(trust_roots=[raiz_tsa.asn1], allow_fetching=False),
        )
        situacoes.append(situacao)
    return situacoes


def _assinar(c, documento):
    return c.post(
        f"/api/v1/documentos/{documento.numero_sei}/assinar/", {"senha": SENHA_PADRAO, "cargo": CARGO}, format="json"
    )


def test_eletronica_leva_carimbo_de_tempo_valido(atores, oficio, cliente_api, tsa, pki_tsa, raiz_pem):
    c = cliente_api(atores["A"])
    assert _assinar(c, oficio).status_code == 201
    assert tsa.pedidos >= 1
    pdf = _pdf(c, oficio)
    [situacao] = _carimbos(pdf, raiz_pem, pki_tsa["raiz"])
    assert situacao.bottom_line, situacao.summary()
    carimbo = situacao.timestamp_validity
    assert carimbo is not None and carimbo.intact and carimbo.valid and carimbo.trusted, carimbo
    assert Assinatura.objects.get(documento=oficio).carimbo_tempo is True
    assert verificacao.ultima_revisao_cobre_o_fim(pdf)


def test_qualificada_recebe_carimbo_ao_concluir(atores, oficio, cliente_api, tsa, pki_tsa, raiz_pem, raizes_icp, certificado_icp):
    a = atores["A"]
    c = cliente_api(a)
    _, p12 = certificado_icp(a.usuario.cpf)
    preparada = _preparar(c, oficio).json()
    assert tsa.pedidos == 0  # nothing to stamp before the signature exists
    r = _concluir(c, oficio, preparada["id"], _cms_em_processo(p12, base64.b64decode(preparada["digest"])))
    assert r.status_code == 201, r.json()
    assert tsa.pedidos >= 1
    pdf = _pdf(c, oficio)
    raizes = raiz_pem + raizes_icp
    [situacao] = _carimbos(pdf, raizes, pki_tsa["raiz"])
    carimbo = situacao.timestamp_validity
    assert situacao.bottom_line and carimbo is not None and carimbo.intact and carimbo.valid and carimbo.trusted
    assert Assinatura.objects.get(documento=oficio).carimbo_tempo is True
    # The token is an unsigned attribute: the signature (and pdfsig's verdict) is untouched.
    pdfsig = verificacao.verificar_pdfsig(pdf, raizes)
    assert [(s.assinatura_valida, s.certificado_confiavel) for s in pdfsig] == [(True, True)], [s.texto for s in pdfsig]
    assert verificacao.ultima_revisao_cobre_o_fim(pdf)


@pytest.fixture
def tsa_fora_do_ar(settings):
    """``SEI_TSA_URL`` at a port of 127.0.0.1 where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        porta = s.getsockname()[1]
    settings.SEI_TSA_URL = f"http://127.0.0.1:{porta}/tsa"
    settings.SEI_TSA_TEMPO_LIMITE = 2


def test_tsa_fora_do_ar_recusa_a_eletronica_sem_deixar_nada(atores, oficio, cliente_api, tsa_fora_do_ar, armazenamento):
    r = _assinar(cliente_api(atores["A"]), oficio)
    assert (r.status_code, r.json()["code"]) == (503, "carimbo_indisponivel"), r.json()
    assert "carimbo de tempo" in r.json()["detail"]
    assert not Assinatura.objects.exists() and _arquivos(armazenamento, "assinados") == []
    oficio.refresh_from_db()
    assert not oficio.pdf_assinado_nome and not oficio.codigo_crc


def test_tsa_fora_do_ar_recusa_a_qualificada_sem_deixar_nada(
    atores, oficio, cliente_api, tsa_fora_do_ar, armazenamento, certificado_icp
):
    a = atores["A"]
    c = cliente_api(a)
    _, p12 = certificado_icp(a.usuario.cpf)
    preparada = _preparar(c, oficio).json()
    r = _concluir(c, oficio, preparada["id"], _cms_em_processo(p12, base64.b64decode(preparada["digest"])))
    assert (r.status_code, r.json()["code"]) == (503, "carimbo_indisponivel"), r.json()
    assert not Assinatura.objects.exists() and _arquivos(armazenamento, "assinados") == []
    # The preparation waits (the prepared file it names stays), to be concluded once the TSA is back.
    preparacao = PreparacaoAssinatura.objects.get(pk=preparada["id"])
    assert preparacao.concluida_em is None
    assert [p.relative_to(armazenamento).as_posix() for p in _arquivos(armazenamento, "preparados")] == [preparacao.arquivo_nome]
