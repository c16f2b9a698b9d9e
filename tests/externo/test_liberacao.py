"""Deciding on registrations: only an internal user holding ``externo.liberar_cadastro`` (or a
superuser) sees the "Usuários externos" entry and its pages; liberar, recusar (with reason),
desativar (with reason, reversible) and reativar, each told to the user by e-mail; the admin's
actions go through the same services."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from externo import services
from externo.models import CadastroExterno, TermosDeUso
from sei.exceptions import AcessoNegado
from tests.factories import SENHA_PADRAO

pytestmark = pytest.mark.django_db
Situacao = CadastroExterno.Situacao


@pytest.fixture
def liberador(atores, entrar, client):
    """User A with the permission, logged in (the menu reads it at login)."""
    ator = atores["A"]
    ator.usuario.user_permissions.add(Permission.objects.get(codename="liberar_cadastro"))
    entrar(ator)
    return ator


@pytest.fixture
def pendentes(criar_externo):
    confirmado = criar_externo(
        cpf="52998224725", nome="Carla Confirmada", liberado=False, email_confirmado=True
    )
    sem_confirmar = criar_externo(cpf="11144477735", nome="Sérgio Sem Confirmar", liberado=False)
    return confirmado, sem_confirmar


def decidir(client, cadastro, acao, capturar, **dados):
    with capturar(execute=True):
        return client.post(
            reverse("cadastros_externos:decidir", args=[cadastro.pk, acao]), dados, follow=True
        )


def test_sem_permissao_nao_ve_o_menu_nem_as_paginas(client, entrar, atores, pendentes):
    entrar(atores["B"])
    html = client.get(reverse("processos:controle")).content.decode()
    assert "Usuários externos" not in html
    assert client.get(reverse("cadastros_externos:lista")).status_code == 403
    assert client.get(reverse("cadastros_externos:detalhe", args=[pendentes[0].pk])).status_code == 403
    resposta = client.post(reverse("cadastros_externos:decidir", args=[pendentes[0].pk, "liberar"]))
    assert resposta.status_code == 403
    pendentes[0].refresh_from_db()
    assert pendentes[0].situacao == Situacao.PENDENTE


def test_servico_confere_a_permissao(atores, pendentes):
    with pytest.raises(AcessoNegado):
        services.cadastro_liberar(ator=atores["B"], usuario=pendentes[0].usuario)


def test_menu_com_a_contagem_e_lista_com_os_confirmados_primeiro(client, liberador, pendentes):
    html = client.get(reverse("processos:controle")).content.decode()
    assert "Usuários externos" in html
    assert (
        '<span class="contador">1<span class="vh"> cadastros aguardando liberação' in html
    )  # confirmed only

    html = client.get(reverse("cadastros_externos:lista")).content.decode()
    assert html.index("Carla Confirmada") < html.index("Sérgio Sem Confirmar")
    assert "Não confirmado" in html


def test_superusuario_tem_a_permissao(client, entrar, atores, pendentes):
    atores["C"].usuario.is_superuser = True
    atores["C"].usuario.save()
    entrar(atores["C"])
    assert "Usuários externos" in client.get(reverse("processos:controle")).content.decode()
    assert client.get(reverse("cadastros_externos:lista")).status_code == 200


def test_liberar_avisa_por_email_e_o_usuario_entra(
    client, liberador, pendentes, django_capture_on_commit_callbacks
):
    confirmado, _ = pendentes
    html = client.get(reverse("cadastros_externos:detalhe", args=[confirmado.pk])).content.decode()
    assert "Liberar cadastro" in html and "confirmado em" in html

    resposta = decidir(client, confirmado, "liberar", django_capture_on_commit_callbacks)

    assert "Cadastro liberado" in resposta.content.decode()
    confirmado.refresh_from_db()
    assert confirmado.situacao == Situacao.LIBERADO and confirmado.analisado_por == liberador.usuario
    (mensagem,) = mail.outbox
    assert mensagem.to == [confirmado.usuario.email] and "liberado" in mensagem.subject.lower()
    assert "/externo/entrar/" in mensagem.body

    client.logout()
    resposta = client.post(
        reverse("externo:entrar"), {"username": confirmado.usuario.username, "password": SENHA_PADRAO}
    )
    assert resposta.status_code == 302 and resposta.url == reverse("externo:inicio")


def test_liberar_espera_a_confirmacao_do_email(
    client, liberador, pendentes, django_capture_on_commit_callbacks
):
    _, sem_confirmar = pendentes
    resposta = decidir(client, sem_confirmar, "liberar", django_capture_on_commit_callbacks)
    assert "ainda não foi confirmado" in resposta.content.decode()
    sem_confirmar.refresh_from_db()
    assert sem_confirmar.situacao == Situacao.PENDENTE and not mail.outbox


def test_recusar_exige_motivo_e_o_envia(client, liberador, pendentes, django_capture_on_commit_callbacks):
    _, sem_confirmar = pendentes
    resposta = decidir(client, sem_confirmar, "recusar", django_capture_on_commit_callbacks, motivo="  ")
    assert "Informe o motivo da recusa" in resposta.content.decode()
    sem_confirmar.refresh_from_db()
    assert sem_confirmar.situacao == Situacao.PENDENTE

    decidir(
        client, sem_confirmar, "recusar", django_capture_on_commit_callbacks, motivo="CPF de outra pessoa."
    )

    sem_confirmar.refresh_from_db()
    assert sem_confirmar.situacao == Situacao.RECUSADO and sem_confirmar.motivo == "CPF de outra pessoa."
    (mensagem,) = mail.outbox
    assert "Motivo: CPF de outra pessoa." in mensagem.body
    html = client.post(
        reverse("externo:entrar"), {"username": sem_confirmar.usuario.username, "password": SENHA_PADRAO}
    ).content.decode()
    assert "Seu cadastro está recusado" in html


def test_desativar_e_reativar(client, liberador, criar_externo, django_capture_on_commit_callbacks):
    cadastro = criar_externo()
    portal = client.__class__()
    portal.post(reverse("externo:entrar"), {"username": cadastro.usuario.username, "password": SENHA_PADRAO})
    assert portal.get(reverse("externo:inicio")).status_code == 200

    resposta = decidir(client, cadastro, "desativar", django_capture_on_commit_callbacks, motivo="")
    assert "Informe o motivo da desativação" in resposta.content.decode()
    decidir(
        client, cadastro, "desativar", django_capture_on_commit_callbacks, motivo="Pedido do próprio usuário."
    )

    cadastro.refresh_from_db()
    assert cadastro.situacao == Situacao.DESATIVADO
    # The open session gets nothing more; a new login is refused.
    assert portal.get(reverse("externo:inicio")).status_code == 302
    html = (
        client.__class__()
        .post(reverse("externo:entrar"), {"username": cadastro.usuario.username, "password": SENHA_PADRAO})
        .content.decode()
    )
    assert "Seu cadastro está desativado" in html

    decidir(client, cadastro, "reativar", django_capture_on_commit_callbacks)
    cadastro.refresh_from_db()
    assert cadastro.situacao == Situacao.LIBERADO and cadastro.motivo == ""
    assert [m.subject.split(" — ")[0] for m in mail.outbox] == ["Cadastro desativado", "Cadastro reativado"]
    assert "Motivo: Pedido do próprio usuário." in mail.outbox[0].body


def test_acoes_do_admin_usam_os_mesmos_servicos(
    client, atores, pendentes, django_capture_on_commit_callbacks
):
    admin = atores["A"].usuario
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    confirmado, sem_confirmar = pendentes
    url = reverse("admin:externo_cadastroexterno_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"action": "liberar", "_selected_action": [confirmado.pk, sem_confirmar.pk]}, follow=True
        )
    confirmado.refresh_from_db()
    sem_confirmar.refresh_from_db()
    assert confirmado.situacao == Situacao.LIBERADO and sem_confirmar.situacao == Situacao.PENDENTE
    assert len(mail.outbox) == 1

    # Desativar asks for the reason first.
    resposta = client.post(url, {"action": "desativar", "_selected_action": [confirmado.pk]})
    assert "Motivo da desativação" in resposta.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "desativar",
                "_selected_action": [confirmado.pk],
                "confirmar": "1",
                "motivo": "Duplicado.",
            },
            follow=True,
        )
    confirmado.refresh_from_db()
    assert confirmado.situacao == Situacao.DESATIVADO and confirmado.motivo == "Duplicado."


def test_lista_em_consultas_fixas(client, liberador, criar_externo, django_assert_num_queries):
    criar_externo(cpf="52998224725", liberado=False, email_confirmado=True)
    with CaptureQueriesContext(connection) as com_um:
        assert client.get(reverse("cadastros_externos:lista")).status_code == 200
    for cpf in ("11144477735", "39053344705", "71460238184"):
        criar_externo(cpf=cpf, liberado=False)
    with django_assert_num_queries(len(com_um.captured_queries)):
        html = client.get(reverse("cadastros_externos:lista")).content.decode()
    assert html.count('href="/usuarios-externos/') >= 5  # the menu entry and the four records


def test_termos_escritos_no_admin_passam_a_valer(client, atores, django_capture_on_commit_callbacks):
    admin = atores["A"].usuario
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("admin:externo_termosdeuso_add"), {"texto": "Novos termos do órgão, versão 2."})

    termos = TermosDeUso.objects.get()
    assert termos.criado_por == admin
    texto, versao = services.termos_vigentes()
    assert texto == "Novos termos do órgão, versão 2." and versao == TermosDeUso.resumo(texto)
    # A text in force is never rewritten (a new one is a new row): its page has no Save button.
    html = client.get(reverse("admin:externo_termosdeuso_change", args=[termos.pk])).content.decode()
    assert 'name="_save"' not in html
    client.logout()
    assert "Novos termos do órgão, versão 2." in client.get(reverse("externo:cadastro")).content.decode()
