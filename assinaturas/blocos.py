"""Blocos de assinatura (SEI's "Blocos > Assinatura"): every state change of a bloco.

A bloco belongs to the unit that made it; it lists internal documents of that unit, from one or
many processes, each with a note. Disponibilizar makes it available to other units: their users
then see, read, edit and sign its documents (SEI's rule, whatever the process's own access rule
says) until they devolvem it or the origin cancels the disponibilização; meanwhile the generating
unit does not sign them (``services.impedimento_de_assinatura``). That access is data the policy
already reads: one ``documentos.Compartilhamento`` row per (document, destination unit) with
``origem = "bloco:<id>"``, created and deleted here, in the transaction that changes the bloco.

SEI does not write bloco operations into the processes' history (only the signatures, which
``services.assinar`` records): neither do these services.

Each service is one durable transaction that locks the bloco row first; "assinar todos"
(``bloco_assinar``) signs each document in its own transaction through ``services.assinar``."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from documentos.arquivos import ArquivoCorrompido
from documentos.models import Compartilhamento, Documento
from sei import acesso, indexacao
from sei.acesso import Ator
from sei.acoes import Acao
from sei.exceptions import AcessoNegado, EntradaInvalida, ErroDominio, NaoEncontrado, RegraDeNegocio
from sei.models import NivelAcesso, Unidade
from sei.tarefas import publicar_apos_commit

from . import services
from .models import Bloco, BlocoUnidade, ItemBloco

MAX_DESCRICAO = 250
MAX_ANOTACAO = 2000


def origem(bloco: Bloco) -> str:
    """The ``Compartilhamento.origem`` of this bloco's rows."""
    return f"bloco:{bloco.pk}"


# --- Who sees a bloco, and in which role ---------------------------------------------------------


def q_pendente(unidade) -> Exists:
    return Exists(
        BlocoUnidade.objects.filter(
            bloco_id=OuterRef("pk"), unidade=unidade, disponibilizado_em__isnull=False, devolvido_em__isnull=True
        )
    )


def q_visiveis(unidade) -> Q:
    """Blocos a unit sees: its own, and those made available to it that it has not returned."""
    return Q(unidade=unidade) | (Q(estado=Bloco.Estado.DISPONIBILIZADO) & Q(q_pendente(unidade)))


def recebido(bloco: Bloco, unidade) -> bool:
    """The bloco is with ``unidade`` now (made available to it, not returned)."""
    return (
        bloco.estado == Bloco.Estado.DISPONIBILIZADO
        and bloco.destinos.filter(
            unidade=unidade, disponibilizado_em__isnull=False, devolvido_em__isnull=True
        ).exists()
    )


def exigir_visivel(ator: Ator, bloco: Bloco) -> None:
    """404 for a bloco the actor's unit neither owns nor has received."""
    if bloco.unidade_id != ator.unidade.pk and not recebido(bloco, ator.unidade):
        raise NaoEncontrado("Bloco não encontrado.")


def _exigir_origem(ator: Ator, bloco: Bloco) -> None:
    exigir_visivel(ator, bloco)
    if bloco.unidade_id != ator.unidade.pk:
        raise AcessoNegado(
            f"Só a unidade {bloco.unidade.sigla}, que gerou o bloco, faz esta operação.", code="bloco_de_outra_unidade"
        )


def _travar(bloco: Bloco) -> Bloco:
    try:
        return Bloco.objects.select_for_update().select_related("unidade").get(pk=bloco.pk)
    except Bloco.DoesNotExist:
        raise NaoEncontrado("Bloco não encontrado.") from None


def _exigir_estado(bloco: Bloco, *estados: str, acao: str) -> None:
    if bloco.estado not in estados:
        raise RegraDeNegocio(
            f"Bloco {bloco.get_estado_display().lower()}: não é possível {acao}.", code=f"bloco_{bloco.estado}"
        )


def _tocar(bloco: Bloco, **campos) -> None:
    campos["atualizado_em"] = timezone.now()
    for nome, valor in campos.items():
        setattr(bloco, nome, valor)
    bloco.save(update_fields=list(campos))


