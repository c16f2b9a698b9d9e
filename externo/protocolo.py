"""Building blocks shared by what the public sends to the órgão (peticionamento eletrônico,
inclusão de documentos por acesso externo, ouvidoria): an external document registered in a
process as sent by someone outside, a text written in a form laid out as a PDF, and the Recibo
Eletrônico de Protocolo signed with the órgão's seal. The petition pieces (``Anexo`` onwards) are
those of an authenticated external user's petition, shared by ``externo.peticoes`` and
``externo.inclusoes``. Each runs inside its caller's transaction; the caller guards the stored
files (``arquivos.apagar_se_falhar``)."""

import contextlib
from dataclasses import dataclass

from django.utils import timezone

from assinaturas.aparencia import mascarar_cpf
from assinaturas.services import assinar_pelo_sistema
from documentos import arquivos
from documentos.html import sanitizar
from documentos.models import Documento, TipoDocumento
from documentos.pdf import ficha, renderizar_html
from documentos.services.externos import verificar_e_gravar
from documentos.services.numeracao import alocar_numero, alocar_numero_sei
from processos.models import Andamento, Atividade, Interessado, Processo
from processos.services.criacao import alocar_nup
from processos.services.historico import registrar
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida
from sei.senhas import SenhaConfirmada
from sei.tarefas import publicar_apos_commit

from .models import Peticao
from .services import usuario_externo_liberado

NOME_TIPO_RECIBO = "Recibo Eletrônico de Protocolo"
MAX_TEXTO = 200_000


def gravar_texto_em_pdf(
    pilha: contextlib.ExitStack, *, texto: str, titulo: str, rodape: str, campo: str, mensagem: str, code: str
) -> arquivos.ArquivoGravado:
    """A text written in a form: sanitised as the internal documents are, laid out as a PDF and
    stored (deleted by ``pilha`` if the caller fails)."""
    corpo = sanitizar(texto or "")
    if not corpo.strip() or len(corpo) > MAX_TEXTO:
        raise EntradaInvalida(mensagem, errors={campo: ["Obrigatório."]}, code=code)
    pdf = renderizar_html(corpo, titulo=titulo, rodape=rodape)
    nome = arquivos.gerar_nome("pdf")
    pilha.enter_context(arquivos.apagar_se_falhar(nome))
    nome, sha256 = arquivos.gravar_bytes(nome, pdf)
    return arquivos.ArquivoGravado(nome_storage=nome, sha256=sha256, tamanho=len(pdf), mime="application/pdf")


def processo_recebido(
    ator: Ator,
    *,
    tipo_processo,
    especificacao: str,
    nivel,
    hipotese,
    interessado: tuple[str, str],
    gerado: str,
    atributos: dict,
    agora,
) -> Processo:
    """A process opened from outside in ``ator``'s unit: a real NUP, ``interessado`` (nome,
    CPF/CNPJ), unread in the unit's inbox as a process sent to it, and its first Andamento
    ("Processo <NUP> gerado <gerado>")."""
    unidade = ator.unidade
    orgao = unidade.orgao
    processo = Processo.objects.create(
        nup=alocar_nup(orgao.codigo_protocolo, timezone.localtime(agora).year),
        orgao=orgao,
        unidade_geradora=unidade,
        criado_por=ator.usuario,
        criado_em=agora,
        tipo=tipo_processo,
        especificacao=especificacao[:100],
        nivel_acesso=nivel,
        hipotese_legal=hipotese,
        nivel_acesso_global=nivel,
    )
    nome, cpf_cnpj = interessado
    Interessado.objects.create(processo=processo, nome=nome[:200], cpf_cnpj=cpf_cnpj)
    Atividade.objects.create(
        processo=processo, unidade=unidade, aberta=True, origem=Atividade.Origem.RECEBIDO, aberta_em=agora
    )
    descricao = f"Processo {processo.nup_formatado} gerado {gerado}"
    registrar(processo, ator, Andamento.Tipo.GERACAO, descricao, atributos, em=agora)
    return processo


