"""Iniciar Processo, Alterar Processo, Atualizar Andamento."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sei import acesso, indexacao
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, RegraDeNegocio
from sei.validators import formatar_cpf_cnpj, somente_digitos, validar_cpf_cnpj

from ..models import (
    Andamento,
    Atividade,
    ContadorNUP,
    Credencial,
    HipoteseLegal,
    Interessado,
    NivelAcesso,
    Processo,
    TipoProcesso,
)
from ..nup import gerar_nup
from .credenciais import tornar_sigiloso
from .historico import exigir_aberto_aqui, registrar, travar

MAX_INTERESSADOS = 200


def validar_nivel(tipo: TipoProcesso, nivel: int, hipotese: HipoteseLegal | None) -> None:
    """The level must be permitted by the type; restrito and sigiloso need a matching hipótese."""
    erros = {}
    if nivel not in NivelAcesso.values:
        erros["nivel_acesso"] = ["Nível de acesso inválido."]
    elif nivel not in tipo.niveis_permitidos:
        erros["nivel_acesso"] = [
            f"O tipo de processo “{tipo.nome}” não permite o nível {NivelAcesso(nivel).label.lower()}."
        ]
    elif nivel == NivelAcesso.PUBLICO and hipotese is not None:
        erros["hipotese_legal"] = ["Hipótese legal não se aplica a processo público."]
    elif nivel != NivelAcesso.PUBLICO and hipotese is None:
        erros["hipotese_legal"] = ["Hipótese legal é obrigatória para processo restrito ou sigiloso."]
    elif hipotese is not None and hipotese.nivel != nivel:
        erros["hipotese_legal"] = [
            f"A hipótese legal escolhida é para o nível {NivelAcesso(hipotese.nivel).label.lower()}."
        ]
    elif hipotese is not None and not hipotese.ativa:
        erros["hipotese_legal"] = ["Hipótese legal inativa."]
    if erros:
        raise EntradaInvalida("Nível de acesso inconsistente.", errors=erros)


def normalizar_interessados(interessados) -> list[tuple[str, str]]:
    """Names, CPF/CNPJ strings or ``{"nome", "cpf_cnpj"}`` dicts → ``[(nome, digitos)]``.

    A CPF/CNPJ is kept as ASCII digits whatever digits it was typed in (``sei.validators``); a NUL
    character, which the database refuses, is a field error rather than a failed write."""
    resultado, erros = [], []
    for i, item in enumerate(interessados or []):
        if isinstance(item, dict):
            nome = str(item.get("nome") or "").strip()
            bruto = str(item.get("cpf_cnpj") or "")
            documento = somente_digitos(bruto)
        else:
            texto = bruto = str(item).strip()
            digitos = somente_digitos(texto)
            so_documento = digitos and len(texto) <= 18 and not any(c.isalpha() for c in texto)
            nome, documento = (formatar_cpf_cnpj(digitos), digitos) if so_documento else (texto, "")
        if "\x00" in nome or "\x00" in bruto:
            erros.append(f"Interessado {i + 1}: caracteres nulos não são permitidos.")
            continue
        if documento:
            try:
                validar_cpf_cnpj(documento)
            except Exception:
                erros.append(f"Interessado {i + 1}: CPF/CNPJ inválido.")
                continue
        if not nome:
            erros.append(f"Interessado {i + 1}: informe o nome.")
        elif len(nome) > 200:
            erros.append(f"Interessado {i + 1}: nome com mais de 200 caracteres.")
        else:
            resultado.append((nome, documento))
    if len(resultado) > MAX_INTERESSADOS:
        erros.append(f"No máximo {MAX_INTERESSADOS} interessados.")
    if erros:
        raise EntradaInvalida("Interessados inválidos.", errors={"interessados": erros})
    return resultado


def _validar_especificacao(especificacao: str) -> str:
    especificacao = (especificacao or "").strip()
    if len(especificacao) > 100:
        raise EntradaInvalida(
            "Especificação com mais de 100 caracteres.",
            errors={"especificacao": ["A especificação tem no máximo 100 caracteres."]},
        )
    return especificacao


def alocar_nup(codigo_protocolo: str, ano: int) -> str:
    """Next NUP of (protocol code, year) from a locked counter row: never reused."""
    ContadorNUP.objects.bulk_create(
        [ContadorNUP(codigo_protocolo=codigo_protocolo, ano=ano, ultimo=0)], ignore_conflicts=True
    )
    contador = ContadorNUP.objects.select_for_update().get(codigo_protocolo=codigo_protocolo, ano=ano)
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    return gerar_nup(codigo_protocolo=codigo_protocolo, sequencial=contador.ultimo, ano=ano)


def _criar_interessados(processo: Processo, interessados: list[tuple[str, str]]) -> None:
    Interessado.objects.bulk_create(
        [
            Interessado(processo=processo, nome=nome, cpf_cnpj=doc, ordem=i)
            for i, (nome, doc) in enumerate(interessados)
        ]
    )


@transaction.atomic(durable=True)
def processo_criar(
    *,
    ator: Ator,
    tipo: TipoProcesso,
    nivel_acesso: int,
    hipotese_legal: HipoteseLegal | None = None,
    especificacao: str = "",
    interessados=(),
    observacao: str = "",
    relacionado_a: Processo | None = None,
) -> Processo:
    """Iniciar Processo: NUP allocated, open and attributed to its creator in the creating unit.
    ``relacionado_a``: SEI's "Iniciar Processo Relacionado" — the new process is related to it in
    the same transaction (refused, with nothing created, where relating would be)."""
    acesso.exigir_lotacao(ator.usuario, ator.unidade)
    if not tipo.ativo:
        raise EntradaInvalida("Tipo de processo inativo.", errors={"tipo": ["Tipo de processo inativo."]})
    validar_nivel(tipo, nivel_acesso, hipotese_legal)
    especificacao = _validar_especificacao(especificacao)
    lista = normalizar_interessados(interessados)

    agora = timezone.now()
    orgao = ator.unidade.orgao
    nup = alocar_nup(orgao.codigo_protocolo, timezone.localtime(agora).year)
    processo = Processo.objects.create(
        nup=nup,
        orgao=orgao,
        unidade_geradora=ator.unidade,
        criado_por=ator.usuario,
        criado_em=agora,
        tipo=tipo,
        especificacao=especificacao,
        nivel_acesso=nivel_acesso,
        hipotese_legal=hipotese_legal,
        nivel_acesso_global=nivel_acesso,
    )
    _criar_interessados(processo, lista)
    Atividade.objects.create(
        processo=processo,
        unidade=ator.unidade,
        aberta=True,
        origem=Atividade.Origem.GERADO,
        aberta_em=agora,
        recebida_em=agora,
        recebida_por=ator.usuario,
        atribuida_a=None if nivel_acesso == NivelAcesso.SIGILOSO else ator.usuario,
        observacao=(observacao or "").strip(),
    )
    if nivel_acesso == NivelAcesso.SIGILOSO:
        Credencial.objects.create(
            processo=processo,
            usuario=ator.usuario,
            unidade=ator.unidade,
            concedida_por=ator.usuario,
            concedida_em=agora,
        )
    registrar(
        processo,
        ator,
        Andamento.Tipo.GERACAO,
        f"Processo {processo.nup_formatado} gerado na unidade {ator.unidade.sigla}",
        {"tipo": tipo.nome, "nivel_acesso": NivelAcesso(nivel_acesso).chave},
        em=agora,
    )
    if relacionado_a is not None:
        from .estrutura import relacionar  # estrutura builds on this module

        relacionar(ator=ator, processo=processo, outro=relacionado_a)
    return processo


def recalcular_nivel_global(processo: Processo) -> int:
    """Most restrictive of the process, its documents and its annexed processes."""
    anexados = Processo.objects.filter(processo_principal=processo).values_list("nivel_acesso_global", flat=True)
    documentos = processo.documentos.exclude(estado="excluido").values_list("nivel_acesso", flat=True)
    return max([processo.nivel_acesso, *anexados, *documentos])


_VAZIO = object()


@dataclass(frozen=True)
class _Alteracao:
    """What an Alterar Processo asks, validated: the process's new values (None: not asked)."""

    tipo: TipoProcesso
    nivel_acesso: int
    hipotese_legal: HipoteseLegal | None
    especificacao: str | None
    interessados: list[tuple[str, str]] | None
    observacao: str | None


