"""Provisioning commands of signatures: ``criar_certificado_orgao`` (the internal root and the
órgãos' seals) and ``criar_assinante`` (who may sign with which cargo, where)."""

from io import StringIO

import pytest
from cryptography import x509
from django.core.management import CommandError, call_command

from assinaturas import chaves
from assinaturas.models import Assinante, CertificadoOrgao
from sei.models import Lotacao
from tests.factories import OrgaoFactory, UnidadeFactory, UsuarioFactory, lotar

pytestmark = pytest.mark.django_db


def rodar(*args) -> tuple[str, str]:
    saida, erros = StringIO(), StringIO()
    call_command(*args, stdout=saida, stderr=erros)
    return saida.getvalue(), erros.getvalue()


@pytest.fixture
def pasta_chaves(settings, tmp_path):
    pasta = tmp_path / "chaves"
    settings.SEI_CHAVES_DIR = str(pasta)
    settings.SEI_CHAVES_SENHA = "senha-das-chaves-de-teste"
    return pasta


_CHAVE: dict = {}


@pytest.fixture
def chave_rapida(monkeypatch):
    """Where only the command's flow is under test: every "new" key is one 2048-bit key made
    once (RSA 3072 takes a second or two each)."""
    original = chaves.rsa.generate_private_key

    def gerar(public_exponent, key_size):
        if "chave" not in _CHAVE:
            _CHAVE["chave"] = original(public_exponent=public_exponent, key_size=2048)
        return _CHAVE["chave"]

    monkeypatch.setattr(chaves.rsa, "generate_private_key", gerar)


def _nao_gerar(public_exponent, key_size):
    raise AssertionError("nenhuma chave deveria ser gerada")


# --- criar_certificado_orgao -----------------------------------------------------------------


def test_cria_raiz_e_selo_de_novo_nao_muda_e_renovar_troca_o_selo(orgao, pasta_chaves, monkeypatch):
    saida, _ = rodar("criar_certificado_orgao", "--orgao", "org")

    raiz = CertificadoOrgao.objects.get(tipo=CertificadoOrgao.Tipo.RAIZ)
    selo = CertificadoOrgao.objects.get(tipo=CertificadoOrgao.Tipo.SELO)
    assert (selo.orgao, selo.ativo) == (orgao, True)
    assert f"Raiz interna criada: {raiz.sujeito}, série {raiz.serial}, válido de " in saida
    assert f"Selo do órgão ORG criado: {selo.sujeito}, série {selo.serial}, válido de " in saida
    assert sorted(p.name for p in pasta_chaves.iterdir()) == sorted([raiz.arquivo_chave, selo.arquivo_chave])
    assert all(p.stat().st_mode & 0o077 == 0 for p in pasta_chaves.iterdir())
    certificado_selo = x509.load_pem_x509_certificate(selo.certificado_pem.encode())
    certificado_selo.verify_directly_issued_by(x509.load_pem_x509_certificate(raiz.certificado_pem.encode()))

    with monkeypatch.context() as m:
        m.setattr(chaves.rsa, "generate_private_key", _nao_gerar)
        saida, erros = rodar("criar_certificado_orgao", "--orgao", "ORG")
    assert CertificadoOrgao.objects.count() == 2
    assert "Raiz interna já existe" in saida
    assert f"Órgão ORG já tem selo em uso: {selo.sujeito}, série {selo.serial}" in saida
    assert erros == ""

    saida, _ = rodar("criar_certificado_orgao", "--orgao", "ORG", "--renovar", "--anos", "2")

    novo = chaves.selo_em_uso(orgao)
    selo.refresh_from_db()
    assert novo.pk != selo.pk and not selo.ativo  # the old one stays, to verify what it signed
    assert CertificadoOrgao.objects.filter(tipo=CertificadoOrgao.Tipo.RAIZ).count() == 1
    assert 728 <= (novo.valido_ate - novo.valido_de).days <= 732
    assert f"Selo do órgão ORG renovado: {novo.sujeito}, série {novo.serial}" in saida
    assert f"O anterior (série {selo.serial}) fica inativo" in saida


