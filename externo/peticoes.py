"""Peticionamento Eletrônico: an approved external user opens a process (petição nova) or adds
documents to one they may read (intercorrente), signing with their password; the product answers
with the Recibo Eletrônico de Protocolo, a document of the process signed with the órgão's seal.

All or nothing: every file is checked and stored before the one durable transaction that
numbers and registers everything; any failure (a refused file, a missing essencial, a type not
allowed, no seal) rolls the transaction back — no process, no NUP or número SEI consumed — and
deletes every file stored for it (``arquivos.apagar_se_falhar``)."""

import contextlib

from django.db import transaction
from django.utils import timezone

from documentos import arquivos
from documentos.models import TipoDocumento
from documentos.services.internos import atualizar_nivel_global
from processos.models import Atividade, Interessado, Processo
from processos.services.criacao import validar_nivel
from processos.services.historico import derivar_no_fim, travar
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.models import NivelAcesso
from sei.senhas import SenhaConfirmada

from . import intimacoes, protocolo
from .models import Peticao, TipoPeticionamento
from .protocolo import Anexo, AnexoGravado
from .selectors import ator_externo

NOME_TIPO_RECIBO = protocolo.NOME_TIPO_RECIBO
MAX_ANEXOS = 30
MAX_TEXTO_PRINCIPAL = protocolo.MAX_TEXTO


def _validar_anexos(tipo: TipoPeticionamento, anexos: list[Anexo], *, exigir_essenciais: bool) -> None:
    essenciais = {t.pk: t for t in tipo.tipos_essenciais.all()}
    complementares = {t.pk for t in tipo.tipos_complementares.all()}
    erros = []
    if len(anexos) > MAX_ANEXOS:
        erros.append(f"No máximo {MAX_ANEXOS} arquivos por petição.")
    for anexo in anexos:
        permitidos = essenciais if anexo.essencial else complementares
        if anexo.tipo.pk not in permitidos or not anexo.tipo.ativo:
            tipo_doc = "essencial" if anexo.essencial else "complementar"
            erros.append(f"“{anexo.nome}”: o tipo {anexo.tipo.nome} não é aceito como documento {tipo_doc}.")
    if exigir_essenciais:
        enviados = {a.tipo.pk for a in anexos if a.essencial}
        for pk, t in essenciais.items():
            if pk not in enviados:
                erros.append(f"Falta o documento essencial “{t.nome}”.")
    if erros:
        raise EntradaInvalida(
            "Documentos da petição inválidos.", errors={"documentos": erros}, code="peticao_invalida"
        )


def _gravar_formulario(pilha: contextlib.ExitStack, tipo: TipoPeticionamento, texto: str) -> AnexoGravado:
    """The main document written in the portal: sanitised as the internal documents are, laid
    out as a PDF and stored."""
    gravado = protocolo.gravar_texto_em_pdf(
        pilha, texto=texto, titulo=tipo.tipo_principal.nome, rodape=tipo.nome, campo="texto_principal",
        mensagem="Escreva o documento principal.", code="peticao_invalida",
    )  # fmt: skip
    anexo = Anexo(tipo=tipo.tipo_principal, arquivo=None, nome=f"{tipo.tipo_principal.nome}.pdf")
    return AnexoGravado(anexo=anexo, nome_original=anexo.nome, gravado=gravado)


def peticao_nova(
    *,
    usuario,
    confirmacao: SenhaConfirmada,
    tipo: TipoPeticionamento,
    especificacao: str = "",
    texto_principal: str = "",
    principal: Anexo | None = None,
    anexos: list[Anexo] = (),
    url_base: str = "",
) -> Peticao:
    """Peticionamento Eletrônico — processo novo: a process of the configured type opened in the
    destination unit (unread in its inbox), the user as interessado, the main document and the
    essenciais/complementares as external documents sent by the user, and the signed receipt."""
    protocolo.peticionario_exigido(usuario, confirmacao)
    if tipo is None or not tipo.ativo:
        raise EntradaInvalida("Tipo de petição inválido.", errors={"tipo": ["Tipo de petição inválido."]})
    anexos = list(anexos)
    _validar_anexos(tipo, anexos, exigir_essenciais=True)
    if tipo.principal == TipoPeticionamento.Principal.ARQUIVO and principal is None:
        raise EntradaInvalida(
            "Envie o documento principal.", errors={"principal": ["Obrigatório."]}, code="peticao_invalida"
        )
    especificacao = (especificacao or "").strip()
    if len(especificacao) > 100:
        raise EntradaInvalida("Especificação longa.", errors={"especificacao": ["No máximo 100 caracteres."]})
    validar_nivel(tipo.tipo_processo, tipo.nivel_acesso, tipo.hipotese_legal)
    nome_recibo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with contextlib.ExitStack() as pilha:
        if tipo.principal == TipoPeticionamento.Principal.FORMULARIO:
            itens = [_gravar_formulario(pilha, tipo, texto_principal)]
        else:
            anexo = Anexo(tipo=tipo.tipo_principal, arquivo=principal.arquivo, nome=principal.nome)
            itens = protocolo.gravar_anexos(pilha, [anexo])
        itens += protocolo.gravar_anexos(pilha, anexos)
        pilha.enter_context(arquivos.apagar_se_falhar(nome_recibo))
        peticao = _registrar_nova(usuario, tipo, especificacao, itens, nome_recibo)
    return protocolo.recibo_de_peticao_enviar(peticao, url_base)


