#!/usr/bin/env python
"""Benchmark dos documentos (issue 3, seção 7): documentos renderizados por segundo e o tempo do
PDF de um processo com 500 documentos (meta: menos de 5 s com os documentos já renderizados).

Usa o caminho real: cria ``--documentos`` documentos internos (500 por padrão) num processo, por
``documentos.services.documento_interno_criar``; renderiza cada um com
``documentos.services.pdfs.obter_pdf`` (o que a tarefa Celery faz) e mede; depois pede a exportação
com ``exportacao_solicitar`` e mede ``executar_exportacao`` (PDF com os PDFs já em cache, e ZIP).
Mede também a tela do processo com esses documentos (issue 11: menos de 150 ms no servidor), com a
raiz e com um documento aberto, pelo cliente de teste do Django (middleware, seletores, templates).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sei_bench_documentos \\
    SEI_SECRET_KEY=uma-chave-qualquer-so-para-o-benchmark-0123456789abcdef \\
    SEI_HISTORICO_CHAVES=b1:chave-do-benchmark-0123456789abcdefghij \\
        .venv/bin/python bench/documentos.py [--documentos 500] [--reaproveitar] [--fumaca]

Só PostgreSQL (cria o banco se faltar e aplica as migrações). Os arquivos vão para uma pasta
temporária (``SEI_MEDIA_ROOT``, FileSystemStorage), apagada no fim; o Celery roda em modo eager
(sem ``CELERY_BROKER_URL``). ``--fumaca``: o mesmo caminho com 5 documentos e 1 repetição, num
banco só dele (o de DATABASE_URL + ``_fumaca``), apagado no fim. Ver ``bench/README.md``.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from urllib.parse import quote, unquote, urlsplit, urlunsplit

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")

ORGAO_SIGLA = "BDOC"
CODIGO_PROTOCOLO = "99902"
META_PDF_S = 5.0
META_TELA_S = 0.150  # issue 11: the process page with 500 documents, server time
# --fumaca: the real path in seconds (CI runs it: tests/bench/test_fumaca.py).
FUMACA = {"documentos": 5, "repeticoes": 1, "reaproveitar": False}
SUFIXO_FUMACA = "_fumaca"
TIPOS = ["Despacho", "Ofício", "Memorando", "Nota Técnica", "Parecer", "Relatório"]

FRASES = [
    "Trata-se de solicitação encaminhada a esta unidade para análise e manifestação.",
    "Considerando o disposto na Lei nº 14.133, de 1º de abril de 2021, e nos normativos internos,",
    "a área técnica verificou a disponibilidade orçamentária e a conformidade do termo de referência.",
    "Em face do exposto, encaminhe-se o presente processo à Coordenação-Geral de Logística.",
    "Ressalte-se que os prazos indicados no cronograma devem ser observados pelas partes.",
    "Não foram identificados óbices de natureza jurídica ao prosseguimento do feito.",
    "Solicita-se, ainda, a juntada dos comprovantes de regularidade fiscal da contratada.",
    "A documentação apresentada atende aos requisitos do edital e das cláusulas contratuais.",
]


def sair(mensagem: str, codigo: int = 2) -> None:
    print(mensagem, file=sys.stderr)
    sys.exit(codigo)


def marcador(n: int) -> str:
    return f"Benchmark de documentos ({n} documentos)"


def corpo(i: int) -> str:
    """A realistic body, 1–3 pages: paragraphs, a small table, a list; lengths vary with i."""
    paragrafos = (3, 6, 10, 14)[i % 4] + (i % 3)
    partes = [f"<p>Senhor(a) Coordenador(a),</p><h2>{i + 1}. Análise</h2>"]
    for p in range(paragrafos):
        n = 2 + (i + p) % 5
        texto = " ".join(FRASES[(i + p + k) % len(FRASES)] for k in range(n))
        partes.append(f'<p style="text-align: justify;">{p + 1}. {texto}</p>')
        if p == 1:
            linhas = "".join(
                f"<tr><td>Item {k + 1}</td><td>Material de consumo {k + i}</td>"
                f"<td style=\"text-align: right;\">R$ {(k + 1) * 1234.56 + i:,.2f}</td></tr>"
                for k in range(3 + i % 4)
            )
            partes.append(
                "<table><thead><tr><th>Item</th><th>Descrição</th><th>Valor</th></tr></thead>"
                f"<tbody>{linhas}</tbody></table>"
            )
        if p == 2:
            partes.append(
                "<ul>" + "".join(f"<li><strong>Providência {k + 1}:</strong> {FRASES[k]}</li>" for k in range(3 + i % 3))
                + "</ul>"
            )
    partes.append("<p>Atenciosamente,</p>")
    return "".join(partes)


# --- Database -------------------------------------------------------------------------------


def usar_banco_de_fumaca() -> str:
    """Point DATABASE_URL at ``<its database>_fumaca`` (before Django reads it): a smoke run
    never touches the real benchmark's database."""
    partes = urlsplit(os.environ["DATABASE_URL"])
    base = unquote(partes.path.lstrip("/"))
    nome = base + SUFIXO_FUMACA
    if not base or len(nome.encode()) > 63:
        sair(f"--fumaca: DATABASE_URL precisa de um nome de banco de até {63 - len(SUFIXO_FUMACA)} bytes.")
    os.environ["DATABASE_URL"] = urlunsplit(partes._replace(path="/" + quote(nome)))
    return nome