def documento_recebido(
    ator: Ator,
    processo: Processo,
    *,
    tipo: TipoDocumento,
    gravado: arquivos.ArquivoGravado,
    nome_original: str,
    nivel,
    hipotese,
    remetente: str,
    origem: str,
    agora,
    numero: str = "",
    descricao: str = "",
    data=None,
) -> Documento:
    """An external document of ``processo`` holding a stored file sent from outside, numbered in
    ``ator``'s unit, with its Andamento (``origem`` names the channel in it); text extraction and
    rendering after commit. ``numero``/``descricao``/``data``: what the sender informed (the
    inclusion by acesso externo, ``externo.inclusoes``)."""
    ano = timezone.localtime(agora).year
    documento = Documento.objects.create(
        processo=processo,
        numero_sei=alocar_numero_sei(),
        tipo=tipo,
        natureza=Documento.Natureza.EXTERNO,
        numero=alocar_numero(tipo=tipo, unidade=ator.unidade, ano=ano, informado=numero),
        descricao=(descricao or "").strip(),
        ano=ano,
        unidade_geradora=ator.unidade,
        criado_por=ator.usuario,
        criado_em=agora,
        nivel_acesso=nivel,
        hipotese_legal=hipotese,
        data_documento=data or timezone.localdate(agora),
        formato=Documento.Formato.NATO_DIGITAL,
        remetente=remetente[:200],
        arquivo_nome=gravado.nome_storage,
        arquivo_nome_original=nome_original,
        arquivo_mime=gravado.mime,
        arquivo_tamanho=gravado.tamanho,
        arquivo_sha256=gravado.sha256,
    )
    registrar(
        processo,
        ator,
        Andamento.Tipo.DOCUMENTO_INCLUIDO,
        f"Documento externo {documento.rotulo} incluído por {origem}",
        {"numero_sei": documento.numero_sei},
        em=agora,
    )
    publicar_apos_commit("documentos.tasks.extrair_texto", documento.pk)
    publicar_apos_commit("documentos.tasks.renderizar_documento", documento.pk, 0)
    return documento


def tipo_recibo() -> TipoDocumento:
    tipo, _ = TipoDocumento.objects.get_or_create(
        nome=NOME_TIPO_RECIBO,
        defaults={
            "aplicabilidade": TipoDocumento.Aplicabilidade.EXTERNO,
            "numeracao": TipoDocumento.Numeracao.SEM,
        },
    )
    return tipo


def recibo_emitir(
    ator: Ator,
    processo: Processo,
    *,
    numero_sei: int,
    introducao: str,
    campos: list[tuple[str, str]],
    documentos: list[Documento],
    nome_arquivo: str,
    nivel,
    hipotese,
    remetente: str,
    agora,
) -> Documento:
    """The Recibo Eletrônico de Protocolo (``numero_sei`` allocated by the caller): ``introducao``,
    the ``campos`` the caller names and the documents received, each with its SHA-256, drawn as a
    one-page PDF, signed with the órgão's seal, stored under ``nome_arquivo`` (the name the caller
    guards) and registered as a signed document of ``processo``."""
    tipo = tipo_recibo()
    pdf = ficha.desenhar(
        ficha.Ficha(
            titulo=NOME_TIPO_RECIBO,
            introducao=introducao,
            campos=[*campos, ("Recibo (nº SEI)", str(numero_sei))],
            subtitulo="Documentos",
            itens=[
                ficha.Item(
                    f"Nº SEI {d.numero_sei}: {d.tipo.nome} ({d.arquivo_nome_original})",
                    f"SHA-256: {d.arquivo_sha256}",
                )
                for d in documentos
            ],
            fecho="Este recibo foi assinado com o certificado digital do órgão.",
            rodape=f"{NOME_TIPO_RECIBO} · SEI {numero_sei}",
        )
    )
    assinado = assinar_pelo_sistema(orgao=processo.orgao, pdf=pdf, motivo=NOME_TIPO_RECIBO)
    nome_arquivo, sha256 = arquivos.gravar_bytes(nome_arquivo, assinado)
    ano = timezone.localtime(agora).year
    return Documento.objects.create(
        processo=processo,
        numero_sei=numero_sei,
        tipo=tipo,
        natureza=Documento.Natureza.EXTERNO,
        numero=alocar_numero(tipo=tipo, unidade=ator.unidade, ano=ano),
        ano=ano,
        unidade_geradora=ator.unidade,
        criado_por=ator.usuario,
        criado_em=agora,
        nivel_acesso=nivel,
        hipotese_legal=hipotese,
        data_documento=timezone.localdate(agora),
        formato=Documento.Formato.NATO_DIGITAL,
        remetente=remetente,
        estado=Documento.Estado.ASSINADO,
        arquivo_nome=nome_arquivo,
        arquivo_nome_original=f"recibo-{numero_sei}.pdf",
        arquivo_mime="application/pdf",
        arquivo_tamanho=len(assinado),
        arquivo_sha256=sha256,
        pdf_assinado_nome=nome_arquivo,
        pdf_assinado_sha256=sha256,
    )


@dataclass(frozen=True)
class Anexo:
    """One uploaded file of a petition and the document type the user chose for it."""

    tipo: TipoDocumento | None
    arquivo: object
    nome: str
    essencial: bool = False


@dataclass
class AnexoGravado:
    """An ``Anexo`` checked and stored: the name the user gave it and the stored file."""

    anexo: Anexo
    nome_original: str
    gravado: arquivos.ArquivoGravado


