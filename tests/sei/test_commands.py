"""Provisioning commands: what an agency scripting its onboarding sees."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from processos.models import Atividade, NivelAcesso, Processo
from sei.models import Lotacao, Orgao, Unidade, Usuario
from tests.factories import OrgaoFactory, UnidadeFactory, UsuarioFactory

pytestmark = pytest.mark.django_db

EXEMPLO = Path(__file__).resolve().parents[2] / "scripts" / "exemplo_estrutura.csv"
SENHA = "Uma-senha-boa-2026"


def rodar(*args, **opcoes) -> str:
    saida = StringIO()
    call_command(*args, stdout=saida, stderr=StringIO(), **opcoes)
    return saida.getvalue()


@pytest.fixture
def sefaz(db):
    orgao = OrgaoFactory(sigla="SEFAZ", codigo_protocolo="52410")
    gab = UnidadeFactory(orgao=orgao, sigla="GAB")
    UnidadeFactory(orgao=orgao, sigla="PROTOCOLO", superior=gab)
    return orgao


# --- criar_orgao -----------------------------------------------------------------------------


def test_criar_orgao():
    saida = rodar(
        "criar_orgao", "--sigla", "seger", "--nome", "Secretaria de Gestão", "--codigo-protocolo", "52402"
    )

    orgao = Orgao.objects.get(sigla="SEGER")
    assert (orgao.nome, orgao.codigo_protocolo) == ("Secretaria de Gestão", "52402")
    assert "SEGER" in saida


def test_criar_orgao_sigla_repetida(sefaz):
    with pytest.raises(CommandError, match="Já existe um órgão com a sigla SEFAZ"):
        rodar("criar_orgao", "--sigla", "sefaz", "--nome", "Outro", "--codigo-protocolo", "11111")


@pytest.mark.parametrize(
    "codigo", ["1234", "123456", "12a45", "５２４１０", "٥٢٤١٠"]
)  # ASCII digits only: they go into NUPs
def test_criar_orgao_codigo_de_protocolo_invalido(codigo):
    with pytest.raises(CommandError, match="5 dígitos"):
        rodar("criar_orgao", "--sigla", "X", "--nome", "X", "--codigo-protocolo", codigo)
    assert not Orgao.objects.exists()


def test_criar_orgao_codigo_de_protocolo_repetido(sefaz):
    with pytest.raises(CommandError, match="52410 já pertence ao órgão SEFAZ"):
        rodar("criar_orgao", "--sigla", "OUTRO", "--nome", "Outro", "--codigo-protocolo", "52410")


# --- criar_unidade ---------------------------------------------------------------------------


def test_criar_unidade_subordinada(sefaz):
    saida = rodar(
        "criar_unidade", "--orgao", "sefaz", "--sigla", "arquivo", "--nome", "Arquivo Central",
        "--superior", "PROTOCOLO", "--email", "arquivo@sefaz.gov.br", "--nao-recebe",
    )  # fmt: skip

    unidade = Unidade.objects.get(orgao=sefaz, sigla="ARQUIVO")
    assert unidade.superior.sigla == "PROTOCOLO"
    assert unidade.email == "arquivo@sefaz.gov.br"
    assert unidade.recebe_processos is False
    assert "ARQUIVO/PROTOCOLO/GAB" in saida


def test_criar_unidade_sigla_repetida_no_orgao(sefaz):
    with pytest.raises(CommandError, match="Já existe a unidade GAB no órgão SEFAZ"):
        rodar("criar_unidade", "--orgao", "SEFAZ", "--sigla", "GAB", "--nome", "Outro gabinete")


def test_mesma_sigla_em_outro_orgao_e_permitida(sefaz):
    OrgaoFactory(sigla="SEGER", codigo_protocolo="52402")
    rodar("criar_unidade", "--orgao", "SEGER", "--sigla", "GAB", "--nome", "Gabinete")
    assert Unidade.objects.filter(sigla="GAB").count() == 2


def test_criar_unidade_orgao_ou_superior_desconhecido(sefaz):
    with pytest.raises(CommandError, match="Órgão NADA não encontrado"):
        rodar("criar_unidade", "--orgao", "NADA", "--sigla", "X", "--nome", "X")
    with pytest.raises(CommandError, match="Unidade NADA não encontrada no órgão SEFAZ"):
        rodar("criar_unidade", "--orgao", "SEFAZ", "--sigla", "X", "--nome", "X", "--superior", "NADA")
    assert not Unidade.objects.filter(sigla="X").exists()


def test_criar_unidade_email_invalido(sefaz):
    with pytest.raises(CommandError, match="E-mail inválido"):
        rodar("criar_unidade", "--orgao", "SEFAZ", "--sigla", "X", "--nome", "X", "--email", "não é e-mail")


# --- criar_usuario ---------------------------------------------------------------------------


def criar_usuario(*extra, cpf="529.982.247-25", senha=SENHA, unidades=("GAB",)):
    args = ["criar_usuario", "--login", "carla", "--nome", "Carla Mendes", "--cpf", cpf,
            "--email", "carla@sefaz.gov.br", "--senha", senha]  # fmt: skip
    for sigla in unidades:
        args += ["--unidade", sigla]
    return rodar(*args, *extra)


def test_criar_usuario_em_duas_unidades_como_administrador(sefaz):
    criar_usuario("--perfil", "administrador", unidades=("GAB", "PROTOCOLO"))

    usuario = Usuario.objects.get(username="carla")
    assert usuario.cpf == "52998224725"
    assert usuario.interno and usuario.check_password(SENHA)
    assert not usuario.is_staff
    lotacoes = {lot.unidade.sigla: lot.perfil for lot in usuario.lotacoes.select_related("unidade")}
    assert lotacoes == {"GAB": Lotacao.Perfil.ADMINISTRADOR, "PROTOCOLO": Lotacao.Perfil.ADMINISTRADOR}


def test_criar_usuario_superusuario_entra_no_admin(sefaz):
    criar_usuario("--superusuario")
    usuario = Usuario.objects.get(username="carla")
    assert usuario.is_staff and usuario.is_superuser


def test_criar_usuario_cpf_invalido(sefaz):
    with pytest.raises(CommandError, match="CPF inválido"):
        criar_usuario(cpf="529.982.247-26")
    assert not Usuario.objects.filter(username="carla").exists()


def test_criar_usuario_cpf_de_outro_usuario(sefaz):
    UsuarioFactory(cpf="52998224725")
    with pytest.raises(CommandError, match="CPF já cadastrado"):
        criar_usuario()


def test_criar_usuario_unidade_desconhecida(sefaz):
    with pytest.raises(CommandError, match="Unidade NADA não encontrada"):
        criar_usuario(unidades=("GAB", "NADA"))
    assert not Usuario.objects.filter(username="carla").exists()


def test_criar_usuario_sigla_ambigua_pede_o_orgao(sefaz):
    seger = OrgaoFactory(sigla="SEGER", codigo_protocolo="52402")
    UnidadeFactory(orgao=seger, sigla="GAB")
    with pytest.raises(CommandError, match="ORGAO:GAB"):
        criar_usuario()
    criar_usuario(unidades=("SEGER:GAB",))
    assert Usuario.objects.get(username="carla").unidades.get().orgao == seger


@pytest.mark.parametrize("senha", ["12345678", "senha123", "curta1!", "carla2026"])
def test_criar_usuario_senha_fraca(sefaz, senha):
    with pytest.raises(CommandError, match="Senha recusada"):
        criar_usuario(senha=senha)
    assert not Usuario.objects.filter(username="carla").exists()


def test_criar_usuario_login_repetido(sefaz):
    criar_usuario()
    with pytest.raises(CommandError, match="Já existe um usuário com o login carla"):
        criar_usuario(cpf="")


# --- criar_token -----------------------------------------------------------------------------


def test_criar_token_imprime_somente_a_chave_e_a_mantem(sefaz):
    criar_usuario()
    primeira = rodar("criar_token", "carla")
    segunda = rodar("criar_token", "carla")

    chave = Token.objects.get(user__username="carla").key
    assert primeira == segunda == chave + "\n"


def test_criar_token_usuario_desconhecido(db):
    with pytest.raises(CommandError, match="Usuário ninguem não encontrado"):
        rodar("criar_token", "ninguem")


def test_criar_token_usuario_inativo(db):
    UsuarioFactory(username="inativo", is_active=False)
    with pytest.raises(CommandError, match="inativo"):
        rodar("criar_token", "inativo")
    assert not Token.objects.exists()


# --- importar_estrutura ----------------------------------------------------------------------


def retrato():
    """Everything the import may touch, to compare two runs."""
    return (
        list(Orgao.objects.order_by("pk").values()),
        list(Unidade.objects.order_by("pk").values()),
        list(Usuario.objects.order_by("pk").values()),
        list(Lotacao.objects.order_by("pk").values()),
    )


def test_importar_estrutura_exemplo_e_idempotente(db):
    saida = rodar("importar_estrutura", str(EXEMPLO))
    assert "órgão: 1 criado(s)" in saida
    assert "unidade: 4 criado(s)" in saida
    assert "usuário: 2 criado(s)" in saida
    antes = retrato()

    saida = rodar("importar_estrutura", str(EXEMPLO))

    assert "órgão: 0 criado(s), 0 atualizado(s), 1 inalterado(s)" in saida
    assert "unidade: 0 criado(s), 0 atualizado(s), 4 inalterado(s)" in saida
    assert "usuário: 0 criado(s), 0 atualizado(s), 2 inalterado(s)" in saida
    assert retrato() == antes
    arquivo = Unidade.objects.get(sigla="ARQUIVO")
    assert arquivo.hierarquia == "ARQUIVO/SUBADM/GAB" and not arquivo.recebe_processos
    carla = Usuario.objects.get(username="carla.mendes")
    assert carla.cpf == "39053344705"
    assert set(carla.lotacoes.values_list("unidade__sigla", "perfil")) == {
        ("GAB", "administrador"),
        ("SUBADM", "administrador"),
    }
    assert not carla.has_usable_password()  # no senha column value: set later by an administrator


def test_importar_estrutura_atualiza(tmp_path, db):
    rodar("importar_estrutura", str(EXEMPLO))
    arquivo = tmp_path / "novo.csv"
    arquivo.write_text(
        "registro;orgao;sigla;nome;superior;email;login;cpf;unidades;perfil\n"
        "unidade;SEFAZ;ARQUIVO;Arquivo Geral;GAB;arquivo@sefaz.exemplo.gov.br;;;;\n"
        "usuario;SEFAZ;;Paulo Ribeiro;;paulo@sefaz.exemplo.gov.br;paulo.ribeiro;714.602.380-01;PROTOCOLO|ARQUIVO;\n",
        encoding="utf-8",
    )

    saida = rodar("importar_estrutura", str(arquivo))

    assert "unidade: 0 criado(s), 1 atualizado(s)" in saida
    assert "usuário: 0 criado(s), 1 atualizado(s)" in saida
    unidade = Unidade.objects.get(sigla="ARQUIVO")
    assert (unidade.nome, unidade.superior.sigla, unidade.recebe_processos) == ("Arquivo Geral", "GAB", True)
    paulo = Usuario.objects.get(username="paulo.ribeiro")
    assert paulo.email == "paulo@sefaz.exemplo.gov.br"
    assert set(paulo.lotacoes.values_list("unidade__sigla", flat=True)) == {"PROTOCOLO", "ARQUIVO"}


def test_importar_estrutura_relata_linhas_recusadas_e_aplica_as_validas(tmp_path, db):
    arquivo = tmp_path / "estrutura.csv"
    arquivo.write_text(
        "registro,orgao,sigla,nome,codigo_protocolo,superior,login,cpf,unidades,email,senha\n"
        "orgao,,SEFAZ,Secretaria da Fazenda,52410,,,,,,\n"
        "orgao,,RUIM,Código curto,123,,,,,,\n"
        "unidade,SEFAZ,GAB,Gabinete,,,,,,,\n"
        "unidade,NADA,X,Órgão desconhecido,,,,,,,\n"
        "unidade,SEFAZ,SUB,Superior desconhecida,,NADA,,,,,\n"
        "\n"
        "usuario,SEFAZ,,Fulano,,,fulano,111.111.111-11,GAB,f@x.gov.br,\n"
        "usuario,SEFAZ,,Beltrano,,,beltrano,853.513.468-93,GAB,b@x.gov.br,123\n"
        "usuario,SEFAZ,,Sicrano,,,sicrano,246.813.579-28,GAB,s@x.gov.br,Uma-senha-boa-2026\n"
        "departamento,SEFAZ,DEP,Departamento,,,,,,,\n"
        "Órgão,,SEGER,Secretaria de Gestão,52402,,,,,,\n",
        encoding="utf-8",
    )
    erros = StringIO()

    with pytest.raises(CommandError, match="6 linha\\(s\\) recusada\\(s\\)"):
        call_command("importar_estrutura", str(arquivo), stdout=StringIO(), stderr=erros)

    relatorio = erros.getvalue().splitlines()
    assert relatorio[0] == "linha 3: O código de protocolo tem 5 dígitos."
    assert relatorio[1] == "linha 5: Órgão NADA não encontrado."
    assert relatorio[2] == "linha 6: Unidade NADA não encontrada no órgão SEFAZ."
    assert relatorio[3] == "linha 8: CPF inválido: 111.111.111-11."
    assert relatorio[4].startswith("linha 9: Senha recusada")
    assert relatorio[5].startswith("linha 11: registro desconhecido")
    assert list(Orgao.objects.values_list("sigla", flat=True)) == ["SEFAZ", "SEGER"]  # "Órgão" is accepted
    assert list(Unidade.objects.values_list("sigla", flat=True)) == ["GAB"]
    assert list(Usuario.objects.values_list("username", flat=True)) == ["sicrano"]
    assert Usuario.objects.get(username="sicrano").check_password("Uma-senha-boa-2026")


def test_importar_estrutura_nao_troca_senha_de_quem_ja_existe(tmp_path, sefaz):
    criar_usuario()
    arquivo = tmp_path / "estrutura.csv"
    arquivo.write_text(
        "registro,orgao,login,nome,cpf,email,unidades,senha\n"
        "usuario,SEFAZ,carla,Carla Mendes,529.982.247-25,carla@sefaz.gov.br,GAB,Outra-senha-boa-99\n",
        encoding="utf-8",
    )
    rodar("importar_estrutura", str(arquivo))
    assert Usuario.objects.get(username="carla").check_password(SENHA)


def test_importar_estrutura_coluna_cargo_cria_assinante_na_unidade_da_linha(tmp_path, db):
    from assinaturas.models import Assinante

    rodar("importar_estrutura", str(EXEMPLO))
    carla = Assinante.objects.get(usuario__username="carla.mendes")
    assert (carla.orgao.sigla, carla.cargo) == ("SEFAZ", "Subsecretária de Administração")
    assert set(carla.unidades.values_list("sigla", flat=True)) == {"GAB", "SUBADM"}
    assert Assinante.objects.filter(
        usuario__username="paulo.ribeiro", cargo="Analista Administrativo"
    ).exists()

    arquivo = tmp_path / "cargos.csv"
    arquivo.write_text(
        "registro;orgao;login;nome;cpf;email;unidades;cargo\n"
        "usuario;SEFAZ;paulo.ribeiro;Paulo Ribeiro;714.602.380-01;paulo.ribeiro@sefaz.exemplo.gov.br;PROTOCOLO;"
        "Analista Administrativo\n"
        "usuario;;carla.mendes;Carla Mendes;390.533.447-05;carla.mendes@sefaz.exemplo.gov.br;SEFAZ:ARQUIVO;"
        "Subsecretária de Administração\n"
        "usuario;SEFAZ;ana;Ana Lima;529.982.247-25;ana@sefaz.exemplo.gov.br;GAB;\n",
        encoding="utf-8",
    )
    saida = rodar("importar_estrutura", str(arquivo))

    # Paulo: same cargo, same unit (unchanged); Carla: a new lotação and the unit added to her
    # cargo; Ana: no cargo, no signer.
    assert "usuário: 1 criado(s), 1 atualizado(s), 1 inalterado(s)" in saida
    assert set(carla.unidades.values_list("sigla", flat=True)) == {"GAB", "SUBADM", "ARQUIVO"}
    assert Assinante.objects.count() == 2
    assert not Assinante.objects.filter(usuario__username="ana").exists()


def test_importar_estrutura_cargo_recusado_nao_aplica_a_linha(tmp_path, sefaz):
    UnidadeFactory(orgao=OrgaoFactory(sigla="SEGER", codigo_protocolo="52402"), sigla="DIRAD")
    arquivo = tmp_path / "cargos.csv"
    arquivo.write_text(
        "registro,orgao,login,nome,cpf,email,unidades,cargo\n"
        "usuario,,carla,Carla Mendes,529.982.247-25,carla@sefaz.gov.br,SEFAZ:GAB|SEGER:DIRAD,Analista\n",
        encoding="utf-8",
    )
    erros = StringIO()

    with pytest.raises(CommandError, match="1 linha\\(s\\) recusada\\(s\\)"):
        call_command("importar_estrutura", str(arquivo), stdout=StringIO(), stderr=erros)

    assert "linha 2: As unidades de um cargo precisam ser do mesmo órgão" in erros.getvalue()
    assert not Usuario.objects.filter(username="carla").exists()


def test_importar_estrutura_sem_coluna_registro(tmp_path, db):
    arquivo = tmp_path / "estrutura.csv"
    arquivo.write_text("sigla,nome\nGAB,Gabinete\n", encoding="utf-8")
    with pytest.raises(CommandError, match="coluna registro"):
        rodar("importar_estrutura", str(arquivo))


def test_importar_estrutura_arquivo_inexistente(tmp_path, db):
    with pytest.raises(CommandError, match="Não foi possível ler"):
        rodar("importar_estrutura", str(tmp_path / "nao-existe.csv"))


# --- carregar_demo ---------------------------------------------------------------------------
# The story processes only (--processos 0); the bulk is tested in tests/documentos/admin/test_demo.py.


@pytest.fixture
def embutido(settings, tmp_path):
    """The quickstart mode (no DATABASE_URL), whatever database the tests run on; its own data dir."""
    settings.EMBUTIDO = True
    settings.VAR_DIR = tmp_path


def logins(saida: str) -> dict[str, str]:
    linhas = [
        linha.split() for linha in saida.splitlines() if linha.startswith("  ") and "senha" not in linha
    ]
    return {partes[0]: partes[1] for partes in linhas if len(partes) > 1}


def test_carregar_demo_cria_caixa_realista_e_imprime_logins(embutido):
    saida = rodar("carregar_demo", "--processos", "0")

    senhas = logins(saida)
    # The six internal logins, and the portal's two external users (their CPF).
    assert set(senhas) == {"admin", "maria", "joao", "ana", "pedro", "carla", "71460238184", "36241905716"}
    for login, senha in senhas.items():
        assert Usuario.objects.get(username=login).check_password(senha)
    admin = Usuario.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    situacoes = {u.username: u.cadastro_externo.situacao for u in Usuario.objects.filter(tipo=Usuario.Tipo.EXTERNO)}
    assert situacoes == {"71460238184": "liberado", "36241905716": "pendente"}
    assert "usuário externo, liberado" in saida and "usuário externo, pendente de liberação" in saida
    dirad = Atividade.objects.filter(unidade__sigla="DIRAD", aberta=True)
    assert dirad.filter(origem=Atividade.Origem.RECEBIDO, recebida_em__isnull=True).exists()  # unread
    assert dirad.filter(origem=Atividade.Origem.RECEBIDO, recebida_em__isnull=False).exists()
    assert dirad.filter(origem=Atividade.Origem.GERADO).exists()
    assert Processo.objects.filter(nivel_acesso=NivelAcesso.RESTRITO).exists()
    assert all(p.andamentos.exists() for p in Processo.objects.all())


def test_carregar_demo_de_novo_nao_duplica_e_mantem_as_senhas(embutido, tmp_path):
    primeira = logins(rodar("carregar_demo", "--processos", "0"))
    antes = (
        Orgao.objects.count(),
        Unidade.objects.count(),
        Usuario.objects.count(),
        Processo.objects.count(),
    )

    segunda = logins(rodar("carregar_demo", "--processos", "0"))

    assert (
        Orgao.objects.count(),
        Unidade.objects.count(),
        Usuario.objects.count(),
        Processo.objects.count(),
    ) == antes
    assert segunda == primeira  # a restart of ./scripts/run keeps the logins
    assert (tmp_path / "demo_senhas.json").stat().st_mode & 0o077 == 0  # only the owner reads it


def test_carregar_demo_renova_as_senhas_quando_pedido(embutido, monkeypatch):
    primeira = logins(rodar("carregar_demo", "--processos", "0"))

    segunda = logins(rodar("carregar_demo", "--processos", "0", "--renovar-senhas"))
    monkeypatch.setenv("SEI_DEMO_RENOVAR_SENHAS", "1")
    terceira = logins(rodar("carregar_demo", "--processos", "0"))

    for login in primeira:
        assert len({primeira[login], segunda[login], terceira[login]}) == 3
        usuario = Usuario.objects.get(username=login)
        assert usuario.check_password(terceira[login]) and not usuario.check_password(primeira[login])


def test_carregar_demo_nao_desfaz_senha_trocada_pelo_usuario(embutido):
    rodar("carregar_demo", "--processos", "0")
    maria = Usuario.objects.get(username="maria")
    maria.set_password("Senha-escolhida-pela-maria-1")
    maria.save()

    impresso = logins(rodar("carregar_demo", "--processos", "0"))["maria"]

    assert impresso == "(alterada)"
    assert Usuario.objects.get(username="maria").check_password("Senha-escolhida-pela-maria-1")


def test_carregar_demo_recusa_banco_configurado(db, settings, tmp_path):
    settings.EMBUTIDO = False
    settings.VAR_DIR = tmp_path
    with pytest.raises(CommandError, match="DATABASE_URL"):
        rodar("carregar_demo")
    assert not Usuario.objects.exists()

    rodar("carregar_demo", "--forcar", "--processos", "0")
    assert Usuario.objects.filter(username="admin").exists()
