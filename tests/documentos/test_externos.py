import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documentos import services
from documentos.models import Documento
from processos.models import Andamento, NivelAcesso
from sei.exceptions import EntradaInvalida, ErroDominio, RegraDeNegocio
from tests.factories import pdf_simples, tipo_documento


def arquivos_gravados(pasta) -> list[str]:
    return [os.path.join(raiz, n) for raiz, _, nomes in os.walk(pasta) for n in nomes]


def incluir(ator, processo, conteudo: bytes, nome: str, **kwargs):
    kwargs.setdefault("tipo", tipo_documento("Nota Fiscal"))
    kwargs.setdefault("numero", "345")
    kwargs.setdefault("nivel_acesso", NivelAcesso.PUBLICO)
    return services.documento_externo_criar(
        ator=ator, processo=processo, arquivo=SimpleUploadedFile(nome, conteudo), nome_arquivo=nome, **kwargs
    )


def test_pdf_externo_incluido_com_rotulo_hash_e_historico(atores, processo, armazenamento):
    conteudo = pdf_simples()
    doc = incluir(atores["A"], processo, conteudo, "../../nota fiscal.pdf", remetente="Empresa X")
    assert doc.rotulo == f"Nota Fiscal 345 ({doc.numero_sei:07d})"
    assert doc.arquivo_nome_original == "nota fiscal.pdf" and doc.arquivo_mime == "application/pdf"
    assert "nota" not in doc.arquivo_nome and ".." not in doc.arquivo_nome  # generated name
    import hashlib

    assert doc.arquivo_sha256 == hashlib.sha256(conteudo).hexdigest()
    assert len(arquivos_gravados(armazenamento)) == 1
    assert Andamento.objects.filter(processo=processo, tipo="documento_incluido").exists()
    # The external PDF is the document's PDF, as it is.
    registro = services.obter_pdf(doc)
    assert registro.paginas == 1


def test_html_renomeado_e_recusado_sem_deixar_nada(atores, processo, armazenamento):
    with pytest.raises(ErroDominio) as erro:
        incluir(atores["A"], processo, b"<html><script>alert(1)</script></html>", "nota.pdf")
    assert erro.value.status == 415
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []


def test_falha_ao_registrar_apaga_o_arquivo(atores, processo, armazenamento):
    with pytest.raises(RegraDeNegocio):  # the process is not open in B
        incluir(atores["B"], processo, pdf_simples(), "nota.pdf")
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []


def test_metadados_invalidos_antes_de_gravar(atores, processo, armazenamento):
    with pytest.raises(EntradaInvalida) as erro:
        incluir(atores["A"], processo, pdf_simples(), "nota.pdf", formato="digitalizado")
    assert "tipo_conferencia" in erro.value.errors
    with pytest.raises(EntradaInvalida):
        incluir(atores["A"], processo, pdf_simples(), "oficio.pdf", tipo=tipo_documento("Despacho"))
    assert arquivos_gravados(armazenamento) == []


def test_tamanho_maximo(atores, processo, settings, armazenamento):
    settings.SEI_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ErroDominio) as erro:
        incluir(atores["A"], processo, pdf_simples() + b"\n" * 200, "nota.pdf")
    assert erro.value.status == 413
    assert not Documento.objects.exists() and arquivos_gravados(armazenamento) == []


def test_texto_extraido_para_a_busca(atores, processo):
    doc = incluir(
        atores["A"],
        processo,
        "Relatório de vistoria da obra".encode(),
        "relatorio.txt",
        tipo=tipo_documento("Relatório"),
        numero="",
    )
    assert services.extrair_texto_documento(doc.pk) == "extraído"
    doc.refresh_from_db()
    assert "vistoria da obra" in doc.texto_extraido
    assert doc.texto_extraido_em is not None
    assert services.extrair_texto_documento(doc.pk) == "ignorado"  # a redelivery does nothing


def test_extracao_perdida_pela_fila_e_refeita_pelo_varredor(atores, processo):
    from datetime import timedelta

    from django.utils import timezone

    doc = incluir(atores["A"], processo, "Laudo técnico da ponte".encode(), "laudo.txt", tipo=tipo_documento("Relatório"), numero="")
    # The message was lost (its on_commit never ran here): nothing extracted yet.
    Documento.objects.filter(pk=doc.pk).update(criado_em=timezone.now() - timedelta(minutes=6))
    services.retomar_pendentes()  # the beat sweeper; tasks run in process in this mode
    doc.refresh_from_db()
    assert "Laudo técnico da ponte" in doc.texto_extraido and doc.texto_extraido_em is not None
    feito_em = doc.texto_extraido_em
    services.retomar_pendentes()
    doc.refresh_from_db()
    assert doc.texto_extraido_em == feito_em  # done once