# --- Sharing rows (the access the policy reads) ----------------------------------------------------


def _pendentes(bloco: Bloco) -> list[int]:
    return list(
        bloco.destinos.filter(disponibilizado_em__isnull=False, devolvido_em__isnull=True).values_list(
            "unidade_id", flat=True
        )
    )


def _compartilhar(bloco: Bloco, documento_ids: Iterable[int], unidade_ids: Iterable[int]) -> None:
    documento_ids, unidade_ids = list(documento_ids), list(unidade_ids)
    linhas = [
        Compartilhamento(documento_id=d, unidade_id=u, origem=origem(bloco)) for d in documento_ids for u in unidade_ids
    ]
    Compartilhamento.objects.bulk_create(linhas, ignore_conflicts=True)
    if unidade_ids:  # who may read these documents changed: so do their search-index entries
        indexacao.marcar(*(f"d:{d}" for d in set(documento_ids)))


def _descompartilhar(bloco: Bloco, *, documento_ids=None, unidade_ids=None) -> None:
    filtro = Compartilhamento.objects.filter(origem=origem(bloco))
    if documento_ids is not None:
        filtro = filtro.filter(documento_id__in=list(documento_ids))
    if unidade_ids is not None:
        filtro = filtro.filter(unidade_id__in=list(unidade_ids))
    documentos = set(filtro.values_list("documento_id", flat=True))
    if documentos:
        indexacao.marcar(*(f"d:{d}" for d in documentos))
    filtro.delete()


# --- Documents -----------------------------------------------------------------------------------


def impedimento_de_inclusao(ator: Ator, documento: Documento) -> ErroDominio | None:
    """Why ``documento`` may not go into a bloco of the actor's unit, or None (the document page
    offers "Incluir em bloco" only then)."""
    if not acesso.pode_ver_documento(ator, documento):
        return NaoEncontrado("Documento não encontrado.")
    if not documento.interno:
        return RegraDeNegocio(
            "Documento externo não pode ser incluído em bloco de assinatura.", code="documento_externo"
        )
    if documento.cancelado or documento.excluido:
        return RegraDeNegocio(
            "Documento cancelado ou excluído não pode ser incluído em bloco de assinatura.", code="documento_cancelado"
        )
    if documento.unidade_geradora_id != ator.unidade.pk:
        return AcessoNegado(
            f"Só documentos gerados pela unidade {ator.unidade.sigla} entram nos blocos dela.",
            code="documento_de_outra_unidade",
        )
    if acesso.nivel_do_conteudo(documento) == NivelAcesso.SIGILOSO:
        return RegraDeNegocio(
            "Documento sigiloso (ou de processo sigiloso) não pode ser incluído em bloco de assinatura.",
            code="documento_sigiloso",
        )
    if not acesso.pode_ver_conteudo_documento(ator, documento):
        return AcessoNegado("Sem acesso ao conteúdo do documento.", code="acesso_restrito")
    return None


def _documentos_por_numero(numeros: Iterable) -> list[Documento]:
    """Documents by número SEI, in the order given, without repetition; 404 naming a missing one."""
    vistos, ordem = set(), []
    for numero in numeros:
        try:
            n = int(str(numero).strip())
        except (TypeError, ValueError):
            raise EntradaInvalida(
                f"Número SEI inválido: {numero}.", errors={"documentos": [f"Número SEI inválido: {numero}."]}
            ) from None
        if n not in vistos:
            vistos.add(n)
            ordem.append(n)
    encontrados = {
        d.numero_sei: d
        for d in Documento.objects.select_related("processo", "processo__processo_principal", "tipo").filter(
            numero_sei__in=ordem
        )
    }
    faltando = [n for n in ordem if n not in encontrados]
    if faltando:
        raise NaoEncontrado(f"Documento {faltando[0]:07d} não encontrado.")
    return [encontrados[n] for n in ordem]


