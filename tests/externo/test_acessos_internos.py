"""The unit's side of acessos externos: the API (``processos/{nup}/acessos-externos/``) and the
pages (the process toolbar's "Acesso externo", the grant and cancel forms, the unit's list)."""

import pytest
from django.core import mail

from externo.models import AcessoExterno
from processos.models import Andamento
from tests.factories import SENHA_PADRAO

pytestmark = pytest.mark.django_db


def url(processo, resto=""):
    return f"/api/v1/processos/{processo.nup}/acessos-externos/{resto}"


def corpo(**extra):
    return {
        "tipo": "integral",
        "validade_dias": 15,
        "motivo": "Vista ao requerente",
        "senha": SENHA_PADRAO,
        **extra,
    }


def test_api_concede_lista_e_cancela(cena, cliente_api, django_capture_on_commit_callbacks):
    c = cliente_api(cena.a)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(url(cena.p), corpo(cpf="529.982.247-25"), format="json")
    assert r.status_code == 201, r.json()
    dados = r.json()
    assert dados["usuario"] == {"nome": "João Cidadão", "cpf": "52998224725"}
    assert dados["tipo"] == "integral" and dados["situacao"] == "ativo" and dados["unidade"] == "A"
    assert len(mail.outbox) == 1

    r = c.post(
        url(cena.p),
        corpo(email="maria.nova@exemplo.com", tipo="parcial", documentos=[cena.anexo.numero_sei]),
        format="json",
    )
    assert (
        r.status_code == 201
        and r.json()["usuario"] is None
        and r.json()["documentos"] == [cena.anexo.numero_sei]
    )

    lista = c.get(url(cena.p)).json()
    assert lista["count"] == 2 and [a["tipo"] for a in lista["results"]] == ["parcial", "integral"]

    r = c.post(url(cena.p, f"{dados['id']}/cancelar/"), {"motivo": "Concluído"}, format="json")
    assert (
        r.status_code == 200 and r.json()["situacao"] == "cancelado" and r.json()["cancelado_por"] == "user_a"
    )
    assert (
        c.post(url(cena.p, f"{dados['id']}/cancelar/"), {"motivo": "De novo"}, format="json").status_code
        == 409
    )
    assert c.post(url(cena.p, f"{dados['id']}/cancelar/"), {}, format="json").status_code == 400


def test_api_senha_errada_sigiloso_e_entrada_invalida_nao_concedem(cena, cliente_api):
    c = cliente_api(cena.a)
    r = c.post(url(cena.p), corpo(cpf=cena.joao.cpf, senha="errada"), format="json")
    assert r.status_code == 400 and r.json()["code"] == "senha_incorreta"
    r = c.post(url(cena.s), corpo(cpf=cena.joao.cpf), format="json")
    assert r.status_code == 409 and r.json()["code"] == "acesso_externo_sigiloso"
    r = c.post(url(cena.p), corpo(), format="json")
    assert r.status_code == 400 and "cpf" in r.json()["errors"]
    r = c.post(
        url(cena.p),
        corpo(cpf=cena.joao.cpf, tipo="parcial", documentos=[cena.minuta.numero_sei]),
        format="json",
    )
    assert r.status_code == 400 and "documentos" in r.json()["errors"]
    r = c.post(url(cena.p), corpo(cpf=cena.joao.cpf, validade_dias=0), format="json")
    assert r.status_code == 400 and "validade_dias" in r.json()["errors"]
    assert not AcessoExterno.objects.exists()
    assert not cena.p.andamentos.filter(tipo=Andamento.Tipo.ACESSO_EXTERNO_CONCESSAO).exists()


def test_api_outra_unidade_nao_concede_nem_ve(cena, atores, cliente_api):
    r = cliente_api(atores["B"]).post(url(cena.p), corpo(cpf=cena.joao.cpf), format="json")
    assert r.status_code == 403  # B knows the restrito exists, but does not read it
    assert cliente_api(atores["B"]).get(url(cena.p)).status_code == 403
    assert cliente_api(atores["C"]).get(url(cena.s)).status_code == 404  # a sigiloso: not even its existence


def test_barra_do_processo_leva_a_pagina_de_acessos_externos(cena, entrar):
    navegador = entrar(cena.a)
    pagina = navegador.get(f"/processos/{cena.p.nup}/").content.decode()
    assert f'href="/processos/{cena.p.nup}/acessos-externos/"' in pagina
    # Never on a sigiloso.
    from externo.acoes import acoes_no_processo
    from processos.acoes import Situacao

    assert (
        acoes_no_processo(cena.a, cena.s, Situacao(conteudo=True, aberto_aqui=True, pode_reabrir=False)) == []
    )


