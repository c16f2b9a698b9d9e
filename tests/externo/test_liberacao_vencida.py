"""Liberações para assinatura externa vencidas: the beat marks them expired with the integral
grant made with them; the unit then concludes the process, sees "Vencida" and may release the
document again to the same user; a rerun changes nothing."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from externo import assinaturas_externas, tasks
from externo.models import AcessoExterno, LiberacaoAssinaturaExterna
from processos.models import Andamento
from processos.services import processo_concluir
from sei import acesso
from sei.exceptions import RegraDeNegocio
from sei.models import Alcance
from sei.senhas import SenhaConfirmada

pytestmark = pytest.mark.django_db


@pytest.fixture
def oficio(atores, processo, criar_documento):
    return criar_documento(atores["A"], processo, conteudo="<p>Termo a assinar.</p>")


def _liberar(ator, documento, usuario, integral=False):
    return assinaturas_externas.liberacao_liberar(
        ator=ator,
        documento=documento,
        senha=SenhaConfirmada(usuario_id=ator.usuario.pk),
        validade_dias=5,
        cpf=usuario.cpf,
        com_visualizacao_integral=integral,
    )


def _vencer(liberacao):
    ontem = timezone.localdate() - timedelta(days=1)
    LiberacaoAssinaturaExterna.objects.filter(pk=liberacao.pk).update(valido_ate=ontem)
    if liberacao.acesso_id:
        AcessoExterno.objects.filter(pk=liberacao.acesso_id).update(valido_ate=ontem)


def test_varredura_marca_vencida_encerra_a_concessao_integral_e_e_idempotente(
    atores, processo, oficio, externo, client
):
    liberacao = _liberar(atores["A"], oficio, externo, integral=True)
    principal = acesso.principal_externo(externo.pk)
    assert Alcance.objects.filter(processo_id=processo.pk, principal=principal).exists()
    _vencer(liberacao)

    assert tasks.expirar_liberacoes_assinatura_externa() == 1
    liberacao.refresh_from_db()
    assert liberacao.expirado_em is not None and liberacao.situacao == "vencida"
    concessao = AcessoExterno.objects.get(pk=liberacao.acesso_id)
    assert concessao.expirado_em is not None and concessao.situacao == "expirado"
    assert not Alcance.objects.filter(processo_id=processo.pk, principal=principal).exists()
    # A rerun is a no-op.
    marcada_em = liberacao.expirado_em
    assert tasks.expirar_liberacoes_assinatura_externa() == 0
    liberacao.refresh_from_db()
    assert liberacao.expirado_em == marcada_em

    # The unit's list shows it "Vencida"; the citizen is told it expired.
    client.force_login(atores["A"].usuario)
    pagina = client.get(f"/documentos/{oficio.numero_sei_formatado}/assinatura-externa/").content.decode()
    assert "Vencida" in pagina
    with pytest.raises(RegraDeNegocio, match="venceu"):
        assinaturas_externas.assinatura_externa_assinar(
            usuario=externo,
            documento=oficio,
            senha=SenhaConfirmada(usuario_id=externo.pk),
            url_publica="https://sei.exemplo.gov.br",
        )


def test_vencida_nao_impede_concluir_e_o_documento_pode_ser_liberado_de_novo(
    atores, processo, oficio, externo
):
    liberacao = _liberar(atores["A"], oficio, externo)
    with pytest.raises(RegraDeNegocio, match="aguarda a assinatura externa"):
        processo_concluir(ator=atores["A"], processo=processo)
    _vencer(liberacao)
    tasks.expirar_liberacoes_assinatura_externa()

    nova = _liberar(atores["A"], oficio, externo)
    assert nova.pk != liberacao.pk and nova.situacao == "pendente"
    assinaturas_externas.liberacao_cancelar(ator=atores["A"], documento=oficio, liberacao_id=nova.pk)
    processo_concluir(ator=atores["A"], processo=processo)
    assert processo.andamentos.filter(tipo=Andamento.Tipo.CONCLUSAO).count() == 1


def test_nova_liberacao_antes_da_varredura_substitui_a_vencida(atores, oficio, externo):
    liberacao = _liberar(atores["A"], oficio, externo)
    _vencer(liberacao)

    nova = _liberar(atores["A"], oficio, externo)
    liberacao.refresh_from_db()
    assert liberacao.expirado_em is not None and nova.situacao == "pendente"
    # The sweep finds nothing left to do.
    assert tasks.expirar_liberacoes_assinatura_externa() == 0


def test_varredura_esta_no_agendamento_do_beat():
    tarefas = {v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "externo.tasks.expirar_liberacoes_assinatura_externa" in tarefas


def test_vencimento_fica_no_historico_do_processo_uma_vez(atores, processo, oficio, externo, entrar):
    liberacao = _liberar(atores["A"], oficio, externo, integral=True)
    _vencer(liberacao)
    texto = (
        f"Liberação para assinatura externa do documento {oficio.rotulo} a {externo.get_full_name()} vencida"
    )

    tasks.expirar_liberacoes_assinatura_externa()
    tasks.expirar_liberacoes_assinatura_externa()

    vencimentos = processo.andamentos.filter(tipo=Andamento.Tipo.ASSINATURA_EXTERNA_VENCIMENTO)
    assert [a.descricao.startswith(texto) for a in vencimentos] == [True]
    assert vencimentos.get().unidade == atores["A"].unidade
    historico = entrar(atores["A"]).get(f"/processos/{processo.nup}/").content.decode()
    assert historico.count(f"a {externo.get_full_name()} vencida") == 1


def test_nova_liberacao_registra_o_vencimento_da_anterior(atores, processo, oficio, externo):
    liberacao = _liberar(atores["A"], oficio, externo)
    _vencer(liberacao)

    _liberar(atores["A"], oficio, externo)
    tasks.expirar_liberacoes_assinatura_externa()

    tipos = list(processo.andamentos.values_list("tipo", flat=True))
    assert tipos.count(Andamento.Tipo.ASSINATURA_EXTERNA_VENCIMENTO) == 1
    # The expiry comes before the new liberação in the history (newest first).
    assert tipos.index(Andamento.Tipo.ASSINATURA_EXTERNA_LIBERACAO) < tipos.index(
        Andamento.Tipo.ASSINATURA_EXTERNA_VENCIMENTO
    )
