"""Import órgãos, units and users from one CSV file (format in the README), idempotently. User
rows may carry the optional columns the apps above declare (``cargo``: assinaturas)."""

import csv
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from sei import services
from sei.exceptions import EntradaInvalida, ErroDominio
from sei.management.base import Comando

VERDADEIRO = {"", "s", "sim", "1", "true", "verdadeiro", "x"}
FALSO = {"n", "nao", "não", "0", "false", "falso"}
TIPOS = {"orgao": "órgão", "unidade": "unidade", "usuario": "usuário"}


def _sim_nao(valor: str, campo: str) -> bool:
    valor = (valor or "").strip().lower()
    if valor in VERDADEIRO:
        return True
    if valor in FALSO:
        return False
    raise EntradaInvalida(f"{campo}: use sim ou não (recebido: {valor}).")


def _lista(valor: str) -> list[str]:
    return [item.strip() for item in (valor or "").replace(";", "|").split("|") if item.strip()]


def _orgao(linha: dict):
    return services.orgao_salvar(
        sigla=linha.get("sigla", ""), nome=linha.get("nome", ""), codigo_protocolo=linha.get("codigo_protocolo", "")
    )


def _unidade(linha: dict):
    orgao = services.orgao_por_sigla(linha.get("orgao", ""))
    superior = (linha.get("superior") or "").strip()
    return services.unidade_salvar(
        orgao=orgao,
        sigla=linha.get("sigla", ""),
        nome=linha.get("nome", ""),
        superior=services.unidade_por_sigla(orgao, superior) if superior else None,
        email=linha.get("email", ""),
        recebe_processos=_sim_nao(linha.get("recebe_processos", ""), "recebe_processos"),
    )


@transaction.atomic  # a row whose cargo is refused leaves its user untouched too
def _usuario(linha: dict):
    siglas = _lista(linha.get("unidades", ""))
    if not siglas:
        raise EntradaInvalida("Informe ao menos uma unidade na coluna unidades.")
    orgao_sigla = (linha.get("orgao") or "").strip()
    if orgao_sigla:
        orgao = services.orgao_por_sigla(orgao_sigla)
        unidades = [services.unidade_por_sigla(orgao, sigla) for sigla in siglas]
    else:
        unidades = [services.unidade_por_referencia(sigla) for sigla in siglas]
    usuario, acao = services.usuario_salvar(
        login=linha.get("login", ""),
        nome=linha.get("nome", ""),
        cpf=linha.get("cpf", ""),
        email=linha.get("email", ""),
        unidades=unidades,
        senha=linha.get("senha", ""),
        perfil=linha.get("perfil", ""),
    )
    for coluna, aplicar_coluna in _colunas_de_usuario().items():
        valor = linha.get(coluna, "")
        if valor and aplicar_coluna(usuario=usuario, valor=valor, unidades=unidades) != "inalterado":
            acao = "atualizado" if acao == "inalterado" else acao
    return usuario, acao


def _colunas_de_usuario() -> dict:
    """The optional user-row columns the apps above declare (``AppConfig.colunas_estrutura_usuario``,
    e.g. ``cargo`` from assinaturas): applied here without importing those apps."""
    colunas = {}
    for config in apps.get_app_configs():
        for coluna, caminho in getattr(config, "colunas_estrutura_usuario", {}).items():
            colunas[coluna] = import_string(caminho)
    return colunas


APLICAR = {"orgao": _orgao, "unidade": _unidade, "usuario": _usuario}


class Command(Comando):
    help = (
        "Cria ou atualiza órgãos, unidades e usuários a partir de um arquivo CSV (formato no README). "
        "Pode ser executado de novo: o que já está igual não muda. As linhas recusadas são listadas "
        "com o motivo; as demais são aplicadas."
    )

    def add_arguments(self, parser):
        parser.add_argument("arquivo", type=Path)

    def handle(self, *args, **opcoes):
        arquivo: Path = opcoes["arquivo"]
        try:
            texto = arquivo.read_text(encoding="utf-8-sig")
        except OSError as erro:
            raise CommandError(f"Não foi possível ler {arquivo}: {erro.strerror}.") from erro
        except UnicodeDecodeError as erro:
            raise CommandError(f"{arquivo} não está em UTF-8.") from erro
        try:
            dialeto = csv.Sniffer().sniff(texto.split("\n", 1)[0], delimiters=",;\t")
        except csv.Error:
            dialeto = csv.excel
        leitor = csv.DictReader(texto.splitlines(keepends=True), dialect=dialeto)
        colunas = {(c or "").strip().lower() for c in (leitor.fieldnames or [])}
        if "registro" not in colunas:
            raise CommandError("O arquivo precisa de um cabeçalho com a coluna registro (orgao, unidade ou usuario).")

        contagem: Counter[tuple[str, str]] = Counter()
        recusadas: list[str] = []
        for bruta in leitor:
            numero = leitor.line_num
            linha = {(k or "").strip().lower(): (v or "").strip() for k, v in bruta.items() if k is not None}
            if not any(linha.values()):
                continue
            registro = linha.get("registro", "").lower().replace("ó", "o").replace("á", "a").replace("ã", "a")
            try:
                if registro not in APLICAR:
                    raise EntradaInvalida(
                        f"registro desconhecido: {linha.get('registro')!r} (use orgao, unidade ou usuario)."
                    )
                _, acao = APLICAR[registro](linha)
            except ErroDominio as erro:
                recusadas.append(f"linha {numero}: {erro.mensagem}")
                continue
            contagem[(registro, acao)] += 1

        for registro, nome in TIPOS.items():
            partes = [f"{contagem[(registro, acao)]} {acao}(s)" for acao in ("criado", "atualizado", "inalterado")]
            self.stdout.write(f"{nome}: " + ", ".join(partes))
        if recusadas:
            for mensagem in recusadas:
                self.stderr.write(mensagem)
            raise CommandError(f"{len(recusadas)} linha(s) recusada(s); as demais foram aplicadas.")
