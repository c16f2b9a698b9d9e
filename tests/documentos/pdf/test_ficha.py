"""The one-page record the system issues (documentos.pdf.ficha): what it prints is the text it was
given, never markup, and it reads back as text."""

import io

import pikepdf
from pypdf import PdfReader

from documentos.pdf.ficha import Ficha, Item, desenhar


def texto_de(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_campos_e_itens_saem_como_texto_com_acentos():
    pdf = desenhar(
        Ficha(
            titulo="Recibo Eletrônico de Protocolo",
            introducao="A ouvidoria recebeu a manifestação abaixo.",
            campos=[("Manifestante", "Conceição Araújo"), ("Processo", "99904.000001/2026-11")],
            subtitulo="Documentos",
            itens=[Item("Nº SEI 1234: Anexo (petição.pdf)", "SHA-256: " + "ab" * 32)],
            fecho="Este recibo foi assinado com o certificado digital do órgão.",
            rodape="Recibo Eletrônico de Protocolo · SEI 1234",
        )
    )
    texto = texto_de(pdf)
    for esperado in (
        "Recibo Eletrônico de Protocolo",
        "Manifestante: Conceição Araújo",
        "99904.000001/2026-11",
        "petição.pdf",
        "ab" * 32,
        "SEI 1234 / pág. 1",
    ):
        assert esperado in texto


def test_marcacao_vinda_do_usuario_e_impressa_nunca_interpretada(tmp_path):
    # ReportLab's paragraph language reads <img src> from disk: a name must not reach it as markup.
    imagem = tmp_path / "segredo.png"
    imagem.write_bytes(b"\x89PNG\r\n\x1a\n")
    hostil = f'<img src="{imagem}" width="50" height="50"/><b>negrito</b> & <font size=40>x</font>'
    pdf = desenhar(Ficha(titulo="Recibo", introducao=hostil, campos=[("Nome", hostil)], itens=[Item(hostil, hostil)]))
    texto = " ".join(texto_de(pdf).split())  # lines wrap where the temporary path's length says
    assert texto.count("<img src=") == 4 and "<b>negrito</b> &" in texto
    with pikepdf.open(io.BytesIO(pdf)) as documento:
        assert not documento.pages[0].get_images()
