"""The process screen as SEI users know it: the tree (folders of 20, annexed processes opened in
place), the toolbars of what may be done now (one place decides them), the confirmation dialogs,
and Iniciar Processo Relacionado."""

import re

from django.urls import reverse

from documentos import services as documentos_services
from processos import services
from processos.models import NivelAcesso, Processo, Relacionamento
from sei.contexto import liberar_sigiloso
from tests.factories import bloquear, tipo_processo


def _html(cliente, url):
    resposta = cliente.get(url)
    assert resposta.status_code == 200, resposta.status_code
    return resposta.content.decode()


def _processo(cliente, processo):
    return _html(cliente, reverse("processos:detalhe", args=[processo.nup]))


def _documento(cliente, documento):
    return _html(cliente, reverse("documentos:detalhe", args=[documento.numero_sei_formatado]))


def _barra(html: str) -> list[str]:
    """The toolbar's buttons, by what a screen reader says, in order."""
    if 'role="toolbar"' not in html:
        return []
    barra = html.split('role="toolbar"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'data-rotulo="([^"]+)"', barra)


def _dialogos(html: str) -> set[str]:
    return set(re.findall(r'<dialog id="dlg-([a-z-]+)"', html))


# --- Process toolbar ------------------------------------------------------------------------


def test_barra_de_quem_tem_o_processo_aberto(entrar, atores, processo):
    html = _processo(entrar(atores["A"]), processo)
    assert _barra(html) == [
        "Incluir documento",
        "Incluir documento externo",
        "Iniciar processo relacionado",
        "Consultar/alterar processo",
        "Enviar processo",
        "Atualizar andamento",
        "Atribuir processo",
        "Sobrestar processo",
        "Anexar processo",
        "Relacionar processo",
        "Gerar PDF do processo",
        "Gerar ZIP do processo",
        "Acesso externo",
        "Intimação eletrônica",
        "Pesquisar neste processo",
        "Concluir processo nesta unidade",
    ]
    # Each button that opens a dialog has it on the page, and no dialog is left without a button.
    assert _dialogos(html) == {
        "enviar", "andamento", "atribuir", "sobrestar", "anexar", "relacionar", "pesquisar", "concluir",
    }  # fmt: skip
    assert 'href="#dlg-concluir"' in html and 'aria-haspopup="dialog"' in html
    concluir = html.split('<dialog id="dlg-concluir"', 1)[1].split("</dialog>", 1)[0]
    assert "sai do Controle de Processos de A" in concluir and "pode ser reaberto" in concluir


def test_barra_de_quem_ja_concluiu_oferece_reabrir(entrar, atores, unidades, processo):
    services.processo_enviar(ator=atores["A"], processo=processo, destinos=[unidades["B"]])
    html = _processo(entrar(atores["A"]), processo)
    barra = _barra(html)
    assert "Reabrir processo nesta unidade" in barra
    assert "Enviar processo" not in barra and "Concluir processo nesta unidade" not in barra
    assert "Incluir documento" not in barra and "Gerar PDF do processo" in barra
    assert "reabrir" in _dialogos(html) and "enviar" not in _dialogos(html)


def test_restrito_visto_de_fora_nao_tem_barra_mas_tem_as_entradas(
    entrar, atores, criar_processo, criar_documento
):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    despacho = criar_documento(atores["A"], p, tipo="Despacho", nivel=NivelAcesso.RESTRITO)
    html = _processo(entrar(atores["C"]), p)
    assert _barra(html) == [] and _dialogos(html) == set()
    assert despacho.rotulo in html and "Nenhum documento" not in html


def test_sobrestado_e_sigiloso(entrar, atores, criar_processo):
    a = atores["A"]
    p = criar_processo(a)
    services.processo_sobrestar(ator=a, processo=p, motivo="Aguardando parecer")
    barra = _barra(_processo(entrar(a), p))
    assert (
        "Remover sobrestamento" in barra
        and "Sobrestar processo" not in barra
        and "Enviar processo" not in barra
    )

    sigiloso = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    cliente = entrar(a)
    sessao = cliente.session
    liberar_sigiloso(sessao, sigiloso.nup)  # the password typed again (its own tests elsewhere)
    sessao.save()
    barra = _barra(_processo(cliente, sigiloso))
    assert "Gerenciar credenciais de acesso" in barra
    assert "Enviar processo" not in barra and "Pesquisar neste processo" not in barra  # never indexed


# --- Document toolbar ---------------------------------------------------------------------


def test_barra_do_documento(entrar, atores, unidades, processo, criar_documento):
    a, b = atores["A"], atores["B"]
    minuta = criar_documento(a, processo)
    html = _documento(entrar(a), minuta)
    barra = _barra(html)
    assert barra[0] == "Editar conteúdo"
    assert "Versões do documento" in barra and "Imprimir / gerar PDF do documento" in barra
    assert "Excluir documento" in barra  # a minuta never seen elsewhere may be excluded
    assert "excluir" in _dialogos(html)
    excluir = html.split('<dialog id="dlg-excluir"', 1)[1].split("</dialog>", 1)[0]
    assert "não pode ser desfeita" in excluir

    services.processo_enviar(ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True)
    bloquear(minuta)
    leitor = _barra(_documento(entrar(b), minuta))
    assert "Editar conteúdo" not in leitor and "Excluir documento" not in leitor


def test_documento_cancelado_nao_oferece_cancelar_de_novo(entrar, atores, processo, criar_documento):
    a = atores["A"]
    doc = criar_documento(a, processo)
    bloquear(doc)
    html = _documento(entrar(a), doc)
    assert "Cancelar documento" in _barra(html) and "cancelar" in _dialogos(html)
    documentos_services.documento_cancelar(ator=a, documento=doc, motivo="Em duplicidade")
    html = _documento(entrar(a), doc)
    assert "Cancelar documento" not in _barra(html) and "cancelar" not in _dialogos(html)