def test_pagina_concede_e_cancela(cena, entrar, django_capture_on_commit_callbacks):
    navegador = entrar(cena.a)
    endereco = f"/processos/{cena.p.nup}/acessos-externos/"
    pagina = navegador.get(endereco).content.decode()
    assert "Conceder acesso externo" in pagina
    assert cena.anexo.rotulo in pagina and cena.minuta.rotulo not in pagina  # the parcial checklist

    dados = {
        "destinatario": cena.joao.cpf,
        "tipo": "parcial",
        "documentos": [str(cena.anexo.numero_sei)],
        "validade_dias": "5",
        "motivo": "Vista",
        "senha": "errada",
    }
    r = navegador.post(endereco, dados)
    assert r.status_code == 400 and "Senha incorreta" in r.content.decode()
    assert not AcessoExterno.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        r = navegador.post(endereco, {**dados, "senha": SENHA_PADRAO}, follow=True)
    assert "Acesso externo concedido" in r.content.decode()
    concessao = AcessoExterno.objects.get()
    assert concessao.usuario == cena.joao and list(concessao.documentos.all()) == [cena.anexo]
    assert "João Cidadão" in r.content.decode()

    r = navegador.post(f"{endereco}{concessao.pk}/cancelar/", {"motivo": ""}, follow=True)
    assert "Dados inválidos" in r.content.decode()
    r = navegador.post(f"{endereco}{concessao.pk}/cancelar/", {"motivo": "Fim"}, follow=True)
    assert "Acesso externo cancelado." in r.content.decode()
    concessao.refresh_from_db()
    assert concessao.situacao == "cancelado"


def test_pagina_do_processo_aberto_em_outra_unidade_so_lista(cena, atores, conceder, entrar):
    conceder(cena.a, cena.q, usuario=cena.joao)
    pagina = entrar(atores["B"]).get(f"/processos/{cena.q.nup}/acessos-externos/").content.decode()
    assert "Conceder acesso externo" not in pagina and "João Cidadão" in pagina
    assert "Cancelar acesso" not in pagina


def test_pagina_da_unidade_lista_por_situacao(cena, atores, conceder, entrar):
    from externo import acessos

    ativo = conceder(cena.a, cena.p, usuario=cena.joao)
    cancelado = conceder(cena.a, cena.q, usuario=cena.maria)
    acessos.acesso_externo_cancelar(ator=cena.a, processo=cena.q, acesso_id=cancelado.pk, motivo="Fim")
    navegador = entrar(cena.a)
    pagina = navegador.get("/acessos-externos/").content.decode()
    assert 'href="/acessos-externos/"' in pagina  # the menu
    assert cena.p.nup_formatado in pagina and cena.q.nup_formatado in pagina
    pagina = navegador.get("/acessos-externos/?situacao=ativo").content.decode()
    assert cena.p.nup_formatado in pagina and cena.q.nup_formatado not in pagina
    pagina = navegador.get("/acessos-externos/?situacao=cancelado").content.decode()
    assert cena.q.nup_formatado in pagina and cena.p.nup_formatado not in pagina
    assert ativo.situacao == "ativo"
    # Another unit's list does not show A's grants.
    assert cena.p.nup_formatado not in entrar(atores["B"]).get("/acessos-externos/").content.decode()


def test_admin_so_consulta_e_sem_motivo(cena, conceder, admin_client):
    concessao = conceder(cena.a, cena.p, usuario=cena.joao, motivo="CANARIO-MOTIVO")
    lista = admin_client.get("/admin/externo/acessoexterno/")
    assert lista.status_code == 200 and cena.joao.email in lista.content.decode()
    pagina = admin_client.get(f"/admin/externo/acessoexterno/{concessao.pk}/change/").content.decode()
    assert "CANARIO-MOTIVO" not in pagina
    assert admin_client.get("/admin/externo/acessoexterno/add/").status_code == 403


def test_lista_da_api_em_consultas_constantes(
    cena, conceder, cliente_api, criar_externo, django_assert_max_num_queries
):
    c = cliente_api(cena.a)
    conceder(cena.a, cena.p, usuario=cena.joao)
    with django_assert_max_num_queries(12) as antes:
        c.get(url(cena.p))
    for i, cpf in enumerate(["39053344705", "86288366757", "71428793860"]):
        outro = criar_externo(cpf=cpf, nome=f"Outro {i}").usuario
        conceder(cena.a, cena.p, usuario=outro, tipo="parcial", documentos=[cena.anexo])
    with django_assert_max_num_queries(len(antes.captured_queries)):
        assert c.get(url(cena.p)).json()["count"] == 4
