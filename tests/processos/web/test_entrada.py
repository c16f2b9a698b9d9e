"""Hostile or unusual input on the pages: a NUL character, digits other than ASCII, the
``DATA_UPLOAD_*`` limits. Never a 500; the pages keep their HTML error pages."""

from django.urls import reverse

from processos.models import Interessado, Processo
from tests.factories import tipo_processo

NUL = "\u0000"
CPF_LARGURA_TOTAL = "５２９.９８２.２４７-２５"  # a phone keyboard's fullwidth digits


def _dados(interessados: str) -> dict:
    return {
        "tipo": tipo_processo().pk,
        "especificacao": "Aquisição de material",
        "interessados": interessados,
        "observacao": "",
        "nivel_acesso": "publico",
        "hipotese_legal": "",
    }


def test_cpf_em_digitos_de_largura_total_e_guardado_em_ascii(entrar, atores):
    resposta = entrar(atores["A"]).post(
        reverse("processos:iniciar"), _dados(f"{CPF_LARGURA_TOTAL}\nJoão Souza; ١١١.٤٤٤.٧٧٧-٣٥")
    )
    assert resposta.status_code == 302
    assert list(Interessado.objects.order_by("ordem").values_list("nome", "cpf_cnpj")) == [
        ("529.982.247-25", "52998224725"),
        ("João Souza", "11144477735"),
    ]


def test_pesquisa_rapida_com_nup_em_digitos_de_largura_total(entrar, atores, processo):
    largura_total = "".join(chr(ord(c) + 0xFEE0) for c in processo.nup)  # "０１２..."
    resposta = entrar(atores["A"]).get(reverse("processos:pesquisa"), {"q": largura_total})
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("processos:detalhe", args=[processo.nup])


def test_editor_com_sobrescrever_em_sobrescrito_nao_quebra(entrar, atores, processo, criar_documento):
    documento = criar_documento(atores["A"], processo, conteudo="<p>Original</p>")
    url = reverse("documentos:editar", args=[documento.numero_sei_formatado])
    dados = {"conteudo": "<p>Novo</p>", "versao_base": 1, "sobrescrever": "²"}  # isdigit() but not int()
    resposta = entrar(atores["A"]).post(url, dados)
    assert resposta.status_code == 302
    documento.refresh_from_db()
    assert documento.versao_atual == 2


# --- Regression guards: Django's form fields already refuse NUL; its HTML 400 page stays ----------


def test_nul_nos_interessados_e_erro_no_campo(entrar, atores):
    resposta = entrar(atores["A"]).post(reverse("processos:iniciar"), _dados(f"Maria{NUL}"))
    assert resposta.status_code == 400
    assert "Caracteres nulos não são permitidos." in resposta.content.decode()
    assert not Processo.objects.exists()


def test_pesquisa_rapida_com_nul_nao_quebra(entrar, atores, processo):
    resposta = entrar(atores["A"]).get(reverse("processos:pesquisa"), {"q": f"{processo.nup[:5]}{NUL}"})
    assert resposta.status_code == 302 and resposta["Location"] == reverse("processos:controle")


def test_campos_demais_num_formulario_e_a_pagina_400_html(entrar, atores, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    campos = {**_dados("Maria"), **{f"extra{i}": "x" for i in range(10)}}
    resposta = entrar(atores["A"]).post(reverse("processos:iniciar"), campos)
    assert resposta.status_code == 400 and resposta["Content-Type"].startswith("text/html")
    assert not Processo.objects.exists()