def test_todos_cria_selo_so_para_os_orgaos_ativos_sem_selo(orgao, pasta_chaves, chave_rapida, monkeypatch):
    outro = OrgaoFactory(sigla="OUTRO")
    OrgaoFactory(sigla="EXTINTO", ativo=False)
    rodar("criar_certificado_orgao", "--orgao", "ORG")
    primeiro = chaves.selo_em_uso(orgao)

    saida, _ = rodar("criar_certificado_orgao", "--todos")

    assert chaves.selo_em_uso(orgao) == primeiro
    assert chaves.selo_em_uso(outro).orgao == outro
    assert not CertificadoOrgao.objects.filter(orgao__sigla="EXTINTO").exists()
    assert "Órgão ORG já tem selo em uso" in saida and "Selo do órgão OUTRO criado" in saida

    with monkeypatch.context() as m:  # run again, quiet (as scripts/run does): nothing to do, nothing said
        m.setattr(chaves.rsa, "generate_private_key", _nao_gerar)
        assert rodar("criar_certificado_orgao", "--todos", "-v", "0") == ("", "")
    assert CertificadoOrgao.objects.count() == 3


def test_avisa_quando_a_chave_do_selo_em_uso_sumiu(orgao, pasta_chaves, chave_rapida):
    rodar("criar_certificado_orgao", "--orgao", "ORG")
    (pasta_chaves / chaves.selo_em_uso(orgao).arquivo_chave).unlink()

    _, erros = rodar("criar_certificado_orgao", "--orgao", "ORG")

    assert "o arquivo da chave do selo do órgão ORG" in erros and "--renovar" in erros


def test_sem_a_chave_da_raiz_nao_emite_selo(orgao, pasta_chaves, chave_rapida):
    rodar("criar_certificado_orgao", "--orgao", "ORG")
    (pasta_chaves / chaves.raiz().arquivo_chave).unlink()

    with pytest.raises(CommandError, match="A chave da raiz interna .* não está em SEI_CHAVES_DIR"):
        rodar("criar_certificado_orgao", "--orgao", "ORG", "--renovar")
    assert chaves.selo_em_uso(orgao).ativo


def test_senha_errada_nao_abre_a_raiz(orgao, pasta_chaves, chave_rapida, settings):
    rodar("criar_certificado_orgao", "--todos")
    OrgaoFactory(sigla="NOVO")
    settings.SEI_CHAVES_SENHA = "outra-senha"

    with pytest.raises(CommandError, match="SEI_CHAVES_SENHA não é a senha"):
        rodar("criar_certificado_orgao", "--orgao", "NOVO")
    assert not CertificadoOrgao.objects.filter(orgao__sigla="NOVO").exists()


def test_sigla_desconhecida_nao_cria_nada(orgao, pasta_chaves):
    with pytest.raises(CommandError, match="Órgão NADA não encontrado"):
        rodar("criar_certificado_orgao", "--orgao", "ORG", "--orgao", "NADA")
    assert not CertificadoOrgao.objects.exists()
    assert not pasta_chaves.exists()


def test_sem_senha_das_chaves(orgao, pasta_chaves, settings):
    settings.SEI_CHAVES_SENHA = ""
    with pytest.raises(CommandError, match="SEI_CHAVES_SENHA não configurada"):
        rodar("criar_certificado_orgao", "--todos")
    assert not CertificadoOrgao.objects.exists()


@pytest.mark.parametrize(
    ("argumentos", "mensagem"),
    [([], "Informe --orgao SIGLA .* ou --todos"), (["--todos", "--anos", "0"], "--anos: informe")],
)
def test_argumentos_invalidos(orgao, pasta_chaves, argumentos, mensagem):
    with pytest.raises(CommandError, match=mensagem):
        rodar("criar_certificado_orgao", *argumentos)


# --- criar_assinante -------------------------------------------------------------------------


@pytest.fixture
def maria(unidades):
    usuario = UsuarioFactory(username="maria")
    lotar(usuario, unidades["A"])
    return usuario


