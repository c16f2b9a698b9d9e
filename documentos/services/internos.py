"""Incluir Documento interno (gerado), Editar (salvar versão), Restaurar versão."""

import hashlib
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from processos.models import Andamento, Atividade, NivelAcesso, Processo
from processos.services.credenciais import tornar_sigiloso
from processos.services.criacao import recalcular_nivel_global, validar_nivel
from processos.services.historico import exigir_aberto_aqui, registrar, travar
from sei import acesso, indexacao
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.tarefas import publicar_apos_commit

from ..html import sanitizar
from ..models import (
    FORMATO_NUMERO_PADRAO,
    Documento,
    Modelo,
    NumeracaoOrgao,
    TextoPadrao,
    TipoDocumento,
    VersaoDocumento,
)
from ..variaveis import contexto_documento
from .numeracao import alocar_numero, alocar_numero_sei

TAMANHO_MAXIMO_HTML = 5 * 1024 * 1024
TITULO_PADRAO_NUMERADO = "@tipo_documento_maiusculo@ Nº @numero_formatado@"
TITULO_PADRAO = "@tipo_documento_maiusculo@"
RODAPE_PADRAO = "Referência: Processo nº @processo@ · SEI nº @numero_sei@"


def _sha256(texto: str) -> str:
    return hashlib.sha256(texto.encode()).hexdigest()


def _conteudo_valido(conteudo: str) -> str:
    if len(conteudo or "") > TAMANHO_MAXIMO_HTML:
        raise EntradaInvalida("Conteúdo muito grande.", errors={"conteudo": ["No máximo 5 MB de HTML."]})
    return sanitizar(conteudo)


def exigir_inclusao(ator: Ator, processo: Processo) -> None:
    """Documents enter a process only where it is open, and never into an annexed one."""
    exigir_aberto_aqui(ator, processo)
    if processo.estado == Processo.Estado.ANEXADO:
        raise RegraDeNegocio("Processo anexado não recebe documentos.", code="processo_anexado")


def aplicar_nivel_do_documento(ator: Ator, processo: Processo, nivel: int, hipotese) -> None:
    """The document's level must be permitted by the process type; a sigiloso document turns the
    process sigiloso (open only here; the author gets the credential)."""
    validar_nivel(processo.tipo, nivel, hipotese)
    if nivel == NivelAcesso.SIGILOSO and processo.nivel_acesso_global < NivelAcesso.SIGILOSO:
        tornar_sigiloso(
            ator=ator,
            processo=processo,
            mensagem="Documento sigiloso só pode ser incluído com o processo aberto apenas nesta unidade.",
        )


def atualizar_nivel_global(processo: Processo) -> None:
    nivel = recalcular_nivel_global(processo)
    if nivel != processo.nivel_acesso_global:
        processo.nivel_acesso_global = nivel
        processo.save(update_fields=["nivel_acesso_global"])


def agendar_renderizacao(documento: Documento) -> None:
    publicar_apos_commit("documentos.tasks.renderizar_documento", documento.pk, documento.versao_atual)


def _documento_base(ator: Ator, numero_sei: int) -> Documento:
    """Any document the actor may read can serve as the model of a new one."""
    base = Documento.objects.select_related("processo").filter(numero_sei=numero_sei, natureza="interno").first()
    if base is None or not acesso.pode_ver_conteudo_documento(ator, base):
        raise EntradaInvalida(
            "Documento modelo não encontrado.", errors={"documento_modelo": ["Número SEI inexistente ou sem acesso."]}
        )
    return base


def conteudo_atual(documento: Documento) -> str:
    versao = documento.versoes.filter(numero=documento.versao_atual).values_list("conteudo", flat=True).first()
    return versao or ""


def _formato_numero(unidade) -> str:
    """The órgão's number format (``NumeracaoOrgao``), else the default one."""
    formatos = NumeracaoOrgao.objects.filter(orgao_id=unidade.orgao_id).values_list("formato", flat=True)
    return formatos.first() or FORMATO_NUMERO_PADRAO


