"""Autenticação of digitised external documents (issue 9 §1) and the legal basis per órgão and
level (§2): the same PAdES signing, SEI's wording, the authentication sheet after the pages."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assinaturas import aparencia, services
from assinaturas.models import Assinatura, FundamentoLegal
from documentos import pdf
from documentos import services as documentos_services
from documentos.models import Documento, NivelAcesso, TipoDocumento
from processos.models import Andamento
from tests.assinaturas import verificacao
from tests.factories import SENHA_PADRAO, pdf_simples

CARGO = "Analista Administrativo"


@pytest.fixture
def digitalizado(atores, processo, selo, assinante, armazenamento):
    assinante(atores["A"])

    def _incluir(formato=Documento.Formato.DIGITALIZADO, conferencia=Documento.Conferencia.COPIA_SIMPLES):
        return documentos_services.documento_externo_criar(
            ator=atores["A"],
            processo=processo,
            tipo=TipoDocumento.objects.get(nome="Nota Fiscal"),
            numero="77",
            nivel_acesso=NivelAcesso.PUBLICO,
            arquivo=SimpleUploadedFile("nota.pdf", pdf_simples()),
            nome_arquivo="nota.pdf",
            formato=formato,
            tipo_conferencia=conferencia,
        )

    return _incluir


def _autenticar(c, documento):
    return c.post(
        f"/api/v1/documentos/{documento.numero_sei}/autenticar/", {"senha": SENHA_PADRAO, "cargo": CARGO}, format="json"
    )


def test_autenticar_acrescenta_a_folha_e_assina(atores, cliente_api, digitalizado, raiz_pem):
    nota = digitalizado()
    c = cliente_api(atores["A"])
    r = _autenticar(c, nota)
    assert r.status_code == 201, r.content
    assert r.json()["assinaturas"][0]["tipo"] == "autenticacao"
    resposta = c.get(f"/api/v1/documentos/{nota.numero_sei}/pdf")
    autenticado = b"".join(resposta.streaming_content) if resposta.streaming else resposta.content
    # The pages as uploaded plus the authentication sheet, signed by the órgão's seal.
    assert pdf.paginas_de(autenticado) == pdf.paginas_de(pdf_simples()) + 1
    assert "Folha de autenticação" in pdf.extrair_texto_pdf(autenticado)
    resultado = verificacao.verificar_pyhanko(autenticado, raiz_pem)
    assert len(resultado) == 1 and resultado[0].bottom_line
    assert [(s.assinatura_valida, s.certificado_confiavel) for s in verificacao.verificar_pdfsig(autenticado, raiz_pem)] == [
        (True, True)
    ]
    # The uploaded file stays as it was received.
    original = c.get(f"/api/v1/documentos/{nota.numero_sei}/conteudo")
    bytes_originais = b"".join(original.streaming_content) if original.streaming else original.content
    assert hashlib.sha256(bytes_originais).hexdigest() == nota.arquivo_sha256
    andamento = Andamento.objects.filter(processo=nota.processo).order_by("-id").first()
    assert andamento.tipo == "autenticacao" and "autenticado por" in andamento.descricao
    # The public check knows it by its codes.
    nota.refresh_from_db()
    publico = c.get("/api/v1/autenticidade/", {"codigo_verificador": nota.numero_sei, "codigo_crc": nota.codigo_crc})
    assert publico.status_code == 200 and publico.json()["valido"] is True


def test_tarja_de_autenticacao_com_a_conferencia_e_o_fundamento(atores, digitalizado):
    nota = digitalizado(conferencia=Documento.Conferencia.COPIA_AUTENTICADA)
    tarja = services.tarja_de(
        atores["A"], cargo=CARGO, em=nota.criado_em, nivel="eletronica", conferencia=nota.get_tipo_conferencia_display()
    )
    texto = aparencia.texto_tarja(tarja)
    assert texto.startswith("Documento autenticado eletronicamente por")
    assert "art. 12, § 1º, do Decreto nº 8.539" in texto
    assert texto.endswith("Conferência: cópia autenticada administrativamente.")
    # What the signature's appearance prints (the tarja rendered as text, not an image).
    impresso = pdf.extrair_texto_pdf(aparencia.aparencia_tarja(tarja, 480))
    assert "autenticado" in impresso and "administrativamente" in impresso


def test_so_digitalizado_com_conferencia_e_autenticado(atores, cliente_api, digitalizado, criar_documento, processo):
    c = cliente_api(atores["A"])
    nato = digitalizado(formato=Documento.Formato.NATO_DIGITAL, conferencia="")
    r = _autenticar(c, nato)
    assert r.status_code == 409 and r.json()["code"] == "autenticacao_nao_cabe"
    interno = criar_documento(atores["A"], processo)
    r = _autenticar(c, interno)
    assert r.status_code == 409 and r.json()["code"] == "documento_interno"
    # An external document is not signed: it is authenticated.
    nota = digitalizado()
    r = c.post(f"/api/v1/documentos/{nota.numero_sei}/assinar/", {"senha": SENHA_PADRAO, "cargo": CARGO}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "documento_externo"
    # Wrong password: nothing signed.
    r = c.post(f"/api/v1/documentos/{nota.numero_sei}/autenticar/", {"senha": "errada", "cargo": CARGO}, format="json")
    assert r.status_code == 400 and not Assinatura.objects.exists()
    # Another unit may not authenticate it.
    r = _autenticar(cliente_api(atores["B"]), nota)
    assert r.status_code == 403 and r.json()["code"] == "assinatura_fora_da_unidade"


def test_pagina_autenticar(atores, entrar, digitalizado):
    nota = digitalizado()
    c = entrar(atores["A"])
    detalhe = c.get(reverse("documentos:detalhe", args=[nota.numero_sei_formatado])).content.decode()
    url = reverse("assinaturas:autenticar", args=[nota.numero_sei_formatado])
    assert f'href="{url}"' in detalhe
    assert reverse("assinaturas:assinar", args=[nota.numero_sei_formatado]) not in detalhe
    pagina = c.get(url).content.decode()
    assert "Cópia simples" in pagina and 'name="senha"' in pagina
    resposta = c.post(url, {"cargo": CARGO, "senha": SENHA_PADRAO}, follow=True)
    assert "autenticado." in resposta.content.decode() and "Autenticado" in resposta.content.decode()
    assert Documento.objects.get(pk=nota.pk).estado == "assinado"


def test_fundamento_legal_por_orgao_e_nivel(atores, orgao):
    ator = atores["A"]
    assert services.fundamento_de(orgao, "eletronica") == "art. 6º, § 1º, do Decreto nº 8.539, de 8 de outubro de 2015"
    FundamentoLegal.objects.create(nivel="eletronica", texto="art. 1º da Resolução Geral")
    assert services.fundamento_de(orgao, "eletronica") == "art. 1º da Resolução Geral"
    FundamentoLegal.objects.create(orgao=orgao, nivel="eletronica", texto="art. 5º da Portaria do Órgão nº 1/2026")
    tarja = services.tarja_de(ator, cargo=CARGO, em=timezone.now(), nivel="eletronica")
    assert "com fundamento no art. 5º da Portaria do Órgão nº 1/2026." in aparencia.texto_tarja(tarja)
    # Other levels keep theirs.
    assert "Lei nº 14.063" in services.fundamento_de(orgao, "qualificada")
