"""The contract every search backend passes unchanged (Whoosh, PostgreSQL, tantivy)."""

from datetime import UTC, datetime

import pytest

from busca.backends.base import BuscaDemorada, Filtro
from busca.backends.whoosh import WhooshBackend

from .contrato import buscar, chaves, entrada


def test_encontra_pelas_palavras_e_so_o_que_as_tem(backend):
    backend.indexar(
        [
            entrada(1, "Edital de licitação para compra de papel"),
            entrada(2, "Despacho sobre férias do servidor"),
        ],
        [],
    )
    assert chaves(buscar(backend, "licitação")) == {"d:1"}
    assert chaves(buscar(backend, "férias servidor")) == {"d:2"}
    assert chaves(buscar(backend, "inexistente")) == set()


def test_acentos_e_maiusculas_nao_importam(backend):
    backend.indexar([entrada(1, "Licitação nº 5/2026")], [])
    for texto in ("licitacao", "LICITAÇÃO", "Licitação"):
        assert chaves(buscar(backend, texto)) == {"d:1"}, texto


def test_acertos_trazem_o_que_a_pagina_mostra(backend):
    backend.indexar([entrada(3, "Parecer jurídico favorável", titulo="Parecer 3/2026")], [])
    (acerto,) = buscar(backend, "parecer").acertos
    assert (acerto.tipo, acerto.natureza, acerto.nup, acerto.numero_sei) == (
        "documento", "interno", "12345.000003/2026-00", 5003,
    )  # fmt: skip
    assert acerto.titulo == "Parecer 3/2026"
    assert "Parecer jurídico" in acerto.texto
    assert acerto.data == datetime(2026, 1, 4, 12, tzinfo=UTC)


def test_o_filtro_de_acesso_esta_dentro_da_consulta(backend):
    backend.indexar(
        [
            entrada(1, "canario restrito", leitores=("u:20",)),
            entrada(2, "canario publico", leitores=("o:1",)),
            entrada(3, "canario da minha unidade", leitores=("u:10",)),
        ],
        [],
    )
    pagina = buscar(backend, "canario")
    assert chaves(pagina) == {"d:2", "d:3"}
    assert pagina.total == 2  # the count never includes what the caller may not read
    assert chaves(buscar(backend, "canario", leitores=("u:20",))) == {"d:1"}
    assert buscar(backend, "canario", leitores=("o:2",)).total == 0


def test_itens_em_reconstrucao_ficam_ocultos(backend):
    backend.indexar(
        [entrada(1, "aviso", processo_id=7), entrada(2, "aviso", processo_id=8), entrada(3, "aviso")], []
    )
    assert chaves(buscar(backend, "aviso", excluir_processos=(7,), excluir_documentos=(3,))) == {"d:2"}
    assert buscar(backend, "aviso", excluir_processos=(7, 8), excluir_documentos=(3,)).total == 0


def test_a_contagem_so_inclui_o_que_o_usuario_le(backend):
    # Enough entries, with different weights, for an engine to skip blocks while ranking (Whoosh
    # counted every match then, readable or not).
    backend.indexar(
        [
            entrada(
                n,
                " ".join(["canario"] * (1 + n % 7)) + f" texto {n}",
                leitores=("u:20",) if n % 10 else ("o:1",),
            )
            for n in range(1, 301)
        ],
        [],
    )
    pagina = buscar(backend, "canario", quantidade=5)
    assert pagina.total == 30 and pagina.exato
    assert len(pagina.acertos) == 5


def test_filtro_sem_leitores_e_recusado():
    with pytest.raises(ValueError):
        Filtro(leitores=())


def test_frase_entre_aspas(backend):
    backend.indexar([entrada(1, "prestação de contas anual"), entrada(2, "contas da prestação")], [])
    assert chaves(buscar(backend, '"prestação de contas"')) == {"d:1"}
    assert chaves(buscar(backend, "prestação contas")) == {"d:1", "d:2"}


def test_prefixo(backend):
    backend.indexar([entrada(1, "licitação"), entrada(2, "licença médica"), entrada(3, "contrato")], [])
    assert chaves(buscar(backend, "lic*")) == {"d:1", "d:2"}
    assert chaves(buscar(backend, "licit*")) == {"d:1"}


def test_operadores_e_ou_nao(backend):
    backend.indexar(
        [
            entrada(1, "contrato de limpeza"),
            entrada(2, "contrato de vigilância"),
            entrada(3, "edital de limpeza"),
        ],
        [],
    )
    assert chaves(buscar(backend, "contrato E limpeza")) == {"d:1"}
    assert chaves(buscar(backend, "vigilância OU edital")) == {"d:2", "d:3"}
    assert chaves(buscar(backend, "contrato NÃO limpeza")) == {"d:2"}
    assert chaves(buscar(backend, "contrato nao limpeza")) == {"d:2"}
    assert chaves(buscar(backend, "contrato -limpeza")) == {"d:2"}
    assert chaves(buscar(backend, "(vigilância OU limpeza) -edital")) == {"d:1", "d:2"}


