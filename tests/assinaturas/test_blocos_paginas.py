"""The pages of the blocos de assinatura: the menu count, the list, a bloco with its actions,
"Assinar selecionados / Assinar todos" with one password, disponibilizar by checkboxes, devolver,
and "Incluir em bloco" from the document page."""

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from assinaturas import blocos
from assinaturas.models import Assinatura, Bloco
from documentos.models import Documento
from sei.contexto import SESSAO_UNIDADE
from tests.assinaturas.cenario_blocos import *  # noqa: F403
from tests.factories import SENHA_PADRAO


def _menu(html: str) -> str:
    inicio = html.index('aria-label="Menu principal"')
    return html[inicio : html.index("</nav>", inicio)]


def test_menu_mostra_os_blocos_aguardando_a_unidade(cena, entrar, client):
    c = entrar(cena.a)
    menu = _menu(c.get(reverse("assinaturas:blocos")).content.decode())
    assert "Blocos</a>" in menu and "contador" not in menu  # nothing awaits A yet
    cena.bloco(cena.d1)
    bloco = cena.disponibilizado(cena.d2)
    menu = _menu(c.get(reverse("processos:controle")).content.decode())
    assert '<span class="contador">1<span class="vh"> aguardando a unidade</span></span>' in menu
    b = entrar(cena.b, Client())
    assert '<span class="contador">1<span class="vh">' in _menu(b.get(reverse("processos:controle")).content.decode())
    blocos.bloco_devolver(ator=cena.b, bloco=bloco)
    assert "contador" not in _menu(b.get(reverse("processos:controle")).content.decode())
    assert '<span class="contador">2<span class="vh">' in _menu(c.get(reverse("processos:controle")).content.decode())


def test_menu_sem_login_nao_consulta(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("login")).status_code == 200


def test_gerar_incluir_pela_pagina_do_documento_e_ver_o_bloco(cena, entrar):
    c = entrar(cena.a)
    r = c.post(reverse("assinaturas:blocos"), {"descricao": "Ofícios de segunda"}, follow=True)
    assert r.status_code == 200 and "Bloco" in r.content.decode()
    bloco = Bloco.objects.get(descricao="Ofícios de segunda")
    pagina = c.get(reverse("documentos:detalhe", args=[cena.d1.numero_sei_formatado])).content.decode()
    url = reverse("assinaturas:incluir_em_bloco", args=[cena.d1.numero_sei_formatado])
    assert f'href="{url}"' in pagina  # the action is offered
    formulario = c.get(url).content.decode()
    assert f"Bloco {bloco.pk} — Ofícios de segunda" in formulario
    r = c.post(url, {"bloco": str(bloco.pk), "anotacao": "Conferir valores"}, follow=True)
    assert "incluído no bloco" in r.content.decode()
    # A new bloco from the same page, for the other process's document.
    url2 = reverse("assinaturas:incluir_em_bloco", args=[cena.d2.numero_sei_formatado])
    assert c.post(url2, {"bloco": "novo", "descricao": ""}).status_code == 400
    c.post(url2, {"bloco": "novo", "descricao": "Despachos"})
    assert Bloco.objects.get(descricao="Despachos").itens.get().documento == cena.d2
    html = c.get(reverse("assinaturas:bloco", args=[bloco.pk])).content.decode()
    assert "<caption" in html and cena.p1.nup_formatado in html and "Conferir valores" in html
    assert "Assinar todos" in html and "Disponibilizar" in html and "Excluir bloco" in html


def test_incluir_em_bloco_nao_e_oferecido_para_documento_de_outra_unidade(cena, entrar, criar_processo, criar_documento):
    de_b = criar_documento(cena.b, criar_processo(cena.b), conteudo="<p>B</p>")
    c = entrar(cena.a)
    url = reverse("assinaturas:incluir_em_bloco", args=[de_b.numero_sei_formatado])
    assert f'href="{url}"' not in c.get(reverse("documentos:detalhe", args=[de_b.numero_sei_formatado])).content.decode()
    r = c.get(url)
    assert r.status_code == 403 and "Só documentos gerados pela unidade A" in r.content.decode()