def _unidade_destino(ator: Ator, processo: Processo):
    """The unit that sent the process here (whom a reply goes to), if it came from another."""
    atividade = (
        Atividade.objects.filter(
            processo=processo, unidade=ator.unidade, aberta=True, remetente__isnull=False
        )
        .select_related("remetente")
        .order_by("-aberta_em")
        .first()
    )
    return atividade.remetente if atividade is not None else None


@transaction.atomic(durable=True)
def documento_interno_criar(
    *,
    ator: Ator,
    processo: Processo,
    tipo: TipoDocumento,
    nivel_acesso: int,
    hipotese_legal=None,
    descricao: str = "",
    modelo: Modelo | None = None,
    documento_modelo: int | None = None,
    texto_padrao: TextoPadrao | None = None,
    conteudo: str | None = None,
    numero: str = "",
    destinatarios: list[str] | None = None,
) -> Documento:
    """Incluir Documento (gerado): from the type's model, another document, a texto padrão or
    the given HTML; numbered by the type's rule; version 1 saved; recorded in the history."""
    processo = travar(processo)
    exigir_inclusao(ator, processo)
    if not (tipo.ativo and tipo.permite_interno):
        raise EntradaInvalida(
            f"O tipo {tipo.nome} não pode ser gerado no editor.", errors={"tipo": ["Tipo não permitido."]}
        )
    if len(descricao or "") > 200:
        raise EntradaInvalida("Descrição muito longa.", errors={"descricao": ["No máximo 200 caracteres."]})
    if modelo is not None and (modelo.tipo_id != tipo.pk or not modelo.ativo):
        raise EntradaInvalida("Modelo de outro tipo ou inativo.", errors={"modelo": ["Modelo inválido."]})
    if texto_padrao is not None and texto_padrao.unidade_id != ator.unidade.pk:
        raise NaoEncontrado("Texto padrão não encontrado.")
    aplicar_nivel_do_documento(ator, processo, nivel_acesso, hipotese_legal)
    modelo = modelo or Modelo.objects.filter(tipo=tipo, padrao=True, ativo=True).first()

    agora = timezone.now()
    ano = timezone.localtime(agora).year
    numero_doc = alocar_numero(tipo=tipo, unidade=ator.unidade, ano=ano, informado=numero)
    numero_sei = alocar_numero_sei()
    contexto = contexto_documento(
        processo=processo,
        tipo=tipo,
        numero=numero_doc,
        ano=ano,
        numero_sei=numero_sei,
        unidade=ator.unidade,
        usuario=ator.usuario,
        data=timezone.localdate(agora),
        destinatarios=destinatarios,
        formato_numero=_formato_numero(ator.unidade),
        unidade_destino=_unidade_destino(ator, processo),
    )
    if conteudo is not None:
        corpo = _conteudo_valido(conteudo)
    elif documento_modelo is not None:
        corpo = conteudo_atual(_documento_base(ator, documento_modelo))
    elif texto_padrao is not None:
        corpo = sanitizar(contexto.aplicar(texto_padrao.conteudo))
    else:
        corpo = sanitizar(contexto.aplicar(modelo.corpo if modelo else "<p></p>"))

    titulo = (modelo.titulo if modelo and modelo.titulo else "") or (
        TITULO_PADRAO_NUMERADO if numero_doc else TITULO_PADRAO
    )
    documento = Documento.objects.create(
        processo=processo,
        numero_sei=numero_sei,
        tipo=tipo,
        natureza=Documento.Natureza.INTERNO,
        numero=numero_doc,
        ano=ano,
        descricao=(descricao or "").strip(),
        unidade_geradora=ator.unidade,
        criado_por=ator.usuario,
        criado_em=agora,
        nivel_acesso=nivel_acesso,
        hipotese_legal=hipotese_legal,
        versao_atual=1,
        cabecalho_html=sanitizar(contexto.aplicar(modelo.cabecalho if modelo else "")),
        titulo_html=sanitizar(contexto.aplicar(titulo)),
        assinatura_html=sanitizar(contexto.aplicar(modelo.assinatura if modelo else "")),
        rodape_html=sanitizar(contexto.aplicar((modelo.rodape if modelo else "") or RODAPE_PADRAO)),
    )
    VersaoDocumento.objects.create(
        documento=documento, numero=1, conteudo=corpo, sha256=_sha256(corpo), criado_por=ator.usuario, criado_em=agora
    )
    atualizar_nivel_global(processo)
    registrar(
        processo,
        ator,
        Andamento.Tipo.DOCUMENTO_GERADO,
        f"Documento {documento.rotulo} gerado",
        {"numero_sei": documento.numero_sei},
        em=agora,
    )
    agendar_renderizacao(documento)
    return documento