def test_filtros(backend):
    backend.indexar(
        [
            entrada(1, "memorando", natureza="externo", tipo_documento_id=8, unidade_geradora_id=11),
            entrada(2, "memorando", tipo_processo_id=2, unidades=(10, 12), processo_id=77),
            entrada(3, "memorando", data=datetime(2025, 6, 1, tzinfo=UTC), interessados="João Pereira"),
            entrada(
                4,
                "memorando",
                chave="p:4",
                tipo="processo",
                natureza="processo",
                documento_id=None,
                numero_sei=None,
            ),
        ],
        [],
    )
    assert chaves(buscar(backend, "memorando", tipo="processo")) == {"p:4"}
    assert chaves(buscar(backend, "memorando", natureza="externo")) == {"d:1"}
    assert chaves(buscar(backend, "memorando", tipo_documento_id=8)) == {"d:1"}
    assert chaves(buscar(backend, "memorando", unidade_geradora_id=11)) == {"d:1"}
    assert chaves(buscar(backend, "memorando", tipo_processo_id=2)) == {"d:2"}
    assert chaves(buscar(backend, "memorando", unidade_tramitacao=12)) == {"d:2"}
    assert chaves(buscar(backend, "memorando", processo_id=77)) == {"d:2"}
    assert chaves(buscar(backend, "memorando", ate=datetime(2026, 1, 1, tzinfo=UTC))) == {"d:3"}
    assert "d:3" not in chaves(buscar(backend, "memorando", de=datetime(2026, 1, 1, tzinfo=UTC)))
    assert chaves(buscar(backend, "memorando", interessado="joão")) == {"d:3"}


def test_reindexar_substitui_e_remover_apaga(backend):
    backend.indexar([entrada(1, "versão antiga"), entrada(2, "outro documento")], [])
    backend.indexar([entrada(1, "versão nova")], ["d:2"])
    assert chaves(buscar(backend, "antiga")) == set()
    assert chaves(buscar(backend, "nova")) == {"d:1"}
    assert chaves(buscar(backend, "documento")) == set()
    assert dict(backend.impressoes()) == {"d:1": entrada(1, "versão nova").impressao}


def test_depois_de_limpar_a_pesquisa_seguinte_nao_ve_o_que_havia(backend):
    """An emptied and refilled index (``reindexar --do-zero``) is what the next search reads (the
    Whoosh searcher kept across commits: the test below)."""
    backend.indexar([entrada(n, "parecer jurídico") for n in range(1, 4)], [])
    assert chaves(buscar(backend, "parecer")) == {"d:1", "d:2", "d:3"}
    backend.limpar()
    assert chaves(buscar(backend, "parecer")) == set()
    for n in range(4, 7):  # as many commits as before: the same count of generations
        backend.indexar([entrada(n, "parecer técnico")], [])
    assert chaves(buscar(backend, "parecer")) == {"d:4", "d:5", "d:6"}


def test_ordem_por_data_e_paginas(backend):
    backend.indexar([entrada(n, "relatório mensal") for n in range(1, 26)], [])
    por_data = buscar(backend, "relatório", ordem="data", quantidade=25).acertos
    datas = [a.data for a in por_data]
    assert datas == sorted(datas, reverse=True)
    primeira = buscar(backend, "relatório", quantidade=10)
    segunda = buscar(backend, "relatório", quantidade=10, inicio=10)
    terceira = buscar(backend, "relatório", quantidade=10, inicio=20)
    assert primeira.total == 25 and primeira.exato
    vistos = [a.chave for p in (primeira, segunda, terceira) for a in p.acertos]
    assert len(vistos) == len(set(vistos)) == 25


def test_texto_longo_e_um_acerto_so(backend):
    longo = " ".join(["processo administrativo"] * 6000) + " palavrafinal"
    backend.indexar([entrada(1, "palavrainicial " + longo)], [])
    for palavra in ("palavrainicial", "palavrafinal", "administrativo"):
        pagina = buscar(backend, palavra)
        assert chaves(pagina) == {"d:1"} and pagina.total == 1, palavra


def test_estado(backend):
    backend.indexar([entrada(1, "um"), entrada(2, "dois")], [])
    assert backend.estado()["entradas"] == 2


def test_consulta_lenta_e_cortada_com_mensagem(backend):
    backend.indexar([entrada(n, "relatório de gestão " * 50) for n in range(1500)], [])
    backend.tempo_limite_ms = 0.01  # a query of milliseconds stands in for one of seconds (PostgreSQL: 1 ms)
    with pytest.raises(BuscaDemorada) as erro:
        buscar(backend, "relatório OU gestão OU ges*", ordem="data")
    assert "demorou demais" in erro.value.mensagem and erro.value.status == 503


def test_whoosh_esvaziado_e_reenchido_nao_passa_pelo_indice_antigo(tmp_path):
    """Whoosh keeps a searcher open until the index has a newer generation: an emptied index
    that counted its generations from zero again would, after as many commits, be taken for the
    one that searcher read — and a process would answer from the old index (old access rules)."""
    backend = WhooshBackend(pasta=tmp_path)
    backend.limpar()
    backend.indexar([entrada(1, "parecer jurídico")], [])
    backend.indexar([entrada(2, "parecer jurídico")], [])
    assert chaves(buscar(backend, "parecer")) == {"d:1", "d:2"}  # the searcher is kept
    lida = backend._indice().latest_generation()
    backend.limpar()
    while backend._indice().latest_generation() < lida:
        backend.indexar([entrada(9, "outro assunto")], [])
    assert chaves(buscar(backend, "parecer")) == set()
