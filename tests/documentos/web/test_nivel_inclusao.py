"""Incluir documento: the level starts at the process's, and the hipóteses offered follow the
level chosen (documentos.js), the server refusing one of another level."""

import re

from django.urls import reverse

from documentos.models import Documento
from processos.models import NivelAcesso
from tests.documentos.web.conftest import tipo_documento
from tests.factories import hipotese


def _marcado(html, valor):
    return re.search(rf'<input type="radio" name="nivel_acesso" value="{valor}"[^>]*checked', html)


def test_documento_novo_comeca_no_nivel_do_processo(entrar, atores, criar_processo):
    a = atores["A"]
    restrito = criar_processo(a, nivel=NivelAcesso.RESTRITO)
    cliente = entrar(a)
    for rota in ("documentos:incluir", "documentos:incluir_externo"):
        html = cliente.get(reverse(rota, args=[restrito.nup])).content.decode()
        assert _marcado(html, "restrito") and not _marcado(html, "publico")
        assert re.search(rf'<option value="{restrito.hipotese_legal_id}"[^>]*selected', html)
    publico = criar_processo(a)
    html = cliente.get(reverse("documentos:incluir", args=[publico.nup])).content.decode()
    assert _marcado(html, "publico")


def test_hipoteses_marcadas_com_o_nivel_para_o_filtro(entrar, atores, processo):
    html = entrar(atores["A"]).get(reverse("documentos:incluir", args=[processo.nup])).content.decode()
    r, s = hipotese(NivelAcesso.RESTRITO), hipotese(NivelAcesso.SIGILOSO)
    assert re.search(rf'<option value="{r.pk}" data-nivel="restrito"', html)
    assert re.search(rf'<option value="{s.pk}" data-nivel="sigiloso"', html)
    assert "data-hipoteses" in html and "js/documentos.js" in html


def test_hipotese_de_outro_nivel_e_erro_no_campo(entrar, atores, processo):
    dados = {"tipo": tipo_documento("Despacho").pk, "texto_inicial": "modelo", "nivel_acesso": "restrito",
             "hipotese_legal": hipotese(NivelAcesso.SIGILOSO).pk}  # fmt: skip
    resposta = entrar(atores["A"]).post(reverse("documentos:incluir", args=[processo.nup]), dados)
    assert resposta.status_code == 400
    html = resposta.content.decode()
    assert "A hipótese legal escolhida não vale para documento restrito" in html
    assert not Documento.objects.exists()
