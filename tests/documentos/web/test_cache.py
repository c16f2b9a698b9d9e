"""What decides ``Cache-Control: no-store`` is the access policy: a público document inside a
restrito process is restricted content too, on every path that serves it."""

import pytest

from processos.models import NivelAcesso


@pytest.fixture
def publico_em_processo_restrito(atores, criar_processo, incluir_externo, criar_documento):
    a = atores["A"]
    processo = criar_processo(a, NivelAcesso.RESTRITO)
    externo = incluir_externo(a, processo)  # the document itself is público
    interno = criar_documento(a, processo, conteudo="<p>Texto</p>")
    return externo, interno


def test_conteudo_arquivo_e_pdf_nunca_ficam_em_cache(atores, entrar, publico_em_processo_restrito):
    externo, interno = publico_em_processo_restrito
    cliente = entrar(atores["A"])
    for url in (
        f"/documentos/{externo.numero_sei}/arquivo",
        f"/documentos/{externo.numero_sei}/pdf",
        f"/documentos/{interno.numero_sei}/conteudo",
        f"/documentos/{interno.numero_sei}/pdf",
    ):
        resposta = cliente.get(url)
        assert resposta.status_code == 200, url
        assert "no-store" in resposta["Cache-Control"], url