def _validar_alteracao(processo: Processo, *, tipo, especificacao, interessados, nivel_acesso, hipotese_legal,
                       observacao) -> _Alteracao:  # fmt: skip
    novo_tipo = processo.tipo if tipo is _VAZIO else tipo
    novo_nivel = processo.nivel_acesso if nivel_acesso is _VAZIO else nivel_acesso
    nova_hipotese = processo.hipotese_legal if hipotese_legal is _VAZIO else hipotese_legal
    if nivel_acesso is not _VAZIO and nivel_acesso == NivelAcesso.PUBLICO and hipotese_legal is _VAZIO:
        nova_hipotese = None
    if tipo is not _VAZIO and not novo_tipo.ativo:
        raise EntradaInvalida("Tipo de processo inativo.", errors={"tipo": ["Tipo de processo inativo."]})
    validar_nivel(novo_tipo, novo_nivel, nova_hipotese)
    return _Alteracao(
        tipo=novo_tipo,
        nivel_acesso=novo_nivel,
        hipotese_legal=nova_hipotese,
        especificacao=None if especificacao is _VAZIO else _validar_especificacao(especificacao),
        interessados=None if interessados is _VAZIO else normalizar_interessados(interessados),
        observacao=None if observacao is _VAZIO else (observacao or "").strip(),
    )


