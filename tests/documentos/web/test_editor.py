"""Editor (save, stale save), Versões (list, view, compare, restore)."""

import html as html_lib

from django.urls import reverse

from documentos import services
from documentos.widgets import TINYMCE
from tests.factories import ator_em, bloquear


def _url(nome, documento, *args):
    return reverse(f"documentos:{nome}", args=[documento.numero_sei_formatado, *args])


def test_editor_mostra_versao_atual_e_secoes_fixas(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Corpo atual</p>")
    resposta = entrar(atores["A"]).get(_url("editar", doc))
    html = resposta.content.decode()
    assert resposta.status_code == 200
    assert "&lt;p&gt;Corpo atual&lt;/p&gt;" in html  # in the textarea, escaped
    assert 'name="versao_base" value="1"' in html
    assert "Título (não editável)" in html and "Rodapé (não editável)" in html
    assert f"SEI nº {doc.numero_sei:07d}" in html
    assert f"{TINYMCE}/tinymce.min.js" in html and "js/editor.js" in html
    # The browser draft (static/js/editor.js) is keyed by user, document and version edited.
    assert f'data-rascunho="u{atores["A"].usuario.pk}-{doc.numero_sei:07d}-v1"' in html


def test_salvar_cria_versao_2(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo, conteudo="<p>Primeira</p>")
    resposta = entrar(atores["A"]).post(
        _url("editar", doc),
        {"conteudo": "<h2>Título</h2><ul><li>item</li></ul>", "versao_base": 1},
        follow=True,
    )
    assert "Documento salvo (versão 2)." in resposta.content.decode()
    doc.refresh_from_db()
    assert doc.versao_atual == 2
    assert doc.versoes.get(numero=2).conteudo == "<h2>Título</h2><ul><li>item</li></ul>"
    assert 'name="versao_base" value="2"' in resposta.content.decode()


def test_salvamento_desatualizado_mantem_o_texto_e_diz_quem_salvou(
    entrar, atores, processo, criar_documento, client
):
    a = atores["A"]
    colega = ator_em(a.unidade, username="colega", nome="Beatriz Colega")
    doc = criar_documento(a, processo, conteudo="<p>Original</p>")
    services.documento_editar(ator=colega, documento=doc, conteudo="<p>Texto da colega</p>", versao_base=1)
    resposta = entrar(a).post(
        _url("editar", doc), {"conteudo": "<p>Meu texto longo e precioso</p>", "versao_base": 1}
    )
    html = resposta.content.decode()
    assert resposta.status_code == 409
    assert "Seu texto não foi salvo" in html
    assert "Beatriz Colega salvou a versão 2" in html
    assert html_lib.escape("<p>Meu texto longo e precioso</p>") in html  # kept in the editor
    assert 'name="versao_base" value="1"' in html  # still the version the user edited
    assert _url("versao", doc, 2) in html  # link to the latest
    doc.refresh_from_db()
    assert doc.versao_atual == 2 and doc.versoes.get(numero=2).conteudo == "<p>Texto da colega</p>"
    # Saving again without choosing is refused again: never a silent overwrite.
    de_novo = entrar(a).post(_url("editar", doc), {"conteudo": "<p>Meu texto</p>", "versao_base": 1})
    assert de_novo.status_code == 409
    # Choosing, knowingly, to save over version 2 makes version 3.
    escolha = entrar(a).post(
        _url("editar", doc),
        {"conteudo": "<p>Meu texto</p>", "versao_base": 1, "sobrescrever": "2"},
        follow=True,
    )
    assert "Documento salvo (versão 3)." in escolha.content.decode()


def test_editor_recusado_para_quem_nao_pode_editar(entrar, atores, processo, criar_documento):
    doc = bloquear(criar_documento(atores["A"], processo))  # signed and read elsewhere
    resposta = entrar(atores["A"]).get(_url("editar", doc), follow=True)
    assert resposta.redirect_chain[-1][0] == _url("detalhe", doc)
    assert "não pode ser editado" in resposta.content.decode()
    post = entrar(atores["A"]).post(_url("editar", doc), {"conteudo": "<p>x</p>", "versao_base": 1})
    assert post.status_code == 302
    doc.refresh_from_db()
    assert doc.versao_atual == 1


def test_versoes_lista_ver_comparar_e_restaurar(entrar, atores, processo, criar_documento):
    a = atores["A"]
    doc = criar_documento(a, processo, conteudo="<p>O gato subiu no telhado</p>")
    services.documento_editar(
        ator=a, documento=doc, conteudo="<p>O cachorro subiu no muro alto</p>", versao_base=1
    )
    cliente = entrar(a)

    lista = cliente.get(_url("versoes", doc)).content.decode()
    assert "Comparar versões" in lista and a.usuario.get_full_name() in lista
    assert _url("versao", doc, 1) in lista and 'name="versao_base" value="2"' in lista

    versao = cliente.get(_url("versao", doc, 1)).content.decode()
    assert f'sandbox="allow-top-navigation-by-user-activation" src="{_url("conteudo", doc)}?versao=1"' in versao
    assert "telhado" not in versao  # the content itself only in the frame
    assert "O gato subiu no telhado" in cliente.get(_url("conteudo", doc) + "?versao=1").content.decode()
    assert cliente.get(_url("conteudo", doc) + "?versao=9").status_code == 404
    assert cliente.get(_url("versao", doc, 9)).status_code == 404

    diff = cliente.get(_url("comparar", doc) + "?de=2&para=1").content.decode()
    assert "Versão 1 → versão 2" in diff
    assert '<del><span class="vh">[removido: </span>gato<span class="vh">]</span></del>' in diff
    assert '<ins><span class="vh">[inserido: </span>cachorro<span class="vh">]</span></ins>' in diff
    assert '<ins><span class="vh">[inserido: </span>muro alto<span class="vh">]</span></ins>' in diff

    resposta = cliente.post(_url("restaurar", doc, 1), {"versao_base": 2}, follow=True)
    assert "Versão 1 restaurada como versão 3." in resposta.content.decode()
    assert "restaurada da versão 1" in resposta.content.decode()
    doc.refresh_from_db()
    assert doc.versao_atual == 3 and doc.versoes.get(numero=3).conteudo == "<p>O gato subiu no telhado</p>"


def test_restaurar_com_versao_base_antiga_e_recusado(entrar, atores, processo, criar_documento):
    a = atores["A"]
    doc = criar_documento(a, processo, conteudo="<p>um</p>")
    services.documento_editar(ator=a, documento=doc, conteudo="<p>dois</p>", versao_base=1)
    services.documento_editar(ator=a, documento=doc, conteudo="<p>três</p>", versao_base=2)
    resposta = entrar(a).post(_url("restaurar", doc, 1), {"versao_base": 2}, follow=True)
    assert "salvou a versão 3" in resposta.content.decode()
    doc.refresh_from_db()
    assert doc.versao_atual == 3


def test_comparar_sem_versoes_volta_para_a_lista(entrar, atores, processo, criar_documento):
    doc = criar_documento(atores["A"], processo)
    resposta = entrar(atores["A"]).get(_url("comparar", doc), follow=True)
    assert "Escolha duas versões para comparar." in resposta.content.decode()