def _incluir(
    ator: Ator, bloco: Bloco, documentos: list[Documento], anotacao: str, url_publica: str = ""
) -> list[ItemBloco]:
    _exigir_estado(
        bloco, Bloco.Estado.ABERTO, Bloco.Estado.DISPONIBILIZADO, Bloco.Estado.RETORNADO, acao="incluir documentos"
    )
    anotacao = _anotacao(anotacao)
    travados = {
        d.pk: d
        for d in Documento.objects.select_for_update(of=("self",))
        .select_related("processo", "processo__processo_principal", "tipo")
        .filter(pk__in=[d.pk for d in documentos])
        .order_by("pk")
    }
    ja = set(bloco.itens.filter(documento_id__in=list(travados)).values_list("documento_id", flat=True))
    agora = timezone.now()
    itens = []
    for original in documentos:
        documento = travados[original.pk]
        impedimento = impedimento_de_inclusao(ator, documento)
        if impedimento is not None:
            if isinstance(impedimento, NaoEncontrado):
                raise impedimento
            raise type(impedimento)(f"{documento.rotulo}: {impedimento.mensagem}", code=impedimento.code)
        if documento.pk in ja:
            raise RegraDeNegocio(f"{documento.rotulo} já está no bloco {bloco.pk}.", code="documento_ja_no_bloco")
        itens.append(
            ItemBloco(bloco=bloco, documento=documento, anotacao=anotacao, incluido_por=ator.usuario, incluido_em=agora)
        )
    ItemBloco.objects.bulk_create(itens)
    # Their validation blocks rendered ahead, in the background: signing them later (one by one
    # or all at once) then only adds each signer's tarja.
    endereco = url_publica or settings.SEI_URL_PUBLICA
    if endereco:
        publicar_apos_commit("assinaturas.tasks.preparar_aparencias", [i.documento_id for i in itens], endereco)
    if bloco.estado == Bloco.Estado.DISPONIBILIZADO:
        _compartilhar(bloco, [i.documento_id for i in itens], _pendentes(bloco))
    _tocar(bloco)
    return itens


def _anotacao(texto: str | None) -> str:
    texto = (texto or "").strip()
    if len(texto) > MAX_ANOTACAO:
        raise EntradaInvalida(
            "Anotação muito longa.", errors={"anotacao": [f"No máximo {MAX_ANOTACAO} caracteres."]}
        )
    return texto


def _descricao(texto: str | None) -> str:
    texto = (texto or "").strip()
    if not texto:
        raise EntradaInvalida("Informe a descrição do bloco.", errors={"descricao": ["Obrigatório."]})
    if len(texto) > MAX_DESCRICAO:
        raise EntradaInvalida(
            "Descrição muito longa.", errors={"descricao": [f"No máximo {MAX_DESCRICAO} caracteres."]}
        )
    return texto


# --- Units ---------------------------------------------------------------------------------------


def _exigir_unidades(ator: Ator, unidades: Iterable[Unidade]) -> list[Unidade]:
    escolhidas, vistas = [], set()
    for unidade in unidades:
        if unidade.pk in vistas:
            continue
        vistas.add(unidade.pk)
        if unidade.pk == ator.unidade.pk:
            raise EntradaInvalida(
                "O bloco é disponibilizado a outras unidades, não à própria.",
                errors={"unidades": [f"{unidade.sigla} é a unidade do bloco."]},
                code="disponibilizar_para_propria_unidade",
            )
        if not unidade.ativa:
            raise EntradaInvalida(
                f"A unidade {unidade.sigla} está desativada.",
                errors={"unidades": [f"{unidade.sigla} está desativada."]},
                code="unidade_inativa",
            )
        escolhidas.append(unidade)
    return escolhidas


def _definir_destinos(bloco: Bloco, unidades: list[Unidade]) -> None:
    """The bloco's units of disponibilização become ``unidades`` (not yet made available)."""
    bloco.destinos.exclude(unidade__in=unidades).delete()
    existentes = set(bloco.destinos.values_list("unidade_id", flat=True))
    BlocoUnidade.objects.bulk_create(
        [BlocoUnidade(bloco=bloco, unidade=u) for u in unidades if u.pk not in existentes]
    )


