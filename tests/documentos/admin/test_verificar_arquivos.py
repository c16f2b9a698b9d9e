"""verificar_arquivos: what an administrator running the daily integrity check sees."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from documentos.models import Exportacao

pytestmark = pytest.mark.django_db


def rodar(*args):
    saida, erros = StringIO(), StringIO()
    codigo = 0
    try:
        call_command("verificar_arquivos", *args, stdout=saida, stderr=erros)
    except SystemExit as fim:
        codigo = fim.code
    return codigo, saida.getvalue(), erros.getvalue()


def orfao(pasta, nome: str, *, horas_atras: float) -> str:
    caminho = pasta / "documentos" / "zz" / "yy" / nome
    caminho.parent.mkdir(parents=True, exist_ok=True)
    caminho.write_bytes(b"sobra de um envio que nao terminou")
    antigo = time.time() - horas_atras * 3600
    os.utime(caminho, (antigo, antigo))
    return f"documentos/zz/yy/{nome}"


def test_tudo_em_ordem_sai_com_zero(atores, criar_processo, armazenamento, incluir_externo):
    processo = criar_processo(atores["A"])
    incluir_externo(atores["A"], processo)
    incluir_externo(atores["A"], processo, numero="346")

    codigo, saida, erros = rodar()

    assert codigo == 0
    assert "2 arquivo(s) de documentos externos conferido(s)" in saida
    assert "nenhum problema" in saida
    assert erros == ""


def test_arquivo_ausente_aparece_pelo_numero_sei(atores, criar_processo, armazenamento, incluir_externo):
    doc = incluir_externo(atores["A"], criar_processo(atores["A"]))
    (armazenamento / doc.arquivo_nome).unlink()

    codigo, _, erros = rodar()

    assert codigo == 1
    assert f"AUSENTE     SEI {doc.numero_sei:07d}" in erros
    assert "1 arquivo(s) ausente(s) ou corrompido(s)" in erros


def test_arquivo_alterado_aparece_como_corrompido_sem_conteudo(
    atores, criar_processo, armazenamento, incluir_externo
):
    doc = incluir_externo(atores["A"], criar_processo(atores["A"]))
    caminho = armazenamento / doc.arquivo_nome
    caminho.write_bytes(caminho.read_bytes() + b"%SEGREDO-ADULTERADO")

    codigo, saida, erros = rodar()

    assert codigo == 1
    assert f"CORROMPIDO  SEI {doc.numero_sei:07d}" in erros
    assert "SEGREDO" not in saida + erros  # never the file's content


def test_orfao_antigo_apagado_e_novo_mantido(atores, criar_processo, armazenamento, incluir_externo):
    doc = incluir_externo(atores["A"], criar_processo(atores["A"]))
    antigo = orfao(armazenamento, "antigo.pdf", horas_atras=48)
    novo = orfao(armazenamento, "novo.pdf", horas_atras=1)

    codigo, saida, _ = rodar()  # without the flag: listed, nothing deleted
    assert codigo == 0
    assert f"ÓRFÃO: {antigo}" in saida and novo in saida
    assert (armazenamento / antigo).exists()

    codigo, saida, _ = rodar("--apagar-orfaos")
    assert codigo == 0
    assert f"ÓRFÃO apagado: {antigo}" in saida
    assert f"ÓRFÃO: {novo} (mais novo que 24 h: mantido)" in saida
    assert not (armazenamento / antigo).exists()
    assert (armazenamento / novo).exists()
    assert (armazenamento / doc.arquivo_nome).exists()  # a referenced file is never an orphan

    codigo, saida, _ = rodar("--apagar-orfaos", "--horas", "0")
    assert not (armazenamento / novo).exists()


def test_exportacao_vencida_listada_e_apagada_com_a_opcao(atores, criar_processo, armazenamento):
    processo = criar_processo(atores["A"])
    arquivo = armazenamento / "exportacoes" / "velha.pdf"
    arquivo.parent.mkdir()
    arquivo.write_bytes(b"%PDF-1.4")
    agora = timezone.now()
    exportacao = Exportacao.objects.create(
        processo=processo,
        usuario=atores["A"].usuario,
        unidade=atores["A"].unidade,
        formato="pdf",
        estado="concluida",
        progresso=100,
        arquivo_nome="exportacoes/velha.pdf",
        criada_em=agora - timedelta(days=3),
        atualizada_em=agora - timedelta(days=3),
        expira_em=agora - timedelta(days=2),
    )

    codigo, saida, _ = rodar()
    assert codigo == 0
    assert "Exportação vencida ainda guardada: exportacoes/velha.pdf" in saida
    assert arquivo.exists()

    rodar("--apagar-orfaos")
    assert not arquivo.exists()
    exportacao.refresh_from_db()
    assert exportacao.arquivo_nome == ""


def test_pdf_em_cache_alterado_e_listado_sem_falhar(atores, criar_processo, armazenamento, criar_documento):
    from documentos.models import PdfRenderizado
    from documentos.services import obter_pdf

    processo = criar_processo(atores["A"])
    doc = criar_documento(atores["A"], processo, conteudo="<p>Texto</p>")
    obter_pdf(doc)
    registro = PdfRenderizado.objects.get()
    caminho = armazenamento / registro.arquivo_nome
    caminho.write_bytes(caminho.read_bytes() + b"%alterado")

    codigo, saida, erros = rodar()

    assert codigo == 0  # derived data: rendered again on its next read
    assert f"PDF EM CACHE ausente ou alterado (será gerado de novo): {registro.arquivo_nome}" in saida
    assert "1 PDF(s) em cache conferido(s); 1 a gerar de novo." in saida
