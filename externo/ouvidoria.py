"""Ouvidoria (issue 12, §5): anybody, without login, sends a manifestation (denúncia,
reclamação, elogio, sugestão, solicitação) through the public form; after they confirm their
e-mail by the signed link, a process of the configured type is opened in the ouvidoria unit
(unread in its inbox), with the citizen as interessado, the text as the main document (laid out
as a PDF), the attachments as external documents sent by the citizen, and the Recibo Eletrônico
de Protocolo signed with the órgão's seal (``protocolo``), mailed and downloadable by a signed link.

E-mails: the confirmation link and the recibo each go once, by a task published after the commit
(``externo.tasks.enviar_confirmacao_da_manifestacao``, ``enviar_recibo_da_manifestacao``), marked
sent in the same transaction as the sending (``confirmacao_enviada_em``, ``recibo_enviado_em``). A
lost message or a mail server that fails leaves it pending, logged, for the beat's sweeper
(``reenviar_emails_da_ouvidoria_pendentes``); the citizen never sees an error page for it.

Files: checked (size, sniffed type, PDF without JavaScript) and stored when the form is sent,
listed in the pending ``Manifestacao``; confirming turns them into the process's documents; the
beat deletes an unconfirmed manifestation with its files once its link expired. A failed
confirmation rolls back (no process, no NUP consumed, the recibo file deleted) and leaves the
manifestation pending, so the citizen may try again while the link is valid.

The actor recorded in the history is the system user ``ouvidoria.publica`` (inactive, no
password, no unit): the citizen has no account; their name is in the interessado, the documents'
remetente and every Andamento's text."""

import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assinaturas.aparencia import mascarar_cpf
from documentos import arquivos
from documentos.services.internos import atualizar_nivel_global
from documentos.services.numeracao import alocar_numero_sei
from processos.models import Andamento
from processos.services.criacao import validar_nivel
from processos.services.historico import derivar_no_fim, registrar
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.models import Usuario
from sei.tarefas import publicar_apos_commit
from sei.validators import normalizar_cpf

from . import emails, protocolo
from .models import Manifestacao, TipoManifestacao

logger = logging.getLogger("sei.externo")
logger_publico = logging.getLogger("sei.publico")

USUARIO_SISTEMA = "ouvidoria.publica"
MAX_ANEXOS = 10
MAX_TEXTO = 20_000
_SAL_CONFIRMAR = "externo.ouvidoria.confirmar"
_SAL_RECIBO = "externo.ouvidoria.recibo"


@dataclass(frozen=True)
class ArquivoEnviado:
    arquivo: object
    nome: str


def tipos_ativos():
    return TipoManifestacao.objects.filter(ativo=True, unidade__ativa=True, tipo_processo__ativo=True)


def _gravar(pilha: contextlib.ExitStack, enviados: list[ArquivoEnviado]) -> list[dict]:
    """The files checked and stored as a petition's (``protocolo.gravar_anexos``), described for
    ``Manifestacao.arquivos``."""
    return [
        {
            "nome_storage": item.gravado.nome_storage,
            "nome_original": item.nome_original,
            "sha256": item.gravado.sha256,
            "tamanho": item.gravado.tamanho,
            "mime": item.gravado.mime,
        }  # fmt: skip
        for item in protocolo.gravar_anexos(pilha, enviados, campo="anexos", prefixo="ouvidoria")
    ]


def manifestacao_enviar(
    *,
    tipo: TipoManifestacao,
    nome: str,
    email: str,
    cpf: str = "",
    telefone: str = "",
    assunto: str,
    texto: str,
    anexos: list[ArquivoEnviado] = (),
    url_base: str = "",
) -> Manifestacao:
    """Ouvidoria — the public form: the manifestation is kept pending (its files checked and
    stored) and a signed link that expires (``SEI_OUVIDORIA_LINK_HORAS``) is mailed to confirm
    it. A refused file (415, 413) stores nothing."""
    erros = {}
    if tipo is None or not tipos_ativos().filter(pk=tipo.pk).exists():
        erros["tipo"] = ["Tipo de manifestação indisponível."]
    nome, email, assunto = (nome or "").strip(), (email or "").strip(), (assunto or "").strip()
    texto = (texto or "").strip()
    if not nome:
        erros["nome"] = ["Obrigatório."]
    if not email:
        erros["email"] = ["Obrigatório."]
    if not assunto:
        erros["assunto"] = ["Obrigatório."]
    if not texto or len(texto) > MAX_TEXTO:
        erros["texto"] = [f"Escreva a manifestação (até {MAX_TEXTO} caracteres)."]
    try:
        cpf = normalizar_cpf(cpf or "") or ""
    except ValidationError:
        erros["cpf"] = ["CPF inválido."]
    anexos = list(anexos)
    if len(anexos) > MAX_ANEXOS:
        erros["anexos"] = [f"No máximo {MAX_ANEXOS} arquivos."]
    if erros:
        raise EntradaInvalida("Corrija os campos indicados.", errors=erros, code="manifestacao_invalida")
    with contextlib.ExitStack() as pilha:
        gravados = _gravar(pilha, anexos)
        with transaction.atomic(durable=True):
            manifestacao = Manifestacao.objects.create(
                tipo=tipo, nome=nome[:200], email=email, cpf=cpf, telefone=(telefone or "").strip()[:30],
                assunto=assunto[:100], texto=texto, arquivos=gravados,
            )  # fmt: skip
            publicar_apos_commit(
                "externo.tasks.enviar_confirmacao_da_manifestacao", manifestacao.pk, url_base
            )
    return manifestacao