def parametros_manutencao() -> dict:
    """psycopg connection to the server's ``postgres`` database (create and drop databases)."""
    from django.conf import settings

    cfg = settings.DATABASES["default"]
    params = {"dbname": "postgres", "autocommit": True}
    for chave, nome in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if cfg.get(chave):
            params[nome] = str(cfg[chave])
    return params


def preparar_banco(*, novo: bool = False) -> None:
    """Create the database when missing (``novo``: drop a leftover one first), then migrate it."""
    import psycopg
    from django.conf import settings
    from psycopg import sql

    from bench.apoio import banco

    nome = settings.DATABASES["default"]["NAME"]
    copiado = False
    with psycopg.connect(**parametros_manutencao()) as manut:
        existe = manut.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nome]).fetchone()
        if existe and novo:
            print(f"Apagando o banco {nome!r} (sobra de uma execução interrompida)...")
            manut.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(nome)))
        if not existe or novo:
            print(f"Criando o banco {nome!r}...")
            copiado = banco.criar(manut, nome)
    banco.migrar(copiado)


def apagar_banco(nome: str) -> None:
    """Drop the smoke database (Django's connections closed first)."""
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(**parametros_manutencao()) as manut:
        manut.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nome)))


def estrutura():
    """The bench órgão, one unit and one user (an ator), created once."""
    from sei.acesso import Ator
    from sei.models import Lotacao, Orgao, Unidade, Usuario

    orgao, _ = Orgao.objects.get_or_create(
        sigla=ORGAO_SIGLA, defaults={"nome": "Órgão do benchmark de documentos", "codigo_protocolo": CODIGO_PROTOCOLO}
    )
    unidade, _ = Unidade.objects.get_or_create(
        orgao=orgao, sigla="BDOC-DIRAD", defaults={"nome": "Diretoria de Administração do benchmark"}
    )
    usuario, criado = Usuario.objects.get_or_create(username="bench.documentos", defaults={"nome": "Servidora do Benchmark"})
    if criado:
        usuario.set_unusable_password()
        usuario.save()
    Lotacao.objects.get_or_create(usuario=usuario, unidade=unidade)
    return Ator(usuario=usuario, unidade=unidade)


@contextmanager
def sem_tarefas():
    """Creation and the export request publish Celery tasks once they commit (``sei.tarefas``;
    eager here): the bench runs that work itself, timed, so publishing is switched off meanwhile."""
    from sei import tarefas

    with mock.patch.object(tarefas, "publicar"):
        yield


