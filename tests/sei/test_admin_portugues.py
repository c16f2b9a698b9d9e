"""The admin speaks Portuguese and wears the product's colours: the index, every change list and
every add form, with the models of every app (ours and the libraries' ones) named in pt-BR."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils.text import capfirst

pytestmark = pytest.mark.django_db

NOSSOS_APPS = ("sei", "processos", "documentos", "assinaturas", "busca", "mesa")
# What Django and the libraries would show in English if nothing were translated.
INGLES = re.compile(
    r"\b(access attempts?|access logs?|access failures?|Can (add|change|delete|view)|Django|Axes|"
    r"Attempt Time|Logout Time|IP Address|Failed Logins|Expires At|Select \w+ to|Add \w+)\b",
    re.IGNORECASE,
)


class _Texto(HTMLParser):
    def __init__(self):
        super().__init__()
        self.partes, self._pular = [], 0

    def handle_starttag(self, tag, attrs):
        self._pular += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._pular -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._pular and data.strip():
            self.partes.append(data.strip())


def texto(html: str) -> str:
    leitor = _Texto()
    leitor.feed(html)
    return "\n".join(leitor.partes)


@pytest.fixture
def administrador(client, django_user_model):
    raiz = django_user_model.objects.create_superuser("raiz", "raiz@exemplo.gov.br", "Senha-forte-123")
    client.force_login(raiz, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_todo_modelo_dos_nossos_apps_tem_nome_em_portugues():
    sem_nome = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in NOSSOS_APPS
        and not ("verbose_name" in m._meta.original_attrs and "verbose_name_plural" in m._meta.original_attrs)
    ]
    assert sem_nome == []


def test_indice_do_admin_em_portugues_e_nas_cores_do_produto(administrador):
    resposta = administrador.get(reverse("admin:index"))

    html = resposta.content.decode()
    pagina = texto(html)
    assert resposta.status_code == 200
    assert "SEI — Administração" in pagina and "Administração do sistema" in pagina
    assert "css/admin.css" in html and "img/sei.svg" in html
    for nome in (
        "Organização",
        "Processos",
        "Documentos",
        "Assinaturas",
        "Bloqueio de login",
        "Tentativas de acesso",
    ):
        assert nome in pagina
    for modelo in admin.site._registry:
        assert str(capfirst(modelo._meta.verbose_name_plural)) in pagina
    assert INGLES.findall(pagina) == []


def test_listas_e_formularios_do_admin_sem_ingles(administrador, rf, django_user_model):
    pedido = rf.get("/")
    pedido.user = django_user_model.objects.get(username="raiz")
    visitadas = 0
    for modelo, modelo_admin in admin.site._registry.items():
        info = modelo._meta.app_label, modelo._meta.model_name
        paginas = [reverse("admin:{}_{}_changelist".format(*info))]
        if modelo_admin.has_add_permission(pedido):
            paginas.append(reverse("admin:{}_{}_add".format(*info)))
        for url in paginas:
            resposta = administrador.get(url)
            assert resposta.status_code == 200, url
            assert INGLES.findall(texto(resposta.content.decode())) == [], url
            visitadas += 1
    assert visitadas > 40


def test_permissoes_mostradas_em_portugues(administrador):
    resposta = administrador.get(reverse("admin:auth_group_add"))

    pagina = texto(resposta.content.decode())
    assert "Processos | processo | Pode ver" in pagina
    assert "Can view" not in pagina