def token_confirmacao(manifestacao: Manifestacao) -> str:
    return signing.dumps({"m": manifestacao.pk, "e": manifestacao.email.lower()}, salt=_SAL_CONFIRMAR)


def confirmacao_enviar(*, manifestacao_id: int, url_base: str = "") -> bool:
    """The confirmation link of a pending manifestation by e-mail, once: marked sent in the same
    transaction (a rerun or a concurrent copy is a no-op; so is a manifestation confirmed or swept
    meanwhile). A mail server that fails leaves it pending for ``confirmacoes_pendentes``."""
    with transaction.atomic():
        manifestacao = (
            Manifestacao.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("tipo")
            .filter(pk=manifestacao_id, confirmacao_enviada_em__isnull=True, confirmada_em__isnull=True)
            .first()
        )
        if manifestacao is None:
            return False
        token = token_confirmacao(manifestacao)
        enviado = emails.enviar(
            para=manifestacao.email,
            modelo="ouvidoria_confirmacao",
            contexto={
                "manifestacao": manifestacao,
                "link": emails.url_absoluta(url_base, reverse("ouvidoria:confirmar", args=[token])),
                "validade_horas": settings.SEI_OUVIDORIA_LINK_HORAS,
            },
        )
        if not enviado:  # logged by ``emails.enviar``; the sweeper tries again
            return False
        Manifestacao.objects.filter(pk=manifestacao.pk).update(confirmacao_enviada_em=timezone.now())
    return True


def confirmacoes_pendentes(*, depois_de_minutos: int = 5) -> list[int]:
    """Pending manifestations whose confirmation e-mail has not gone, sent more than
    ``depois_de_minutos`` ago (the broker may have lost the message, or the mail server failed)
    and while their link would still be valid (past that the beat deletes them)."""
    agora = timezone.now()
    return list(
        Manifestacao.objects.filter(
            confirmacao_enviada_em__isnull=True,
            confirmada_em__isnull=True,
            criada_em__lt=agora - timedelta(minutes=depois_de_minutos),
            criada_em__gte=agora - timedelta(hours=settings.SEI_OUVIDORIA_LINK_HORAS),
        ).values_list("pk", flat=True)[:500]
    )


def manifestacao_do_token(token: str) -> Manifestacao:
    """The manifestation a confirmation link names: 404 for a tampered link or one whose
    manifestation no longer exists, 409 for an expired one."""
    try:
        dados = signing.loads(token, salt=_SAL_CONFIRMAR, max_age=settings.SEI_OUVIDORIA_LINK_HORAS * 3600)
    except signing.SignatureExpired:
        raise RegraDeNegocio("Este link venceu. Envie a manifestação de novo.", code="link_vencido") from None
    except signing.BadSignature:
        raise NaoEncontrado("Link de confirmação inválido.") from None
    if not isinstance(dados, dict) or not isinstance(dados.get("m"), int):
        raise NaoEncontrado("Link de confirmação inválido.")
    manifestacao = (
        Manifestacao.objects.select_related("tipo", "processo", "recibo")
        .filter(pk=dados["m"], email__iexact=dados.get("e", ""))
        .first()
    )
    if manifestacao is None:
        raise NaoEncontrado("Link de confirmação inválido.")
    return manifestacao


def _usuario_sistema() -> Usuario:
    usuario, criado = Usuario.objects.get_or_create(
        username=USUARIO_SISTEMA, defaults={"nome": "Ouvidoria (formulário público)", "is_active": False}
    )
    if criado:
        usuario.set_unusable_password()
        usuario.save(update_fields=["password"])
    return usuario