def criar(ator, n: int):
    from documentos.models import TipoDocumento
    from documentos.services import documento_interno_criar
    from processos.models import NivelAcesso, TipoProcesso
    from processos.services import processo_criar

    tipos = list(
        TipoDocumento.objects.filter(nome__in=TIPOS, ativo=True)
        .exclude(aplicabilidade=TipoDocumento.Aplicabilidade.EXTERNO)
        .exclude(numeracao=TipoDocumento.Numeracao.INFORMADA)
    )
    if not tipos:
        sair("Faltam tipos de documento (a migração de dados iniciais de documentos não rodou?).")
    tipo_processo = TipoProcesso.objects.filter(ativo=True, permite_publico=True).order_by("id").first()
    with sem_tarefas():
        processo = processo_criar(
            ator=ator,
            tipo=tipo_processo,
            nivel_acesso=NivelAcesso.PUBLICO,
            especificacao=marcador(n),
            interessados=[{"nome": "Empresa Fornecedora de Materiais Ltda."}, {"nome": "Fulana de Tal"}],
        )
        tempos = []
        for i in range(n):
            inicio = time.perf_counter()
            documento_interno_criar(
                ator=ator,
                processo=processo,
                tipo=tipos[i % len(tipos)],
                nivel_acesso=NivelAcesso.PUBLICO,
                descricao=f"Documento {i + 1} do benchmark",
                conteudo=corpo(i),
            )
            tempos.append(time.perf_counter() - inicio)
            if (i + 1) % 100 == 0:
                print(f"  {i + 1} documentos criados...", flush=True)
    print(
        f"Criação (documento_interno_criar): {n} documentos em {sum(tempos):.1f} s "
        f"({n / sum(tempos):.1f}/s; p50 {1000 * statistics.median(tempos):.1f} ms)."
    )
    return processo


def pct(valores, p):
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(round(p / 100 * (len(ordenados) - 1))))]


def renderizar(processo):
    from documentos.models import Documento
    from documentos.services.pdfs import obter_pdf

    documentos = list(Documento.objects.filter(processo=processo).select_related("tipo", "processo").order_by("id"))
    tempos, paginas = [], []
    inicio_total = time.perf_counter()
    for i, documento in enumerate(documentos, start=1):
        inicio = time.perf_counter()
        registro = obter_pdf(documento)
        tempos.append(time.perf_counter() - inicio)
        paginas.append(registro.paginas)
        if i % 100 == 0:
            print(f"  {i} documentos renderizados...", flush=True)
    total = time.perf_counter() - inicio_total
    distrib = {k: paginas.count(k) for k in sorted(set(paginas))}
    print(
        f"Renderização (obter_pdf, WeasyPrint + gravação no storage): {len(documentos)} documentos em {total:.1f} s "
        f"→ {len(documentos) / total:.2f} documentos/s; por documento p50 {1000 * statistics.median(tempos):.0f} ms, "
        f"p95 {1000 * pct(tempos, 95):.0f} ms, máx {1000 * max(tempos):.0f} ms; {sum(paginas)} páginas "
        f"({', '.join(f'{q} de {k} pág.' for k, q in distrib.items())})."
    )
    # Cache hit: what the export pays per document before reading the file.
    inicio = time.perf_counter()
    for documento in documentos:
        obter_pdf(documento)
    print(f"obter_pdf com o PDF já em cache: {1000 * (time.perf_counter() - inicio) / len(documentos):.2f} ms por documento.")
    return documentos


class Cronometro:
    """Wraps functions to add up where the export's time goes."""

    def __init__(self):
        self.tempos: dict[str, float] = {}
        self.chamadas: dict[str, int] = {}

    def envolver(self, rotulo, funcao):
        def envolvida(*args, **kwargs):
            inicio = time.perf_counter()
            try:
                return funcao(*args, **kwargs)
            finally:
                self.tempos[rotulo] = self.tempos.get(rotulo, 0.0) + time.perf_counter() - inicio
                self.chamadas[rotulo] = self.chamadas.get(rotulo, 0) + 1

        return envolvida


def exportar(ator, processo, formato: str, detalhar: bool = False):
    from django.core.files.storage import default_storage

    from documentos import pdf
    from documentos.models import Exportacao
    from documentos.pdf import render
    from documentos.services import exportacao as servico
    from documentos.services import exportacao_solicitar, pdfs

    with sem_tarefas():
        exportacao = exportacao_solicitar(ator=ator, processo=processo, formato=formato)
    cron = Cronometro()
    patches = []
    if detalhar:
        original_open = default_storage.open
        patches = [
            mock.patch.object(pdfs, "obter_pdf", cron.envolver("obter_pdf (consulta do cache)", pdfs.obter_pdf)),
            mock.patch.object(
                default_storage, "open",
                lambda *a, **k: LeituraCronometrada(original_open(*a, **k), cron),
            ),
            mock.patch.object(render, "renderizar_html", cron.envolver("capa (WeasyPrint)", render.renderizar_html)),
            mock.patch.object(pdf, "mesclar", cron.envolver("pdf.mesclar (inclui capa e gravação)", pdf.mesclar)),
            mock.patch.object(servico, "_registrar", cron.envolver("progresso (_registrar)", servico._registrar)),
        ]
    for p in patches:
        p.start()
    try:
        inicio = time.perf_counter()
        resultado = servico.executar_exportacao(exportacao.pk)
        duracao = time.perf_counter() - inicio
    finally:
        for p in reversed(patches):
            p.stop()
    exportacao.refresh_from_db()
    if resultado != "concluida" or exportacao.estado != Exportacao.Estado.CONCLUIDA:
        sair(f"A exportação {formato} falhou: {resultado} — {exportacao.detalhe}", 1)
    tamanho = default_storage.size(exportacao.arquivo_nome)
    paginas = None
    if formato == "pdf":
        with default_storage.open(exportacao.arquivo_nome) as f:
            paginas = pdf.paginas_de(f.read())
    default_storage.delete(exportacao.arquivo_nome)
    return duracao, tamanho, paginas, cron