def test_assinar_selecionados_e_todos_com_uma_senha(cena, entrar, raiz_pem, criar_documento):
    from tests.assinaturas import verificacao

    terceiro = criar_documento(cena.a, cena.p1, conteudo="<p>Terceiro</p>")
    bloco = cena.bloco(cena.d1, cena.d2, terceiro)
    c = entrar(cena.a)
    url = reverse("assinaturas:bloco_assinar", args=[bloco.pk])
    AccessAttempt.objects.all().delete()
    errada = c.post(url, {"cargo": "Analista Administrativo", "senha": "errada", "documentos": [cena.d1.numero_sei_formatado], "selecionados": "1"})
    assert errada.status_code == 400 and "Senha incorreta." in errada.content.decode()
    assert AccessAttempt.objects.get(username=cena.a.usuario.username).failures_since_start == 1
    assert not Assinatura.objects.exists()
    r = c.post(url, {"cargo": "Analista Administrativo", "senha": SENHA_PADRAO, "documentos": [cena.d1.numero_sei_formatado], "selecionados": "1"}, follow=True)
    assert "1 documento(s) assinado(s)" in r.content.decode()
    assert list(Assinatura.objects.values_list("documento", flat=True)) == [cena.d1.pk]
    Documento.objects.filter(pk=cena.d2.pk).update(estado=Documento.Estado.CANCELADO)
    r = c.post(url, {"cargo": "Analista Administrativo", "senha": SENHA_PADRAO, "todos": "1"}, follow=True)
    html = r.content.decode()
    assert "1 documento(s) assinado(s)" in html and terceiro.rotulo in html
    assert set(Assinatura.objects.values_list("documento", flat=True)) == {cena.d1.pk, terceiro.pk}
    terceiro.refresh_from_db()
    from documentos.services import pdfs

    leitor = pdfs.abrir_pdf(terceiro)
    try:
        resultado = verificacao.verificar_pyhanko(leitor.read(), raiz_pem)
    finally:
        leitor.close()
    assert len(resultado) == 1 and resultado[0].bottom_line
    # Nothing left to sign: the page says so and offers no password.
    html = c.get(reverse("assinaturas:bloco", args=[bloco.pk])).content.decode()
    assert "Nenhum documento deste bloco está para você assinar agora" in html and 'type="password"' not in html


def test_disponibilizar_por_caixas_e_devolver(cena, entrar, client):
    bloco = cena.bloco()
    a = entrar(cena.a)
    html = a.get(reverse("assinaturas:bloco", args=[bloco.pk])).content.decode()
    assert 'type="checkbox" name="unidades"' in html and "data-filtrar" in html
    url = reverse("assinaturas:bloco_disponibilizar", args=[bloco.pk])
    assert a.post(url, {}).status_code == 400
    r = a.post(url, {"unidades": [cena.unidades["B"].pk, cena.unidades["C"].pk]}, follow=True)
    assert "disponibilizado para B, C" in r.content.decode()
    html = r.content.decode()
    assert "Cancelar disponibilização" in html and "a unidade geradora não assina enquanto o bloco está disponibilizado" in html
    b = entrar(cena.b, Client())
    lista = b.get(reverse("assinaturas:blocos")).content.decode()
    assert f"Bloco {bloco.pk}" in lista and "Recebido" in lista
    pagina = b.get(reverse("assinaturas:bloco", args=[bloco.pk])).content.decode()
    assert "Devolver bloco" in pagina and "Assinar todos" in pagina and "Excluir bloco" not in pagina
    # B opens the restrito document of A and its content.
    assert b.get(reverse("documentos:detalhe", args=[cena.d2.numero_sei_formatado])).status_code == 200
    r = b.post(reverse("assinaturas:bloco_acao", args=[bloco.pk, "devolver"]), follow=True)
    assert f"Bloco {bloco.pk} devolvido." in r.content.decode()
    assert b.get(reverse("assinaturas:bloco", args=[bloco.pk])).status_code == 404
    assert a.get(reverse("assinaturas:bloco", args=[bloco.pk])).status_code == 200


def test_unidade_de_fora_404_e_csrf_exigido(cena, entrar):
    bloco = cena.disponibilizado()
    c = entrar(cena.c)
    assert c.get(reverse("assinaturas:bloco", args=[bloco.pk])).status_code == 404
    assert c.post(reverse("assinaturas:bloco_acao", args=[bloco.pk, "devolver"])).status_code == 404
    navegador = Client(enforce_csrf_checks=True)
    navegador.force_login(cena.a.usuario, backend="django.contrib.auth.backends.ModelBackend")
    sessao = navegador.session
    sessao[SESSAO_UNIDADE] = cena.a.unidade.pk
    sessao.save()
    assert navegador.post(reverse("assinaturas:bloco_acao", args=[bloco.pk, "cancelar-disponibilizacao"])).status_code == 403
    bloco.refresh_from_db()
    assert bloco.estado == Bloco.Estado.DISPONIBILIZADO


def test_pagina_do_bloco_com_numero_fixo_de_consultas(cena, entrar, criar_documento, django_assert_max_num_queries):
    c = entrar(cena.a)
    poucos = cena.bloco(cena.d1)
    muitos = cena.bloco(*[criar_documento(cena.a, cena.p1, conteudo=f"<p>{i}</p>") for i in range(8)])
    c.get(reverse("assinaturas:bloco", args=[poucos.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as um:
        c.get(reverse("assinaturas:bloco", args=[poucos.pk]))
    with CaptureQueriesContext(connection) as oito:
        c.get(reverse("assinaturas:bloco", args=[muitos.pk]))
    assert len(oito) == len(um)