def travar_documento(documento: Documento) -> Documento:
    try:
        return Documento.objects.select_for_update().select_related("processo", "tipo").get(pk=documento.pk)
    except Documento.DoesNotExist:
        raise NaoEncontrado("Documento não encontrado.") from None


# The signing app drops a document's signatures (marks them, returns the signers' names) when
# its unit edits it before it is bloqueado; registered in its AppConfig.ready, so this app
# triggers it without importing that app.
_descartar_assinaturas: Callable[[Documento], list[str]] | None = None


def registrar_descarte_de_assinaturas(descartar: Callable[[Documento], list[str]]) -> None:
    global _descartar_assinaturas
    _descartar_assinaturas = descartar


# The signing app says when a document may not be edited at all any more (signed by an external
# user: SEI never drops that signature); registered in its AppConfig.ready, like the above.
_impedimentos_de_edicao: list[Callable[[Documento], RegraDeNegocio | None]] = []


def registrar_impedimento_de_edicao(fonte: Callable[[Documento], RegraDeNegocio | None]) -> None:
    if fonte not in _impedimentos_de_edicao:
        _impedimentos_de_edicao.append(fonte)


def impedimento_de_edicao(documento: Documento) -> RegraDeNegocio | None:
    """Why no one may edit the document any more, whoever asks (None: the policy decides)."""
    for fonte in _impedimentos_de_edicao:
        impedimento = fonte(documento)
        if impedimento is not None:
            return impedimento
    return None


def pode_editar(ator: Ator, documento: Documento) -> bool:
    """Whether the pages offer Editar (and Restaurar): the policy and no impediment."""
    return acesso.pode_editar_documento(ator, documento) and impedimento_de_edicao(documento) is None


class AssinaturasSeriamDescartadas(RegraDeNegocio):
    """Saving a signed (not yet bloqueado) document drops its signatures: the caller confirms."""

    code = "documento_assinado"


def _exigir_edicao(ator: Ator, documento: Documento, versao_base: int, descartar_assinaturas: bool) -> None:
    acesso.exigir_documento_visivel(ator, documento)
    if not documento.interno:
        raise RegraDeNegocio("Documento externo não é editado no editor.", code="documento_externo")
    if documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        raise RegraDeNegocio("Documento cancelado não pode ser editado.", code="documento_cancelado")
    if documento.assinado and documento.bloqueado:
        raise RegraDeNegocio(
            "Documento assinado e bloqueado (já lido por outra unidade, ou o processo foi enviado ou concluído "
            "depois da assinatura): não pode mais ser editado.",
            code="documento_bloqueado",
        )
    impedimento = impedimento_de_edicao(documento)
    if impedimento is not None:
        raise impedimento
    if not acesso.pode_editar_documento(ator, documento):
        raise RegraDeNegocio(
            "Só a unidade geradora edita o documento, com o processo aberto nela.", code="edicao_nao_permitida"
        )
    if versao_base != documento.versao_atual:
        ultima = (
            documento.versoes.select_related("criado_por").filter(numero=documento.versao_atual).first()
        )
        quem = ultima.criado_por.get_full_name() if ultima else "outro usuário"
        quando = timezone.localtime(ultima.criado_em).strftime("%d/%m/%Y %H:%M") if ultima else ""
        raise RegraDeNegocio(
            f"{quem} salvou a versão {documento.versao_atual} em {quando}, depois da versão {versao_base} "
            "que você editava. Recarregue o documento e refaça sua alteração.",
            code="versao_desatualizada",
        )
    if documento.assinado and not descartar_assinaturas:
        raise AssinaturasSeriamDescartadas(
            "Documento assinado: salvar uma alteração descarta as assinaturas, que precisarão ser feitas de "
            "novo. Confirme para salvar."
        )


