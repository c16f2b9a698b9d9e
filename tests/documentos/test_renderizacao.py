import io
import zipfile

import pikepdf
import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from documentos import services
from documentos.models import Exportacao, PdfRenderizado
from processos import services as processos_services
from sei.exceptions import EntradaInvalida
from tests.factories import bloquear


def _texto(conteudo: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(conteudo)).pages]


def test_documento_renderiza_com_rodape_e_fica_em_cache(atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Conteúdo do ofício</p>" + "<p>linha</p>" * 80)
    assert services.pdf_do_documento(doc.pk, 1) == "renderizado"
    registro = PdfRenderizado.objects.get()
    paginas = _texto(default_storage.open(registro.arquivo_nome).read())
    assert registro.paginas == len(paginas) >= 2
    assert "Conteúdo do ofício" in paginas[0]
    rodape = f"Ofício 1 ({doc.numero_sei:07d}) · SEI {processo.nup_formatado} / pág. 2"
    assert rodape in " ".join(paginas[1].split())
    services.pdf_do_documento(doc.pk, 1)  # a rerun uses the cache
    assert PdfRenderizado.objects.count() == 1
    services.documento_editar(ator=atores["A"], documento=doc, conteudo="<p>Outra versão</p>", versao_base=1)
    assert services.pdf_do_documento(doc.pk, 1) == "versão superada"
    services.pdf_do_documento(doc.pk, 2)
    assert PdfRenderizado.objects.count() == 2  # each version renders once


def _exportar(ator, processo, formato="pdf", documentos=None):
    exportacao = services.exportacao_solicitar(
        ator=ator, processo=processo, formato=formato, documentos=documentos
    )
    assert services.executar_exportacao(exportacao.pk) == "concluida"
    exportacao.refresh_from_db()
    assert exportacao.estado == "concluida" and exportacao.progresso == 100
    return exportacao, default_storage.open(exportacao.arquivo_nome).read()


def test_pdf_do_processo_com_capa_marcadores_e_sem_cancelados_nem_minutas_alheias(
    atores, unidades, processo, criar_documento
):
    a, b = atores["A"], atores["B"]
    d1 = criar_documento(a, processo, conteudo="<p>Primeiro documento</p>")
    d2 = criar_documento(a, processo, tipo="Despacho", conteudo="<p>Segundo documento</p>")
    cancelado = criar_documento(a, processo, conteudo="<p>Cancelado</p>")
    services.documento_cancelar(ator=a, documento=bloquear(cancelado), motivo="engano")
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    d_b = criar_documento(b, processo, tipo="Despacho", conteudo="<p>Minuta de B</p>")

    _, conteudo = _exportar(a, processo)
    texto = " ".join(_texto(conteudo))
    assert "Primeiro documento" in texto and "Segundo documento" in texto
    assert "Cancelado" not in texto.replace("Cancelado:", "") and "Minuta de B" not in texto
    with pikepdf.open(io.BytesIO(conteudo)) as pdf_final, pdf_final.open_outline() as contorno:
        titulos = [item.title for item in contorno.root]
        assert titulos == ["Capa", d1.rotulo, d2.rotulo]
        assert len(pdf_final.pages) == 3  # cover + two one-page documents
    capa = _texto(conteudo)[0]
    assert processo.nup_formatado in capa and d1.rotulo in capa

    _, conteudo_b = _exportar(b, processo)
    assert "Minuta de B" in " ".join(_texto(conteudo_b)) and "Primeiro documento" not in " ".join(
        _texto(conteudo_b)
    )
    assert d_b  # B sees its own minuta, not A's


def test_exportar_documento_sem_acesso_e_recusado(atores, unidades, processo, criar_documento):
    a, b = atores["A"], atores["B"]
    minuta_a = criar_documento(a, processo)
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    with pytest.raises(EntradaInvalida):
        services.exportacao_solicitar(
            ator=b, processo=processo, formato="pdf", documentos=[minuta_a.numero_sei]
        )
    assert not Exportacao.objects.exists()


def test_acesso_revogado_vale_na_hora_da_geracao(atores, unidades, criar_processo, criar_documento):
    from processos.models import Credencial, NivelAcesso

    a, b = atores["A"], atores["B"]
    processo = criar_processo(a, NivelAcesso.SIGILOSO)
    credencial = processos_services.credencial_conceder(
        ator=a, processo=processo, usuario=b.usuario, unidade=unidades["B"]
    )
    criar_documento(b, processo, conteudo="<p>Segredo</p>")
    exportacao = services.exportacao_solicitar(ator=b, processo=processo, formato="pdf")
    processos_services.credencial_cassar(ator=a, processo=processo, credencial_id=credencial.pk)
    assert Credencial.objects.get(pk=credencial.pk).cassada_em is not None
    assert services.executar_exportacao(exportacao.pk) == "erro"
    exportacao.refresh_from_db()
    assert exportacao.estado == "erro" and not exportacao.arquivo_nome
    assert "pode mais ser exportado" in exportacao.detalhe


def test_zip_com_os_originais(atores, processo, criar_documento):
    a = atores["A"]
    d1 = criar_documento(a, processo, conteudo="<p>Texto do ofício</p>")
    _, conteudo = _exportar(a, processo, formato="zip")
    with zipfile.ZipFile(io.BytesIO(conteudo)) as zf:
        nomes = zf.namelist()
        assert nomes == [f"{d1.numero_sei:07d} - Ofício 1 ({d1.numero_sei:07d}).html"]
        assert "Texto do ofício" in zf.read(nomes[0]).decode()


def test_exportacao_rodada_duas_vezes_nao_refaz(atores, processo, criar_documento):
    criar_documento(atores["A"], processo)
    exportacao, _ = _exportar(atores["A"], processo)
    assert services.executar_exportacao(exportacao.pk) == "ignorada"


def _adulterar(registro: PdfRenderizado) -> None:
    with default_storage.open(registro.arquivo_nome) as arquivo:
        conteudo = arquivo.read()
    default_storage.delete(registro.arquivo_nome)
    default_storage.save(registro.arquivo_nome, io.BytesIO(conteudo + b"%ADULTERADO\n"))


def test_pdf_em_cache_alterado_no_armazenamento_e_gerado_de_novo(atores, processo, criar_documento, caplog):
    import hashlib

    doc = criar_documento(atores["A"], processo, conteudo="<p>Original</p>")
    registro = services.obter_pdf(doc)
    assert registro.sha256 == hashlib.sha256(default_storage.open(registro.arquivo_nome).read()).hexdigest()
    _adulterar(registro)

    leitor = services.abrir_pdf(doc)
    conteudo = b"".join(leitor)
    assert b"ADULTERADO" not in conteudo and "Original" in " ".join(_texto(conteudo))
    novo = PdfRenderizado.objects.get()
    assert novo.pk != registro.pk and novo.sha256 == hashlib.sha256(conteudo).hexdigest()
    assert "PDF em cache corrompido" in caplog.text


def test_exportacao_nao_usa_pdf_em_cache_alterado(atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Original</p>")
    adulterado = services.obter_pdf(doc)
    _adulterar(adulterado)
    _, conteudo = _exportar(atores["A"], processo)
    assert "Original" in " ".join(_texto(conteudo))
    novo = PdfRenderizado.objects.get()  # the altered one was dropped and rendered again
    assert novo.pk != adulterado.pk and novo.sha256 != ""