def peticionario_exigido(usuario, confirmacao: SenhaConfirmada) -> None:
    """Only an approved external user petitions, with their own password confirmed (403)."""
    if not usuario_externo_liberado(usuario):
        raise AcessoNegado(
            "Somente usuários externos liberados podem peticionar.", code="usuario_nao_liberado"
        )
    if confirmacao.usuario_id != usuario.pk:
        raise AcessoNegado("A senha confirmada não é a de quem peticiona.", code="senha_de_outro")


def gravar_anexos(
    pilha: contextlib.ExitStack, anexos: list, *, campo: str = "documentos", prefixo: str = "documentos"
) -> list[AnexoGravado]:
    """Each file (an ``Anexo``, or anything with ``arquivo`` and ``nome``) checked with the
    installation's limits (size, sniffed type, PDF without JavaScript) and stored under
    ``prefixo``; the stack deletes them all if the protocol fails. An error names the file, in
    ``campo``, with the upload's own status (400, 413 too large, 415 refused type — a file that is
    not a PDF too, as the API's contract says)."""
    gravados = []
    for anexo in anexos:
        try:
            verificado, gravado = verificar_e_gravar(anexo.arquivo, anexo.nome, prefixo=prefixo)
        except (EntradaInvalida, arquivos.TipoRecusado, arquivos.ArquivoGrande) as erro:
            erro.mensagem = f"“{anexo.nome}”: {erro.mensagem}"
            erro.errors = {campo: [erro.mensagem]}
            erro.args = (erro.mensagem,)
            raise
        pilha.enter_context(arquivos.apagar_se_falhar(gravado.nome_storage))
        if gravado.mime != "application/pdf":
            mensagem = f"“{anexo.nome}” não é um PDF."
            raise arquivos.TipoRecusado(mensagem, errors={campo: [mensagem]})
        gravados.append(AnexoGravado(anexo=anexo, nome_original=verificado.nome_cliente, gravado=gravado))
    return gravados


def documento_peticionado(
    ator: Ator,
    processo: Processo,
    item: AnexoGravado,
    *,
    nivel,
    hipotese,
    agora,
    origem: str = "peticionamento eletrônico",
    numero: str = "",
    descricao: str = "",
    data=None,
) -> Documento:
    """An external document sent by the petitioner (``ator.usuario``, the remetente); ``origem``
    names the channel in the history; ``numero``/``descricao``/``data``: what the user informed
    (``externo.inclusoes``)."""
    return documento_recebido(
        ator,
        processo,
        tipo=item.anexo.tipo,
        gravado=item.gravado,
        nome_original=item.nome_original,
        nivel=nivel,
        hipotese=hipotese,
        remetente=ator.usuario.get_full_name(),
        origem=origem,
        agora=agora,
        numero=numero,
        descricao=descricao,
        data=data,
    )


def recibo_de_peticao_emitir(
    ator: Ator,
    processo: Processo,
    documentos: list[Documento],
    *,
    peticao_tipo: str,
    nome_tipo: str,
    nome_arquivo: str,
    agora,
) -> Documento:
    """Recibo Eletrônico de Protocolo of a petition (``recibo_emitir``) with the petitioner's
    fields, and its Andamento ("... emitido (<peticao_tipo>)")."""
    usuario = ator.usuario
    recibo = recibo_emitir(
        ator,
        processo,
        numero_sei=alocar_numero_sei(),
        introducao="O sistema recebeu a petição abaixo, enviada eletronicamente e assinada com login e senha "
        "pelo usuário externo.",
        campos=[
            ("Usuário externo", usuario.get_full_name()),
            ("CPF", mascarar_cpf(usuario.get_username())),
            ("Data e hora", timezone.localtime(agora).strftime("%d/%m/%Y %H:%M:%S")),
            ("Tipo de petição", peticao_tipo),
            ("Tipo", nome_tipo),
            ("Processo", processo.nup_formatado),
            ("Unidade", ator.unidade.sigla),
        ],
        documentos=documentos,
        nome_arquivo=nome_arquivo,
        nivel=documentos[0].nivel_acesso if documentos else processo.nivel_acesso,
        hipotese=documentos[0].hipotese_legal if documentos else processo.hipotese_legal,
        remetente="Sistema (peticionamento eletrônico)",
        agora=agora,
    )
    registrar(
        processo,
        ator,
        Andamento.Tipo.PETICAO,
        f"{NOME_TIPO_RECIBO} {recibo.numero_sei} emitido ({peticao_tipo.lower()})",
        {"numero_sei": recibo.numero_sei, "documentos": [d.numero_sei for d in documentos]},
        em=agora,
    )
    return recibo


def recibo_de_peticao_enviar(peticao: Peticao, url_base: str) -> Peticao:
    """The receipt e-mailed to the petitioner by a task published after commit
    (``externo.tasks.enviar_recibo``); returns ``peticao``."""
    publicar_apos_commit("externo.tasks.enviar_recibo", peticao.pk, url_base)
    return peticao