@transaction.atomic(durable=True)
@derivar_no_fim()
def _registrar_nova(
    usuario, tipo: TipoPeticionamento, especificacao: str, itens: list[AnexoGravado], nome_recibo: str
):
    tipo = TipoPeticionamento.objects.select_related("unidade__orgao", "tipo_processo").get(pk=tipo.pk)
    unidade = tipo.unidade
    if not (tipo.ativo and unidade.ativa and tipo.tipo_processo.ativo):
        raise EntradaInvalida(
            "Tipo de petição indisponível.", errors={"tipo": ["Tipo de petição indisponível."]}
        )
    ator = Ator(usuario=usuario, unidade=unidade)  # the petitioner, recorded in the destination unit
    agora = timezone.now()
    processo = protocolo.processo_recebido(
        ator,
        tipo_processo=tipo.tipo_processo,
        especificacao=especificacao or tipo.nome,
        nivel=tipo.nivel_acesso,
        hipotese=tipo.hipotese_legal,
        interessado=(usuario.get_full_name(), usuario.get_username()),
        gerado=f"por peticionamento eletrônico de {usuario.get_full_name()}",
        atributos={"tipo": tipo.tipo_processo.nome, "peticionamento": tipo.nome},
        agora=agora,
    )
    documentos = [
        protocolo.documento_peticionado(
            ator, processo, item, nivel=tipo.nivel_acesso, hipotese=tipo.hipotese_legal, agora=agora
        )
        for item in itens
    ]
    atualizar_nivel_global(processo)
    recibo = protocolo.recibo_de_peticao_emitir(
        ator, processo, documentos, peticao_tipo="Processo novo", nome_tipo=tipo.nome, nome_arquivo=nome_recibo,
        agora=agora,
    )  # fmt: skip
    peticao = Peticao.objects.create(
        usuario=usuario, tipo=Peticao.Tipo.NOVA, tipo_peticionamento=tipo, processo=processo, recibo=recibo,
        criada_em=agora,
    )  # fmt: skip
    peticao.documentos.set(documentos)
    return peticao


def processo_peticionavel(*, usuario, nup: str) -> tuple[Processo, TipoPeticionamento | None]:
    """The process an intercorrente may go to: one the user has a grant in force on, or of which
    they are an interessado when a petition type of its process type allows it. Anything else is
    404 (the user may not know it exists)."""
    processo = Processo.objects.filter(nup=nup).select_related("orgao").first()
    if processo is None:
        raise NaoEncontrado("Processo não encontrado.")
    tipo = (
        TipoPeticionamento.objects.filter(tipo_processo_id=processo.tipo_id, ativo=True)
        .select_related("unidade")
        .first()
    )
    ator = ator_externo(usuario)
    concedido = processo.pk in ator.integrais or processo.pk in ator.parciais
    interessado = (
        tipo is not None
        and tipo.intercorrente_interessado
        and Interessado.objects.filter(processo=processo, cpf_cnpj=usuario.get_username()).exists()
    )
    if not (concedido or interessado) or processo.nivel_acesso_global == NivelAcesso.SIGILOSO:
        raise NaoEncontrado("Processo não encontrado.")
    return processo, tipo


def peticao_intercorrente(
    *,
    usuario,
    confirmacao: SenhaConfirmada,
    nup: str,
    anexos: list[Anexo],
    url_base: str = "",
    intimacao=None,
) -> Peticao:
    """Peticionamento Eletrônico — intercorrente: documents added to a process the user may
    petition in (``processo_peticionavel``), with their own receipt. ``intimacao``: the
    intimação of this process this petition answers (the user's own, read by
    ``selectors.intimacao_do_usuario``): marked answered in the same transaction, so a refused
    answer (already answered, no answer asked) leaves no petition either."""
    protocolo.peticionario_exigido(usuario, confirmacao)
    processo, tipo = processo_peticionavel(usuario=usuario, nup=nup)
    if intimacao is not None and (intimacao.processo_id != processo.pk or intimacao.usuario_id != usuario.pk):
        raise NaoEncontrado("Intimação não encontrada.")
    anexos = list(anexos)
    if not anexos:
        raise EntradaInvalida("Envie ao menos um documento.", errors={"documentos": ["Obrigatório."]},
                              code="peticao_invalida")  # fmt: skip
    aceitos = set(tipos_intercorrentes(tipo).values_list("pk", flat=True))
    erros = [f"“{a.nome}”: o tipo {a.tipo.nome} não pode ser usado." for a in anexos
             if a.tipo.pk not in aceitos or not a.tipo.permite_externo]  # fmt: skip
    if erros:
        raise EntradaInvalida(
            "Documentos da petição inválidos.", errors={"documentos": erros}, code="peticao_invalida"
        )
    nome_recibo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with contextlib.ExitStack() as pilha:
        itens = protocolo.gravar_anexos(pilha, anexos)
        pilha.enter_context(arquivos.apagar_se_falhar(nome_recibo))
        peticao = _registrar_intercorrente(usuario, processo, tipo, itens, nome_recibo, intimacao)
    return protocolo.recibo_de_peticao_enviar(peticao, url_base)