# --- Tree --------------------------------------------------------------------------------------


def test_arvore_em_pastas_de_20(entrar, atores, processo, criar_documento):
    a = atores["A"]
    docs = [criar_documento(a, processo, tipo="Despacho") for _ in range(25)]
    cliente = entrar(a)
    html = _processo(cliente, processo)
    assert 'role="tree"' in html and html.count('role="group"') >= 3
    pastas = re.findall(
        r'aria-expanded="(true|false)" tabindex="-1"><svg[^>]*><use[^>]*></use></svg>Documentos (\d+) a (\d+)',
        html,
    )
    assert pastas == [("false", "1", "20"), ("true", "21", "25")]  # the last folder open
    # Opening a document of the first folder opens that folder instead.
    html = _documento(cliente, docs[3])
    pastas = re.findall(
        r'aria-expanded="(true|false)" tabindex="-1"><svg[^>]*><use[^>]*></use></svg>Documentos (\d+) a (\d+)',
        html,
    )
    assert pastas == [("true", "1", "20"), ("false", "21", "25")]
    assert (
        f'href="/documentos/{docs[3].numero_sei_formatado}/" aria-current="page" aria-selected="true"' in html
    )


def test_anexado_aparece_na_arvore_do_principal(entrar, atores, criar_processo, criar_documento):
    a = atores["A"]
    principal, anexado = criar_processo(a), criar_processo(a)
    doc_anexado = criar_documento(a, anexado, tipo="Despacho")
    services.processo_anexar(ator=a, processo=principal, anexado=anexado)
    cliente = entrar(a)
    html = _processo(cliente, principal)
    no = html.split("no-anexado", 1)[1].split("</li>\n", 1)[0]
    assert anexado.nup_formatado in no and 'aria-expanded="false"' in html.split("no-anexado", 1)[1][:40]
    assert doc_anexado.rotulo in html.split("no-anexado", 1)[1]
    # The annexed process's document opens inside the main process's tree, its node open.
    html = _documento(cliente, doc_anexado)
    assert f'aria-label="Árvore do processo {principal.nup_formatado}"' in html
    assert 'class="no no-anexado" aria-expanded="true"' in html


def test_nup_nao_quebra_e_historico_com_segundos(entrar, atores, processo):
    html = _processo(entrar(atores["A"]), processo)
    assert f'<span class="nup">{processo.nup_formatado}</span>' in html
    assert re.search(r'<td class="nowrap">\d\d/\d\d/\d{4} \d\d:\d\d:\d\d</td>', html)


# --- Iniciar Processo Relacionado ----------------------------------------------------------------


def test_iniciar_processo_relacionado(entrar, atores, processo):
    cliente = entrar(atores["A"])
    url = reverse("processos:iniciar") + f"?relacionado={processo.nup}"
    html = _html(cliente, url)
    assert "Iniciar Processo Relacionado" in html and processo.nup_formatado in html
    tipo = tipo_processo()
    dados = {"tipo": tipo.pk, "especificacao": "Continuação", "interessados": "", "observacao": "",
             "nivel_acesso": "publico", "hipotese_legal": "", "relacionado": processo.nup}  # fmt: skip
    resposta = cliente.post(reverse("processos:iniciar"), dados, follow=True)
    novo = Processo.objects.exclude(pk=processo.pk).get()
    assert f"relacionado ao processo {processo.nup_formatado}" in resposta.content.decode()
    assert Relacionamento.objects.filter(processo_a=processo, processo_b=novo).exists()


def test_iniciar_relacionado_a_restrito_alheio_nao_cria_nada(entrar, atores, criar_processo):
    restrito = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    cliente = entrar(atores["C"])
    tipo = tipo_processo()
    dados = {"tipo": tipo.pk, "especificacao": "x", "interessados": "", "observacao": "",
             "nivel_acesso": "publico", "hipotese_legal": "", "relacionado": restrito.nup}  # fmt: skip
    resposta = cliente.post(reverse("processos:iniciar"), dados)
    assert resposta.status_code in (400, 403)
    assert "conteúdo esta unidade pode ver" in resposta.content.decode()
    assert Processo.objects.count() == 1  # no half-created process


def test_iniciar_relacionado_a_processo_invisivel_404(entrar, atores, criar_processo):
    sigiloso = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    resposta = entrar(atores["C"]).get(reverse("processos:iniciar") + f"?relacionado={sigiloso.nup}")
    assert resposta.status_code == 404


def test_historico_mostra_os_mais_recentes_e_o_completo_a_pedido(entrar, atores, processo):
    from mesa.views import HISTORICO_NA_TELA

    a = atores["A"]
    for i in range(HISTORICO_NA_TELA + 5):
        services.processo_atualizar_andamento(ator=a, processo=processo, texto=f"Andamento número {i}")
    cliente = entrar(a)
    html = _processo(cliente, processo)
    assert html.count('<td class="nowrap">') == HISTORICO_NA_TELA
    assert f"Andamento número {HISTORICO_NA_TELA + 4}" in html and "Andamento número 0<" not in html
    assert "Ver o histórico completo" in html
    completo = _html(cliente, reverse("processos:detalhe", args=[processo.nup]) + "?historico=completo")
    assert completo.count('<td class="nowrap">') == HISTORICO_NA_TELA + 6  # + the creation
    assert "Andamento número 0<" in completo and "Ver o histórico completo" not in completo
