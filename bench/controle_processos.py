#!/usr/bin/env python
"""Benchmark of the unit inbox ("Controle de Processos"), issue 2, section 7.

Fills a PostgreSQL database with ``--processos`` processes (1,000,000 by default), ``--abertos``
of them (10,000) open in one target unit, then prints, for the first page and a deep page of
the inbox, the p50/p95 time of the selector that builds the page, its SQL query count, the
p50/p95 of the very same SQL run raw on a psycopg cursor, and the ratio Django/raw.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sei_bench SEI_SECRET_KEY=... SEI_HISTORICO_CHAVES=... \\
        .venv/bin/python bench/controle_processos.py [--processos 1000000] [--abertos 10000]

The database is created and migrated when missing and filled only once per size (a second run
goes straight to the measurements). ``--fumaca`` (smoke) runs the same code at a tiny size in a
database of its own (DATABASE_URL's name + ``_fumaca``), dropped at the end, and exits 1 when
the inbox comes back empty, a page fails or the generated history does not verify. Filling writes the tables directly with COPY: calling the
services a million times would take hours; the rows follow the services' rules (one history
entry per operation with its hash chain, NUP counters left consistent so that ``processo_criar``
keeps working afterwards). See ``bench/README.md``.
"""

import argparse
import io
import json
import math
import os
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from importlib import import_module
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sei.settings")

ORGAO_SIGLA = "BENCH"
CODIGO_PROTOCOLO = "99901"
N_UNIDADES = 50  # unit 0 is the target unit
USUARIOS_ALVO = 4  # users of the target unit (attribution, reception)
LOTE = 50_000  # processes per COPY batch
FUSO = ZoneInfo("America/Sao_Paulo")

META_P95_MS = 60.0
META_RAZAO = 2.0  # Django time / raw SQL time: overhead no more than the SQL itself

# --fumaca: the real code path in seconds (CI runs it: tests/bench/test_fumaca.py). 300 open
# processes give full first pages in every list and a deep page (3rd) to reach by cursor.
FUMACA = {"processos": 3_000, "abertos": 300, "repeticoes": 3, "aquecimento": 1, "pagina": 3}
SUFIXO_FUMACA = "_fumaca"


def marcador(processos: int, abertos: int) -> str:
    return f"Órgão do benchmark do Controle de Processos ({processos} processos, {abertos} abertos na unidade alvo)"


def mil(n: int) -> str:
    """1000000 → 1.000.000"""
    return f"{n:,}".replace(",", ".")


def sair(mensagem: str, codigo: int = 2) -> None:
    print(mensagem, file=sys.stderr)
    sys.exit(codigo)


# --- Database -------------------------------------------------------------------------------


def parametros_conexao(banco: str | None = None) -> dict:
    from django.conf import settings

    cfg = settings.DATABASES["default"]
    params = {"dbname": banco or cfg["NAME"], "autocommit": True}
    for chave, nome in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if cfg.get(chave):
            params[nome] = str(cfg[chave])
    return params


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


def apagar_banco(nome: str) -> None:
    """Drop the smoke database (Django's connections closed first)."""
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(**parametros_conexao("postgres")) as manut:
        manut.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nome)))


def _exigir_banco_de_benchmark(nome: str) -> None:
    """--recriar drops only a database holding nothing but this benchmark's processes."""
    import psycopg

    with psycopg.connect(**parametros_conexao(nome)) as banco:
        try:
            alheio = banco.execute(
                "SELECT EXISTS (SELECT 1 FROM processos_processo p JOIN sei_orgao o ON o.id = p.orgao_id "
                "WHERE o.sigla <> %s)",
                [ORGAO_SIGLA],
            ).fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return
    if alheio:
        sair(f"O banco {nome!r} tem processos que não são do benchmark: --recriar não o apaga.")


def preparar_banco(recriar: bool) -> None:
    """Create (or, with --recriar, drop and create) the database, then migrate it."""
    import psycopg
    from django.conf import settings
    from psycopg import sql

    from bench.apoio import banco

    nome = settings.DATABASES["default"]["NAME"]
    copiado = False
    with psycopg.connect(**parametros_conexao("postgres")) as manut:
        if recriar and manut.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nome]).fetchone():
            _exigir_banco_de_benchmark(nome)
            print(f"Apagando o banco {nome!r}...")
            manut.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nome)))
        existe = manut.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nome]).fetchone()
        if not existe:
            print(f"Criando o banco {nome!r}...")
            copiado = banco.criar(manut, nome)
    banco.migrar(copiado)


# --- Filling --------------------------------------------------------------------------------


def carga_existente(processos: int, abertos: int) -> bool:
    """True when the database already holds this size; exits when it holds another one."""
    from sei.models import Orgao

    orgao = Orgao.objects.filter(sigla=ORGAO_SIGLA).first()
    if orgao is None:
        if Orgao.objects.filter(codigo_protocolo=CODIGO_PROTOCOLO).exists():
            sair(f"O código de protocolo {CODIGO_PROTOCOLO} já pertence a outro órgão deste banco.")
        return False
    if orgao.nome == marcador(processos, abertos):
        return True
    sair(
        f"O banco já tem uma carga de outro tamanho: “{orgao.nome}”.\n"
        "Rode de novo com --recriar para apagar e recriar o banco do benchmark, "
        "ou use outro banco em DATABASE_URL."
    )
    return False