def test_criar_assinante_numa_unidade_e_de_novo_acrescenta(orgao, unidades, maria):
    saida, _ = rodar("criar_assinante", "--login", "maria", "--cargo", " Analista  Administrativo ", "--unidade", "a")

    assinante = Assinante.objects.get()
    assert (assinante.orgao, assinante.usuario, assinante.cargo, assinante.ativo) == (
        orgao, maria, "Analista Administrativo", True,
    )  # fmt: skip
    assert list(assinante.unidades.all()) == [unidades["A"]]
    assert saida == "Assinante maria — Analista Administrativo (órgão ORG) criado: assina nas unidades A.\n"

    saida, _ = rodar("criar_assinante", "--login", "maria", "--cargo", "Analista Administrativo", "--unidade", "A")
    assert "já existia, sem mudanças" in saida

    saida, _ = rodar(
        "criar_assinante", "--login", "maria", "--cargo", "analista administrativo", "--unidade", "ORG:B"
    )
    assert Assinante.objects.get() == assinante
    assert set(assinante.unidades.values_list("sigla", flat=True)) == {"A", "B"}
    assert "atualizado: assina nas unidades A, B." in saida


def test_criar_assinante_sem_unidade_vale_no_orgao_da_primeira_lotacao_ativa(orgao, unidades, maria):
    outro = UnidadeFactory(orgao=OrgaoFactory(sigla="OUTRO"), sigla="GAB")
    Lotacao.objects.filter(usuario=maria).update(ativa=False)
    lotar(maria, outro)
    lotar(maria, unidades["B"])

    saida, _ = rodar("criar_assinante", "--login", "maria", "--cargo", "Coordenadora")

    assinante = Assinante.objects.get()
    assert assinante.orgao.sigla == "OUTRO" and not assinante.unidades.exists()
    assert "em todas as unidades do órgão" in saida

    # Units given later do not narrow a cargo that holds everywhere.
    rodar("criar_assinante", "--login", "maria", "--cargo", "Coordenadora", "--unidade", "OUTRO:GAB")
    assert not assinante.unidades.exists()


def test_criar_assinante_reativa_o_cargo_desativado(unidades, maria):
    rodar("criar_assinante", "--login", "maria", "--cargo", "Analista", "--unidade", "A")
    Assinante.objects.update(ativo=False)

    saida, _ = rodar("criar_assinante", "--login", "maria", "--cargo", "Analista", "--unidade", "A")

    assert Assinante.objects.get().ativo and "atualizado" in saida


def test_criar_assinante_sigla_ambigua_pede_o_orgao(unidades, maria):
    UnidadeFactory(orgao=OrgaoFactory(sigla="OUTRO"), sigla="A")
    with pytest.raises(CommandError, match="informe ORGAO:A"):
        rodar("criar_assinante", "--login", "maria", "--cargo", "Analista", "--unidade", "A")

    rodar("criar_assinante", "--login", "maria", "--cargo", "Analista", "--unidade", "OUTRO:A")
    assert Assinante.objects.get().orgao.sigla == "OUTRO"


@pytest.mark.parametrize(
    ("argumentos", "mensagem"),
    [
        (["--login", "ninguem", "--cargo", "Analista"], "Usuário ninguem não encontrado"),
        (["--login", "maria", "--cargo", "Analista", "--unidade", "NADA"], "Unidade NADA não encontrada"),
        (["--login", "maria", "--cargo", "Analista", "--unidade", "A", "--unidade", "OUTRO:GAB"], "mesmo órgão"),
        (["--login", "maria", "--cargo", "   "], "Informe o cargo/função"),
        (["--login", "maria", "--cargo", "x" * 121], "no máximo 120 caracteres"),
    ],
)
def test_criar_assinante_recusa(unidades, maria, argumentos, mensagem):
    UnidadeFactory(orgao=OrgaoFactory(sigla="OUTRO"), sigla="GAB")
    with pytest.raises(CommandError, match=mensagem):
        rodar("criar_assinante", *argumentos)
    assert not Assinante.objects.exists()


def test_criar_assinante_sem_unidade_e_sem_lotacao(db):
    UsuarioFactory(username="solto")
    with pytest.raises(CommandError, match="O usuário solto não tem lotação ativa: informe a unidade"):
        rodar("criar_assinante", "--login", "solto", "--cargo", "Analista")
