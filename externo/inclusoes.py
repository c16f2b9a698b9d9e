"""Acesso externo com inclusão de documentos: a grant made with ``permite_inclusao`` lets its
external user add PDFs of the chosen document types to the process, while the grant is in force
and the process is open in the granting unit (SEI's rule: once the process leaves that unit or is
concluded there, the option disappears and a request is refused with 409).

The building blocks are the intercorrente petition's (``externo.protocolo``): the same upload
checks (size, sniffed type, PDF without JavaScript), the same external document with the user as
remetente, the same Recibo Eletrônico de Protocolo signed with the órgão's seal, recorded as a
``Peticao`` of type ``inclusao`` (so it is listed in "Minhas petições" and its receipt is sent by
e-mail). All or nothing: the files are stored before the one durable transaction and deleted if
anything in it fails; the grant and the unit are checked again under the process's lock."""

import contextlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from documentos import arquivos
from documentos.models import TipoDocumento
from documentos.services.internos import atualizar_nivel_global
from processos.models import Atividade, Processo
from processos.services.historico import travar
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, RegraDeNegocio
from sei.senhas import SenhaConfirmada

from . import protocolo, selectors
from .models import AcessoExterno, Peticao
from .protocolo import Anexo, AnexoGravado

ORIGEM = "usuário externo (acesso externo com inclusão de documentos)"
TIPO_RECIBO = "Inclusão de documento por acesso externo"


def concessao_exigida(*, usuario, processo: Processo) -> AcessoExterno:
    """The grant the inclusion goes through. No grant with inclusion: 403 (the user reads the
    process, so may know it exists); with inclusion but the process no longer open in the
    granting unit: 409."""
    concessao = selectors.concessao_para_inclusao(usuario=usuario, processo=processo)
    if concessao is not None:
        return concessao
    if selectors.concessoes_com_inclusao(usuario=usuario, processo=processo).exists():
        raise RegraDeNegocio(
            "O processo não está mais aberto na unidade que concedeu o acesso: a inclusão de "
            "documentos não está disponível.",
            code="processo_fora_da_unidade",
        )
    raise AcessoNegado(
        "O seu acesso a este processo não permite incluir documentos.", code="inclusao_nao_permitida"
    )


def _validar(concessao: AcessoExterno, tipo: TipoDocumento | None, descricao: str, data: date | None) -> None:
    erros = {}
    permitidos = {t.pk for t in concessao.tipos_documento.all()}
    if tipo is None or tipo.pk not in permitidos or not (tipo.ativo and tipo.permite_externo):
        erros["tipo"] = ["Escolha um dos tipos de documento permitidos neste acesso."]
    if len(descricao or "") > 200:
        erros["descricao"] = ["No máximo 200 caracteres."]
    if data is not None and data > timezone.localdate():
        erros["data"] = ["A data do documento não pode estar no futuro."]
    if erros:
        mensagem = "Tipo de documento não permitido neste acesso." if "tipo" in erros else "Dados inválidos."
        raise EntradaInvalida(mensagem, errors=erros, code="inclusao_invalida")


def documento_incluir(
    *,
    usuario,
    confirmacao: SenhaConfirmada,
    nup: str,
    tipo: TipoDocumento | None,
    arquivo,
    nome_arquivo: str,
    numero: str = "",
    descricao: str = "",
    data: date | None = None,
    url_base: str = "",
) -> Peticao:
    """Incluir documento (usuário externo): one PDF of an allowed type into a process granted
    with inclusion, signed with the user's password, answered with the receipt. The process is
    read through the portal's selector (404 for what the user was not granted)."""
    protocolo.peticionario_exigido(usuario, confirmacao)
    processo = selectors.processo_por_nup(ator=selectors.ator_externo(usuario), nup=nup)
    concessao = concessao_exigida(usuario=usuario, processo=processo)
    _validar(concessao, tipo, descricao, data)
    if arquivo is None:
        raise EntradaInvalida(
            "Envie o arquivo PDF.", errors={"arquivo": ["Obrigatório."]}, code="inclusao_invalida"
        )
    nome_recibo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with contextlib.ExitStack() as pilha:
        anexo = Anexo(tipo=tipo, arquivo=arquivo, nome=nome_arquivo or arquivo.name)
        itens = protocolo.gravar_anexos(pilha, [anexo])
        pilha.enter_context(arquivos.apagar_se_falhar(nome_recibo))
        peticao = _registrar(
            usuario, processo, itens[0], nome_recibo, numero=numero, descricao=descricao, data=data
        )
    return protocolo.recibo_de_peticao_enviar(peticao, url_base)


@transaction.atomic(durable=True)
def _registrar(
    usuario, processo: Processo, item: AnexoGravado, nome_recibo: str, *, numero, descricao, data
) -> Peticao:
    processo = travar(processo)
    # Checked again under the lock: the process may have been sent away or concluded meanwhile.
    concessao = concessao_exigida(usuario=usuario, processo=processo)
    unidade = concessao.unidade
    ator = Ator(usuario=usuario, unidade=unidade)  # recorded in the granting unit
    agora = timezone.now()
    # Unread in the granting unit's inbox, as a process received there (the counters follow in
    # the Andamento's ``registrar``).
    Atividade.objects.filter(processo=processo, unidade=unidade, aberta=True).update(
        origem=Atividade.Origem.RECEBIDO, recebida_em=None, recebida_por=None
    )
    documento = protocolo.documento_peticionado(
        ator, processo, item, nivel=processo.nivel_acesso, hipotese=processo.hipotese_legal, agora=agora,
        origem=ORIGEM, numero=numero, descricao=descricao, data=data,
    )  # fmt: skip
    atualizar_nivel_global(processo)
    recibo = protocolo.recibo_de_peticao_emitir(
        ator, processo, [documento], peticao_tipo=TIPO_RECIBO, nome_tipo=processo.tipo.nome,
        nome_arquivo=nome_recibo, agora=agora,
    )  # fmt: skip
    if concessao.tipo == AcessoExterno.Tipo.PARCIAL:
        # A parcial grant reads the chosen documents: what the user included is theirs to read.
        concessao.documentos.add(documento, recibo)
    peticao = Peticao.objects.create(
        usuario=usuario, tipo=Peticao.Tipo.INCLUSAO, processo=processo, recibo=recibo, criada_em=agora
    )
    peticao.documentos.set([documento])
    return peticao