# --- Services ------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def bloco_criar(
    *,
    ator: Ator,
    descricao: str,
    documentos: Iterable = (),
    unidades: Iterable[Unidade] = (),
    anotacao: str = "",
    url_publica: str = "",
) -> Bloco:
    """Gerar bloco de assinatura: in the acting unit, optionally with documents (números SEI)
    and the units it will be made available to (chosen now, made available by ``bloco_disponibilizar``).
    ``url_publica``: the public address printed under the signatures (``settings.SEI_URL_PUBLICA``
    when empty), for the validation blocks rendered ahead."""
    agora = timezone.now()
    descricao = _descricao(descricao)
    unidades = _exigir_unidades(ator, unidades)
    docs = _documentos_por_numero(documentos)
    bloco = Bloco.objects.create(
        unidade=ator.unidade, descricao=descricao, criado_por=ator.usuario, criado_em=agora, atualizado_em=agora
    )
    _definir_destinos(bloco, unidades)
    if docs:
        _incluir(ator, bloco, docs, anotacao, url_publica)
    return bloco


@transaction.atomic(durable=True)
def bloco_alterar(*, ator: Ator, bloco: Bloco, descricao: str | None = None, unidades=None) -> Bloco:
    """Alterar bloco: its description and, while not made available, its units of disponibilização."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    _exigir_estado(bloco, Bloco.Estado.ABERTO, Bloco.Estado.DISPONIBILIZADO, Bloco.Estado.RETORNADO, acao="alterar")
    if descricao is not None:
        _tocar(bloco, descricao=_descricao(descricao))
    if unidades is not None:
        _exigir_estado(bloco, Bloco.Estado.ABERTO, Bloco.Estado.RETORNADO, acao="mudar as unidades")
        _definir_destinos(bloco, _exigir_unidades(ator, unidades))
        _tocar(bloco)
    return bloco


@transaction.atomic(durable=True)
def bloco_incluir_documentos(
    *, ator: Ator, bloco: Bloco, documentos: Iterable, anotacao: str = "", url_publica: str = ""
) -> list[ItemBloco]:
    """Incluir em bloco: internal documents generated by the unit (números SEI or documents),
    from one or many processes; not external, cancelled, excluded or sigiloso. In a bloco
    already made available, the destination units get them at once."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    lista = list(documentos)
    if not lista:
        raise EntradaInvalida("Escolha ao menos um documento.", errors={"documentos": ["Obrigatório."]})
    if all(isinstance(d, Documento) for d in lista):
        docs = lista
    else:
        docs = _documentos_por_numero(lista)
    return _incluir(ator, bloco, docs, anotacao, url_publica)


@transaction.atomic(durable=True)
def bloco_alterar_anotacao(*, ator: Ator, bloco: Bloco, documento: Documento, anotacao: str) -> ItemBloco:
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    item = bloco.itens.filter(documento=documento).first()
    if item is None:
        raise NaoEncontrado("O documento não está neste bloco.")
    item.anotacao = _anotacao(anotacao)
    item.save(update_fields=["anotacao"])
    return item


