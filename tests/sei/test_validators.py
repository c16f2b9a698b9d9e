"""CPF/CNPJ typed in any decimal digits (a phone keyboard's fullwidth ``５``, Arabic-Indic ``٥``)
is read as ASCII and stored as ASCII, wherever it comes in: admin, commands, services (the API:
tests/processos/api/test_entrada.py)."""

from io import StringIO

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory

from processos.services.criacao import normalizar_interessados
from sei import services
from sei.admin import UsuarioCriacaoForm
from sei.exceptions import EntradaInvalida
from sei.models import Usuario
from sei.validators import (
    cnpj_valido,
    cpf_valido,
    digitos_verificadores_cpf,
    normalizar_cpf,
    somente_digitos,
    validar_cpf,
    validar_cpf_cnpj,
)
from tests.factories import OrgaoFactory, UnidadeFactory, UsuarioFactory

CPF = "52998224725"
CNPJ = "11222333000181"


def largura_total(texto: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isdigit() else c for c in texto)


def arabe(texto: str) -> str:
    return "".join(chr(ord(c) - ord("0") + 0x0660) if c.isascii() and c.isdigit() else c for c in texto)


CPF_LARGURA_TOTAL = largura_total("529.982.247-25")  # "５２９.９８２.２４７-２５"
CPF_ARABE = arabe("529.982.247-25")  # "٥٢٩.٩٨٢.٢٤٧-٢٥"


@pytest.mark.parametrize(
    "valor, digitos",
    [
        (CPF_LARGURA_TOTAL, CPF),
        (CPF_ARABE, CPF),
        ("۵۲۹۹۸۲۲۴۷۲۵", CPF),  # Extended Arabic-Indic (Persian)
        ("५२९९८२२४७२५", CPF),  # Devanagari
        (largura_total("11.222.333/0001-81"), CNPJ),
        ("529.982.247-25", CPF),
        ("5²9\u0000", "59"),  # a superscript is not a decimal digit; NUL is dropped
        ("", ""),
        (None, ""),
    ],
)
def test_somente_digitos_devolve_digitos_ascii(valor, digitos):
    assert somente_digitos(valor) == digitos


def test_cpf_e_cnpj_em_outros_digitos_sao_validos_e_normalizados():
    assert cpf_valido(CPF_LARGURA_TOTAL) and cpf_valido(CPF_ARABE)
    assert cnpj_valido(arabe(CNPJ))
    validar_cpf_cnpj(CPF_LARGURA_TOTAL)
    assert normalizar_cpf(CPF_ARABE) == CPF
    assert normalizar_cpf("  ") is None
    with pytest.raises(ValidationError):
        normalizar_cpf(largura_total("529.982.247-26"))
    assert not cpf_valido("5²998224725")


def test_digitos_verificadores_do_cpf():
    assert digitos_verificadores_cpf("529982247") == "25"
    assert digitos_verificadores_cpf("111444777") == "35"


def test_modelo_so_guarda_cpf_em_digitos_ascii():
    validar_cpf(CPF)
    with pytest.raises(ValidationError):
        validar_cpf(largura_total(CPF))
    with pytest.raises(ValidationError):
        validar_cpf("529.982.247-25")


# --- Every way in ----------------------------------------------------------------------------


@pytest.fixture
def unidade(db):
    return UnidadeFactory(orgao=OrgaoFactory(sigla="SEFAZ", codigo_protocolo="52410"), sigla="GAB")


def test_servico_de_usuario_guarda_cpf_em_ascii(unidade):
    usuario, _ = services.usuario_salvar(
        login="carla", nome="Carla", cpf=CPF_LARGURA_TOTAL, email="carla@sefaz.gov.br", unidades=[unidade]
    )
    usuario.refresh_from_db()
    assert usuario.cpf == CPF
    # The same CPF in other digits is the same person.
    with pytest.raises(EntradaInvalida, match="CPF já cadastrado"):
        services.usuario_salvar(
            login="outra", nome="Outra", cpf=CPF_ARABE, email="outra@sefaz.gov.br", unidades=[unidade]
        )


def test_comando_criar_usuario_guarda_cpf_em_ascii(unidade):
    call_command(
        "criar_usuario",
        *["--login", "carla", "--nome", "Carla Mendes", "--cpf", CPF_ARABE, "--email", "carla@sefaz.gov.br"],
        *["--senha", "Uma-senha-boa-2026", "--unidade", "GAB"],
        stdout=StringIO(),
    )
    assert Usuario.objects.get(username="carla").cpf == CPF


def test_importar_estrutura_guarda_cpf_em_ascii(unidade, tmp_path):
    arquivo = tmp_path / "estrutura.csv"
    arquivo.write_text(
        "registro,orgao,login,nome,cpf,email,unidades\n"
        f"usuario,SEFAZ,carla,Carla Mendes,{CPF_LARGURA_TOTAL},carla@sefaz.gov.br,GAB\n",
        encoding="utf-8",
    )
    call_command("importar_estrutura", str(arquivo), stdout=StringIO(), stderr=StringIO())
    assert Usuario.objects.get(username="carla").cpf == CPF


def test_admin_guarda_cpf_em_ascii_e_busca_em_outros_digitos(db):
    form = UsuarioCriacaoForm(
        data={
            "username": "novo.servidor",
            "nome": "Novo Servidor",
            "cpf": CPF_ARABE,
            "email": "novo@exemplo.gov.br",
            "tipo": "interno",
            "usable_password": "false",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cpf"] == CPF

    usuario = UsuarioFactory(cpf=CPF)
    UsuarioFactory()
    admin = site._registry[Usuario]
    pedido = RequestFactory().get("/admin/sei/usuario/")
    encontrados, _ = admin.get_search_results(pedido, Usuario.objects.all(), largura_total(CPF))
    assert list(encontrados) == [usuario]


def test_interessado_com_cpf_em_outros_digitos_e_guardado_em_ascii():
    assert normalizar_interessados([CPF_LARGURA_TOTAL, {"nome": "Empresa", "cpf_cnpj": arabe(CNPJ)}]) == [
        ("529.982.247-25", CPF),
        ("Empresa", CNPJ),
    ]
    with pytest.raises(EntradaInvalida):
        normalizar_interessados([largura_total("529.982.247-26")])


def test_interessado_com_nul_e_erro_do_campo():
    with pytest.raises(EntradaInvalida) as erro:
        normalizar_interessados(["Maria", "Jo\u0000ão", {"nome": "Ana\u0000"}])
    assert erro.value.errors == {
        "interessados": [
            "Interessado 2: caracteres nulos não são permitidos.",
            "Interessado 3: caracteres nulos não são permitidos.",
        ]
    }
