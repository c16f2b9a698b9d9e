"""Demo data for the embedded quickstart (``./scripts/run``): safe to run again.

Lives in the topmost app because it fills every app below it (organisation, processes,
documents, signers); it moves up when a later app adds demo data of its own.

Creates (or updates) one órgão, a small unit hierarchy and six users (plus the logins the apps
above add through ``AppConfig.demo``: the portal's external users), and, the first time
only, a few processes moved through the real services so the inbox has received, unread,
generated and restrito processes, and a few documents in them (an Ofício written in the
editor's HTML, Despachos, a restrito Informação, an external PDF) so the process tree looks
real. Documents are added only while the órgão has none, so a re-run never duplicates them.
Then the bulk (``demo_volume``): processes up to ``--processos`` in all (300 by default), each
through the services; a re-run adds only what is missing. Every demo user gets a cargo to sign
with (Assinantes).

Passwords: made once and kept in ``$SEI_VAR_DIR/demo_senhas.json`` (0600), so restarting
``./scripts/run`` does not log everyone out of their habits; printed every run. ``--renovar-senhas``
(or ``SEI_DEMO_RENOVAR_SENHAS=1``) makes new ones. A password the user changed (by hand, or by
"Esqueci minha senha") is left alone and printed as "(alterada)".
"""

import json
import os
import secrets
import time
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from assinaturas import provisionamento
from documentos import pdf
from documentos import services as documentos
from documentos.models import Documento, TipoDocumento
from documentos.variaveis import data_por_extenso
from processos import services as processos
from processos.models import HipoteseLegal, NivelAcesso, Processo, TipoProcesso
from sei import indexacao, services, tarefas
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida
from sei.management.base import Comando
from sei.models import Lotacao
from sei.validators import digitos_verificadores_cpf

from ..demo_volume import Gerador

ORGAO = {"sigla": "SEGER", "nome": "Secretaria de Estado de Gestão", "codigo_protocolo": "52300"}
# sigla, nome, superior
UNIDADES = [
    ("GAB", "Gabinete do Secretário", None),
    ("DIRAD", "Diretoria de Administração", "GAB"),
    ("PROTOCOLO", "Protocolo Geral", "DIRAD"),
    ("SEAD", "Seção de Apoio Administrativo", "DIRAD"),
    ("ARQUIVO", "Arquivo Central", "DIRAD"),
]
# login, nome, cpf (9 digits; check digits computed), unidades, perfil, superusuário
USUARIOS = [
    (
        "admin",
        "Administradora do Sistema",
        "111444777",
        ["GAB", "PROTOCOLO"],
        Lotacao.Perfil.ADMINISTRADOR,
        True,
    ),
    ("maria", "Maria Oliveira", "529982247", ["PROTOCOLO"], Lotacao.Perfil.BASICO, None),
    ("joao", "João Santos", "123456789", ["DIRAD", "SEAD"], Lotacao.Perfil.BASICO, None),
    ("ana", "Ana Costa", "987654321", ["SEAD"], Lotacao.Perfil.BASICO, None),
    ("pedro", "Pedro Almeida", "321654987", ["PROTOCOLO", "ARQUIVO"], Lotacao.Perfil.BASICO, None),
    ("carla", "Carla Mendes", "456123789", ["GAB", "DIRAD"], Lotacao.Perfil.BASICO, None),
]
# The cargo each demo user signs with, in every unit of the órgão.
CARGOS = {
    "admin": "Secretária de Estado",
    "maria": "Analista Administrativo",
    "joao": "Diretor de Administração",
    "ana": "Analista Administrativo",
    "pedro": "Técnico de Protocolo",
    "carla": "Chefe de Gabinete",
}
PROCESSOS_PADRAO = 300


def cpf_com_digitos(base: str) -> str:
    return base + digitos_verificadores_cpf(base)


