#!/usr/bin/env python
"""Benchmark das assinaturas (issue 9, seção 7): assinar um documento (p50/p95) e "assinar todos"
de um bloco de 100 documentos com os PDFs já renderizados (meta: menos de 5 s nesta máquina), mais
o caso frio (renderização incluída), impresso à parte.

Caminho real, no PostgreSQL: cria documentos internos por ``documento_interno_criar``, renderiza
cada um com ``documentos.services.pdfs.obter_pdf`` (o que a tarefa Celery faz), cria a raiz e o
selo do órgão (``assinaturas.chaves``, numa pasta temporária) e assina por
``assinaturas.services.assinar`` (um a um) e ``assinaturas.blocos.bloco_assinar`` (o bloco, com a
senha conferida uma vez por ``sei.senhas.confirmar_senha``, com o hasher Argon2 de produção).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sei_bench_assinaturas \\
    SEI_SECRET_KEY=uma-chave-qualquer-so-para-o-benchmark-0123456789abcdef \\
    SEI_HISTORICO_CHAVES=b1:chave-do-benchmark-0123456789abcdefghij \\
        .venv/bin/python bench/assinaturas.py [--um 30] [--bloco 100] [--frio 20] [--perfil] [--fumaca]

Só PostgreSQL (cria o banco se faltar e aplica as migrações). Arquivos e chaves numa pasta
temporária apagada no fim; Celery em modo eager. Cada execução cria documentos novos (os assinados
não voltam a ser minutas). ``--fumaca``: o mesmo caminho em tamanho mínimo, num banco só dele (o de
DATABASE_URL + ``_fumaca``), apagado no fim. ``--perfil``: o cProfile de uma rodada do bloco
(as 25 funções com mais tempo acumulado). Ver ``bench/README.md``.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")



def _irmao(nome: str):
    """A sibling bench module (its database helpers and document bodies), under another name:
    ``documentos`` is also the Django app's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{nome}", Path(__file__).resolve().parent / f"{nome}.py")
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


bench_documentos = _irmao("documentos")

ORGAO_SIGLA = "BASS"
CODIGO_PROTOCOLO = "99903"
SENHA = "Senha-do-benchmark-de-assinaturas-2026"
CARGO = "Coordenador-Geral de Benchmark"
META_BLOCO_S = 5.0
URL_PUBLICA = "https://sei.exemplo.gov.br"
FUMACA = {"um": 3, "bloco": 5, "frio": 2, "perfil": False, "sem_preparacao": 2}


def sair(mensagem: str, codigo: int = 2) -> None:
    print(mensagem, file=sys.stderr)
    sys.exit(codigo)


def pct(valores, p):
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(round(p / 100 * (len(ordenados) - 1))))]


def estrutura():
    """The bench órgão, a unit and a signer (password, cargo), and the órgão's seal."""
    from assinaturas import chaves
    from assinaturas.models import Assinante, CertificadoOrgao
    from sei.acesso import Ator
    from sei.models import Lotacao, Orgao, Unidade, Usuario

    orgao, _ = Orgao.objects.get_or_create(
        sigla=ORGAO_SIGLA, defaults={"nome": "Órgão do benchmark de assinaturas", "codigo_protocolo": CODIGO_PROTOCOLO}
    )
    unidade, _ = Unidade.objects.get_or_create(
        orgao=orgao, sigla="BASS-GAB", defaults={"nome": "Gabinete do benchmark de assinaturas"}
    )
    usuario, _ = Usuario.objects.get_or_create(
        username="bench.assinaturas", defaults={"nome": "Signatária do Benchmark", "cpf": "52998224725"}
    )
    usuario.set_password(SENHA)  # Argon2, as in production
    usuario.save()
    Lotacao.objects.get_or_create(usuario=usuario, unidade=unidade)
    Assinante.objects.get_or_create(orgao=orgao, usuario=usuario, cargo=CARGO)
    # Keys live in this run's temporary folder: a new root and seal every run (the old ones stay,
    # inactive, as after a rotation).
    CertificadoOrgao.objects.filter(ativo=True).update(ativo=False)
    chaves.criar_raiz()
    chaves.criar_selo(orgao)
    return Ator(usuario=usuario, unidade=unidade)


def criar_documentos(ator, n: int, rotulo: str):
    from documentos.models import TipoDocumento
    from documentos.services import documento_interno_criar
    from processos.models import NivelAcesso, TipoProcesso
    from processos.services import processo_criar

    tipos = list(
        TipoDocumento.objects.filter(nome__in=bench_documentos.TIPOS, ativo=True)
        .exclude(aplicabilidade=TipoDocumento.Aplicabilidade.EXTERNO)
        .exclude(numeracao=TipoDocumento.Numeracao.INFORMADA)
    )
    tipo_processo = TipoProcesso.objects.filter(ativo=True, permite_publico=True).order_by("id").first()
    documentos = []
    with bench_documentos.sem_tarefas():
        # Two processes: a bloco takes documents from several.
        processos = [
            processo_criar(
                ator=ator, tipo=tipo_processo, nivel_acesso=NivelAcesso.PUBLICO,
                especificacao=f"Benchmark de assinaturas: {rotulo} ({k + 1})",
                interessados=[{"nome": "Empresa Fornecedora de Materiais Ltda."}],
            )  # fmt: skip
            for k in range(2)
        ]
        for i in range(n):
            documentos.append(
                documento_interno_criar(
                    ator=ator, processo=processos[i % 2], tipo=tipos[i % len(tipos)],
                    nivel_acesso=NivelAcesso.PUBLICO, descricao=f"{rotulo} {i + 1}", conteudo=bench_documentos.corpo(i),
                )  # fmt: skip
            )
    return documentos


