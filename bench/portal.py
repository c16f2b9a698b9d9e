#!/usr/bin/env python
"""The external users' portal under load (issue 12, §7), over real HTTP.

In a database of its own (``<banco>_portal``, created, migrated and dropped by the run), builds
through the services an órgão with its seal certificate (keys in a temporary folder), a
destination unit, a petition type (main document a PDF, one essential document) and
``--clientes`` approved external users with API tokens; starts gunicorn as deployed
(``sei.wsgi:application``, 3 sync workers, ``DEBUG`` off) on a free port of 127.0.0.1, and:

1. **Petitions**: ``--peticoes`` new petitions (``POST /api/v1/externo/peticoes/``, multipart,
   the main document and the essential one, each a ``--mb`` MB PDF made distinct per request,
   the user's password confirmed) from ``--clientes`` concurrent clients. Prints p50/p95/max
   latency and then checks in the database: every 201 is one petition with its own process, the
   NUPs are distinct, each receipt is a signed PDF, nothing was lost (exit 1 otherwise).
2. **External home**: one user with ``--concessoes`` grants in force (integral, one per process,
   made by the unit through ``acesso_externo_conceder``) opens ``/externo/`` ``--pedidos``
   times, one request at a time: p50/p95 of the response time (server time on 127.0.0.1).

Tasks are published to a Redis database of their own (``--broker``, db 15 of the broker's
server by default) that no worker consumes (indexing and e-mails are not what is measured here);
the run deletes the queues it filled. E-mails go to files in the temporary folder.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sei_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
    SEI_SECRET_KEY=... SEI_HISTORICO_CHAVES=... \\
        .venv/bin/python bench/portal.py [--peticoes 200] [--clientes 20] [--mb 2] [--concessoes 500]

``--fumaca``: 6 petitions of 0.1 MB from 3 clients and 20 grants, in ``<banco>_portal_fumaca``;
exits 1 only when something was lost or failed. See ``bench/README.md``.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

RAIZ = Path(__file__).resolve().parent.parent
for caminho in (RAIZ, RAIZ / "bench"):
    if str(caminho) not in sys.path:
        sys.path.insert(0, str(caminho))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")

import carga  # noqa: E402  (gunicorn as deployed, requests)
import controle_processos as cp  # noqa: E402  (database helpers, sair)

SUFIXO = "_portal"
FUMACA = {"peticoes": 6, "clientes": 3, "mb": 0.1, "concessoes": 20, "pedidos": 10}
ORGAO = ("BPORTAL", "Órgão do benchmark do portal", "99904")
UNIDADE = "PORTAL-01"
SENHA = "Senha-do-benchmark-do-portal-" + secrets.token_hex(4)
META_P95_S = 2.0
META_INICIO_MS = 100.0


def banco_proprio(fumaca: bool) -> str:
    """Point DATABASE_URL at ``<its database>_portal`` (``_portal_fumaca``) before Django reads it."""
    partes = urlsplit(os.environ["DATABASE_URL"])
    base = unquote(partes.path.lstrip("/"))
    nome = base + SUFIXO + (cp.SUFIXO_FUMACA if fumaca else "")
    if not base or len(nome.encode()) > 63:
        cp.sair(f"DATABASE_URL precisa de um nome de banco de até {63 - len(nome) + len(base)} bytes.")
    os.environ["DATABASE_URL"] = urlunsplit(partes._replace(path="/" + quote(nome)))
    return nome


def broker_proprio(url: str | None) -> str:
    if url:
        return url
    partes = urlsplit(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit(partes._replace(path="/15"))


def pdf_de(tamanho: int, marca: str) -> bytes:
    """A valid one-page PDF of about ``tamanho`` bytes (its content stream padded with comment
    lines), with ``marca`` on the page: every upload is a distinct file."""
    conteudo = b"BT /F1 12 Tf 72 720 Td (" + marca.encode() + b") Tj ET\n"
    stream = conteudo + (b"% " + b"x" * 76 + b"\n") * max(0, tamanho // 80)
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    saida = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posicoes = []
    for numero, objeto in enumerate(objetos, 1):
        posicoes.append(len(saida))
        saida += b"%d 0 obj\n" % numero + objeto + b"\nendobj\n"
    xref = len(saida)
    saida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    for posicao in posicoes:
        saida += b"%010d 00000 n \n" % posicao
    saida += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objetos) + 1, xref)
    return bytes(saida)


def cpf_valido(n: int) -> str:
    base = [int(c) for c in f"{700000000 + n:09d}"]
    for _ in range(2):
        soma = sum(d * p for d, p in zip(base, range(len(base) + 1, 1, -1), strict=True))
        resto = soma * 10 % 11
        base.append(0 if resto == 10 else resto)
    return "".join(map(str, base))


def multipart(campos: dict, arquivos: dict) -> tuple[bytes, str]:
    fronteira = uuid.uuid4().hex
    partes = []
    for nome, valor in campos.items():
        partes.append(
            f'--{fronteira}\r\nContent-Disposition: form-data; name="{nome}"\r\n\r\n{valor}\r\n'.encode()
        )
    for nome, (arquivo, conteudo) in arquivos.items():
        partes.append(
            f'--{fronteira}\r\nContent-Disposition: form-data; name="{nome}"; filename="{arquivo}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + conteudo
            + b"\r\n"
        )
    partes.append(f"--{fronteira}--\r\n".encode())
    return b"".join(partes), f"multipart/form-data; boundary={fronteira}"


def percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(round(p / 100 * (len(ordenados) - 1))))]


# --- The scenario ---------------------------------------------------------------------------------


def cenario(clientes: int):
    """The órgão (with its seal), the destination unit and its user, the petition type and the
    external users, through the services."""
    from django.db import transaction

    from assinaturas import chaves
    from documentos.models import TipoDocumento
    from externo import services as externo_services
    from externo.models import TipoPeticionamento
    from processos.models import TipoProcesso
    from sei import services
    from sei.acesso import exigir_lotacao

    with transaction.atomic():
        orgao = services.orgao_criar(sigla=ORGAO[0], nome=ORGAO[1], codigo_protocolo=ORGAO[2])
        unidade = services.unidade_criar(orgao=orgao, sigla=UNIDADE, nome="Protocolo do benchmark do portal")
        servidora = services.usuario_criar(
            login="bench.portal", nome="Servidora do benchmark do portal", cpf="", email="bench.portal@example.org",
            senha=SENHA, unidades=[unidade],
        )  # fmt: skip
    chaves.criar_raiz()
    chaves.criar_selo(orgao)

    def tipo_doc(nome):
        return TipoDocumento.objects.get_or_create(
            nome=nome, defaults={"aplicabilidade": "externo", "numeracao": "sem"}
        )[0]

    tipo_processo = TipoProcesso.objects.filter(ativo=True, permite_publico=True).order_by("pk").first()
    tipo = TipoPeticionamento.objects.create(
        nome="Requerimento do benchmark", tipo_processo=tipo_processo, unidade=unidade,
        principal=TipoPeticionamento.Principal.ARQUIVO, tipo_principal=tipo_doc("Requerimento (petição)"),
    )  # fmt: skip
    essencial = tipo_doc("Documento de identidade")
    tipo.tipos_essenciais.add(essencial)
    usuarios = []
    for n in range(clientes + 1):
        cadastro = externo_services.cadastro_criar(
            cpf=cpf_valido(n), nome=f"Cidadã {n} do benchmark", email=f"cidada{n}@example.org", senha=SENHA,
            liberado=True, email_confirmado=True,
        )  # fmt: skip
        usuarios.append(cadastro.usuario)
    tokens = [services.token_criar(usuario=u).key for u in usuarios]
    return exigir_lotacao(servidora, unidade), tipo, essencial, usuarios, tokens


def conceder(ator, usuario, quantos: int) -> float:
    """``quantos`` processes of the unit, each granted (integral) to ``usuario``; seconds taken."""
    from externo.acessos import acesso_externo_conceder
    from processos.models import NivelAcesso, TipoProcesso
    from processos.services import processo_criar
    from sei.senhas import SenhaConfirmada

    tipo = TipoProcesso.objects.filter(ativo=True, permite_publico=True).order_by("pk").first()
    senha = SenhaConfirmada(usuario_id=ator.usuario.pk)
    inicio = time.monotonic()
    for n in range(quantos):
        processo = processo_criar(
            ator=ator, tipo=tipo, nivel_acesso=NivelAcesso.PUBLICO, especificacao=f"Processo {n} concedido"
        )
        acesso_externo_conceder(
            ator=ator, processo=processo, senha=senha, tipo="integral", motivo="Benchmark do portal",
            validade_dias=30, cpf=usuario.cpf,
        )  # fmt: skip
    return time.monotonic() - inicio


def analisar() -> None:
    """ANALYZE, as autovacuum does on a live database: right after bulk-loading the grants the
    planner has no statistics for them and picks plans no running installation gets (see the
    portal section of bench/README.md)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- The load ---------------------------------------------------------------------------------------


