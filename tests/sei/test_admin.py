"""Django admin: every page loads for a superuser; history and processes are read-only."""

import pytest
from django.urls import reverse

from processos import services
from processos.models import Andamento, NivelAcesso, NotificacaoEmail, Processo
from sei.models import Lotacao, Usuario
from tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db

MODELOS = [
    "sei.orgao",
    "sei.unidade",
    "sei.usuario",
    "sei.lotacao",
    "processos.tipoprocesso",
    "processos.hipoteselegal",
    "processos.processo",
    "processos.andamento",
    "processos.notificacaoemail",
]


@pytest.fixture
def superusuario(db):
    return UsuarioFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def cliente(client, superusuario):
    client.force_login(superusuario)
    return client


@pytest.fixture
def processo(atores, unidades, criar_processo):
    """A process sent from A to B: it has history, units and an e-mail notification."""
    p = criar_processo(atores["A"])
    services.processo_enviar(ator=atores["A"], processo=p, destinos=[unidades["B"]])
    return p


def url(modelo: str, acao: str, *args) -> str:
    app, nome = modelo.split(".")
    return reverse(f"admin:{app}_{nome}_{acao}", args=args)


def objeto(modelo: str, processo: Processo):
    from django.apps import apps

    classe = apps.get_model(modelo)
    if classe is Processo:
        return processo
    return classe.objects.order_by("pk").first()


@pytest.mark.parametrize("modelo", MODELOS)
def test_listagem_e_detalhe_abrem(cliente, processo, modelo):
    lista = cliente.get(url(modelo, "changelist"))
    assert lista.status_code == 200

    obj = objeto(modelo, processo)
    assert obj is not None
    detalhe = cliente.get(url(modelo, "change", obj.pk))
    assert detalhe.status_code == 200


def test_indice_do_admin_em_portugues(cliente):
    resposta = cliente.get(reverse("admin:index"))
    assert resposta.status_code == 200
    texto = resposta.content.decode()
    for rotulo in ["Órgãos", "Unidades", "Usuários", "Lotações", "Tipos de processo", "Hipóteses legais"]:
        assert rotulo in texto


def test_usuario_comum_nao_entra_no_admin(client, atores):
    client.force_login(atores["A"].usuario)
    resposta = client.get(url("sei.orgao", "changelist"))
    assert resposta.status_code == 302
    assert reverse("admin:login") in resposta["Location"]


def test_andamento_nao_pode_ser_criado_alterado_nem_excluido(cliente, processo):
    andamento = Andamento.objects.filter(processo=processo).first()
    descricao = andamento.descricao

    pagina = cliente.get(url("processos.andamento", "change", andamento.pk))
    assert 'name="_save"' not in pagina.content.decode()
    assert cliente.post(url("processos.andamento", "change", andamento.pk), {"descricao": "x"}).status_code == 403
    assert cliente.post(url("processos.andamento", "delete", andamento.pk), {"post": "yes"}).status_code == 403
    assert cliente.get(url("processos.andamento", "add")).status_code == 403
    acao_em_lote = cliente.post(
        url("processos.andamento", "changelist"),
        {"action": "delete_selected", "_selected_action": [andamento.pk], "post": "yes"},
    )
    assert acao_em_lote.status_code in (200, 302)

    andamento.refresh_from_db()
    assert andamento.descricao == descricao
    assert Andamento.objects.filter(pk=andamento.pk).exists()


@pytest.mark.parametrize("modelo", ["processos.processo", "processos.notificacaoemail"])
def test_processo_e_notificacao_somente_leitura(cliente, processo, modelo):
    obj = objeto(modelo, processo)
    assert cliente.get(url(modelo, "add")).status_code == 403
    assert cliente.post(url(modelo, "change", obj.pk), {}).status_code == 403
    assert cliente.post(url(modelo, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_processo_sigiloso_nao_aparece_e_conteudo_nao_e_mostrado(cliente, atores, criar_processo):
    publico = criar_processo(atores["A"], especificacao="Compra de cadeiras")
    sigiloso = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO, especificacao="Investigação X")

    lista = cliente.get(url("processos.processo", "changelist")).content.decode()
    assert publico.nup_formatado in lista
    assert sigiloso.nup_formatado not in lista
    assert cliente.get(url("processos.processo", "change", sigiloso.pk)).status_code == 302  # "does not exist"
    detalhe = cliente.get(url("processos.processo", "change", publico.pk)).content.decode()
    assert "Compra de cadeiras" not in detalhe


def test_busca_de_processo_por_nup_com_ou_sem_pontuacao(cliente, processo, criar_processo, atores):
    outro = criar_processo(atores["A"])
    for termo in (processo.nup_formatado, processo.nup):
        lista = cliente.get(url("processos.processo", "changelist"), {"q": termo}).content.decode()
        assert processo.nup_formatado in lista
        assert outro.nup_formatado not in lista


def test_notificacao_mostra_estado(cliente, processo):
    notificacao = NotificacaoEmail.objects.get(processo=processo)
    lista = cliente.get(url("processos.notificacaoemail", "changelist")).content.decode()
    assert notificacao.destinatario in lista
    assert notificacao.get_estado_display() in lista


def test_criar_usuario_pelo_admin_guarda_cpf_em_digitos_e_lotacao(cliente, unidades):
    resposta = cliente.post(
        url("sei.usuario", "add"),
        {
            "username": "novo.servidor",
            "nome": "Novo Servidor",
            "cpf": "529.982.247-25",
            "email": "novo@exemplo.gov.br",
            "tipo": "interno",
            "usable_password": "true",
            "password1": "Uma-senha-boa-2026",
            "password2": "Uma-senha-boa-2026",
            "lotacoes-TOTAL_FORMS": "1",
            "lotacoes-INITIAL_FORMS": "0",
            "lotacoes-MIN_NUM_FORMS": "0",
            "lotacoes-MAX_NUM_FORMS": "1000",
            "lotacoes-0-unidade": unidades["B"].pk,
            "lotacoes-0-perfil": "administrador",
            "lotacoes-0-ativa": "on",
        },
    )
    assert resposta.status_code == 302, resposta.content.decode()[:3000]
    usuario = Usuario.objects.get(username="novo.servidor")
    assert usuario.cpf == "52998224725"
    assert usuario.check_password("Uma-senha-boa-2026")
    assert Lotacao.objects.get(usuario=usuario).perfil == "administrador"


def test_criar_usuario_pelo_admin_recusa_cpf_invalido(cliente):
    resposta = cliente.post(
        url("sei.usuario", "add"),
        {
            "username": "novo.servidor",
            "nome": "Novo Servidor",
            "cpf": "529.982.247-26",
            "email": "novo@exemplo.gov.br",
            "tipo": "interno",
            "usable_password": "true",
            "password1": "Uma-senha-boa-2026",
            "password2": "Uma-senha-boa-2026",
            "lotacoes-TOTAL_FORMS": "0",
            "lotacoes-INITIAL_FORMS": "0",
            "lotacoes-MIN_NUM_FORMS": "0",
            "lotacoes-MAX_NUM_FORMS": "1000",
        },
    )
    assert resposta.status_code == 200
    assert "CPF inválido" in resposta.content.decode()
    assert not Usuario.objects.filter(username="novo.servidor").exists()


def test_busca_de_usuario_por_cpf_formatado(cliente, atores):
    usuario = atores["A"].usuario
    outro = atores["B"].usuario
    cpf = usuario.cpf
    formatado = f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}"
    lista = cliente.get(url("sei.usuario", "changelist"), {"q": formatado}).content.decode()
    assert usuario.username in lista
    assert outro.username not in lista
