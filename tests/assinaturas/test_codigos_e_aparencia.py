"""The código CRC (keyed, grouped, typed in any form, constant-time check, old keys still check)
and where a signature goes on the page."""

import weasyprint

from assinaturas import aparencia, codigos


def test_codigo_crc_chaveado_em_grupos_e_conferido_como_digitado(settings):
    settings.SEI_CRC_CHAVES = "k2:segredo-novo-0123456789abcdefghijklmnop,k1:segredo-antigo-0123456789abcdefghijkl"
    chave, codigo = codigos.gerar(123, b"%PDF-1.7 conteudo")
    assert chave == "k2" and len(codigo) == 19 and codigo.count("-") == 3
    assert codigo == codigos.recalcular(123, b"%PDF-1.7 conteudo", "k2")
    assert codigo != codigos.gerar(124, b"%PDF-1.7 conteudo")[1]  # bound to the número SEI
    assert codigo != codigos.gerar(123, b"%PDF-1.7 outro")[1]
    assert codigos.confere(codigo.lower().replace("-", " "), codigo)
    assert not codigos.confere("0000-0000-0000-0000", codigo)
    assert not codigos.confere("", codigo)
    # A rotated key keeps the codes it made checkable; without the key, the code is gone.
    antigo = codigos.recalcular(123, b"%PDF-1.7 conteudo", "k1")
    assert antigo and antigo != codigo
    assert codigos.recalcular(123, b"%PDF-1.7 conteudo", "k9") is None


def test_cpf_mascarado_mostra_so_o_meio():
    assert aparencia.mascarar_cpf("52998224725") == "***.982.247-**"
    assert aparencia.mascarar_cpf(None) == ""


def test_pdf_sem_area_de_assinaturas_nao_tem_vagas():
    assert aparencia.localizar_area(weasyprint.HTML(string="<p>sem área</p>").write_pdf()) is None