def _tipo(nome: str, nivel: int) -> TipoProcesso:
    tipo = TipoProcesso.objects.filter(nome=nome, ativo=True).first()
    if tipo is None or nivel not in tipo.niveis_permitidos:
        campo = {NivelAcesso.PUBLICO: "permite_publico", NivelAcesso.RESTRITO: "permite_restrito"}[nivel]
        tipo = TipoProcesso.objects.filter(ativo=True, **{campo: True}).order_by("pk").first()
    if tipo is None:
        raise CommandError("Não há tipos de processo cadastrados: rode manage.py migrate.")
    return tipo


def _hipotese(nome: str) -> HipoteseLegal:
    hipotese = (
        HipoteseLegal.objects.filter(nivel=NivelAcesso.RESTRITO, ativa=True, nome=nome).first()
        or HipoteseLegal.objects.filter(nivel=NivelAcesso.RESTRITO, ativa=True).order_by("pk").first()
    )
    if hipotese is None:
        raise CommandError("Não há hipóteses legais cadastradas: rode manage.py migrate.")
    return hipotese


def _arquivo_senhas() -> Path:
    return Path(settings.VAR_DIR) / "demo_senhas.json"


def _banco() -> str:
    """The file keeps one set of passwords per database (a test's database leaves the real ones be)."""
    config = connection.settings_dict
    return f"{connection.vendor}:{config.get('HOST') or ''}:{config['NAME']}"


def _senhas_guardadas() -> dict[str, str]:
    try:
        return json.loads(_arquivo_senhas().read_text()).get(_banco(), {})
    except (OSError, ValueError, AttributeError):
        return {}


def _guardar_senhas(senhas: dict[str, str]) -> None:
    arquivo = _arquivo_senhas()
    try:
        todas = json.loads(arquivo.read_text())
        todas = todas if isinstance(todas, dict) else {}
    except (OSError, ValueError):
        todas = {}
    todas[_banco()] = senhas
    arquivo.parent.mkdir(parents=True, exist_ok=True)
    temporario = arquivo.with_suffix(".tmp")
    temporario.write_text(json.dumps(todas, indent=1))
    temporario.chmod(0o600)
    temporario.replace(arquivo)


def _senha(usuario, guardada: str | None, renovar: bool) -> str | None:
    """The kept password; a new one on the first run or when asked to renew; None when the user
    changed it (by hand, or "Esqueci minha senha"): theirs is left alone."""
    if guardada and not renovar:
        return guardada if usuario.check_password(guardada) else None
    return _senha_nova(usuario)


def _senha_nova(usuario) -> str:
    for _ in range(10):
        senha = secrets.token_urlsafe(9)
        try:
            services.usuario_definir_senha(usuario=usuario, senha=senha)
        except EntradaInvalida:
            continue
        return senha
    raise CommandError("Não foi possível gerar uma senha aceita pelos validadores.")


