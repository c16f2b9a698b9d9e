"""A killed worker's export is resumed: the heartbeat on the row, the sweep that takes silent
ones over (3 attempts at most) and the fence that keeps a worker taken for dead from
overwriting its successor. The real SIGKILL is in tests/integracao/test_documentos_celery.py."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone

from documentos import pdf, services
from documentos.batimento import Batimento
from documentos.models import Exportacao
from documentos.services import exportacao as servico_exportacao  # `exportacao` is the fixture
from documentos.services import extracao, pdfs
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401


@pytest.fixture(autouse=True)
def _limites(settings):
    settings.SEI_EXPORTACAO_BATIMENTO_SEGUNDOS = 10
    settings.SEI_EXPORTACAO_RETOMADA_SEGUNDOS = 60


@pytest.fixture
def publicadas(monkeypatch):
    """The tasks the sweep enqueues, instead of running them."""
    lista = []
    for modulo in (servico_exportacao, extracao):
        monkeypatch.setattr(modulo, "publicar", lambda tarefa, *args: lista.append((tarefa, args)) or True)
    return lista


@pytest.fixture
def exportacao(atores, processo, criar_documento):
    criar_documento(atores["A"], processo, conteudo="<p>Parecer da comissão</p>")
    return services.exportacao_solicitar(ator=atores["A"], processo=processo, formato="pdf")


def _executando(exportacao, *, tentativas: int, batimento_ha: float, progresso_ha: float = 600) -> None:
    """As a worker left it: running its ``tentativas``-th attempt, last heartbeat and last
    progress that many seconds ago."""
    agora = timezone.now()
    Exportacao.objects.filter(pk=exportacao.pk).update(
        estado="executando",
        tentativas=tentativas,
        progresso=30,
        batimento_em=agora - timedelta(seconds=batimento_ha),
        atualizada_em=agora - timedelta(seconds=progresso_ha),
    )


def _arquivos_exportados() -> list[str]:
    return default_storage.listdir("exportacoes")[1] if default_storage.exists("exportacoes") else []


def test_batimento_recente_nao_e_retomado_mesmo_sem_progresso_ha_muito_tempo(exportacao, publicadas):
    # One long step (a huge document, the merge): progress still for 10 min, heartbeat 30 s ago.
    _executando(exportacao, tentativas=1, batimento_ha=30, progresso_ha=600)
    assert services.retomar_exportacoes() == 0
    assert services.retomar_pendentes() == 0
    exportacao.refresh_from_db()
    assert (exportacao.estado, exportacao.tentativas, exportacao.progresso) == ("executando", 1, 30)
    assert publicadas == []


def test_sem_batimento_e_retomada_e_reenfileirada(exportacao, publicadas):
    _executando(exportacao, tentativas=1, batimento_ha=61)
    assert services.retomar_exportacoes() == 1
    exportacao.refresh_from_db()
    assert (exportacao.estado, exportacao.tentativas, exportacao.progresso) == ("pendente", 1, 0)
    assert publicadas == [("documentos.tasks.exportar_processo", (exportacao.pk,))]
    assert services.retomar_exportacoes() == 0  # taken over once, not at every sweep

    # The re-enqueued message: a second attempt that delivers the whole file.
    assert services.executar_exportacao(exportacao.pk) == "concluida"
    exportacao.refresh_from_db()
    assert (exportacao.estado, exportacao.tentativas, exportacao.progresso) == ("concluida", 2, 100)
    assert _arquivos_exportados() == [exportacao.arquivo_nome.removeprefix("exportacoes/")]


def test_linha_sem_batimento_de_antes_da_migracao_usa_o_ultimo_progresso(exportacao, publicadas):
    _executando(exportacao, tentativas=1, batimento_ha=0, progresso_ha=61)
    Exportacao.objects.filter(pk=exportacao.pk).update(batimento_em=None)
    assert services.retomar_exportacoes() == 1
    assert Exportacao.objects.get(pk=exportacao.pk).estado == "pendente"


def test_terceira_tentativa_interrompida_termina_em_erro(exportacao, publicadas):
    _executando(exportacao, tentativas=3, batimento_ha=61)
    assert services.retomar_exportacoes() == 0
    exportacao.refresh_from_db()
    assert exportacao.estado == "erro" and exportacao.tentativas == 3
    assert exportacao.detalhe == (
        "A geração foi interrompida 3 vezes sem concluir. Tente de novo com menos documentos ou procure o suporte."
    )
    assert publicadas == [] and not exportacao.arquivo_nome
    assert services.executar_exportacao(exportacao.pk) == "ignorada"  # a late message: still erro
    assert Exportacao.objects.get(pk=exportacao.pk).estado == "erro"


def test_mensagem_reentregue_nao_refaz_exportacao_concluida_nem_a_que_roda_em_outro_worker(
    exportacao, publicadas
):
    assert services.executar_exportacao(exportacao.pk) == "concluida"
    exportacao.refresh_from_db()
    feita = (exportacao.estado, exportacao.tentativas, exportacao.arquivo_nome, exportacao.atualizada_em)

    # Redis restores the unacked message after the visibility timeout; or the sweep runs late.
    assert services.executar_exportacao(exportacao.pk) == "ignorada"
    assert services.retomar_pendentes() == 0
    exportacao.refresh_from_db()
    assert (
        exportacao.estado,
        exportacao.tentativas,
        exportacao.arquivo_nome,
        exportacao.atualizada_em,
    ) == feita
    assert len(_arquivos_exportados()) == 1 and publicadas == []

    # Running elsewhere (heartbeat fresh): the copy of the message does not start a second run.
    _executando(exportacao, tentativas=2, batimento_ha=5)
    assert services.executar_exportacao(exportacao.pk) == "ignorada"
    assert Exportacao.objects.get(pk=exportacao.pk).tentativas == 2


def _tomada_por_outro_worker(exportacao):
    """What the sweep and a second worker do while the first one was only slow."""
    Exportacao.objects.filter(pk=exportacao.pk).update(estado="executando", tentativas=2, progresso=0)


def test_worker_dado_como_morto_para_no_meio_sem_sobrescrever_o_sucessor(exportacao, monkeypatch):
    original = pdfs.ler_pdf

    def ler_e_perder(documento, registro):
        _tomada_por_outro_worker(exportacao)
        return original(documento, registro)

    monkeypatch.setattr(pdfs, "ler_pdf", ler_e_perder)
    assert services.executar_exportacao(exportacao.pk) == "ignorada"
    exportacao.refresh_from_db()
    assert (exportacao.estado, exportacao.tentativas, exportacao.progresso) == ("executando", 2, 0)
    assert _arquivos_exportados() == []


def test_worker_dado_como_morto_que_termina_apaga_o_proprio_arquivo(exportacao, monkeypatch):
    original = pdf.mesclar

    def mesclar_e_perder(*args, **kwargs):
        original(*args, **kwargs)
        _tomada_por_outro_worker(exportacao)

    monkeypatch.setattr(pdf, "mesclar", mesclar_e_perder)
    assert services.executar_exportacao(exportacao.pk) == "ignorada"
    exportacao.refresh_from_db()
    assert (exportacao.estado, exportacao.arquivo_nome) == ("executando", "")
    assert _arquivos_exportados() == []  # its file was stored, then dropped: no orphan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("requer_postgresql")
def test_batimento_continua_numa_etapa_longa_e_para_com_a_execucao(exportacao, settings, monkeypatch):
    settings.SEI_EXPORTACAO_BATIMENTO_SEGUNDOS = 0.2
    settings.SEI_EXPORTACAO_RETOMADA_SEGUNDOS = 1
    original = pdf.mesclar
    visto = {}

    def mesclar_devagar(*args, **kwargs):
        # A long step without progress, as merging a huge PDF: the heartbeat keeps it alive.
        inicio = Exportacao.objects.get(pk=exportacao.pk)
        time.sleep(2)
        depois = Exportacao.objects.get(pk=exportacao.pk)
        visto.update(inicio=inicio, depois=depois, retomadas=services.retomar_exportacoes())
        original(*args, **kwargs)

    monkeypatch.setattr(pdf, "mesclar", mesclar_devagar)
    # Requested again (its first run went eagerly, on commit).
    Exportacao.objects.filter(pk=exportacao.pk).update(estado="pendente", tentativas=0, arquivo_nome="")
    assert services.executar_exportacao(exportacao.pk) == "concluida"

    assert visto["depois"].progresso == visto["inicio"].progresso  # no progress during the step
    assert visto["depois"].batimento_em - visto["inicio"].batimento_em >= timedelta(seconds=1.5)
    assert visto["retomadas"] == 0  # 2 s without progress, but alive: not taken over
    assert not [t for t in threading.enumerate() if t.name == "batimento"]  # stopped with the run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("requer_postgresql")
def test_dois_varredores_ao_mesmo_tempo_retomam_uma_vez(exportacao, publicadas):
    _executando(exportacao, tentativas=1, batimento_ha=61)
    resultados = em_paralelo([services.retomar_exportacoes] * 4)
    assert sorted(resultados) == [0, 0, 0, 1]
    assert publicadas == [("documentos.tasks.exportar_processo", (exportacao.pk,))]
    assert Exportacao.objects.get(pk=exportacao.pk).estado == "pendente"


class _LinhasDeMentira:
    """Stands for the heartbeat's queryset: ``respostas`` are what each ``update`` returns (an
    exception is raised)."""

    def __init__(self, *respostas):
        self.respostas = list(respostas)
        self.chamadas = 0

    def update(self, **campos):
        self.chamadas += 1
        resposta = self.respostas.pop(0) if self.respostas else 1
        if isinstance(resposta, Exception):
            raise resposta
        return resposta


def _ate(condicao, limite=10.0):
    fim = time.monotonic() + limite
    while not condicao():
        assert time.monotonic() < fim, "condição não atingida"
        time.sleep(0.01)


def test_batimento_sobrevive_a_erro_do_banco_e_para_quando_a_linha_deixa_de_ser_sua():
    linhas = _LinhasDeMentira(OperationalError("conexão perdida"), 1, 0)
    with Batimento(linhas, campo="batimento_em", intervalo=0.02, duracao_maxima=60) as batimento:
        _ate(lambda: not batimento._thread.is_alive())  # the third beat found the row no longer its own
        assert linhas.chamadas == 3  # the failed beat did not stop the next ones


def test_batimento_para_depois_do_tempo_limite_da_tarefa():
    linhas = _LinhasDeMentira()
    with Batimento(linhas, campo="batimento_em", intervalo=0.02, duracao_maxima=0.2) as batimento:
        _ate(lambda: not batimento._thread.is_alive())  # a hung run stops looking alive
        assert 1 <= linhas.chamadas <= 10
