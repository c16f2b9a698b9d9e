# ruff: noqa: F811  (the signing fixtures of tests/assinaturas, imported below, are parameters here)
"""Assinatura externa com certificado digital (ICP-Brasil) in a real Chromium: the unit released a
minuta to João; he logs into the portal, finds it awaiting his signature, opens it, prepares the
signature with the certificate, signs the digest the page shows (here in Python, as the
``sei-assinador`` would) and pastes the CMS. A certificate of someone else is refused first with
the pt-BR message and nothing recorded; his own concludes, the unit's page shows the signature
with his name, and the PDF the unit downloads verifies from outside (pdfsig and pyHanko, the test
ICP root). No CSP violation on the way."""

import base64
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assinaturas.assinador_referencia import assinar_digest
from assinaturas.models import Assinatura
from externo import assinaturas_externas
from externo.models import LiberacaoAssinaturaExterna
from processos.models import NivelAcesso
from sei.senhas import SenhaConfirmada
from tests.assinaturas import icp as pki
from tests.assinaturas import verificacao
from tests.assinaturas.conftest import (  # noqa: F401  (fixtures)
    _pasta_chaves,
    certificado_icp,
    icp,
    raiz_pem,
    raizes_icp,
    selo,
)
from tests.e2e.conftest import entrar_no_navegador
from tests.factories import SENHA_PADRAO

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CPF_JOAO = "52998224725"
CPF_MARIA = "11144477735"


@pytest.fixture
def cenario(atores, criar_processo, criar_documento, selo, raizes_icp, certificado_icp):
    """Unit A released an Ofício (a minuta) of a restricted process to João for five days; his
    certificate carries his CPF, Maria's another. Read before the browser starts (see test_fluxo)."""
    from externo.services import cadastro_criar

    a = atores["A"]
    processo = criar_processo(a, nivel=NivelAcesso.RESTRITO, especificacao="Termo de compromisso")
    oficio = criar_documento(a, processo, conteudo="<p>Termo de compromisso do cidadão.</p>")
    joao = cadastro_criar(
        cpf=CPF_JOAO, nome="João Cidadão", email="joao@exemplo.com.br", senha=SENHA_PADRAO, liberado=True
    ).usuario
    assinaturas_externas.liberacao_liberar(
        ator=a,
        documento=oficio,
        senha=SenhaConfirmada(usuario_id=a.usuario.pk),
        validade_dias=5,
        cpf=joao.cpf,
    )
    return {
        "interno": a.usuario.username,
        "numero": oficio.numero_sei_formatado,
        "rotulo": oficio.rotulo,
        "p12_joao": certificado_icp(joao.cpf)[1],
        "p12_maria": certificado_icp(CPF_MARIA)[1],
    }


def _fora_do_laco(funcao, *args):
    """pyHanko runs its own event loop; Playwright's is running in this thread."""
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(funcao, *args).result()


def _assinar(p12: Path, digest_b64: str) -> str:
    from pyhanko.sign import signers

    assinante = signers.SimpleSigner.load_pkcs12_data(
        p12.read_bytes(), other_certs=[], passphrase=pki.SENHA_P12.encode()
    )
    return base64.b64encode(assinar_digest(assinante, base64.b64decode(digest_b64))).decode()


def _cms(p12: Path, digest_b64: str) -> str:
    """What the signer prints for the digest: a CMS SignedData in base64."""
    return _fora_do_laco(_assinar, p12, digest_b64)


def test_cidadao_assina_com_certificado_no_portal(
    _historico_descartavel, cenario, live_server, navegador, raiz_pem, raizes_icp
):
    base = live_server.url
    csp = []

    def vigiar(pagina):
        pagina.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
        return pagina

    contexto = navegador.new_context(locale="pt-BR")
    pagina = vigiar(contexto.new_page())
    pagina.goto(f"{base}/externo/entrar/")
    pagina.get_by_label("CPF ou e-mail").fill(CPF_JOAO)
    pagina.get_by_label("Senha").fill(SENHA_PADRAO)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_url(f"{base}/externo/")
    pendente = pagina.get_by_role("link", name=f"{cenario['numero']} — {cenario['rotulo']}")
    expect(pendente).to_be_visible()
    pendente.click()
    pagina.wait_for_url(f"{base}/externo/assinaturas/{cenario['numero']}/")
    expect(pagina.get_by_role("heading", name="Assinar com certificado digital")).to_be_visible()

    pagina.get_by_role("button", name="Preparar", exact=True).click()
    resumo = pagina.get_by_label("Resumo (SHA-256, base64) a assinar:")
    expect(resumo).to_be_visible()
    digest = resumo.input_value()
    assert len(base64.b64decode(digest)) == 32
    expect(pagina.get_by_text(f"sei-assinador --pfx meu-certificado.p12 --digest {digest}")).to_be_visible()

    # Maria's certificate: refused with the reason, the digest still there, nothing recorded.
    pagina.get_by_label("Assinatura (CMS em base64)").fill(_cms(cenario["p12_maria"], digest))
    pagina.get_by_role("button", name="Concluir").click()
    expect(pagina.get_by_role("alert")).to_contain_text(
        "O certificado usado não é o seu: o CPF do certificado difere do CPF do seu cadastro."
    )
    expect(pagina.get_by_label("Resumo (SHA-256, base64) a assinar:")).to_have_value(digest)
    assert not Assinatura.objects.exists()
    assert LiberacaoAssinaturaExterna.objects.get().assinado_em is None

    # His own certificate over the same digest concludes.
    pagina.get_by_label("Assinatura (CMS em base64)").fill(_cms(cenario["p12_joao"], digest))
    pagina.get_by_role("button", name="Concluir").click()
    pagina.wait_for_url(f"{base}/externo/")
    expect(
        pagina.get_by_text(f"Documento {cenario['numero']} assinado com certificado digital.")
    ).to_be_visible()
    expect(pagina.get_by_role("link", name=f"{cenario['numero']} — {cenario['rotulo']}")).to_have_count(0)
    contexto.close()

    # The unit sees the citizen's signature on the document and downloads the signed PDF.
    contexto = navegador.new_context(locale="pt-BR")
    pagina = vigiar(contexto.new_page())
    entrar_no_navegador(pagina, base, cenario["interno"])
    pagina.goto(f"{base}/documentos/{cenario['numero']}/")
    expect(pagina.get_by_text("Assinado eletronicamente por João Cidadão, Usuário Externo")).to_contain_text(
        "com certificado ICP-Brasil"
    )
    resposta = pagina.request.get(f"{base}/documentos/{cenario['numero']}/pdf")
    assert resposta.ok and resposta.headers["content-type"].startswith("application/pdf")
    pdf = resposta.body()
    contexto.close()

    raizes = raiz_pem + raizes_icp
    pdfsig = verificacao.verificar_pdfsig(pdf, raizes)
    assert [(s.assinatura_valida, s.certificado_confiavel, s.documento_inteiro) for s in pdfsig] == [
        (True, True, True)
    ], [s.texto for s in pdfsig]
    assert f"TITULAR DE TESTE:{CPF_JOAO}" in pdfsig[0].nome_comum
    pyhanko = _fora_do_laco(verificacao.verificar_pyhanko, pdf, raizes)
    assert [(s.intacta, s.assinatura_valida, s.certificado_confiavel) for s in pyhanko] == [
        (True, True, True)
    ]
    assert Assinatura.objects.get().nome == "João Cidadão"
    assert csp == []