def renderizar(documentos) -> float:
    from documentos.services.pdfs import obter_pdf

    inicio = time.perf_counter()
    for documento in documentos:
        obter_pdf(documento)
    return time.perf_counter() - inicio


def pedido(ator, senha=None):
    from assinaturas import services
    from sei.senhas import SenhaConfirmada

    return services.PedidoAssinatura(
        ator=ator, cargo=CARGO, senha=senha or SenhaConfirmada(usuario_id=ator.usuario.pk),
        url_publica=URL_PUBLICA,
    )  # fmt: skip


def confirmar_senha(ator):
    """The password typed once, checked as the page and the API check it (Argon2, django-axes)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from sei.senhas import confirmar_senha as confirmar

    request = RequestFactory().post("/blocos/", REMOTE_ADDR="127.0.0.1")
    request.user = ator.usuario
    request.session = SessionStore()
    return confirmar(request, SENHA)


def assinar_um(ator, documentos) -> list[float]:
    from assinaturas import services

    tempos = []
    for documento in documentos:
        inicio = time.perf_counter()
        services.assinar(pedido=pedido(ator), documento=documento)
        tempos.append(time.perf_counter() - inicio)
    return tempos


def montar_bloco(ator, documentos, *, preparar: bool):
    """The bloco with its documents. ``preparar``: as the page and the API do, the inclusion
    publishes the task that renders the validation blocks ahead (eager here: it runs as the
    inclusion commits); returns the bloco and the seconds that took. Without it, nothing is
    published (the signing renders everything)."""
    from assinaturas import blocos

    bloco = blocos.bloco_criar(ator=ator, descricao=f"Bloco do benchmark ({len(documentos)} documentos)")
    inicio = time.perf_counter()
    if preparar:
        blocos.bloco_incluir_documentos(ator=ator, bloco=bloco, documentos=documentos, url_publica=URL_PUBLICA)
    else:
        with bench_documentos.sem_tarefas():
            blocos.bloco_incluir_documentos(ator=ator, bloco=bloco, documentos=documentos, url_publica=URL_PUBLICA)
    return bloco, time.perf_counter() - inicio


def assinar_bloco(ator, bloco, n: int, perfil: bool = False):
    """(seconds for password + "assinar todos", seconds of the password alone, result)."""
    from assinaturas import blocos

    perfilador = None
    if perfil:
        import cProfile

        perfilador = cProfile.Profile(time.process_time)  # CPU time: steadier on a shared machine
        perfilador.enable()
    inicio, cpu = time.perf_counter(), time.process_time()
    senha = confirmar_senha(ator)
    so_senha = time.perf_counter() - inicio
    resultado = blocos.bloco_assinar(pedido=pedido(ator, senha), bloco=bloco)
    total = time.perf_counter() - inicio
    print(f"  (CPU deste processo: {time.process_time() - cpu:.2f} s de {total:.2f} s; o resto é espera: banco, disco, outras sessões)")
    if perfilador is not None:
        import pstats

        perfilador.disable()
        if os.environ.get("SEI_BENCH_PERFIL_ARQUIVO"):
            perfilador.dump_stats(os.environ["SEI_BENCH_PERFIL_ARQUIVO"])
        pstats.Stats(perfilador).sort_stats("cumulative").print_stats(25)
        pstats.Stats(perfilador).sort_stats("tottime").print_stats(25)
    if resultado.falhas or len(resultado.assinados) != n:
        sair(f"Assinar todos falhou: {[(f.numero_sei, f.erro.mensagem) for f in resultado.falhas]}", 1)
    return total, so_senha, resultado


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark das assinaturas: uma, um bloco, o caso frio.")
    parser.add_argument("--um", type=int, default=30, help="assinaturas uma a uma (p50/p95)")
    parser.add_argument("--bloco", type=int, default=100, help="documentos do bloco (PDFs já renderizados)")
    parser.add_argument("--frio", type=int, default=20, help="documentos do bloco frio (renderização incluída)")
    parser.add_argument("--perfil", action="store_true", help="cProfile da rodada do bloco")
    parser.add_argument(
        "--sem-preparacao", type=int, default=0, metavar="N",
        help="mede também um bloco de N documentos sem os blocos de conferência preparados",
    )  # fmt: skip
    parser.add_argument("--fumaca", action="store_true", help="teste de fumaça: tamanho mínimo, banco <nome>_fumaca apagado no fim")
    args = parser.parse_args()
    if args.fumaca:
        vars(args).update(FUMACA)
    if min(args.um, args.bloco, args.frio) <= 0 or args.sem_preparacao < 0:
        sair("--um, --bloco e --frio devem ser positivos.")
    if urlsplit(os.environ.get("DATABASE_URL", "")).scheme not in ("postgres", "postgresql", "pgsql"):
        sair("Este benchmark roda só em PostgreSQL: defina DATABASE_URL=postgres://... (o SQLite embutido não serve).")
    banco_fumaca = bench_documentos.usar_banco_de_fumaca() if args.fumaca else None

    pasta = tempfile.mkdtemp(prefix="sei-bench-assinaturas-")
    os.environ["SEI_MEDIA_ROOT"] = str(Path(pasta) / "media")
    os.environ["SEI_CHAVES_DIR"] = str(Path(pasta) / "chaves")
    os.environ.setdefault("SEI_CHAVES_SENHA", "senha-das-chaves-do-benchmark")
    os.environ.setdefault("SEI_CRC_CHAVES", "b1:chave-do-crc-do-benchmark-0123456789abcdefghij")
    os.environ.pop("CELERY_BROKER_URL", None)  # Celery eager

    import django

    django.setup()
    from django.core.files.storage import FileSystemStorage, default_storage
    from django.db import connection

    if connection.vendor != "postgresql":
        sair("Este benchmark roda só em PostgreSQL.")
    if not isinstance(default_storage, FileSystemStorage) or not str(default_storage.location).startswith(pasta):
        sair(f"O storage padrão não é a pasta temporária {pasta} (S3 configurado?).")
    try:
        executar(args)
    finally:
        shutil.rmtree(pasta, ignore_errors=True)
        if banco_fumaca:
            bench_documentos.apagar_banco(banco_fumaca)
    if banco_fumaca:
        print(f"Fumaça: ok (banco {banco_fumaca!r} apagado).")


def executar(args) -> None:
    from django.db import connection

    bench_documentos.preparar_banco(novo=args.fumaca)
    ator = estrutura()
    with connection.cursor() as c:
        c.execute("SHOW server_version")
        versao = c.fetchone()[0].split()[0]
    print(f"PostgreSQL {versao}; {os.cpu_count()} CPUs, carga média {os.getloadavg()[0]:.2f}.")

    um = criar_documentos(ator, args.um + 1, "Uma a uma")
    bloco = criar_documentos(ator, args.bloco, "Bloco")
    frio = criar_documentos(ator, args.frio, "Bloco frio")
    duracao = renderizar(um + bloco)
    print(f"Preparação: {len(um) + len(bloco)} PDFs renderizados em {duracao:.1f} s (fora das medidas).")

    assinar_um(ator, um[:1])  # warm-up: the seal's PKCS#12 opened, pyHanko imported
    tempos = assinar_um(ator, um[1:])
    print(
        f"Assinar um documento (PDF já renderizado; services.assinar), {len(tempos)} assinaturas: "
        f"p50 {1000 * statistics.median(tempos):.0f} ms, p95 {1000 * pct(tempos, 95):.0f} ms, "
        f"máx {1000 * max(tempos):.0f} ms."
    )

    bloco_obj, preparo = montar_bloco(ator, bloco, preparar=True)
    print(
        f"Inclusão no bloco de {len(bloco)} documentos, com a tarefa que prepara os blocos de conferência "
        f"(em segundo plano na aplicação; fora da medida): {preparo:.1f} s."
    )
    total, senha, _ = assinar_bloco(ator, bloco_obj, len(bloco), perfil=args.perfil)
    situacao = "ATINGIDA" if total < META_BLOCO_S else "NÃO atingida"
    print(
        f"Assinar todos, bloco de {len(bloco)} documentos com PDFs renderizados (senha + bloco_assinar): "
        f"{total:.2f} s ({1000 * (total - senha) / len(bloco):.0f} ms por documento; senha conferida uma vez: "
        f"{1000 * senha:.0f} ms)."
    )
    print(f"Meta assinar todos de {len(bloco)} < {META_BLOCO_S:.0f} s: {situacao} ({total:.2f} s).")

    if args.sem_preparacao:
        sem = criar_documentos(ator, args.sem_preparacao, "Bloco sem preparação")
        renderizar(sem)
        bloco_sem, _ = montar_bloco(ator, sem, preparar=False)
        total_sem, senha_sem, _ = assinar_bloco(ator, bloco_sem, len(sem))
        print(
            f"Assinar todos sem os blocos de conferência preparados, {len(sem)} documentos com PDFs renderizados: "
            f"{total_sem:.2f} s ({1000 * (total_sem - senha_sem) / len(sem):.0f} ms por documento)."
        )

    bloco_frio, _ = montar_bloco(ator, frio, preparar=False)
    total_frio, _, _ = assinar_bloco(ator, bloco_frio, len(frio))
    print(
        f"Caso frio: assinar todos de {len(frio)} documentos sem PDF renderizado (renderização incluída): "
        f"{total_frio:.2f} s ({1000 * total_frio / len(frio):.0f} ms por documento)."
    )

if __name__ == "__main__":
    main()