def manifestacao_confirmar(*, token: str, url_base: str = "") -> Manifestacao:
    """Ouvidoria — confirming the e-mail opens the process (see the module's docstring).
    Confirming again returns the same result."""
    manifestacao = manifestacao_do_token(token)
    if manifestacao.confirmada_em is not None:
        return manifestacao
    nome_recibo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with contextlib.ExitStack() as pilha:
        pilha.enter_context(arquivos.apagar_se_falhar(nome_recibo))
        manifestacao, nova = _registrar(manifestacao.pk, pilha, nome_recibo)
    if nova:
        publicar_apos_commit("externo.tasks.enviar_recibo_da_manifestacao", manifestacao.pk, url_base)
    return manifestacao


@transaction.atomic(durable=True)
@derivar_no_fim()
def _registrar(pk: int, pilha: contextlib.ExitStack, nome_recibo: str) -> tuple[Manifestacao, bool]:
    manifestacao = Manifestacao.objects.select_for_update().get(pk=pk)
    if manifestacao.confirmada_em is not None:  # confirmed meanwhile (double click)
        return manifestacao, False
    tipo = TipoManifestacao.objects.select_related("unidade__orgao", "tipo_processo", "tipo_documento").get(
        pk=manifestacao.tipo_id
    )
    if not (tipo.ativo and tipo.unidade.ativa and tipo.tipo_processo.ativo):
        raise RegraDeNegocio(
            "A ouvidoria não recebe mais este tipo de manifestação.", code="tipo_indisponivel"
        )
    validar_nivel(tipo.tipo_processo, tipo.nivel_acesso, tipo.hipotese_legal)
    unidade = tipo.unidade
    ator = Ator(usuario=_usuario_sistema(), unidade=unidade)
    agora = timezone.now()
    processo = protocolo.processo_recebido(
        ator,
        tipo_processo=tipo.tipo_processo,
        especificacao=f"{tipo.nome}: {manifestacao.assunto}",
        nivel=tipo.nivel_acesso,
        hipotese=tipo.hipotese_legal,
        interessado=(manifestacao.nome, manifestacao.cpf),
        gerado=f"pela ouvidoria: {tipo.nome} de {manifestacao.nome}",
        atributos={"tipo": tipo.tipo_processo.nome, "ouvidoria": tipo.nome},
        agora=agora,
    )
    comum = {"nivel": tipo.nivel_acesso, "hipotese": tipo.hipotese_legal, "remetente": manifestacao.nome,
             "origem": "manifestação à ouvidoria", "agora": agora}  # fmt: skip
    html = render_to_string("externo/ouvidoria/manifestacao_pdf.html", {"m": manifestacao, "tipo": tipo})
    texto = protocolo.gravar_texto_em_pdf(
        pilha, texto=html, titulo=f"{tipo.nome}: {manifestacao.assunto}", rodape="Ouvidoria", campo="texto",
        mensagem="Escreva a manifestação.", code="manifestacao_invalida",
    )  # fmt: skip
    documentos = [
        protocolo.documento_recebido(
            ator, processo, tipo=tipo.tipo_documento, gravado=texto,
            nome_original=f"{tipo.tipo_documento.nome}.pdf", **comum,
        )
    ]  # fmt: skip
    for a in manifestacao.arquivos:
        gravado = arquivos.ArquivoGravado(
            nome_storage=a["nome_storage"], sha256=a["sha256"], tamanho=a["tamanho"], mime=a["mime"]
        )
        documentos.append(
            protocolo.documento_recebido(
                ator,
                processo,
                tipo=tipo.tipo_documento,
                gravado=gravado,
                nome_original=a["nome_original"],
                **comum,
            )
        )
    atualizar_nivel_global(processo)
    campos = [("Manifestante", manifestacao.nome)]
    if manifestacao.cpf:
        campos.append(("CPF", mascarar_cpf(manifestacao.cpf)))
    campos += [
        ("E-mail", manifestacao.email),
        ("Data e hora", timezone.localtime(agora).strftime("%d/%m/%Y %H:%M:%S")),
        ("Tipo de manifestação", tipo.nome),
        ("Processo", processo.nup_formatado),
        ("Unidade", unidade.sigla),
    ]
    recibo = protocolo.recibo_emitir(
        ator, processo, numero_sei=alocar_numero_sei(),
        introducao="A ouvidoria recebeu a manifestação abaixo, enviada pelo formulário público e confirmada "
                   "pelo e-mail de quem a enviou.",
        campos=campos, documentos=documentos, nome_arquivo=nome_recibo, nivel=tipo.nivel_acesso,
        hipotese=tipo.hipotese_legal, remetente="Sistema (ouvidoria)", agora=agora,
    )  # fmt: skip
    registrar(
        processo,
        ator,
        Andamento.Tipo.PETICAO,
        f"{protocolo.NOME_TIPO_RECIBO} {recibo.numero_sei} emitido (ouvidoria)",
        {"numero_sei": recibo.numero_sei, "documentos": [d.numero_sei for d in documentos]},
        em=agora,
    )
    manifestacao.confirmada_em = agora
    manifestacao.processo = processo
    manifestacao.recibo = recibo
    manifestacao.save(update_fields=["confirmada_em", "processo", "recibo"])
    return manifestacao, True