@transaction.atomic(durable=True)
def bloco_retirar_documento(*, ator: Ator, bloco: Bloco, documento: Documento) -> None:
    """Retirar do bloco: the destination units lose the access the bloco gave them."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    _exigir_estado(
        bloco, Bloco.Estado.ABERTO, Bloco.Estado.DISPONIBILIZADO, Bloco.Estado.RETORNADO, acao="retirar documentos"
    )
    apagados, _ = bloco.itens.filter(documento=documento).delete()
    if not apagados:
        raise NaoEncontrado("O documento não está neste bloco.")
    _descompartilhar(bloco, documento_ids=[documento.pk])
    _tocar(bloco)


@transaction.atomic(durable=True)
def bloco_disponibilizar(*, ator: Ator, bloco: Bloco, unidades: Iterable[Unidade] | None = None) -> Bloco:
    """Disponibilizar bloco: to ``unidades`` (other active units), or to the units already chosen.
    Their users see, read, edit and sign its documents until they devolvem it; the generating
    unit stops signing them meanwhile. It does not open the processes in those units."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    _exigir_estado(bloco, Bloco.Estado.ABERTO, Bloco.Estado.RETORNADO, acao="disponibilizar")
    if unidades is not None:
        _definir_destinos(bloco, _exigir_unidades(ator, unidades))
    destinos = list(bloco.destinos.select_related("unidade"))
    if not destinos:
        raise EntradaInvalida(
            "Escolha ao menos uma unidade para disponibilizar o bloco.", errors={"unidades": ["Obrigatório."]}
        )
    _exigir_unidades(ator, [d.unidade for d in destinos])
    documento_ids = list(bloco.itens.values_list("documento_id", flat=True))
    if not documento_ids:
        raise RegraDeNegocio("O bloco não tem documentos para disponibilizar.", code="bloco_vazio")
    agora = timezone.now()
    BlocoUnidade.objects.filter(bloco=bloco).update(disponibilizado_em=agora, devolvido_em=None, devolvido_por=None)
    _compartilhar(bloco, documento_ids, [d.unidade_id for d in destinos])
    _tocar(bloco, estado=Bloco.Estado.DISPONIBILIZADO)
    return bloco


@transaction.atomic(durable=True)
def bloco_cancelar_disponibilizacao(*, ator: Ator, bloco: Bloco) -> Bloco:
    """Cancelar disponibilização (the origin): the units lose access at once; the bloco is open
    again, its units kept for a later disponibilização."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    _exigir_estado(bloco, Bloco.Estado.DISPONIBILIZADO, acao="cancelar a disponibilização")
    _descompartilhar(bloco)
    BlocoUnidade.objects.filter(bloco=bloco).update(disponibilizado_em=None, devolvido_em=None, devolvido_por=None)
    _tocar(bloco, estado=Bloco.Estado.ABERTO)
    return bloco


@transaction.atomic(durable=True)
def bloco_devolver(*, ator: Ator, bloco: Bloco) -> Bloco:
    """Devolver (retornar) bloco: a unit it was made available to gives it back and loses the
    access it gave; once every unit has, the bloco is "retornado" to its unit."""
    bloco = _travar(bloco)
    exigir_visivel(ator, bloco)
    destino = bloco.destinos.select_for_update().filter(unidade=ator.unidade, devolvido_em__isnull=True).first()
    if destino is None or bloco.estado != Bloco.Estado.DISPONIBILIZADO:
        raise RegraDeNegocio(
            "Só uma unidade que recebeu o bloco e ainda não o devolveu pode devolvê-lo.", code="bloco_nao_recebido"
        )
    agora = timezone.now()
    destino.devolvido_em, destino.devolvido_por = agora, ator.usuario
    destino.save(update_fields=["devolvido_em", "devolvido_por"])
    _descompartilhar(bloco, unidade_ids=[ator.unidade.pk])
    if not _pendentes(bloco):
        _tocar(bloco, estado=Bloco.Estado.RETORNADO)
    else:
        _tocar(bloco)
    return bloco


@transaction.atomic(durable=True)
def bloco_concluir(*, ator: Ator, bloco: Bloco) -> Bloco:
    """Concluir bloco (the origin): not while it is made available (cancel or wait for its return)."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    _exigir_estado(bloco, Bloco.Estado.ABERTO, Bloco.Estado.RETORNADO, acao="concluir")
    _descompartilhar(bloco)
    _tocar(bloco, estado=Bloco.Estado.CONCLUIDO)
    return bloco


