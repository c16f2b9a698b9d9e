"""Pesquisa pública in a real Chromium, without login: search a público process by its NUP,
open it from the result, see its data with the CPF masked; axe finds no violation on either page,
at desktop and phone size."""

import pytest

from processos import services
from tests.e2e.test_acessibilidade import TAMANHOS, _violacoes
from tests.factories import tipo_processo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_pesquisa_publica_pelo_nup_sem_login(
    _historico_descartavel, atores, criar_processo, live_server, navegador
):
    tipo = tipo_processo(nome="Licitação aberta")
    services.tipo_processo_definir_pesquisa_publica(tipo=tipo, pesquisa_publica=True)
    processo = criar_processo(
        atores["A"],
        tipo=tipo,
        especificacao="Pregão de papel",
        interessados=[{"nome": "Maria Pública", "cpf_cnpj": "52998224725"}],
    )
    problemas = []
    for tamanho, janela in TAMANHOS.items():
        contexto = navegador.new_context(viewport=janela, locale="pt-BR")
        pagina = contexto.new_page()
        pagina.goto(f"{live_server.url}/publico/pesquisa/")
        problemas += [f"pesquisa ({tamanho}) {v}" for v in _violacoes(pagina)]
        pagina.get_by_label("Número do processo (NUP)").fill(processo.nup_formatado)
        pagina.get_by_role("button", name="Pesquisar").click()
        pagina.get_by_role("link", name=processo.nup).click()
        pagina.wait_for_url(f"**/publico/processos/{processo.nup}/")
        texto = pagina.content()
        assert "Maria Pública (***.982.247-**)" in texto and "52998224725" not in texto
        assert "Pregão de papel" in texto
        problemas += [f"processo ({tamanho}) {v}" for v in _violacoes(pagina)]
        contexto.close()
    assert problemas == []