def peticionar(porta: int, token: str, tipo, essencial, tamanho: int) -> tuple[float, int, dict]:
    marca = uuid.uuid4().hex
    corpo, conteudo = multipart(
        {"tipo": tipo.pk, "especificacao": f"Petição {marca[:8]}", "senha": SENHA},
        {
            "principal": ("requerimento.pdf", pdf_de(tamanho, "Requerimento " + marca)),
            f"essencial_{essencial.pk}": ("identidade.pdf", pdf_de(tamanho, "Identidade " + marca)),
        },
    )
    inicio = time.monotonic()
    conexao = http.client.HTTPConnection("127.0.0.1", porta, timeout=120)
    try:
        conexao.request(
            "POST", "/api/v1/externo/peticoes/", body=corpo,
            headers={"Authorization": f"Token {token}", "Content-Type": conteudo, "Accept": "application/json"},
        )  # fmt: skip
        resposta = conexao.getresponse()
        texto = resposta.read()
    finally:
        conexao.close()
    duracao = time.monotonic() - inicio
    try:
        dados = json.loads(texto)
    except ValueError:
        dados = {"erro": texto[:300].decode(errors="replace")}
    return duracao, resposta.status, dados


def carga_de_peticoes(porta: int, tokens: list[str], tipo, essencial, total: int, tamanho: int):
    resultados: list[tuple[float, int, dict]] = []
    trava = threading.Lock()
    proxima = iter(range(total))

    def cliente(token: str):
        while True:
            with trava:
                if next(proxima, None) is None:
                    return
            resultado = peticionar(porta, token, tipo, essencial, tamanho)
            with trava:
                resultados.append(resultado)

    inicio = time.monotonic()
    linhas = [threading.Thread(target=cliente, args=(t,)) for t in tokens]
    for linha in linhas:
        linha.start()
    for linha in linhas:
        linha.join()
    return resultados, time.monotonic() - inicio