@transaction.atomic(durable=True)
def bloco_reabrir(*, ator: Ator, bloco: Bloco) -> Bloco:
    """Reabrir bloco concluído (the origin): open again, nothing made available."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    _exigir_estado(bloco, Bloco.Estado.CONCLUIDO, acao="reabrir")
    BlocoUnidade.objects.filter(bloco=bloco).update(disponibilizado_em=None, devolvido_em=None, devolvido_por=None)
    _tocar(bloco, estado=Bloco.Estado.ABERTO)
    return bloco


@transaction.atomic(durable=True)
def bloco_excluir(*, ator: Ator, bloco: Bloco) -> None:
    """Excluir bloco: only an open one (never while made available). Its documents and their
    signatures stay as they are; the bloco is a work list, not a record of the process."""
    bloco = _travar(bloco)
    _exigir_origem(ator, bloco)
    _exigir_estado(bloco, Bloco.Estado.ABERTO, acao="excluir")
    _descompartilhar(bloco)
    bloco.delete()


# --- Assinar todos -------------------------------------------------------------------------------


@dataclass
class Falha:
    numero_sei: int
    rotulo: str
    erro: ErroDominio


@dataclass
class ResultadoAssinaturas:
    assinados: list[Documento] = field(default_factory=list)
    falhas: list[Falha] = field(default_factory=list)


def _documentos_do_bloco(bloco: Bloco) -> list[Documento]:
    return [
        item.documento
        for item in bloco.itens.select_related(
            "documento", "documento__processo", "documento__processo__processo_principal", "documento__tipo"
        ).order_by("id")
    ]


def bloco_assinar(
    *, pedido: "services.PedidoAssinatura", bloco: Bloco, documentos: Iterable | None = None
) -> ResultadoAssinaturas:
    """Assinar documentos do bloco ("assinar todos"): one password entry (``pedido.senha``) for
    the documents chosen (números SEI of the bloco's items), or all the actor may sign now. Each
    document is signed in its own transaction by ``services.assinar``, under the same rules as
    one by one; a refusal is reported with its reason and does not stop the others."""
    ator = pedido.ator
    bloco = Bloco.objects.select_related("unidade").filter(pk=bloco.pk).first()
    if bloco is None:
        raise NaoEncontrado("Bloco não encontrado.")
    exigir_visivel(ator, bloco)
    _exigir_estado(bloco, Bloco.Estado.ABERTO, Bloco.Estado.DISPONIBILIZADO, Bloco.Estado.RETORNADO, acao="assinar")
    resultado = ResultadoAssinaturas()
    do_bloco = _documentos_do_bloco(bloco)
    if documentos is None:
        impedimentos = services.impedimentos_de_assinatura(ator, do_bloco)
        alvos = [d for d in do_bloco if impedimentos[d.pk] is None]
    else:
        por_numero = {d.numero_sei: d for d in do_bloco}
        alvos = []
        for numero in documentos:
            try:
                n = int(str(numero).strip())
            except (TypeError, ValueError):
                n = None
            documento = por_numero.get(n)
            if documento is None:
                erro = NaoEncontrado("O documento não está neste bloco.", code="documento_fora_do_bloco")
                resultado.falhas.append(Falha(numero_sei=n or 0, rotulo=str(numero), erro=erro))
            elif documento not in alvos:
                alvos.append(documento)
    # The cargo is checked once, before anything is signed: a wrong one refuses the whole request.
    with services.lote_de_assinaturas(pedido, alvos) as lote:
        for documento in alvos:
            try:
                services.assinar(pedido=pedido, documento=documento, lote=lote)
            except (ErroDominio, ArquivoCorrompido) as erro:
                resultado.falhas.append(Falha(numero_sei=documento.numero_sei, rotulo=documento.rotulo, erro=erro))
            else:
                resultado.assinados.append(documento)
    return resultado


def acoes(ator: Ator, documento: Documento) -> list[Acao]:
    """What the document toolbar offers from the blocos: "Incluir em bloco", only when the service
    would accept the document."""
    if impedimento_de_inclusao(ator, documento) is None:
        url = reverse("assinaturas:incluir_em_bloco", args=[documento.numero_sei_formatado])
        return [Acao("incluir-em-bloco", "Incluir em bloco de assinatura", "list-plus", url=url, ordem=35)]
    return []
