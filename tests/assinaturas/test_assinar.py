"""Assinatura eletrônica: the service signs the document's PDF with the órgão's seal; every
signature verifies from outside (pyHanko and Debian's pdfsig with only the public root)."""

import pytest

from assinaturas import codigos, services
from assinaturas.models import Assinatura
from documentos.models import Documento
from documentos.services import pdfs
from processos.models import Andamento
from sei.senhas import SenhaConfirmada
from tests.assinaturas import verificacao


def _pedido(ator, cargo="Analista Administrativo"):
    return services.PedidoAssinatura(
        ator=ator, cargo=cargo, senha=SenhaConfirmada(usuario_id=ator.usuario.pk), url_publica="https://sei.exemplo.gov.br"
    )


def _pdf(documento) -> bytes:
    documento.refresh_from_db()
    leitor = pdfs.abrir_pdf(documento)
    try:
        return leitor.read()
    finally:
        leitor.close()


@pytest.fixture
def oficio(atores, processo, criar_documento):
    return criar_documento(atores["A"], processo, conteudo="<p>Texto do ofício: licitação e ações.</p>")


def test_assinar_gera_pdf_pades_que_verificadores_de_fora_aceitam(atores, unidades, oficio, selo, raiz_pem, assinante):
    from tests.factories import ator_em

    a, colega = atores["A"], ator_em(unidades["A"], username="colega")
    assinante(a)
    assinante(colega, cargo="Coordenador")
    primeira = services.assinar(pedido=_pedido(a), documento=oficio)
    oficio.refresh_from_db()
    assert oficio.estado == Documento.Estado.ASSINADO
    assert primeira.ordem == 1 and primeira.certificado == selo
    assert codigos.normalizar(oficio.codigo_crc) == oficio.codigo_crc  # XXXX-XXXX-XXXX-XXXX
    services.assinar(pedido=_pedido(colega, "Coordenador"), documento=oficio)
    pdf = _pdf(oficio)

    pyhanko = verificacao.verificar_pyhanko(pdf, raiz_pem)
    assert [r.campo for r in pyhanko] == ["Assinatura1", "Assinatura2"]
    assert all(r.intacta and r.assinatura_valida and r.certificado_confiavel for r in pyhanko), pyhanko
    pdfsig = verificacao.verificar_pdfsig(pdf, raiz_pem)
    assert [(s.assinatura_valida, s.certificado_confiavel) for s in pdfsig] == [(True, True), (True, True)]
    assert verificacao.ultima_revisao_cobre_o_fim(pdf)
    # One history entry per signature.
    assert Andamento.objects.filter(processo=oficio.processo, tipo=Andamento.Tipo.ASSINATURA).count() == 2
    assert list(Assinatura.objects.filter(documento=oficio).values_list("cargo", flat=True)) == [
        "Analista Administrativo",
        "Coordenador",
    ]


@pytest.mark.parametrize(
    "adulterar", [verificacao.trocar_byte_assinado, verificacao.corromper_assinatura, verificacao.acrescentar_revisao]
)
def test_pdf_adulterado_nao_confere(atores, oficio, selo, raiz_pem, assinante, adulterar):
    from assinaturas import conferencia

    assinante(atores["A"])
    services.assinar(pedido=_pedido(atores["A"]), documento=oficio)
    pdf = _pdf(oficio)
    assert conferencia.assinaturas_validas(pdf)
    adulterado = adulterar(pdf)
    assert not conferencia.assinaturas_validas(adulterado)
    assert not all(r.bottom_line for r in verificacao.verificar_pyhanko(adulterado, raiz_pem))


def test_arquivo_assinado_alterado_no_armazenamento_e_recusado(atores, oficio, selo, assinante, armazenamento):
    from documentos import arquivos

    assinante(atores["A"])
    services.assinar(pedido=_pedido(atores["A"]), documento=oficio)
    oficio.refresh_from_db()
    caminho = armazenamento / oficio.pdf_assinado_nome
    caminho.write_bytes(verificacao.acrescentar_revisao(caminho.read_bytes()))
    with pytest.raises(arquivos.ArquivoCorrompido):
        _pdf(oficio)


def test_exportacao_do_processo_leva_o_pdf_assinado(atores, processo, oficio, selo, raiz_pem, assinante):
    """The process ZIP carries the signed PDF itself (its signatures still check); the process PDF
    is made from it."""
    import io
    import zipfile

    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from documentos import services as documentos_services

    assinante(atores["A"])
    services.assinar(pedido=_pedido(atores["A"]), documento=oficio)
    assinado = _pdf(oficio)
    conteudos = {}
    for formato in ("zip", "pdf"):
        exportacao = documentos_services.exportacao_solicitar(ator=atores["A"], processo=processo, formato=formato)
        assert documentos_services.executar_exportacao(exportacao.pk) == "concluida"
        exportacao.refresh_from_db()
        conteudos[formato] = default_storage.open(exportacao.arquivo_nome).read()
    with zipfile.ZipFile(io.BytesIO(conteudos["zip"])) as zf:
        nomes = [n for n in zf.namelist() if n.endswith(".pdf")]
        assert len(nomes) == 1 and zf.read(nomes[0]) == assinado
    assert all(r.bottom_line for r in verificacao.verificar_pyhanko(assinado, raiz_pem))
    texto = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(conteudos["pdf"])).pages)
    assert oficio.numero_sei_formatado in texto
    # The tarja travels as the signature's appearance (a widget annotation on the page).
    anotacoes = [
        a.get_object() for p in PdfReader(io.BytesIO(conteudos["pdf"])).pages for a in (p.get("/Annots") or [])
    ]
    assert any(a.get("/Subtype") == "/Widget" and "/AP" in a for a in anotacoes)