def _descartar(ator: Ator, processo: Processo, documento: Documento) -> None:
    """Edit before bloqueado (SEI's rule): the signatures are dropped (they stay in the record and
    in the history) and the document is a minuta again, its signed PDF and código CRC gone."""
    nomes = _descartar_assinaturas(documento) if _descartar_assinaturas else []
    documento.estado = Documento.Estado.MINUTA
    documento.pdf_assinado_nome = documento.pdf_assinado_sha256 = ""
    documento.codigo_crc = documento.codigo_crc_chave = ""
    documento.save(update_fields=["estado", "pdf_assinado_nome", "pdf_assinado_sha256", "codigo_crc", "codigo_crc_chave"])
    registrar(
        processo,
        ator,
        Andamento.Tipo.ASSINATURAS_DESCARTADAS,
        f"Assinaturas do documento {documento.rotulo} descartadas pela edição: {', '.join(nomes) or '-'}",
        {"numero_sei": documento.numero_sei, "assinaturas": nomes},
    )


def _nova_versao(
    ator: Ator, processo: Processo, documento: Documento, conteudo: str, restaurada_de: int | None = None
):
    sha = _sha256(conteudo)
    atual = documento.versoes.filter(numero=documento.versao_atual).first()
    if atual is not None and atual.sha256 == sha:
        return atual  # nothing changed: no new version (and a signature stays)
    if documento.assinado:
        _descartar(ator, processo, documento)
    numero = documento.versao_atual + 1
    versao = VersaoDocumento.objects.create(
        documento=documento,
        numero=numero,
        conteudo=conteudo,
        sha256=sha,
        criado_por=ator.usuario,
        criado_em=timezone.now(),
        restaurada_de=restaurada_de,
    )
    documento.versao_atual = numero
    documento.save(update_fields=["versao_atual"])
    agendar_renderizacao(documento)
    indexacao.marcar_documento(documento.pk)
    return versao


@transaction.atomic(durable=True)
def documento_editar(
    *,
    ator: Ator,
    documento: Documento,
    conteudo: str,
    versao_base: int,
    descricao: str | None = None,
    descartar_assinaturas: bool = False,
) -> VersaoDocumento:
    """Salvar: a new version, if the user edited the current one; a stale save is refused (409)
    naming who saved in between — never a silent overwrite. A signed document not yet bloqueado
    is saved only with ``descartar_assinaturas`` (409 ``documento_assinado`` otherwise): its
    signatures are dropped."""
    processo = travar(documento.processo)
    documento = travar_documento(documento)
    _exigir_edicao(ator, documento, versao_base, descartar_assinaturas)
    if descricao is not None:
        if len(descricao) > 200:
            raise EntradaInvalida("Descrição muito longa.", errors={"descricao": ["No máximo 200 caracteres."]})
        if descricao.strip() != documento.descricao:
            documento.descricao = descricao.strip()
            documento.save(update_fields=["descricao"])
            indexacao.marcar_documento(documento.pk)
    return _nova_versao(ator, processo, documento, _conteudo_valido(conteudo))


@transaction.atomic(durable=True)
def documento_restaurar_versao(
    *, ator: Ator, documento: Documento, numero: int, versao_base: int, descartar_assinaturas: bool = False
) -> VersaoDocumento:
    """Restaurar versão: its content becomes a new version (the history keeps everything); on a
    signed document, as ``documento_editar``."""
    processo = travar(documento.processo)
    documento = travar_documento(documento)
    _exigir_edicao(ator, documento, versao_base, descartar_assinaturas)
    antiga = documento.versoes.filter(numero=numero).first()
    if antiga is None:
        raise NaoEncontrado("Versão não encontrada.")
    return _nova_versao(ator, processo, documento, antiga.conteudo, restaurada_de=numero)