def criar_estrutura(processos: int, abertos: int):
    """The bench órgão, its 50 units and their users (a few hundred rows: plain ORM)."""
    from sei.models import Lotacao, Orgao, Unidade, Usuario

    orgao = Orgao.objects.create(
        sigla=ORGAO_SIGLA, nome=marcador(processos, abertos), codigo_protocolo=CODIGO_PROTOCOLO
    )
    unidades = [
        Unidade.objects.create(
            orgao=orgao,
            sigla=f"BENCH-{n:02d}",
            nome="Unidade alvo do benchmark" if n == 0 else f"Unidade {n} do benchmark",
        )
        for n in range(N_UNIDADES)
    ]
    usuarios_alvo = []
    for n in range(USUARIOS_ALVO):
        login = "bench.alvo" if n == 0 else f"bench.alvo{n + 1}"
        usuarios_alvo.append(Usuario(username=login, nome=f"Servidor {n + 1} da unidade alvo"))
    outros = [
        Usuario(username=f"bench.u{n:02d}", nome=f"Servidor da unidade {n}") for n in range(1, N_UNIDADES)
    ]
    for u in usuarios_alvo + outros:
        u.set_unusable_password()
    Usuario.objects.bulk_create(usuarios_alvo + outros)
    usuarios_alvo = list(
        Usuario.objects.filter(username__in=[u.username for u in usuarios_alvo]).order_by("id")
    )
    por_login = {u.username: u for u in Usuario.objects.filter(username__startswith="bench.u")}
    lotacoes = [Lotacao(usuario=u, unidade=unidades[0]) for u in usuarios_alvo]
    lotacoes[0].perfil = Lotacao.Perfil.ADMINISTRADOR
    usuario_da_unidade = {0: usuarios_alvo[0].pk}
    for n in range(1, N_UNIDADES):
        u = por_login[f"bench.u{n:02d}"]
        usuario_da_unidade[n] = u.pk
        lotacoes.append(Lotacao(usuario=u, unidade=unidades[n]))
    Lotacao.objects.bulk_create(lotacoes)
    return orgao, unidades, [(u.pk, u.username) for u in usuarios_alvo], usuario_da_unidade