class LeituraCronometrada:
    def __init__(self, arquivo, cron):
        self.arquivo, self.cron = arquivo, cron

    def read(self, *a):
        return self.cron.envolver("leitura dos PDFs em cache (storage)", self.arquivo.read)(*a)

    def __getattr__(self, nome):
        return getattr(self.arquivo, nome)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.arquivo.close()


def medir_capa(processo, documentos) -> None:
    """The cover of the process PDF alone, as ``renderizacao.capa`` builds it."""
    from django.utils import timezone

    from documentos import renderizacao
    from documentos.pdf import paginas_de, renderizar_html
    from documentos.services.pdfs import obter_pdf

    inicios, proxima = [], 20
    for documento in documentos:
        inicios.append(proxima)
        proxima += obter_pdf(documento).paginas
    titulo = f"Processo {processo.nup_formatado}"
    interessados = [i.nome for i in processo.interessados.all()]
    corpo = renderizacao.capa(processo, documentos, interessados=interessados, gerado_em=timezone.now())(inicios)
    tempos, pdf_capa = [], b""
    for _ in range(2):
        inicio = time.perf_counter()
        pdf_capa = renderizar_html(corpo, titulo=titulo, rodape=titulo)
        tempos.append(time.perf_counter() - inicio)
    estimadas = renderizacao.paginas_capa_estimadas(len(documentos))
    print(
        f"Capa de {len(documentos)} documentos: {min(tempos):.2f} s por renderização, {paginas_de(pdf_capa)} páginas "
        f"(estimativa usada pela mescla: {estimadas})."
    )