def conferir(resultados) -> list[str]:
    """What the database holds against what the clients were told."""
    from externo.models import Peticao

    problemas = []
    criados = [dados for _, status, dados in resultados if status == 201]
    falhas = [(status, dados) for _, status, dados in resultados if status != 201]
    for status, dados in falhas[:5]:
        problemas.append(f"HTTP {status}: {str(dados)[:300]}")
    nups = [d["nup"] for d in criados]
    if len(set(nups)) != len(nups):
        problemas.append(f"NUPs repetidos: {len(nups) - len(set(nups))}")
    peticoes = Peticao.objects.select_related("processo", "recibo")
    if peticoes.count() != len(criados):
        problemas.append(f"{len(criados)} respostas 201, {peticoes.count()} petições no banco")
    sem_assinatura = [p.pk for p in peticoes if not p.recibo.pdf_assinado_nome]
    if sem_assinatura:
        problemas.append(f"recibos sem PDF assinado: {len(sem_assinatura)}")
    no_banco = {p.processo.nup_formatado for p in peticoes}
    if set(nups) - no_banco:
        problemas.append(f"NUPs respondidos que não estão no banco: {sorted(set(nups) - no_banco)[:5]}")
    return problemas


def medir_inicio(porta: int, usuario, pedidos: int) -> list[float]:
    from django.conf import settings
    from django.test import Client

    cliente = Client()
    cliente.force_login(usuario, backend="django.contrib.auth.backends.ModelBackend")
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cliente.session.session_key}"}
    tempos = []
    for _ in range(pedidos + 3):
        inicio = time.monotonic()
        status, corpo = carga.pedir(porta, "/externo/", cookie)[:2]
        tempos.append(time.monotonic() - inicio)
        if status != 200:
            cp.sair(f"/externo/ respondeu {status}: {corpo[:300]!r}", 1)
    return tempos[3:]  # the first ones warm the worker up


class ServidorDoPortal(carga.Servidor):
    """gunicorn as deployed, publishing tasks to the run's own broker database."""

    def __init__(self, *, workers: int, pasta: Path, broker: str):
        super().__init__(workers=workers, pasta=pasta)
        self.broker = broker

    def ambiente(self) -> dict:
        ambiente = super().ambiente()
        ambiente["CELERY_BROKER_URL"] = self.broker
        return ambiente