class Gerador:
    """Rows of every table, process by process, in COPY text format.

    Process ``i`` (1..N) is created at a time growing with ``i`` from 2015 to three days ago,
    so NUP sequences follow creation order inside each year. Every ``passo``-th process is one
    of the target unit's open ones (k = 0..abertos-1):

    - k % 10 < 4: generated in the target unit (público/restrito; 1 in 50 sigiloso with a
      credential for one of the unit's users; 1 in 100 sobrestado); 1 in 20 also sent, kept
      open, to another unit with a retorno programado the target unit is waiting for;
    - otherwise: generated in another unit and sent to the target unit (kept open there 1 in 3
      times), unread 1 in 7, attributed half of the read ones, 1 in 20 with a retorno
      programado owed by the target unit.

    The other processes are generated in the 49 other units; 60% are sent to another one
    (2% to the target unit, where they are concluded); about 15% stay open somewhere.
    """

    def __init__(self, *, processos, abertos, base_id, orgao, unidades, usuarios_alvo, usuario_da_unidade):
        from processos.models import HipoteseLegal, NivelAcesso, TipoProcesso
        from processos.services.historico import selar_entrada

        self._selar = selar_entrada
        self.n = processos
        self.abertos = abertos
        self.passo = processos // abertos
        self.base_id = base_id
        self.orgao_id = orgao.pk
        self.un = [u.pk for u in unidades]
        self.sigla = [u.sigla for u in unidades]
        self.alvo_users = [pk for pk, _ in usuarios_alvo]
        self.login = dict(usuarios_alvo)
        self.user_un = usuario_da_unidade
        self.agora = datetime.now(UTC).replace(microsecond=0)
        self.t0 = datetime(2015, 1, 1, tzinfo=FUSO).astimezone(UTC)
        self.intervalo = ((self.agora - timedelta(days=3)) - self.t0).total_seconds() / processos
        # Year boundaries in UTC: the NUP year is the local (São Paulo) year of creation.
        self.viradas = {
            ano: datetime(ano + 1, 1, 1, tzinfo=FUSO).astimezone(UTC)
            for ano in range(2015, self.agora.year + 2)
        }
        self.ano = 2015
        self.seq: dict[int, int] = {}
        tipos = list(TipoProcesso.objects.filter(ativo=True).order_by("id"))
        self.tipos = {
            NivelAcesso.PUBLICO: [t for t in tipos if t.permite_publico],
            NivelAcesso.RESTRITO: [t for t in tipos if t.permite_restrito],
            NivelAcesso.SIGILOSO: [t for t in tipos if t.permite_sigiloso],
        }
        if not self.tipos[NivelAcesso.PUBLICO] or not self.tipos[NivelAcesso.RESTRITO]:
            sair("Faltam tipos de processo (a migração de dados iniciais de processos não rodou?).")
        self.hip = {
            nivel: HipoteseLegal.objects.filter(nivel=nivel, ativa=True).order_by("id").first()
            for nivel in (NivelAcesso.RESTRITO, NivelAcesso.SIGILOSO)
        }
        self.chave_nivel = {0: "publico", 1: "restrito", 2: "sigiloso"}

    # Formatting helpers (COPY text format; no generated value holds a tab, newline or backslash).
    @staticmethod
    def _ts(valor) -> str:
        return "\\N" if valor is None else valor.isoformat(sep=" ")

    @staticmethod
    def _v(valor) -> str:
        if valor is None:
            return "\\N"
        if valor is True:
            return "t"
        if valor is False:
            return "f"
        return str(valor)

    def lote(self, inicio: int, fim: int) -> dict[str, io.StringIO]:
        from processos.nup import formatar_nup, gerar_nup

        saida = {
            t: io.StringIO()
            for t in ("processo", "interessado", "atividade", "andamento", "retorno", "credencial")
        }
        w_proc = saida["processo"].write
        w_int = saida["interessado"].write
        w_ativ = saida["atividade"].write
        w_and = saida["andamento"].write
        w_ret = saida["retorno"].write
        w_cred = saida["credencial"].write
        ts, v = self._ts, self._v
        hora = timedelta(hours=1)
        agora = self.agora

        for i in range(inicio, fim):
            pid = self.base_id + i
            t = (self.t0 + timedelta(seconds=int((i - 1) * self.intervalo))).replace(microsecond=0)
            while t >= self.viradas[self.ano]:
                self.ano += 1
            seq = self.seq.get(self.ano, 0) + 1
            if seq > 999_999:
                sair("Processos demais para um código de protocolo por ano (máximo 999.999).")
            self.seq[self.ano] = seq
            nup = gerar_nup(codigo_protocolo=CODIGO_PROTOCOLO, sequencial=seq, ano=self.ano)
            nup_fmt = formatar_nup(nup)
            andamentos = []  # (unidade_idx, usuario_id, quando, tipo, descricao, atributos)
            estado, motivo = "normal", ""
            k = (i - 1) // self.passo
            alvo = (i - 1) % self.passo == self.passo - 1 and k < self.abertos

            if alvo:
                nivel = 2 if (k % 50 == 0 and self.tipos[2] and self.hip[2]) else (1 if k % 3 == 0 else 0)
            else:
                nivel = 1 if i % 3 == 0 else 0
            tipo = self.tipos[nivel][i % len(self.tipos[nivel])]
            hip = self.hip[nivel].pk if nivel else None

            if alvo and k % 10 < 4:
                # Generated in the target unit and open there.
                g = 0
                criador = self.alvo_users[k % len(self.alvo_users)]
                andamentos.append(self._geracao(g, criador, t, nup_fmt, tipo, nivel))
                atrib = None if nivel == 2 else criador
                w_ativ(
                    f"{pid}\t{self.un[0]}\tt\tgerado\t\\N\t{ts(t)}\t{ts(t)}\t{criador}\t{v(atrib)}\t\\N\t\n"
                )
                if nivel == 2:
                    w_cred(f"{pid}\t{criador}\t{self.un[0]}\t{criador}\t{ts(t)}\t\\N\t\\N\n")
                if k % 100 == 10:
                    estado, motivo = "sobrestado", "Aguardando decisão judicial"
                    andamentos.append(
                        (
                            0,
                            criador,
                            t + hora,
                            "sobrestamento",
                            f"Processo sobrestado: {motivo}",
                            {"motivo": motivo},
                        )
                    )
                elif k % 20 == 1:
                    # Sent, kept open here, with a retorno programado this unit waits for.
                    d = 1 + k % (N_UNIDADES - 1)
                    t_env = t + 2 * hora
                    data = (t_env + timedelta(days=15)).astimezone(FUSO).date()
                    w_ativ(
                        f"{pid}\t{self.un[d]}\tt\trecebido\t{self.un[0]}\t{ts(t_env)}\t\\N\t\\N\t\\N\t\\N\t\n"
                    )
                    w_ret(f"{pid}\t{self.un[0]}\t{self.un[d]}\t{data.isoformat()}\t{ts(t_env)}\t\\N\n")
                    andamentos.append(
                        self._remessa(0, criador, t_env, d, manter=True, retorno=data.isoformat())
                    )
            elif alvo:
                # Generated elsewhere, sent to the target unit, open there.
                g = 1 + k % (N_UNIDADES - 1)
                criador = self.user_un[g]
                t_env = t + (k % 48 + 1) * hora
                manter = k % 3 == 1
                andamentos.append(self._geracao(g, criador, t, nup_fmt, tipo, nivel))
                w_ativ(
                    f"{pid}\t{self.un[g]}\t{v(manter)}\tgerado\t\\N\t{ts(t)}\t{ts(t)}\t{criador}\t"
                    f"{v(criador if manter else None)}\t{ts(None if manter else t_env)}\t\n"
                )
                retorno = None
                if k % 20 == 5:
                    data = (t_env + timedelta(days=15)).astimezone(FUSO).date()
                    retorno = data.isoformat()
                    w_ret(f"{pid}\t{self.un[g]}\t{self.un[0]}\t{retorno}\t{ts(t_env)}\t\\N\n")
                andamentos.append(self._remessa(g, criador, t_env, 0, manter=manter, retorno=retorno))
                if k % 7 == 0:  # unread
                    w_ativ(
                        f"{pid}\t{self.un[0]}\tt\trecebido\t{self.un[g]}\t{ts(t_env)}\t\\N\t\\N\t\\N\t\\N\t\n"
                    )
                else:
                    recebedor = self.alvo_users[k % len(self.alvo_users)]
                    t_rec = t_env + hora
                    andamentos.append(
                        (
                            0,
                            recebedor,
                            t_rec,
                            "recebimento",
                            f"Processo recebido na unidade {self.sigla[0]}",
                            {"remetente": self.sigla[g]},
                        )
                    )
                    atrib = None
                    if k % 2 == 0:
                        atrib = self.alvo_users[(k // 2) % len(self.alvo_users)]
                        login = self.login[atrib]
                        andamentos.append(
                            (
                                0,
                                recebedor,
                                t_rec + hora,
                                "atribuicao",
                                f"Processo atribuído a {login}",
                                {"usuario": login},
                            )
                        )
                    w_ativ(
                        f"{pid}\t{self.un[0]}\tt\trecebido\t{self.un[g]}\t{ts(t_env)}\t{ts(t_rec)}\t{recebedor}\t"
                        f"{v(atrib)}\t\\N\t\n"
                    )
            else:
                g = 1 + i % (N_UNIDADES - 1)
                criador = self.user_un[g]
                andamentos.append(self._geracao(g, criador, t, nup_fmt, tipo, nivel))
                if i % 5 in (1, 2, 3):
                    d = 1 + (i // 5) % (N_UNIDADES - 1)
                    if d == g:
                        d = 1 + d % (N_UNIDADES - 1)
                    if i % 50 == 7:
                        d = 0  # concluded in the target unit: it holds closed rows too
                    t_env = t + (i % 24 + 1) * hora
                    t_rec = t_env + hora
                    aberta = d != 0 and i % 20 == 3
                    recebedor = self.user_un[d] if d else self.alvo_users[i % len(self.alvo_users)]
                    w_ativ(
                        f"{pid}\t{self.un[g]}\tf\tgerado\t\\N\t{ts(t)}\t{ts(t)}\t{criador}\t\\N\t{ts(t_env)}\t\n"
                    )
                    andamentos.append(self._remessa(g, criador, t_env, d, manter=False, retorno=None))
                    andamentos.append(
                        (
                            d,
                            recebedor,
                            t_rec,
                            "recebimento",
                            f"Processo recebido na unidade {self.sigla[d]}",
                            {"remetente": self.sigla[g]},
                        )
                    )
                    fim_d = None if aberta else min(t_env + timedelta(days=10), agora)
                    w_ativ(
                        f"{pid}\t{self.un[d]}\t{v(aberta)}\trecebido\t{self.un[g]}\t{ts(t_env)}\t{ts(t_rec)}\t"
                        f"{recebedor}\t{v(recebedor if aberta else None)}\t{ts(fim_d)}\t\n"
                    )
                    if not aberta:
                        andamentos.append(self._conclusao(d, recebedor, fim_d))
                else:
                    aberta = i % 10 == 0
                    fim_g = None if aberta else min(t + timedelta(days=30), agora)
                    w_ativ(
                        f"{pid}\t{self.un[g]}\t{v(aberta)}\tgerado\t\\N\t{ts(t)}\t{ts(t)}\t{criador}\t"
                        f"{v(criador if aberta else None)}\t{ts(fim_g)}\t\n"
                    )
                    if not aberta:
                        andamentos.append(self._conclusao(g, criador, fim_g))

            # History with its keyed chain, exactly as processos.services.historico.registrar does.
            anterior = ""
            for un_idx, usuario, quando, tipo_and, descricao, atributos in andamentos:
                chave_id, novo = self._selar(
                    anterior, nup, self.un[un_idx], usuario, quando, tipo_and, descricao, atributos
                )
                w_and(
                    f"{pid}\t{self.un[un_idx]}\t{usuario}\t{ts(quando)}\t{tipo_and}\t{descricao}\t"
                    f"{json.dumps(atributos, ensure_ascii=False)}\t{anterior}\t{novo}\t{chave_id}\n"
                )
                anterior = novo
            w_proc(
                f"{pid}\t{nup}\t{self.orgao_id}\t{self.un[g]}\t{criador}\t{ts(t)}\t{tipo.pk}\t"
                f"Solicitação {seq}/{self.ano}\t{nivel}\t{v(hip)}\t{nivel}\t{estado}\t{motivo}\t\\N\t{anterior}\n"
            )
            w_int(f"{pid}\t{INTERESSADOS[i % len(INTERESSADOS)]}\t\t0\n")
        return saida

    def _geracao(self, un_idx, usuario, quando, nup_fmt, tipo, nivel):
        return (
            un_idx,
            usuario,
            quando,
            "geracao",
            f"Processo {nup_fmt} gerado na unidade {self.sigla[un_idx]}",
            {"tipo": tipo.nome, "nivel_acesso": self.chave_nivel[nivel]},
        )

    def _remessa(self, un_idx, usuario, quando, destino, *, manter, retorno):
        atributos = {"unidades": [self.sigla[destino]], "manter_aberto": manter}
        if retorno:
            atributos["retorno_programado"] = retorno
        descricao = f"Processo remetido pela unidade {self.sigla[un_idx]} para {self.sigla[destino]}"
        return (un_idx, usuario, quando, "remessa", descricao, atributos)

    def _conclusao(self, un_idx, usuario, quando):
        return (
            un_idx,
            usuario,
            quando,
            "conclusao",
            f"Processo concluído na unidade {self.sigla[un_idx]}",
            {},
        )


INTERESSADOS = [
    "Maria da Silva",
    "João Pereira",
    "Ana Souza",
    "Carlos Oliveira",
    "Francisca Santos",
    "Secretaria de Estado da Fazenda",
    "Prefeitura Municipal",
    "Construtora Horizonte Ltda.",
]

COLUNAS = {
    "processo": (
        "processos_processo",
        "id, nup, orgao_id, unidade_geradora_id, criado_por_id, criado_em, tipo_id, especificacao, nivel_acesso, "
        "hipotese_legal_id, nivel_acesso_global, estado, sobrestamento_motivo, processo_principal_id, hash_andamentos",
    ),
    "interessado": ("processos_interessado", "processo_id, nome, cpf_cnpj, ordem"),
    "atividade": (
        "processos_atividade",
        "processo_id, unidade_id, aberta, origem, remetente_id, aberta_em, recebida_em, recebida_por_id, "
        "atribuida_a_id, concluida_em, observacao",
    ),
    "andamento": (
        "processos_andamento",
        "processo_id, unidade_id, usuario_id, criado_em, tipo, descricao, atributos, hash_anterior, hash, chave_id",
    ),
    "retorno": (
        "processos_retornoprogramado",
        "processo_id, unidade_origem_id, unidade_destino_id, data, criado_em, devolvido_em",
    ),
    "credencial": (
        "processos_credencial",
        "processo_id, usuario_id, unidade_id, concedida_por_id, concedida_em, cassada_em, cassada_por_id",
    ),
}


def preencher(processos: int, abertos: int) -> None:
    from django.db import connection, transaction

    from processos.models import ContadorNUP
    from processos.services import contagem

    inicio = time.perf_counter()
    print(f"Preenchendo o banco: {mil(processos)} processos, {mil(abertos)} abertos na unidade alvo...")
    with transaction.atomic():
        # Bulk load: skip the per-row foreign-key triggers (the generator only writes valid
        # references). Needs a superuser; without one the load is just slower.
        try:
            with transaction.atomic(), connection.cursor() as c:
                c.execute("SET LOCAL session_replication_role = replica")
        except Exception:
            print(
                "  (sem permissão para desligar os gatilhos de chave estrangeira durante a carga: mais lento)"
            )
        orgao, unidades, usuarios_alvo, usuario_da_unidade = criar_estrutura(processos, abertos)
        with connection.cursor() as c:
            c.execute("SELECT COALESCE(MAX(id), 0) FROM processos_processo")
            base_id = c.fetchone()[0]
        gerador = Gerador(
            processos=processos,
            abertos=abertos,
            base_id=base_id,
            orgao=orgao,
            unidades=unidades,
            usuarios_alvo=usuarios_alvo,
            usuario_da_unidade=usuario_da_unidade,
        )
        with connection.cursor() as c:
            for lote_inicio in range(1, processos + 1, LOTE):
                lote_fim = min(lote_inicio + LOTE, processos + 1)
                dados = gerador.lote(lote_inicio, lote_fim)
                for chave in ("processo", "interessado", "atividade", "andamento", "retorno", "credencial"):
                    tabela, colunas = COLUNAS[chave]
                    texto = dados[chave].getvalue()
                    if not texto:
                        continue
                    with c.cursor.copy(f"COPY {tabela} ({colunas}) FROM STDIN") as copia:
                        copia.write(texto.encode())
                print(
                    f"  {mil(lote_fim - 1):>9} processos ({time.perf_counter() - inicio:5.0f} s)", flush=True
                )
            c.execute(
                "SELECT setval(pg_get_serial_sequence('processos_processo', 'id'), "
                "(SELECT MAX(id) FROM processos_processo))"
            )
            # Who may know of and read each loaded process (sei_alcance), derived in SQL by the
            # same statements the migration uses for existing processes (tests hold them to the
            # services' rule).
            derivacao = import_module("processos.migrations.0010_alcance_dos_processos")
            for sql in derivacao.INSERIR:
                c.execute(sql + " AND p.id > %s", [base_id])
        # The inbox counters follow from the loaded rows and their principals.
        contagem.recontar()
        # The NUP counters continue where the load stopped: processo_criar works afterwards.
        for ano, ultimo in gerador.seq.items():
            ContadorNUP.objects.update_or_create(
                codigo_protocolo=CODIGO_PROTOCOLO, ano=ano, defaults={"ultimo": ultimo}
            )
    print(f"  carga gravada em {time.perf_counter() - inicio:.0f} s; VACUUM ANALYZE...", flush=True)
    with connection.cursor() as c:
        for tabela in [*(t for t, _ in COLUNAS.values()), "sei_alcance"]:
            c.execute(f"VACUUM ANALYZE {tabela}")
        c.execute("ANALYZE")
    print(f"  pronto em {time.perf_counter() - inicio:.0f} s.")


# --- Measuring ------------------------------------------------------------------------------


def percentil(valores: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordenados = sorted(valores)
    return ordenados[max(0, math.ceil(q * len(ordenados)) - 1)]


def cronometrar(funcao, repeticoes: int, aquecimento: int) -> list[float]:
    """Milliseconds of each of ``repeticoes`` calls, after ``aquecimento`` untimed ones."""
    for _ in range(aquecimento):
        funcao()
    tempos = []
    for _ in range(repeticoes):
        inicio = time.perf_counter()
        funcao()
        tempos.append((time.perf_counter() - inicio) * 1000)
    return tempos


def tocar(itens) -> list[tuple]:
    """Read what the inbox template shows of each row (a lazy query here would be counted)."""
    return [
        (
            item.pk,
            item.nup_formatado,
            item.tipo_nome,
            item.especificacao,
            item.sigiloso,
            item.nao_lida,
            item.atribuida_a,
            item.remetente,
            item.retorno_data,
            item.aguardando_retorno_data,
        )
        for item in itens
    ]


# The page shows two columns, each its own keyset-paginated list (processos.views.controle);
# "todos" (no origem) and "meus" are other ways the selector can be called.
VARIANTES = {
    "recebidos": ("Recebidos", {"origem": "recebido"}),
    "gerados": ("Gerados", {"origem": "gerado"}),
    "todos": ("Todos (sem origem)", {}),
    "meus": ("Meus (recebidos)", {"origem": "recebido", "meus": True}),
    # The detailed view (its columns read in two more queries) and its sortable orders. Those
    # other than the arrival order are offered up to selectors.LIMITE_ORDENACAO rows only; here
    # they are measured over the whole list, the limit lifted, to show what it protects.
    "detalhada": ("Recebidos detalhada", {"origem": "recebido", "detalhes": True}),
    "nup": ("Recebidos por NUP", {"origem": "recebido", "ordem": "nup", "detalhes": True}),
    "tipo": ("Recebidos por tipo", {"origem": "recebido", "ordem": "tipo", "detalhes": True}),
    "andamento": ("Recebidos por andamento", {"origem": "recebido", "ordem": "-andamento", "detalhes": True}),
}


def cursor_da_pagina(ator, pagina: int, limite: int, filtros: dict) -> tuple[str | None, int]:
    """The keyset cursor of page ``pagina``, or of the deepest full page when there are fewer."""
    from processos.selectors import caixa_pagina

    cursor, numero = None, 1
    anterior = (None, 1)
    while numero < pagina:
        atual = caixa_pagina(ator=ator, cursor=cursor, limite=limite, **filtros)
        if atual.proximo is None:
            break
        anterior = (cursor, numero)
        cursor, numero = atual.proximo, numero + 1
    if numero > 1 and len(caixa_pagina(ator=ator, cursor=cursor, limite=limite, **filtros).itens) < limite:
        cursor, numero = anterior  # the last page is partial: use the one before it
    return cursor, numero


def medir_pagina(ator, cursor, limite, filtros, repeticoes, aquecimento) -> dict:
    """The selector as a view calls it, then the very SQL it ran, raw, on the same connection."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from processos.selectors import caixa_pagina

    def chamada():
        pagina = caixa_pagina(ator=ator, cursor=cursor, limite=limite, **filtros)
        tocar(pagina.itens)
        return pagina

    with CaptureQueriesContext(connection) as capturadas:
        linhas = len(chamada().itens)
    sqls = [q["sql"] for q in capturadas.captured_queries]
    django_ms = cronometrar(chamada, repeticoes, aquecimento)

    bruta = connection.connection  # the psycopg connection Django uses (client-side binding)

    def chamada_bruta():
        with bruta.cursor() as cur:
            for sql in sqls:
                cur.execute(sql)
                cur.fetchall()

    bruto_ms = cronometrar(chamada_bruta, repeticoes, aquecimento)
    return {"linhas": linhas, "consultas": len(sqls), "sqls": sqls, "django": django_ms, "bruto": bruto_ms}


def explicar(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [linha[0] for linha in c.fetchall()]


def resumo_plano(plano: list[str]) -> list[str]:
    """The top node, the nodes reading processos_atividade (with their conditions) and its sort."""
    resumo, incluir_detalhes = [], False
    for n, linha in enumerate(plano):
        texto = linha.strip()
        if texto.startswith(("Planning Time", "Execution Time")):
            resumo.append(linha)
        elif n == 0 or texto.startswith("->"):
            seguinte = plano[n + 1] if n + 1 < len(plano) else ""
            incluir_detalhes = (
                n == 0
                or "processos_atividade" in texto
                or "atividade_caixa" in texto
                or (" Sort " in f" {texto} " and "processos_atividade" in seguinte)
            )
            if incluir_detalhes:
                resumo.append(linha)
        elif incluir_detalhes and texto.startswith(
            ("Index Cond", "Filter", "Rows Removed", "Recheck Cond", "Sort Key", "Sort Method", "Buffers")
        ):
            resumo.append(linha)
    return resumo


_PROXIMA = re.compile(r"""<a\b[^>]*\bhref=["']([^"']+)["'][^>]*>\s*Próxima""", re.IGNORECASE)


def medir_http(usuario, unidade, repeticoes, aquecimento, pagina_profunda) -> list[tuple]:
    """The whole page and the API endpoint through Django's test client, when they exist.

    Built by others in parallel: anything missing or failing is reported, never fatal.
    """
    import logging
    import warnings

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from sei.contexto import SESSAO_UNIDADE

    logging.getLogger("axes").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="No directory at")
    cliente = Client(HTTP_HOST="localhost", HTTP_X_UNIDADE=unidade.sigla)
    cliente.force_login(usuario)
    sessao = cliente.session
    sessao[SESSAO_UNIDADE] = unidade.pk
    sessao.save()

    def proxima_pagina_html(resposta) -> str | None:
        html = resposta.content.decode()
        inicio = max(html.find("Páginas de Recebidos"), 0)  # the Recebidos column's own pager
        achado = _PROXIMA.search(html, inicio)
        return achado.group(1).replace("&amp;", "&") if achado else None

    def proxima_pagina_api(resposta) -> str | None:
        proximo = resposta.json().get("next")
        return urlsplit(proximo)._replace(scheme="", netloc="").geturl() if proximo else None

    resultados = []
    for rotulo, nome_url, query, seguinte in (
        # The view is remembered in the session: each page names its own.
        ("Página Controle de Processos", "processos:controle", "?visao=resumida", proxima_pagina_html),
        ("Página detalhada", "processos:controle", "?visao=detalhada", proxima_pagina_html),
        ("API /controle-processos/", "api-controle-processos", "", proxima_pagina_api),
    ):
        try:
            url = reverse(nome_url) + query
        except NoReverseMatch:
            resultados.append((rotulo, f"a rota {nome_url} não existe"))
            continue
        try:
            resposta = cliente.get(url)
            if resposta.status_code != 200:
                resultados.append((rotulo, f"respondeu {resposta.status_code}"))
                continue
            enderecos, atual, numero = [(1, url)], url, 1
            while numero < pagina_profunda:
                proximo = seguinte(resposta)
                if proximo is None:
                    break
                atual, numero = proximo, numero + 1
                resposta = cliente.get(atual)
            if numero > 1:
                enderecos.append((numero, atual))
            for numero, endereco in enderecos:
                with CaptureQueriesContext(connection) as capturadas:
                    cliente.get(endereco)
                consultas = len(capturadas.captured_queries)  # now: the next request clears the log
                tempos = cronometrar(lambda e=endereco: cliente.get(e), repeticoes, aquecimento)
                resultados.append((rotulo, numero, consultas, tempos))
        except Exception as erro:  # noqa: BLE001 - informational only
            resultados.append((rotulo, f"falhou: {erro.__class__.__name__}: {erro}"))
    return resultados


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark do Controle de Processos (caixa da unidade).")
    parser.add_argument("--processos", type=int, default=1_000_000)
    parser.add_argument("--abertos", type=int, default=10_000, help="processos abertos na unidade alvo")
    parser.add_argument("--repeticoes", type=int, default=50)
    parser.add_argument("--aquecimento", type=int, default=5)
    parser.add_argument("--pagina", type=int, default=100, help="página profunda (padrão 100)")
    parser.add_argument("--por-pagina", type=int, default=50)
    parser.add_argument(
        "--variantes",
        default="recebidos,gerados,todos,detalhada,nup,tipo,andamento",
        help=f"listas medidas, separadas por vírgula: {', '.join(VARIANTES)}",
    )
    parser.add_argument("--plano-completo", action="store_true", help="EXPLAIN ANALYZE inteiro")
    parser.add_argument("--sem-http", action="store_true", help="não mede a página e a API pelo cliente HTTP")
    parser.add_argument("--recriar", action="store_true", help="apaga e recria o banco antes de preencher")
    parser.add_argument(
        "--fumaca",
        action="store_true",
        help=f"teste de fumaça: {mil(FUMACA['processos'])} processos, {FUMACA['repeticoes']} repetições, "
        f"num banco <nome>{SUFIXO_FUMACA} apagado no fim; sai com 1 se algo falhar",
    )
    args = parser.parse_args()
    if args.fumaca:
        vars(args).update(FUMACA, recriar=True)

    if args.abertos <= 0 or args.processos < args.abertos:
        sair("--abertos deve ser positivo e no máximo --processos.")
    variantes = [v.strip() for v in args.variantes.split(",") if v.strip()]
    if not variantes or any(v not in VARIANTES for v in variantes):
        sair(f"Variantes possíveis: {', '.join(VARIANTES)}.")
    if urlsplit(os.environ.get("DATABASE_URL", "")).scheme not in ("postgres", "postgresql", "pgsql"):
        sair(
            "Este benchmark roda só em PostgreSQL: defina DATABASE_URL=postgres://... "
            "(o SQLite embutido não serve para medir a caixa com um milhão de processos)."
        )
    banco_fumaca = usar_banco_de_fumaca() if args.fumaca else None

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sair("Este benchmark roda só em PostgreSQL.")
    try:
        problemas = executar(args, variantes)
    finally:
        if banco_fumaca:
            apagar_banco(banco_fumaca)
    if args.fumaca:
        if problemas:
            sair("Fumaça: FALHOU\n" + "\n".join(f"  - {p}" for p in problemas), 1)
        print(f"\nFumaça: ok (banco {banco_fumaca!r} apagado).")


def executar(args, variantes: list[str]) -> list[str]:
    """Fill (when needed) and measure; returns what a smoke run must fail on (an empty list
    when the measured pages have rows, the deep page was reached, the HTTP pages answered and the
    generated history verifies)."""
    from django.db import connection

    from processos.models import Atividade, Processo
    from processos.services.historico import cadeias_quebradas
    from sei.acesso import Ator
    from sei.models import Unidade, Usuario

    preparar_banco(args.recriar)
    if carga_existente(args.processos, args.abertos):
        print("Banco já preenchido com esse tamanho: direto às medições.")
    else:
        preencher(args.processos, args.abertos)

    unidade = Unidade.objects.get(orgao__sigla=ORGAO_SIGLA, sigla="BENCH-00")
    usuario = Usuario.objects.get(username="bench.alvo")
    ator = Ator(usuario=usuario, unidade=unidade)
    with connection.cursor() as c:
        c.execute("SHOW server_version")
        versao = c.fetchone()[0].split()[0]
    print(
        f"\nPostgreSQL {versao}; {mil(Processo.objects.count())} processos; "
        f"{mil(Atividade.objects.filter(unidade=unidade, aberta=True).count())} abertos na unidade "
        f"{unidade.sigla}, vistos por {usuario.username}; {args.por_pagina} linhas por página; "
        f"{args.repeticoes} repetições após {args.aquecimento} de aquecimento; "
        f"{os.cpu_count()} CPUs, carga média {os.getloadavg()[0]:.2f} agora."
    )

    from processos import selectors

    limite_ordenacao = selectors.LIMITE_ORDENACAO
    selectors.LIMITE_ORDENACAO = 10**9  # the sort variants measure the whole list (see VARIANTES)
    problemas = []
    linhas, planos = [], []
    for chave in variantes:
        rotulo, filtros = VARIANTES[chave]
        cursor_fundo, numero_fundo = cursor_da_pagina(ator, args.pagina, args.por_pagina, filtros)
        if numero_fundo == 1:
            problemas.append(f"{rotulo}: a lista não passou da 1ª página completa")
        paginas = [(1, None)] + ([(numero_fundo, cursor_fundo)] if numero_fundo > 1 else [])
        for numero, cursor in paginas:
            r = medir_pagina(ator, cursor, args.por_pagina, filtros, args.repeticoes, args.aquecimento)
            if r["linhas"] == 0:
                problemas.append(f"{rotulo}, página {numero}: nenhuma linha")
            dj50, dj95 = percentil(r["django"], 0.5), percentil(r["django"], 0.95)
            sq50, sq95 = percentil(r["bruto"], 0.5), percentil(r["bruto"], 0.95)
            linhas.append((rotulo, numero, r["linhas"], r["consultas"], dj50, dj95, sq50, sq95, dj50 / sq50))
            if cursor is not None:
                planos.append((rotulo, numero, explicar(r["sqls"][0])))

    print()
    print(
        f"{'lista':<24} {'página':>6} {'linhas':>6} {'SQLs':>4}   {'Django p50':>10} {'p95':>6}   "
        f"{'SQL bruto p50':>13} {'p95':>6}   {'Django/SQL':>10}"
    )
    for rotulo, numero, n, consultas, dj50, dj95, sq50, sq95, razao in linhas:
        print(
            f"{rotulo:<24} {numero:>6} {n:>6} {consultas:>4}   {dj50:>10.2f} {dj95:>6.2f}   "
            f"{sq50:>13.2f} {sq95:>6.2f}   {razao:>10.2f}"
        )
    print(
        "Tempos em ms. Django: processos.selectors.caixa_pagina montando a página e lendo o que o modelo "
        "mostra.\nSQL bruto: as mesmas consultas (texto exato capturado) num cursor psycopg, com fetchall()."
    )

    selectors.LIMITE_ORDENACAO = limite_ordenacao
    http = (
        [] if args.sem_http else medir_http(usuario, unidade, args.repeticoes, args.aquecimento, args.pagina)
    )
    if http:
        print("\nPelo cliente HTTP de teste do Django (sessão autenticada; middleware, view e modelo):")
        for resultado in http:
            if len(resultado) == 2:
                print(f"  {resultado[0]}: não medida — {resultado[1]}.")
                problemas.append(f"{resultado[0]}: {resultado[1]}")
            else:
                rotulo, numero, consultas, tempos = resultado
                print(
                    f"  {rotulo:<32} página {numero:>3}: {consultas:>2} SQLs, "
                    f"p50 {percentil(tempos, 0.5):6.2f} ms, p95 {percentil(tempos, 0.95):6.2f} ms"
                )

    for rotulo, numero, plano in planos:
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) da consulta — {rotulo}, página {numero}:")
        for linha in plano if args.plano_completo else resumo_plano(plano):
            print("  " + linha)

    print(
        f"\nMetas (informativas): p95 < {META_P95_MS:.0f} ms; Django/SQL bruto ≤ {META_RAZAO:.1f} (mediana)."
    )
    for rotulo, numero, _, _, _, dj95, _, _, razao in linhas:
        ok95 = "ok" if dj95 < META_P95_MS else "NÃO"
        okr = "ok" if razao <= META_RAZAO else "NÃO"
        print(f"  {rotulo:<24} página {numero:>3}: p95 {ok95:<3}  razão {okr}")
    for resultado in http:
        if len(resultado) == 4:
            rotulo, numero, _, tempos = resultado
            ok95 = "ok" if percentil(tempos, 0.95) < META_P95_MS else "NÃO"
            print(f"  {rotulo:<32} página {numero:>3}: p95 {ok95}")

    if args.fumaca:
        # The generated history must verify as the services' would (seconds at this size).
        quebradas = list(cadeias_quebradas())
        problemas += [f"histórico de {nup}: {problema}" for nup, problema in quebradas[:5]]
        print(f"Histórico: {mil(Processo.objects.count())} processos, {len(quebradas)} cadeias quebradas.")
    return problemas


if __name__ == "__main__":
    main()
