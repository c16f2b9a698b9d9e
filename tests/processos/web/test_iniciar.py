"""Iniciar Processo and Alterar Processo forms."""

import pytest
from django.urls import reverse

from processos.models import Atividade, NivelAcesso, Processo
from tests.factories import hipotese, tipo_processo


@pytest.fixture
def tipo(db):
    return tipo_processo()


def _dados(tipo, **extra):
    dados = {
        "tipo": tipo.pk,
        "especificacao": "Aquisição de material",
        "interessados": "Maria da Silva\n529.982.247-25\nJoão Souza; 111.444.777-35",
        "observacao": "Urgente",
        "nivel_acesso": "publico",
        "hipotese_legal": "",
    }
    dados.update(extra)
    return dados


def test_formulario_acessivel(entrar, atores, tipo):
    html = entrar(atores["A"]).get(reverse("processos:iniciar")).content.decode()
    assert 'for="id_tipo"' in html and 'id="id_tipo"' in html
    assert 'for="id_especificacao"' in html and 'maxlength="100"' in html
    assert "<legend>Nível de acesso" in html or "Nível de acesso:</legend>" in html
    assert 'for="id_hipotese_legal"' in html


def test_criar_processo_publico(entrar, atores, unidades, tipo):
    resposta = entrar(atores["A"]).post(reverse("processos:iniciar"), _dados(tipo), follow=True)
    processo = Processo.objects.get()
    assert resposta.redirect_chain[-1][0] == reverse("processos:detalhe", args=[processo.nup])
    html = resposta.content.decode()
    assert f"Processo {processo.nup_formatado} gerado." in html
    assert "Aquisição de material" in html
    assert "Maria da Silva" in html and "João Souza" in html
    assert list(processo.interessados.values_list("cpf_cnpj", flat=True)) == ["", "52998224725", "11144477735"]
    atividade = Atividade.objects.get(processo=processo)
    assert atividade.unidade == unidades["A"] and atividade.observacao == "Urgente"


def test_criar_processo_restrito_com_hipotese(entrar, atores, tipo):
    hip = hipotese(NivelAcesso.RESTRITO)
    entrar(atores["A"]).post(
        reverse("processos:iniciar"), _dados(tipo, nivel_acesso="restrito", hipotese_legal=hip.pk)
    )
    processo = Processo.objects.get()
    assert processo.nivel_acesso == NivelAcesso.RESTRITO and processo.hipotese_legal == hip


def test_restrito_sem_hipotese_mostra_erro_no_campo(entrar, atores, tipo):
    resposta = entrar(atores["A"]).post(reverse("processos:iniciar"), _dados(tipo, nivel_acesso="restrito"))
    assert resposta.status_code == 400
    assert "Hipótese legal é obrigatória para processo restrito ou sigiloso." in resposta.content.decode()
    assert resposta.context["form"].errors["hipotese_legal"]
    assert not Processo.objects.exists()


def test_especificacao_longa_recusada(entrar, atores, tipo):
    resposta = entrar(atores["A"]).post(reverse("processos:iniciar"), _dados(tipo, especificacao="x" * 101))
    assert resposta.status_code == 400
    assert resposta.context["form"].errors["especificacao"]
    assert "100" in resposta.content.decode()
    assert not Processo.objects.exists()


def test_cpf_invalido_recusado(entrar, atores, tipo):
    resposta = entrar(atores["A"]).post(
        reverse("processos:iniciar"), _dados(tipo, interessados="Fulano; 123.456.789-00")
    )
    assert resposta.status_code == 400
    assert "Interessado 1: CPF/CNPJ inválido." in resposta.content.decode()
    assert resposta.context["form"].errors["interessados"]
    assert not Processo.objects.exists()


def test_hipotese_de_outro_nivel_recusada(entrar, atores, tipo):
    hip = hipotese(NivelAcesso.SIGILOSO)
    resposta = entrar(atores["A"]).post(
        reverse("processos:iniciar"), _dados(tipo, nivel_acesso="restrito", hipotese_legal=hip.pk)
    )
    assert resposta.status_code == 400
    assert "A hipótese legal escolhida é para o nível sigiloso." in resposta.content.decode()


def test_alterar_processo(entrar, atores, criar_processo):
    processo = criar_processo(atores["A"], especificacao="Antiga")
    cliente = entrar(atores["A"])
    html = cliente.get(reverse("processos:alterar", args=[processo.nup])).content.decode()
    assert 'value="Antiga"' in html
    resposta = cliente.post(
        reverse("processos:alterar", args=[processo.nup]),
        _dados(processo.tipo, especificacao="Nova especificação", interessados="Ana"),
        follow=True,
    )
    html = resposta.content.decode()
    assert "Processo alterado." in html and "Nova especificação" in html
    assert "Processo alterado: especificação, interessados, observação da unidade" in html


def test_alterar_recusado_fora_da_unidade(entrar, atores, criar_processo):
    processo = criar_processo(atores["A"])
    resposta = entrar(atores["B"]).get(reverse("processos:alterar", args=[processo.nup]), follow=True)
    assert "não está aberto nesta unidade" in resposta.content.decode()


def test_alterar_mostra_interessados_como_foram_informados(entrar, atores, criar_processo):
    processo = criar_processo(atores["A"], interessados=["Ana", "529.982.247-25", {"nome": "Rui", "cpf_cnpj": "11144477735"}])
    html = entrar(atores["A"]).get(reverse("processos:alterar", args=[processo.nup])).content.decode()
    assert "Ana\n529.982.247-25\nRui; 111.444.777-35</textarea>" in html