def medir_telas(ator, processo, documentos, repeticoes: int = 30) -> None:
    """The process screen as a browser asks for it (Django's test client: middleware, selectors,
    templates — the server's time, no network): the page with the root open and with a document
    open, p50/p95 over ``repeticoes`` requests after two warm-ups."""
    from django.test import Client

    from sei.contexto import SESSAO_UNIDADE

    cliente = Client(HTTP_HOST="localhost")
    cliente.force_login(ator.usuario)
    sessao = cliente.session
    sessao[SESSAO_UNIDADE] = ator.unidade.pk
    sessao.save()
    meio = documentos[len(documentos) // 2]
    for rotulo, url in (
        ("Tela do processo (raiz aberta)", f"/processos/{processo.nup}/"),
        ("Tela do processo (documento aberto)", f"/documentos/{meio.numero_sei_formatado}/"),
    ):
        tempos = []
        for i in range(repeticoes + 2):
            inicio = time.perf_counter()
            resposta = cliente.get(url)
            if i >= 2:
                tempos.append(time.perf_counter() - inicio)
            if resposta.status_code != 200:
                sair(f"{url}: HTTP {resposta.status_code}")
        situacao = "ATINGIDA" if pct(tempos, 95) < META_TELA_S else "NÃO atingida"
        print(
            f"{rotulo}, {len(documentos)} documentos: p50 {1000 * statistics.median(tempos):.0f} ms, "
            f"p95 {1000 * pct(tempos, 95):.0f} ms ({len(resposta.content) / 1e3:.0f} kB); "
            f"meta < {1000 * META_TELA_S:.0f} ms: {situacao}."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark dos documentos: renderização e PDF do processo.")
    parser.add_argument("--documentos", type=int, default=500)
    parser.add_argument("--reaproveitar", action="store_true", help="usa o processo do benchmark se já existir")
    parser.add_argument("--repeticoes", type=int, default=3, help="exportações PDF medidas (mediana)")
    parser.add_argument(
        "--fumaca",
        action="store_true",
        help=f"teste de fumaça: {FUMACA['documentos']} documentos, {FUMACA['repeticoes']} repetição, "
        f"num banco <nome>{SUFIXO_FUMACA} apagado no fim",
    )
    args = parser.parse_args()
    if args.fumaca:
        vars(args).update(FUMACA)
    if args.documentos <= 0:
        sair("--documentos deve ser positivo.")
    if urlsplit(os.environ.get("DATABASE_URL", "")).scheme not in ("postgres", "postgresql", "pgsql"):
        sair("Este benchmark roda só em PostgreSQL: defina DATABASE_URL=postgres://... (o SQLite embutido não serve).")
    banco_fumaca = usar_banco_de_fumaca() if args.fumaca else None

    midia = tempfile.mkdtemp(prefix="sei-bench-documentos-")
    os.environ["SEI_MEDIA_ROOT"] = midia
    os.environ.pop("CELERY_BROKER_URL", None)  # Celery eager

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage, default_storage
    from django.db import connection

    if connection.vendor != "postgresql":
        sair("Este benchmark roda só em PostgreSQL.")
    if not isinstance(default_storage, FileSystemStorage) or Path(default_storage.location) != Path(midia):
        sair(f"O storage padrão não é a pasta temporária {midia} (S3 configurado?).")
    assert settings.CELERY_TASK_ALWAYS_EAGER
    try:
        executar(args)
    finally:
        shutil.rmtree(midia, ignore_errors=True)
        if banco_fumaca:
            apagar_banco(banco_fumaca)
    if banco_fumaca:
        print(f"Fumaça: ok (banco {banco_fumaca!r} apagado).")


def executar(args) -> None:
    from django.db import connection

    from documentos.models import Documento
    from processos.models import Processo

    preparar_banco(novo=args.fumaca)
    ator = estrutura()
    with connection.cursor() as c:
        c.execute("SHOW server_version")
        versao = c.fetchone()[0].split()[0]
    print(f"PostgreSQL {versao}; {os.cpu_count()} CPUs, carga média {os.getloadavg()[0]:.2f}.")

    processo = None
    if args.reaproveitar:
        for candidato in Processo.objects.filter(especificacao=marcador(args.documentos)).order_by("-id"):
            if Documento.objects.filter(processo=candidato).count() == args.documentos:
                processo = candidato
                print(f"Reaproveitando o processo {processo.nup_formatado}.")
                break
    if processo is None:
        processo = criar(ator, args.documentos)
    documentos = renderizar(processo)
    n = len(documentos)
    medir_telas(ator, processo, documentos)

    tempos = []
    for r in range(args.repeticoes):
        duracao, tamanho, paginas, _ = exportar(ator, processo, "pdf")
        tempos.append(duracao)
        print(f"  PDF do processo, rodada {r + 1}: {duracao:.2f} s")
    mediana = statistics.median(tempos)
    print(
        f"PDF do processo ({n} documentos, PDFs em cache; executar_exportacao): mediana {mediana:.2f} s, "
        f"pior {max(tempos):.2f} s; {paginas} páginas; {tamanho / 1e6:.1f} MB."
    )
    duracao, _, _, cron = exportar(ator, processo, "pdf", detalhar=True)
    print(f"Onde o tempo vai (uma rodada instrumentada, {duracao:.2f} s):")
    for rotulo, t in sorted(cron.tempos.items(), key=lambda x: -x[1]):
        print(f"  {rotulo:45s} {t:7.3f} s  ({cron.chamadas[rotulo]} chamadas)")
    medir_capa(processo, documentos)
    duracao_zip, tamanho_zip, _, _ = exportar(ator, processo, "zip")
    print(f"ZIP do processo ({n} documentos): {duracao_zip:.2f} s; {tamanho_zip / 1e6:.1f} MB.")
    situacao = "ATINGIDA" if mediana < META_PDF_S else "NÃO atingida"
    print(f"Meta PDF do processo < {META_PDF_S:.0f} s com os documentos renderizados: {situacao} ({mediana:.2f} s).")


if __name__ == "__main__":
    main()