def _aplicar_alteracao(ator: Ator, processo: Processo, alteracao: _Alteracao) -> dict[str, dict]:
    """Write what changed; returns the changes, before and after (the history's attributes)."""
    mudancas: dict[str, dict] = {}
    if alteracao.tipo != processo.tipo:
        mudancas["tipo"] = {"de": processo.tipo.nome, "para": alteracao.tipo.nome}
        processo.tipo = alteracao.tipo
    if alteracao.nivel_acesso != processo.nivel_acesso:
        mudancas["nivel_acesso"] = {
            "de": NivelAcesso(processo.nivel_acesso).chave,
            "para": NivelAcesso(alteracao.nivel_acesso).chave,
        }
        processo.nivel_acesso = alteracao.nivel_acesso
    if alteracao.hipotese_legal != processo.hipotese_legal:
        mudancas["hipotese_legal"] = {
            "de": processo.hipotese_legal.nome if processo.hipotese_legal else None,
            "para": alteracao.hipotese_legal.nome if alteracao.hipotese_legal else None,
        }
        processo.hipotese_legal = alteracao.hipotese_legal
    if alteracao.especificacao is not None and alteracao.especificacao != processo.especificacao:
        mudancas["especificacao"] = {"de": processo.especificacao, "para": alteracao.especificacao}
        processo.especificacao = alteracao.especificacao
    if alteracao.interessados is not None:
        atuais = list(processo.interessados.values_list("nome", "cpf_cnpj"))
        if alteracao.interessados != atuais:
            mudancas["interessados"] = {"de": [n for n, _ in atuais], "para": [n for n, _ in alteracao.interessados]}
            processo.interessados.all().delete()
            _criar_interessados(processo, alteracao.interessados)
    if alteracao.observacao is not None:
        atividade = Atividade.objects.get(processo=processo, unidade=ator.unidade)
        if alteracao.observacao != atividade.observacao:
            mudancas["observacao"] = {"alterada": True}
            atividade.observacao = alteracao.observacao
            atividade.save(update_fields=["observacao"])
    if mudancas:
        processo.nivel_acesso_global = recalcular_nivel_global(processo)
        processo.save()
    return mudancas


_NOMES_DOS_CAMPOS = {
    "tipo": "tipo",
    "nivel_acesso": "nível de acesso",
    "hipotese_legal": "hipótese legal",
    "especificacao": "especificação",
    "interessados": "interessados",
    "observacao": "observação da unidade",
}


@transaction.atomic(durable=True)
def processo_alterar(
    *,
    ator: Ator,
    processo: Processo,
    tipo: TipoProcesso = _VAZIO,
    especificacao: str = _VAZIO,
    interessados=_VAZIO,
    nivel_acesso: int = _VAZIO,
    hipotese_legal: HipoteseLegal | None = _VAZIO,
    observacao: str = _VAZIO,
) -> Processo:
    """Alterar Processo: only while open in the acting unit; every change logged before/after.
    Becoming sigiloso follows ``tornar_sigiloso``'s rule."""
    processo = travar(processo)
    exigir_aberto_aqui(ator, processo)
    if processo.estado == Processo.Estado.ANEXADO:
        raise RegraDeNegocio("Processo anexado não pode ser alterado.", code="processo_anexado")
    alteracao = _validar_alteracao(
        processo, tipo=tipo, especificacao=especificacao, interessados=interessados, nivel_acesso=nivel_acesso,
        hipotese_legal=hipotese_legal, observacao=observacao,
    )  # fmt: skip
    if alteracao.nivel_acesso == NivelAcesso.SIGILOSO and processo.nivel_acesso != NivelAcesso.SIGILOSO:
        tornar_sigiloso(
            ator=ator,
            processo=processo,
            mensagem="Só é possível tornar o processo sigiloso quando ele está aberto apenas nesta unidade.",
        )
    mudancas = _aplicar_alteracao(ator, processo, alteracao)
    if mudancas:
        descricao = "Processo alterado: " + ", ".join(_NOMES_DOS_CAMPOS[c] for c in mudancas)
        registrar(processo, ator, Andamento.Tipo.ALTERACAO, descricao, mudancas)
        if "tipo" in mudancas:  # the documents' entries carry the process type (a search filter)
            indexacao.marcar_processo(processo.pk, documentos=True)
    return processo


@transaction.atomic(durable=True)
def processo_atualizar_andamento(*, ator: Ator, processo: Processo, texto: str) -> Andamento:
    """Atualizar Andamento: free text appended to the history; cannot be edited or removed."""
    processo = travar(processo)
    acesso.exigir_visivel(ator, processo)
    texto = (texto or "").strip()
    if not texto:
        raise EntradaInvalida("Informe o texto do andamento.", errors={"texto": ["Campo obrigatório."]})
    if len(texto) > 2000:
        raise EntradaInvalida("Texto muito longo.", errors={"texto": ["No máximo 2000 caracteres."]})
    exigir_aberto_aqui(ator, processo)
    return registrar(processo, ator, Andamento.Tipo.ATUALIZACAO, texto, {})