def limpar_broker(url: str) -> None:
    import redis
    from django.conf import settings

    filas = {"celery", *(r["queue"] for r in settings.CELERY_TASK_ROUTES.values())}
    cliente = redis.Redis.from_url(url)
    cliente.delete(*filas)
    for chave in cliente.scan_iter("_kombu.binding.*"):
        cliente.delete(chave)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peticoes", type=int, default=200)
    parser.add_argument("--clientes", type=int, default=20)
    parser.add_argument("--mb", type=float, default=2.0, help="tamanho de cada PDF, em MB")
    parser.add_argument("--concessoes", type=int, default=500)
    parser.add_argument("--pedidos", type=int, default=50, help="pedidos da página inicial")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--broker", help="Redis só desta execução (padrão: o db 15 do servidor do broker)")
    parser.add_argument("--fumaca", action="store_true")
    args = parser.parse_args()
    if args.fumaca:
        for chave, valor in FUMACA.items():
            setattr(args, chave, valor)
    if "DATABASE_URL" not in os.environ:
        cp.sair("Defina DATABASE_URL (PostgreSQL).")
    nome = banco_proprio(args.fumaca)
    broker = broker_proprio(args.broker)
    pasta = Path(tempfile.mkdtemp(prefix="sei-portal-"))
    os.environ.update(
        CELERY_BROKER_URL=broker,
        SEI_MEDIA_ROOT=str(pasta / "media"),
        SEI_CHAVES_DIR=str(pasta / "chaves"),
        SEI_CHAVES_SENHA=secrets.token_urlsafe(24),
        SEI_CRC_CHAVES="b1:" + secrets.token_urlsafe(32),
        SEI_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        SEI_EMAIL_FILE_PATH=str(pasta / "emails"),
    )
    import django

    django.setup()
    servidor = None
    try:
        cp.preparar_banco(recriar=False)
        ator, tipo, essencial, usuarios, tokens = cenario(args.clientes)
        servidor = ServidorDoPortal(workers=args.workers, pasta=pasta, broker=broker)
        servidor.coletar_estaticos()
        servidor.iniciar()
        tamanho = int(args.mb * 1024 * 1024)
        print(
            f"Petições: {args.peticoes} novas, cada uma com dois PDFs de {args.mb:g} MB, de {args.clientes} "
            f"clientes ao mesmo tempo (gunicorn, {args.workers} workers, 127.0.0.1)"
        )
        resultados, duracao = carga_de_peticoes(
            servidor.porta, tokens[1:], tipo, essencial, args.peticoes, tamanho
        )
        tempos = [t for t, status, _ in resultados if status == 201]
        problemas = conferir(resultados)
        if tempos:
            p95 = percentil(tempos, 95)
            print(
                f"  {len(tempos)} de {args.peticoes} criadas em {duracao:.1f} s ({len(tempos) / duracao:.1f}/s): "
                f"p50 {statistics.median(tempos):.2f} s, p95 {p95:.2f} s, máx {max(tempos):.2f} s"
                f" — meta p95 < {META_P95_S:g} s: {'atingida' if p95 < META_P95_S else 'NÃO atingida'}"
            )
        for problema in problemas:
            print(f"  PROBLEMA: {problema}")
        if not problemas:
            print("  Conferido no banco: nenhuma perdida, NUPs distintos, cada recibo assinado")

        usuario = usuarios[0]
        gasto = conceder(ator, usuario, args.concessoes)
        analisar()
        print(f"Início do portal com {args.concessoes} concessões em vigor (criadas em {gasto:.0f} s):")
        inicio = medir_inicio(servidor.porta, usuario, args.pedidos)
        p95 = percentil(inicio, 95) * 1000
        print(
            f"  GET /externo/, {len(inicio)} pedidos um a um: p50 {statistics.median(inicio) * 1000:.1f} ms, "
            f"p95 {p95:.1f} ms — meta < {META_INICIO_MS:g} ms: {'atingida' if p95 < META_INICIO_MS else 'NÃO atingida'}"
        )
        if args.fumaca:
            print("Fumaça: ok" if not problemas else "Fumaça: falhou")
        return 1 if problemas else 0
    finally:
        if servidor is not None:
            servidor.parar()
        try:
            limpar_broker(broker)
        finally:
            cp.apagar_banco(nome)
            shutil.rmtree(pasta, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
