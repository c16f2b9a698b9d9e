"""The process page: access (allow/deny), first access receives, every action form."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from processos import services
from processos.models import Atividade, Credencial, NivelAcesso, Processo, Relacionamento
from sei.contexto import SESSAO_SIGILOSO
from tests.factories import UsuarioFactory, lotar


def _url(processo, acao=None):
    if acao:
        return reverse("processos:acao", args=[processo.nup, acao])
    return reverse("processos:detalhe", args=[processo.nup])


# --- Access --------------------------------------------------------------------------------


def test_pagina_completa_na_unidade_geradora(entrar, atores, criar_processo):
    p = criar_processo(atores["A"], especificacao="Reforma do prédio", interessados=["Maria da Silva"])
    resposta = entrar(atores["A"]).get(_url(p))
    html = resposta.content.decode()
    assert resposta.status_code == 200
    assert f"Processo {p.nup_formatado}" in html
    assert "Reforma do prédio" in html and "Maria da Silva" in html
    assert "<dt>Aberto nas unidades</dt>" in html and "A (atribuído a user_a)" in html
    assert "Árvore do processo" in html
    assert f"Processo {p.nup_formatado} gerado na unidade A" in html
    assert "Concluir processo nesta unidade" in html
    assert "no-store" in resposta["Cache-Control"]


def test_processo_inexistente_404(entrar, atores):
    resposta = entrar(atores["A"]).get(reverse("processos:detalhe", args=["52402000999202600"]))
    assert resposta.status_code == 404
    assert "Não encontrado" in resposta.content.decode()


def test_sigiloso_sem_credencial_404(entrar, atores, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(atores["B"])
    assert cliente.get(_url(p)).status_code == 404
    assert cliente.get(reverse("processos:reautenticar", args=[p.nup])).status_code == 404
    assert cliente.post(_url(p, "concluir")).status_code == 404


def test_restrito_visto_por_quem_nunca_o_teve(entrar, atores, criar_processo):
    p = criar_processo(
        atores["A"], nivel=NivelAcesso.RESTRITO, especificacao="Dados pessoais do servidor", interessados=["Ana Lima"]
    )
    resposta = entrar(atores["C"]).get(_url(p))
    html = resposta.content.decode()
    assert resposta.status_code == 200
    assert "Processo de acesso restrito" in html
    assert p.nup_formatado in html and p.tipo.nome in html and p.hipotese_legal.nome in html
    assert "Dados pessoais do servidor" not in html and "Ana Lima" not in html
    assert "<dt>Aberto nas unidades</dt>" in html
    assert "gerado na unidade A" in html  # the history is shown
    assert "Concluir processo" not in html and "Enviar processo" not in html


def test_restrito_completo_para_unidade_por_onde_passou(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO, especificacao="Dados pessoais")
    services.processo_enviar(ator=atores["A"], processo=p, destinos=[unidades["B"]])
    services.processo_receber(ator=atores["B"], processo=p)
    services.processo_concluir(ator=atores["B"], processo=p)
    html = entrar(atores["B"]).get(_url(p)).content.decode()
    assert "Processo de acesso restrito" not in html
    assert "Dados pessoais" in html
    assert "Reabrir processo nesta unidade" in html


def test_primeiro_acesso_recebe_o_processo(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    services.processo_enviar(ator=atores["A"], processo=p, destinos=[unidades["B"]])
    cliente = entrar(atores["B"])
    html = cliente.get(_url(p)).content.decode()
    assert "Processo recebido na unidade B" in html
    atividade = Atividade.objects.get(processo=p, unidade=unidades["B"])
    assert atividade.recebida_por == atores["B"].usuario
    # A second access does not receive again.
    html = cliente.get(_url(p)).content.decode()
    assert html.count("Processo recebido na unidade B") == 1
    assert "(não visualizado)" not in cliente.get(reverse("processos:controle")).content.decode()


def test_acesso_de_outra_unidade_nao_recebe(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    services.processo_enviar(ator=atores["A"], processo=p, destinos=[unidades["B"]])
    entrar(atores["C"]).get(_url(p))
    assert Atividade.objects.get(processo=p, unidade=unidades["B"]).recebida_em is None


# --- Sigiloso: password again ---------------------------------------------------------------


def test_sigiloso_pede_senha(entrar, atores, criar_processo, senha):
    p = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO, especificacao="Investigação")
    cliente = entrar(atores["A"])
    resposta = cliente.get(_url(p))
    assert resposta.status_code == 302
    senha_url = reverse("processos:reautenticar", args=[p.nup])
    assert resposta.url == f"{senha_url}?{urlencode({'next': _url(p)})}"
    # Actions are refused too until the password is confirmed; then back to the process page.
    assert cliente.post(_url(p, "concluir")).url == f"{senha_url}?{urlencode({'next': _url(p)})}"
    assert Atividade.objects.get(processo=p).aberta

    errada = cliente.post(reverse("processos:reautenticar", args=[p.nup]), {"senha": "errada"})
    assert errada.status_code == 400
    assert "Senha incorreta." in errada.content.decode()
    assert cliente.get(_url(p)).status_code == 302

    certa = cliente.post(reverse("processos:reautenticar", args=[p.nup]), {"senha": senha})
    assert certa.status_code == 302 and certa.url == _url(p)
    html = cliente.get(_url(p)).content.decode()
    assert "Investigação" in html and "Credenciais de acesso" in html


def test_sigiloso_reautenticacao_expira(entrar, atores, criar_processo, settings):
    p = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(atores["A"])
    sessao = cliente.session
    sessao[SESSAO_SIGILOSO] = {p.nup: time.time() - settings.SEI_SIGILOSO_REAUTENTICACAO_MINUTOS * 60 - 1}
    sessao.save()
    assert cliente.get(_url(p)).status_code == 302
    sessao[SESSAO_SIGILOSO] = {p.nup: time.time() - 5}
    sessao.save()
    assert cliente.get(_url(p)).status_code == 200


def test_sigiloso_senha_errada_repetida_bloqueia(entrar, atores, criar_processo):
    from axes.models import AccessAttempt

    from tests.factories import SENHA_PADRAO

    AccessAttempt.objects.all().delete()
    p = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(atores["A"])
    for _ in range(4):
        assert cliente.post(reverse("processos:reautenticar", args=[p.nup]), {"senha": "x"}).status_code == 400
    resposta = cliente.post(reverse("processos:reautenticar", args=[p.nup]), {"senha": "x"})
    assert resposta.status_code == 429
    assert "Acesso bloqueado temporariamente" in resposta.content.decode()
    # Locked out, even the right password does not open it.
    certa = cliente.post(reverse("processos:reautenticar", args=[p.nup]), {"senha": SENHA_PADRAO})
    assert certa.status_code in (403, 429)
    assert cliente.get(reverse("processos:detalhe", args=[p.nup])).status_code == 302


@pytest.fixture
def sigiloso_aberto(entrar, atores, criar_processo):
    """A sigiloso of A, its page unlocked for user_a."""
    p = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(atores["A"])
    sessao = cliente.session
    sessao[SESSAO_SIGILOSO] = {p.nup: time.time()}
    sessao.save()
    return p, cliente


def test_conceder_e_cassar_credencial(sigiloso_aberto, atores, unidades):
    p, cliente = sigiloso_aberto
    resposta = cliente.post(
        _url(p, "conceder-credencial"),
        {"credencial-login": atores["B"].usuario.username, "credencial-unidade": unidades["B"].pk},
        follow=True,
    )
    assert "Credencial concedida a user_b na unidade B." in resposta.content.decode()
    credencial = Credencial.objects.get(processo=p, usuario=atores["B"].usuario)
    resposta = cliente.post(_url(p, "cassar-credencial"), {"credencial": credencial.pk}, follow=True)
    assert "Credencial de user_b cassada." in resposta.content.decode()
    credencial.refresh_from_db()
    assert credencial.cassada_em is not None


def test_cassar_ultima_credencial_recusado(sigiloso_aberto):
    p, cliente = sigiloso_aberto
    credencial = Credencial.objects.get(processo=p)
    resposta = cliente.post(_url(p, "cassar-credencial"), {"credencial": credencial.pk}, follow=True)
    assert "Não é possível cassar a única credencial ativa do processo." in resposta.content.decode()


def test_conceder_credencial_usuario_inexistente(sigiloso_aberto, unidades):
    p, cliente = sigiloso_aberto
    resposta = cliente.post(
        _url(p, "conceder-credencial"),
        {"credencial-login": "ninguem", "credencial-unidade": unidades["B"].pk},
        follow=True,
    )
    assert "Usuário não encontrado." in resposta.content.decode()


def test_sigiloso_nao_pode_ser_enviado(sigiloso_aberto, unidades):
    p, cliente = sigiloso_aberto
    html = cliente.get(_url(p)).content.decode()
    assert "Enviar processo" not in html
    resposta = cliente.post(_url(p, "enviar"), {"enviar-unidades": [unidades["B"].pk]}, follow=True)
    assert "Processo sigiloso não pode ser enviado" in resposta.content.decode()


# --- Action forms ---------------------------------------------------------------------------


def test_enviar_com_retorno_programado(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    data = timezone.localdate() + timedelta(days=5)
    resposta = entrar(atores["A"]).post(
        _url(p, "enviar"),
        {"enviar-unidades": [unidades["B"].pk, unidades["C"].pk], "enviar-manter_aberto": "on",
         "enviar-retorno_programado": data.isoformat()},
        follow=True,
    )
    html = resposta.content.decode()
    assert "Processo enviado para B, C." in html
    assert "Processo remetido pela unidade A para B, C" in html
    assert set(Atividade.objects.filter(processo=p, aberta=True).values_list("unidade__sigla", flat=True)) == {
        "A", "B", "C"
    }
    assert p.retornos.filter(data=data).count() == 2


def test_enviar_sem_destino_mostra_erro(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["A"]).post(_url(p, "enviar"), {}, follow=True)
    assert "Informe ao menos uma unidade de destino." in resposta.content.decode()


def test_enviar_retorno_no_passado_recusado(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    ontem = timezone.localdate() - timedelta(days=1)
    resposta = entrar(atores["A"]).post(
        _url(p, "enviar"), {"enviar-unidades": [unidades["B"].pk], "enviar-retorno_programado": ontem.isoformat()},
        follow=True,
    )
    assert "A data do retorno programado não pode estar no passado." in resposta.content.decode()
    assert not Atividade.objects.filter(processo=p, unidade=unidades["B"]).exists()


def test_concluir_e_reabrir(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    resposta = cliente.post(_url(p, "concluir"), follow=True)
    html = resposta.content.decode()
    assert f"Processo {p.nup_formatado} concluído nesta unidade." in html
    assert resposta.redirect_chain[-1][0] == reverse("processos:controle")
    assert p.nup_formatado in html  # only in the message: gone from the inbox
    assert f'value="{p.nup}"' not in html
    resposta = cliente.post(_url(p, "reabrir"), follow=True)
    assert "Processo reaberto nesta unidade." in resposta.content.decode()
    assert Atividade.objects.get(processo=p, unidade=unidades["A"]).aberta


def test_concluir_recusado_mostra_mensagem_do_servico(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["B"])
    data = timezone.localdate() + timedelta(days=3)
    services.processo_enviar(ator=atores["B"], processo=p, destinos=[unidades["A"]], retorno_programado=data)
    resposta = entrar(atores["A"]).post(_url(p, "concluir"), follow=True)
    html = resposta.content.decode()
    assert f"Há retorno programado para B até {data:%d/%m/%Y}: devolva o processo antes de concluí-lo." in html
    assert Atividade.objects.get(processo=p, unidade=unidades["A"]).aberta


def test_reabrir_onde_nunca_passou_recusado(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["C"]).post(_url(p, "reabrir"), follow=True)
    assert "O processo nunca tramitou pela unidade C." in resposta.content.decode()


def test_atribuir(entrar, atores, unidades, criar_processo):
    colega = lotar(UsuarioFactory(username="beltrano"), unidades["A"])
    p = criar_processo(atores["A"])
    resposta = entrar(atores["A"]).post(_url(p, "atribuir"), {"atribuir-usuario": colega.usuario.pk}, follow=True)
    html = resposta.content.decode()
    assert "Processo atribuído a beltrano." in html
    assert "A (atribuído a beltrano)" in html


def test_atribuir_usuario_de_outra_unidade_recusado(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["A"]).post(_url(p, "atribuir"), {"atribuir-usuario": atores["B"].usuario.pk}, follow=True)
    assert "Faça uma escolha válida" in resposta.content.decode()


def test_sobrestar_e_remover(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    html = cliente.post(_url(p, "sobrestar"), {"sobrestar-motivo": "Aguardando parecer"}, follow=True).content.decode()
    assert "Processo sobrestado." in html and "motivo: Aguardando parecer" in html
    assert "Remover sobrestamento" in html
    assert p.nup not in cliente.get(reverse("processos:controle")).content.decode()
    html = cliente.post(_url(p, "remover-sobrestamento"), follow=True).content.decode()
    assert "Sobrestamento removido." in html


def test_sobrestar_aberto_em_outras_unidades_recusado(entrar, atores, unidades, criar_processo):
    p = criar_processo(atores["A"])
    services.processo_enviar(ator=atores["A"], processo=p, destinos=[unidades["B"]], manter_aberto=True)
    resposta = entrar(atores["A"]).post(_url(p, "sobrestar"), {"sobrestar-motivo": "x"}, follow=True)
    assert "Só é possível sobrestar um processo aberto apenas nesta unidade." in resposta.content.decode()
    p.refresh_from_db()
    assert p.estado == Processo.Estado.NORMAL


def test_anexar(entrar, atores, criar_processo):
    principal, outro = criar_processo(atores["A"]), criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    html = cliente.post(_url(principal, "anexar"), {"anexar-nup": outro.nup_formatado}, follow=True).content.decode()
    assert f"Processo {outro.nup_formatado} anexado a este processo." in html
    assert "Processos anexados" in html
    html = cliente.get(_url(outro)).content.decode()
    assert f"Anexado ao processo <a class=\"nup\" href=\"{_url(principal)}\">{principal.nup_formatado}</a>" in html


def test_anexar_nup_inexistente(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["A"]).post(_url(p, "anexar"), {"anexar-nup": "00000.000000/0000-00"}, follow=True)
    assert "Processo não encontrado." in resposta.content.decode()


def test_relacionar_e_remover(entrar, atores, criar_processo):
    p, outro = criar_processo(atores["A"]), criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    html = cliente.post(_url(p, "relacionar"), {"relacionar-nup": outro.nup}, follow=True).content.decode()
    assert f"Processo relacionado a {outro.nup_formatado}." in html
    assert Relacionamento.objects.count() == 1
    # Symmetric: shown on the other one too.
    assert f'href="{_url(p)}"' in cliente.get(_url(outro)).content.decode()
    html = cliente.post(_url(p, "remover-relacionamento"), {"nup": outro.nup}, follow=True).content.decode()
    assert f"Relacionamento com {outro.nup_formatado} removido." in html
    assert not Relacionamento.objects.exists()


def test_relacionar_consigo_mesmo_recusado(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["A"]).post(_url(p, "relacionar"), {"relacionar-nup": p.nup}, follow=True)
    assert "Um processo não pode ser relacionado a si mesmo." in resposta.content.decode()


def test_atualizar_andamento(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    html = entrar(atores["A"]).post(
        _url(p, "andamento"), {"andamento-texto": "Aguardando manifestação da área técnica"}, follow=True
    ).content.decode()
    assert "Andamento registrado." in html
    assert "Aguardando manifestação da área técnica" in html


def test_atualizar_andamento_onde_nao_esta_aberto(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    resposta = entrar(atores["B"]).post(_url(p, "andamento"), {"andamento-texto": "x"}, follow=True)
    assert "O processo não está aberto na unidade" in resposta.content.decode()


def test_acao_desconhecida_404_e_get_405(entrar, atores, criar_processo):
    p = criar_processo(atores["A"])
    cliente = entrar(atores["A"])
    assert cliente.post(_url(p, "apagar")).status_code == 404
    assert cliente.get(_url(p, "concluir")).status_code == 405


def test_acao_exige_csrf(atores, criar_processo):
    from django.test import Client

    p = criar_processo(atores["A"])
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(atores["A"].usuario, backend="django.contrib.auth.backends.ModelBackend")
    assert cliente.post(_url(p, "concluir")).status_code == 403
    assert Atividade.objects.get(processo=p).aberta


# --- Quick search ---------------------------------------------------------------------------


@pytest.mark.parametrize("formato", ["formatado", "digitos"])
def test_pesquisa_rapida(entrar, atores, criar_processo, formato):
    p = criar_processo(atores["A"])
    termo = p.nup_formatado if formato == "formatado" else p.nup
    resposta = entrar(atores["A"]).get(reverse("processos:pesquisa"), {"q": f" {termo} "})
    assert resposta.status_code == 302 and resposta.url == _url(p)


def test_pesquisa_rapida_nao_encontrado(entrar, atores, criar_processo):
    sigiloso = criar_processo(atores["B"], nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(atores["A"])
    for termo in ("12345", sigiloso.nup):
        html = cliente.get(reverse("processos:pesquisa"), {"q": termo}, follow=True).content.decode()
        assert "Processo não encontrado" in html


def test_consultas_da_pagina_nao_crescem_com_o_historico(entrar, atores, unidades, criar_processo, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    p = criar_processo(atores["A"], interessados=["Ana", "Rui"])
    outro = criar_processo(atores["A"])
    services.processo_relacionar(ator=atores["A"], processo=p, outro=outro)
    cliente = entrar(atores["A"])
    cliente.get(_url(p))
    with CaptureQueriesContext(connection) as poucos:
        cliente.get(_url(p))
    for i in range(20):
        services.processo_atualizar_andamento(ator=atores["A"], processo=p, texto=f"Andamento {i}")
    services.processo_enviar(ator=atores["A"], processo=p, destinos=[unidades["B"], unidades["C"]], manter_aberto=True)
    with django_assert_num_queries(len(poucos.captured_queries)):
        resposta = cliente.get(_url(p))
    assert "Andamento 19" in resposta.content.decode()


def test_senha_do_sigiloso_volta_para_a_pagina_pedida(client, atores, criar_processo):
    from processos.models import NivelAcesso
    from tests.factories import SENHA_PADRAO

    a = atores["A"]
    p = criar_processo(a, NivelAcesso.SIGILOSO)
    client.force_login(a.usuario)
    destino = f"/processos/{p.nup}/andamentos/?x=1"
    pagina = client.get(f"/processos/{p.nup}/senha/", {"next": destino})
    assert f'name="next" value="{destino}"' in pagina.content.decode().replace("&amp;", "&")
    resposta = client.post(f"/processos/{p.nup}/senha/", {"senha": SENHA_PADRAO, "next": destino})
    assert resposta.status_code == 302 and resposta["Location"] == destino
    externo = client.post(f"/processos/{p.nup}/senha/", {"senha": SENHA_PADRAO, "next": "https://mal.example/"})
    assert externo["Location"] == f"/processos/{p.nup}/"