def token_recibo(manifestacao: Manifestacao) -> str:
    return signing.dumps({"m": manifestacao.pk, "r": manifestacao.recibo_id}, salt=_SAL_RECIBO)


def recibo_do_token(token: str, *, endereco: str = "?"):
    """(manifestação, recibo, open file) a recibo link names; 404 for a tampered or expired one.
    The recibo is the citizen's own, signed, and holds no more than they sent."""
    try:
        dados = signing.loads(token, salt=_SAL_RECIBO, max_age=settings.SEI_OUVIDORIA_RECIBO_DIAS * 86400)
    except signing.BadSignature:
        raise NaoEncontrado("Recibo não encontrado.") from None
    manifestacao = (
        Manifestacao.objects.select_related("recibo", "processo")
        .filter(pk=dados.get("m"), recibo_id=dados.get("r"), confirmada_em__isnull=False)
        .first()
        if isinstance(dados, dict)
        else None
    )
    if manifestacao is None or manifestacao.recibo is None:
        raise NaoEncontrado("Recibo não encontrado.")
    recibo = manifestacao.recibo
    # No user to put in LeituraAuditada: the read is logged with the address, as the public ones.
    logger_publico.info(
        "leitura do recibo da ouvidoria",
        extra={"numero_sei": recibo.numero_sei, "nup": manifestacao.processo.nup, "ip": endereco},
    )
    return manifestacao, recibo, default_storage.open(recibo.pdf_assinado_nome, "rb")


def recibo_enviar(*, manifestacao_id: int, url_base: str = "") -> bool:
    """The recibo of a confirmed manifestation, attached, with its download link, by e-mail, once:
    marked sent in the same transaction (a rerun or a concurrent copy is a no-op). A mail server
    that fails leaves it pending for ``recibos_pendentes``; the confirmation page links it."""
    with transaction.atomic():
        manifestacao = (
            Manifestacao.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("processo", "recibo", "tipo")
            .filter(pk=manifestacao_id, recibo_enviado_em__isnull=True, recibo__isnull=False)
            .first()
        )
        if manifestacao is None:
            return False
        contexto = {
            "m": manifestacao,
            "link": emails.url_absoluta(
                url_base, reverse("ouvidoria:recibo", args=[token_recibo(manifestacao)])
            ),
        }
        if not emails.enviar(
            para=manifestacao.email, modelo="ouvidoria_recibo", contexto=contexto, recibo=manifestacao.recibo
        ):
            return False  # the process stands; the sweeper tries again
        Manifestacao.objects.filter(pk=manifestacao.pk).update(recibo_enviado_em=timezone.now())
    return True


def recibos_pendentes(*, depois_de_minutos: int = 5, ate_horas: int = 24) -> list[int]:
    """Confirmed manifestations whose recibo e-mail has not gone, confirmed more than
    ``depois_de_minutos`` ago and less than ``ate_horas`` ago (past that it is given up: the
    recibo link was on the confirmation page)."""
    agora = timezone.now()
    return list(
        Manifestacao.objects.filter(
            recibo_enviado_em__isnull=True,
            recibo__isnull=False,
            confirmada_em__lt=agora - timedelta(minutes=depois_de_minutos),
            confirmada_em__gte=agora - timedelta(hours=ate_horas),
        ).values_list("pk", flat=True)[:500]
    )


def nao_confirmadas_apagar(*, agora=None) -> int:
    """The beat's sweep: manifestations whose link expired unconfirmed, deleted with their files
    (each row first, then its files after the commit). A rerun is a no-op."""
    limite = (agora or timezone.now()) - timedelta(hours=settings.SEI_OUVIDORIA_LINK_HORAS)
    apagadas = 0
    for pk in Manifestacao.objects.filter(confirmada_em__isnull=True, criada_em__lt=limite).values_list(
        "pk", flat=True
    ):
        with transaction.atomic(durable=True):
            m = Manifestacao.objects.select_for_update().filter(pk=pk, confirmada_em__isnull=True).first()
            if m is None:
                continue
            nomes = [a["nome_storage"] for a in m.arquivos]
            m.delete()
            transaction.on_commit(lambda nomes=nomes: [arquivos.apagar(n) for n in nomes])
        apagadas += 1
    return apagadas
