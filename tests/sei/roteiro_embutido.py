"""Run by ``test_modo_embutido.py`` in a process of its own with the embedded defaults (no
DATABASE_URL: SQLite, tasks in process, local files, Whoosh): migrate, load a small demo and walk
the main pages and a few actions as a logged-in user would, through Django's test client. Prints
one line per step; exits 1 at the first page that does not answer as expected."""

import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from documentos.models import Documento  # noqa: E402
from processos.models import Atividade, Processo  # noqa: E402
from sei.acesso import Ator, pode_ver_conteudo_documento  # noqa: E402
from sei.models import Usuario  # noqa: E402

assert settings.EMBUTIDO and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
call_command("migrate", verbosity=0)
call_command("carregar_demo", processos=12, stdout=open(os.devnull, "w"))
call_command("reindexar", "--se-vazio", stdout=open(os.devnull, "w"))

cliente = Client()
cliente.force_login(
    Usuario.objects.get(username="admin"), backend="django.contrib.auth.backends.ModelBackend"
)


def pedir(metodo, url, esperado=(200,), **dados):
    resposta = getattr(cliente, metodo)(url, dados or None, follow=metodo == "post")
    if resposta.status_code not in esperado:
        print(f"FALHOU {metodo.upper()} {url}: {resposta.status_code}")
        sys.exit(1)
    print(f"ok {metodo.upper()} {url} {resposta.status_code}")
    return resposta


pedir("get", "/")
pedir("get", "/?visao=detalhada")
pedir("get", "/?visao=detalhada&ordem=nup")
aberta = (
    Atividade.objects.filter(
        unidade__sigla="GAB",
        aberta=True,
        processo__nivel_acesso_global=0,
        processo__documentos__nivel_acesso=0,
    )
    .select_related("processo", "unidade")
    .first()
)
processo = aberta.processo
pedir("get", f"/processos/{processo.nup}/")
pedir("get", f"/processos/{processo.nup}/?historico=completo")
ator = Ator(usuario=Usuario.objects.get(username="admin"), unidade=aberta.unidade)
documento = next(
    (d for d in Documento.objects.filter(processo=processo) if pode_ver_conteudo_documento(ator, d)), None
)
if documento is not None:
    pedir("get", f"/documentos/{documento.numero_sei}/")
    pedir("get", f"/documentos/{documento.numero_sei}/versoes/")
pedir("get", "/pesquisa/?q=processo")
pedir("get", f"/processos/pesquisa/?q={processo.nup}", esperado=(302,))
pedir("get", "/blocos/")
pedir("get", "/processos/iniciar/")
pedir("post", "/processos/lote/", escolher="enviar", processos=[processo.nup])
antes = Processo.objects.count()
tipo = processo.tipo_id
pedir(
    "post", "/processos/iniciar/", tipo=tipo, especificacao="Criado no modo embutido", nivel_acesso="publico"
)
assert Processo.objects.count() == antes + 1, "o processo não foi criado"
pedir("get", "/api/v1/controle-processos/")
cliente.logout()
pedir("get", "/externo/entrar/")
pedir("get", "/entrar/")
print("modo embutido: tudo respondeu")