class Command(Comando):
    help = "Carrega dados de demonstração (órgão, unidades, usuários, processos) e imprime os logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--forcar",
            action="store_true",
            help="Carrega mesmo com DATABASE_URL configurada (nunca em produção: cria usuários conhecidos).",
        )
        parser.add_argument(
            "--processos",
            type=int,
            default=PROCESSOS_PADRAO,
            help=f"Quantos processos o órgão de demonstração deve ter ao todo (padrão {PROCESSOS_PADRAO}).",
        )
        parser.add_argument(
            "--renovar-senhas",
            action="store_true",
            default=os.environ.get("SEI_DEMO_RENOVAR_SENHAS", "").lower()
            in {"1", "true", "yes", "sim", "on"},
            help="Gera senhas novas para os logins de demonstração (também SEI_DEMO_RENOVAR_SENHAS=1).",
        )

    def handle(self, *args, **opcoes):
        if not settings.EMBUTIDO and not opcoes["forcar"]:
            raise CommandError(
                "DATABASE_URL está configurada: os dados de demonstração são só para o modo embutido. "
                "Use --forcar se tiver certeza."
            )
        orgao, _ = services.orgao_salvar(**ORGAO)
        # The demo's LAI requests are open to the pesquisa pública (/publico/pesquisa/).
        lai = TipoProcesso.objects.filter(nome="Acesso à Informação: Pedido (LAI)").first()
        if lai is not None and not lai.pesquisa_publica:
            processos.tipo_processo_definir_pesquisa_publica(tipo=lai, pesquisa_publica=True)
        unidades = {}
        for sigla, nome, superior in UNIDADES:
            unidades[sigla], _ = services.unidade_salvar(
                orgao=orgao, sigla=sigla, nome=nome, superior=unidades.get(superior)
            )
        usuarios, linhas = {}, []
        guardadas, senhas = _senhas_guardadas(), {}
        for login, nome, cpf, siglas, perfil, superusuario in USUARIOS:
            usuario, _ = services.usuario_salvar(
                login=login,
                nome=nome,
                cpf=cpf_com_digitos(cpf),
                email=f"{login}@seger.exemplo.gov.br",
                unidades=[unidades[s] for s in siglas],
                perfil=perfil,
                superusuario=superusuario,
            )
            usuarios[login] = usuario
            provisionamento.assinante_salvar(usuario=usuario, cargo=CARGOS[login], unidades=[])
            extra = " (administrador; acesso a /admin/)" if superusuario else ""
            senha = _senha(usuario, guardadas.get(login), opcoes["renovar_senhas"])
            if senha is None:
                senhas[login] = guardadas[login]  # kept: a later --renovar-senhas still replaces it
            else:
                senhas[login] = senha
            linhas.append((login, senha or "(alterada)", ", ".join(siglas) + extra))
        # Apps above this one add their own logins (``AppConfig.demo``: the portal's external users).
        for config in apps.get_app_configs():
            if getattr(config, "demo", None):
                for login, usuario, descricao in import_string(config.demo)():
                    senha = _senha(usuario, guardadas.get(login), opcoes["renovar_senhas"])
                    senhas[login] = senha if senha is not None else guardadas[login]
                    linhas.append((login, senha or "(alterada)", descricao))
        _guardar_senhas(senhas)

        if not Processo.objects.filter(orgao=orgao).exists():
            self._processos(usuarios, unidades)
        if not Documento.objects.filter(processo__orgao=orgao).exists():
            self._documentos(orgao, usuarios, unidades)
        self._volume(orgao, usuarios, unidades, opcoes["processos"], falar=opcoes["verbosity"] >= 1)

        self.stdout.write(f"Dados de demonstração prontos (órgão {orgao.sigla}). Logins:")
        self.stdout.write(f"  {'login':<11} {'senha':<14} unidades")
        for login, senha, siglas in linhas:
            self.stdout.write(f"  {login:<11} {senha:<14} {siglas}")

    def _volume(self, orgao, usuarios, unidades, total, *, falar):
        """Processes up to ``total`` in the órgão (``demo_volume``). Their tasks are held back and
        only the search indexing runs, once at the end; each document's PDF is made on its first
        reading, as after a broker outage (sei.tarefas)."""
        existentes = Processo.objects.filter(orgao=orgao).count()
        if existentes >= total:
            return
        lotacoes = {sigla: [] for sigla, _, _ in UNIDADES}
        for login, _, _, siglas, _, _ in USUARIOS:
            for sigla in siglas:
                lotacoes[sigla].append(login)
        gerador = Gerador(usuarios=usuarios, unidades=unidades, lotacoes=lotacoes)
        inicio = time.monotonic()
        with tarefas.adiadas() as adiadas:
            for i in range(existentes, total):
                gerador.processo(i)
                if falar and (i + 1) % 50 == 0:
                    self.stdout.write(f"  {i + 1} de {total} processos...")
        for nome, args in adiadas:  # the received PDFs' text, for the search
            if nome == "documentos.tasks.extrair_texto":
                tarefas.publicar(nome, *args)
        # One indexing run for all of it (it also clears the wake-up flag the held ones left).
        tarefas.publicar(indexacao.TAREFA)
        self.stdout.write(
            f"{total - existentes} processos de demonstração criados em {time.monotonic() - inicio:.0f} s."
        )

    def _processos(self, usuarios, unidades):
        def ator(login, sigla):
            return Ator(usuario=usuarios[login], unidade=unidades[sigla])

        publico = NivelAcesso.PUBLICO
        # 1. Received, still unread, in DIRAD.
        pagamento = processos.processo_criar(
            ator=ator("maria", "PROTOCOLO"),
            tipo=_tipo("Finanças: Pagamento", publico),
            nivel_acesso=publico,
            especificacao="Pagamento da fatura de energia elétrica de outubro",
            interessados=["Companhia Estadual de Energia"],
        )
        processos.processo_enviar(
            ator=ator("maria", "PROTOCOLO"), processo=pagamento, destinos=[unidades["DIRAD"]]
        )

        # 2. Restrito: generated in DIRAD (kept open), sent to SEAD and received there.
        ferias = processos.processo_criar(
            ator=ator("joao", "DIRAD"),
            tipo=_tipo("Pessoal: Férias", NivelAcesso.RESTRITO),
            nivel_acesso=NivelAcesso.RESTRITO,
            hipotese_legal=_hipotese("Informação Pessoal"),
            especificacao="Programação de férias de dezembro",
            interessados=["Ana Costa"],
            observacao="Conferir saldo de férias antes de aprovar.",
        )
        processos.processo_enviar(
            ator=ator("joao", "DIRAD"), processo=ferias, destinos=[unidades["SEAD"]], manter_aberto=True
        )
        processos.processo_receber(ator=ator("ana", "SEAD"), processo=ferias)

        # 3. Generated and kept in DIRAD.
        processos.processo_criar(
            ator=ator("joao", "DIRAD"),
            tipo=_tipo("Licitação: Pregão Eletrônico", publico),
            nivel_acesso=publico,
            especificacao="Aquisição de material de escritório",
        )

        # 4. From the Gabinete to DIRAD (received) and PROTOCOLO (unread).
        oficio = processos.processo_criar(
            ator=ator("admin", "GAB"),
            tipo=_tipo("Administração Geral: Ofício e Correspondência", publico),
            nivel_acesso=publico,
            especificacao="Ofício-circular sobre o recadastramento de servidores",
        )
        processos.processo_enviar(
            ator=ator("admin", "GAB"), processo=oficio, destinos=[unidades["DIRAD"], unidades["PROTOCOLO"]]
        )
        processos.processo_receber(ator=ator("joao", "DIRAD"), processo=oficio)

        # 5. Concluded in PROTOCOLO (can be reopened there).
        pedido = processos.processo_criar(
            ator=ator("maria", "PROTOCOLO"),
            tipo=_tipo("Acesso à Informação: Pedido (LAI)", publico),
            nivel_acesso=publico,
            especificacao="Pedido de acesso à informação sobre diárias pagas em 2025",
            interessados=["José Pereira"],
        )
        processos.processo_concluir(ator=ator("maria", "PROTOCOLO"), processo=pedido)

    def _documentos(self, orgao, usuarios, unidades):
        """Documents in the processes above, each added where its process is open (the
        services refuse anything else); a process the demo no longer finds is skipped."""

        def ator(login, sigla):
            return Ator(usuario=usuarios[login], unidade=unidades[sigla])

        def processo(especificacao):
            return Processo.objects.filter(orgao=orgao, especificacao=especificacao).first()

        publico = NivelAcesso.PUBLICO
        material = processo("Aquisição de material de escritório")
        if material is not None:
            documentos.documento_externo_criar(
                ator=ator("joao", "DIRAD"),
                processo=material,
                tipo=_tipo_documento("Anexo"),
                arquivo=SimpleUploadedFile("proposta.pdf", _pdf_proposta()),
                nome_arquivo="proposta-papelaria-central.pdf",
                nivel_acesso=publico,
                data_documento=date(2026, 11, 3),
                descricao="Proposta Comercial",
                formato=Documento.Formato.NATO_DIGITAL,
                remetente="Papelaria Central Ltda.",
            )
            documentos.documento_interno_criar(
                ator=ator("joao", "DIRAD"),
                processo=material,
                tipo=_tipo_documento("Ofício"),
                nivel_acesso=publico,
                descricao="Pedido de proposta atualizada",
                destinatarios=["Papelaria Central Ltda."],
                conteudo=_oficio_html(),
            )

        recadastramento = processo("Ofício-circular sobre o recadastramento de servidores")
        if recadastramento is not None:
            documentos.documento_interno_criar(
                ator=ator("joao", "DIRAD"),
                processo=recadastramento,
                tipo=_tipo_documento("Despacho"),
                nivel_acesso=publico,
                conteudo=(
                    "<p>À SEAD,</p><p>Para conhecimento e ampla divulgação aos servidores lotados nesta "
                    "Diretoria, observando o prazo do recadastramento.</p>"
                ),
            )

        ferias = processo("Programação de férias de dezembro")
        if ferias is not None:
            documentos.documento_interno_criar(
                ator=ator("ana", "SEAD"),
                processo=ferias,
                tipo=_tipo_documento("Informação"),
                nivel_acesso=NivelAcesso.RESTRITO,
                hipotese_legal=_hipotese("Informação Pessoal"),
                conteudo=(
                    "<p>Informamos que a servidora possui saldo de 30 (trinta) dias de férias referentes "
                    "ao exercício de 2026, sem impedimento para o período solicitado.</p>"
                ),
            )


