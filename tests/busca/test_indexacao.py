"""What the services mark, what the indexer does with it, and what a search shows meanwhile."""

import pytest

from busca import selectors
from busca.backends.whoosh import WhooshBackend
from busca.indexador import indexar_pendentes, varrer
from documentos import services as documentos_services
from documentos.models import Documento
from processos import services
from processos.models import NivelAcesso
from sei import indexacao
from sei.models import PendenciaIndice
from tests.factories import hipotese


@pytest.fixture
def backend(tmp_path):
    b = WhooshBackend(pasta=tmp_path)
    b.limpar()
    return b


def _acha(ator, backend, texto="orçamento") -> set:
    return {i.numero_sei or i.nup for i in selectors.pesquisar(ator=ator, texto=texto, backend=backend).itens}


def _pendencias() -> list[str]:
    return list(PendenciaIndice.objects.order_by("id").values_list("chave", flat=True))


def test_salvar_enviar_e_alterar_marcam_o_que_a_busca_reindexa(atores, processo, criar_documento, backend):
    a = atores["A"]
    indexar_pendentes(backend=backend)
    doc = criar_documento(a, processo, conteudo="<p>Orçamentos de 2026</p>")
    assert f"n:{doc.numero_sei}" in _pendencias()
    indexar_pendentes(backend=backend)
    assert _pendencias() == []
    assert _acha(a, backend) == {doc.numero_sei}
    assert _acha(atores["B"], backend) == set()  # a minuta: its unit only

    documentos_services.documento_editar(
        ator=a, documento=doc, conteudo="<p>Planilha de custos</p>", versao_base=1
    )
    assert f"d:{doc.pk}" in _pendencias()
    indexar_pendentes(backend=backend)
    assert _acha(a, backend) == set()
    assert _acha(a, backend, "planilhas") == {doc.numero_sei}  # the plural finds the singular

    services.processo_alterar(
        ator=a, processo=processo, nivel_acesso=NivelAcesso.RESTRITO, hipotese_legal=hipotese()
    )
    assert f"P:{processo.pk}" in _pendencias()  # who may read it changed: every document again


def test_revogacao_vale_na_proxima_pesquisa_mesmo_antes_do_indexador(
    atores, processo, criar_documento, backend
):
    a, b = atores["A"], atores["B"]
    doc = criar_documento(a, processo, conteudo="<p>Orçamento restrito em breve</p>")
    Documento.objects.filter(pk=doc.pk).update(estado=Documento.Estado.ASSINADO)  # read by the órgão
    indexacao.marcar_documento(doc.pk)
    indexar_pendentes(backend=backend)
    assert _acha(b, backend) == {doc.numero_sei}
    services.processo_alterar(
        ator=a, processo=processo, nivel_acesso=NivelAcesso.RESTRITO, hipotese_legal=hipotese()
    )
    # Not yet reindexed: the process waits for the indexer, and is hidden meanwhile.
    assert _acha(b, backend) == set()
    indexar_pendentes(backend=backend)
    assert _acha(b, backend) == set()  # B never had it: restrito now
    assert _acha(a, backend) == {doc.numero_sei}


class _Falha(Exception):
    pass


def test_lote_que_falha_nao_perde_nada(atores, processo, criar_documento, backend):
    a = atores["A"]
    docs = [criar_documento(a, processo, conteudo=f"<p>Orçamento {n}</p>") for n in range(5)]
    antes = _pendencias()

    class Quebrado(WhooshBackend):
        def indexar(self, entradas, remover):
            raise _Falha("disco cheio")

    with pytest.raises(_Falha):
        indexar_pendentes(backend=Quebrado(pasta=backend.pasta), lote=2)
    assert _pendencias() == antes  # nothing was written, nothing is lost
    assert indexar_pendentes(backend=backend, lote=2) > 0
    assert _pendencias() == []
    assert _acha(a, backend) == {d.numero_sei for d in docs}


def test_indice_novo_e_reconstruido_com_tudo(atores, processo, criar_documento, tmp_path):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Orçamento anual</p>")
    PendenciaIndice.objects.all().delete()  # as if the index folder were lost after indexing
    novo = WhooshBackend(pasta=tmp_path / "novo")
    assert novo.precisa_reconstruir()
    indexar_pendentes(backend=novo)
    assert _acha(atores["A"], novo) == {doc.numero_sei}


def test_varredura_acorda_o_indexador_quando_algo_espera(
    atores, processo, criar_documento, backend, settings
):
    criar_documento(atores["A"], processo, conteudo="<p>Orçamento</p>")
    assert varrer() is False  # just marked: the message that woke the indexer is still on its way
    PendenciaIndice.objects.update(marcada_em="2020-01-01T00:00:00Z")
    settings.SEI_BUSCA_WHOOSH_DIR = str(backend.pasta)
    settings.SEI_BUSCA_BACKEND = "whoosh"
    assert varrer() is True  # and, tasks running in process here, the indexer ran
    assert _pendencias() == []


def test_admin_mostra_a_fila_e_o_estado_do_indice(admin_client, atores, processo, criar_documento):
    criar_documento(atores["A"], processo, conteudo="<p>Orçamento</p>")
    resposta = admin_client.get("/admin/sei/pendenciaindice/")
    assert resposta.status_code == 200
    texto = resposta.content.decode()
    assert "índice postgres" in texto and "entradas 0" in texto
    assert f"p:{processo.pk}" in texto
    assert admin_client.get("/admin/sei/pendenciaindice/add/").status_code == 403