@transaction.atomic(durable=True)
@derivar_no_fim()
def _registrar_intercorrente(
    usuario, processo: Processo, tipo, itens: list[AnexoGravado], nome_recibo: str, intimacao=None
):
    processo = travar(processo)
    atividade = Atividade.objects.filter(processo=processo, aberta=True).select_related("unidade").first()
    unidade = (
        tipo.unidade if tipo is not None else (atividade.unidade if atividade else processo.unidade_geradora)
    )
    ator = Ator(usuario=usuario, unidade=unidade)
    agora = timezone.now()
    nivel = tipo.nivel_acesso if tipo is not None else processo.nivel_acesso
    hipotese = tipo.hipotese_legal if tipo is not None else processo.hipotese_legal
    documentos = [
        protocolo.documento_peticionado(ator, processo, item, nivel=nivel, hipotese=hipotese, agora=agora)
        for item in itens
    ]
    atualizar_nivel_global(processo)
    if not Atividade.objects.filter(processo=processo, unidade=unidade, aberta=True).exists():
        Atividade.objects.update_or_create(
            processo=processo,
            unidade=unidade,
            defaults={"aberta": True, "origem": Atividade.Origem.RECEBIDO, "aberta_em": agora, "recebida_em": None,
                      "recebida_por": None, "atribuida_a": None, "concluida_em": None},
        )  # fmt: skip
    recibo = protocolo.recibo_de_peticao_emitir(
        ator, processo, documentos, peticao_tipo="Intercorrente", nome_tipo=tipo.nome if tipo else processo.tipo.nome,
        nome_arquivo=nome_recibo, agora=agora,
    )  # fmt: skip
    peticao = Peticao.objects.create(
        usuario=usuario, tipo=Peticao.Tipo.INTERCORRENTE, tipo_peticionamento=tipo, processo=processo,
        recibo=recibo, criada_em=agora,
    )  # fmt: skip
    peticao.documentos.set(documentos)
    if intimacao is not None:
        intimacoes.intimacao_responder(intimacao, peticao_ou_documentos=[*documentos, recibo], agora=agora)
    return peticao


PREFIXOS = {"essencial_": True, "complementar_": False, "documento_": False}


def anexos_do_pedido(arquivos_enviados) -> tuple[Anexo | None, list[Anexo]]:
    """The files of a petition request (the portal's form and the API read the same fields):
    ``principal``; ``essencial_<tipo>`` and ``complementar_<tipo>`` (several files each) for a new
    petition, ``documento_<tipo>`` for an intercorrente — ``<tipo>`` the document type's id."""
    principal = arquivos_enviados.get("principal")
    anexos, erros, ids = [], [], {}
    for chave in arquivos_enviados:
        for prefixo, essencial in PREFIXOS.items():
            if chave.startswith(prefixo):
                ids[chave] = (chave.removeprefix(prefixo), essencial)
    tipos = TipoDocumento.objects.in_bulk([int(i) for i, _ in ids.values() if i.isdigit()])
    for chave, (tipo_id, essencial) in ids.items():
        tipo = tipos.get(int(tipo_id)) if tipo_id.isdigit() else None
        if tipo is None:
            erros.append(f"Campo “{chave}”: tipo de documento inexistente.")
            continue
        for arquivo in arquivos_enviados.getlist(chave):
            anexos.append(Anexo(tipo=tipo, arquivo=arquivo, nome=arquivo.name, essencial=essencial))
    if erros:
        raise EntradaInvalida(
            "Documentos da petição inválidos.", errors={"documentos": erros}, code="peticao_invalida"
        )
    return (Anexo(tipo=None, arquivo=principal, nome=principal.name) if principal else None), anexos


def tipos_intercorrentes(tipo: TipoPeticionamento | None):
    """The document types an intercorrente may send: those of the petition type (essenciais and
    complementares), or every active external type when the process has none."""
    if tipo is not None:
        ids = {t.pk for t in tipo.tipos_essenciais.all()} | {t.pk for t in tipo.tipos_complementares.all()}
        return TipoDocumento.objects.filter(pk__in=ids, ativo=True).order_by("nome")
    return TipoDocumento.objects.filter(ativo=True).exclude(aplicabilidade="interno").order_by("nome")