def _oficio_html() -> str:
    return f'<p class="text-right">{data_por_extenso(timezone.localdate())}.</p>' + OFICIO_CORPO


OFICIO_CORPO = (
    "<p>À Senhora<br><strong>Diretora Comercial</strong><br>Papelaria Central Ltda.</p>"
    "<p><strong>Assunto:</strong> Atualização de proposta para aquisição de material de escritório.</p>"
    "<p>Senhora Diretora,</p>"
    '<p class="text-justify">Solicitamos a atualização da proposta comercial encaminhada a esta '
    "Diretoria, com validade mínima de 60 (sessenta) dias, para os itens abaixo:</p>"
    "<table><thead><tr><th>Item</th><th>Quantidade</th></tr></thead>"
    "<tbody><tr><td>Papel A4, resma com 500 folhas</td><td>200</td></tr>"
    "<tr><td>Caneta esferográfica azul, caixa com 50</td><td>20</td></tr></tbody></table>"
    "<ol><li>A proposta deve discriminar preço unitário e total;</li>"
    "<li>O prazo de entrega não pode passar de 15 (quinze) dias.</li></ol>"
    "<p>Atenciosamente,</p>"
)


def _tipo_documento(nome: str) -> TipoDocumento:
    tipo = TipoDocumento.objects.filter(nome=nome, ativo=True).first()
    if tipo is None:
        raise CommandError(f"Tipo de documento {nome} não cadastrado: rode manage.py migrate.")
    return tipo


def _pdf_proposta() -> bytes:
    """A received PDF, as a supplier would send it (rendered here so the demo needs no file)."""
    return pdf.renderizar_html(
        "<h1>Papelaria Central Ltda.</h1><h2>Proposta Comercial nº 2026/118</h2>"
        "<p>À Secretaria de Estado de Gestão — Diretoria de Administração.</p>"
        "<table><tr><th>Item</th><th>Qtd.</th><th>Unitário</th><th>Total</th></tr>"
        "<tr><td>Papel A4, resma com 500 folhas</td><td>200</td><td>R$ 27,90</td><td>R$ 5.580,00</td></tr>"
        "<tr><td>Caneta esferográfica azul, caixa com 50</td><td>20</td><td>R$ 42,00</td><td>R$ 840,00</td></tr>"
        "</table><p><strong>Total: R$ 6.420,00.</strong> Validade da proposta: 30 dias.</p>",
        titulo="Proposta Comercial",
        rodape="Papelaria Central Ltda. · Proposta 2026/118",
    )
