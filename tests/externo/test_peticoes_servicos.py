"""Peticionamento eletrônico through the service: the process, its documents and the signed
receipt, all or nothing."""

import io

import pytest
from django.core.files.storage import default_storage

from documentos.models import Documento
from externo import peticoes
from externo.models import Peticao, TipoPeticionamento
from processos.models import Atividade, ContadorNUP, Processo
from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.senhas import SenhaConfirmada
from tests.externo.peticoes_apoio import _tipo_doc, arquivo, arquivos_guardados, pdf_com_javascript


def anexos_validos():
    return [
        peticoes.Anexo(
            tipo=_tipo_doc("Documento de identidade"),
            arquivo=arquivo("rg.pdf"),
            nome="rg.pdf",
            essencial=True,
        ),
        peticoes.Anexo(tipo=_tipo_doc("Comprovante"), arquivo=arquivo("conta.pdf"), nome="conta.pdf"),
    ]


def nova(usuario, tipo, **kwargs):
    dados = dict(
        usuario=usuario,
        confirmacao=SenhaConfirmada(usuario_id=usuario.pk),
        tipo=tipo,
        especificacao="Licença",
        principal=peticoes.Anexo(tipo=tipo.tipo_principal, arquivo=arquivo("req.pdf"), nome="req.pdf"),
        anexos=anexos_validos(),
    )
    dados.update(kwargs)
    return peticoes.peticao_nova(**dados)


def test_peticao_nova_cria_processo_nao_lido_com_recibo_assinado(
    externo,
    tipo_peticao,
    selo,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        peticao = nova(externo, tipo_peticao)
    processo = peticao.processo
    atividade = Atividade.objects.get(processo=processo)
    assert atividade.unidade == tipo_peticao.unidade and atividade.aberta and atividade.recebida_em is None
    assert processo.interessados.get().cpf_cnpj == externo.cpf
    docs = list(peticao.documentos.order_by("numero_sei"))
    assert len(docs) == 3 and all(d.remetente == externo.get_full_name() for d in docs)
    recibo = peticao.recibo
    assert recibo.processo == processo and recibo.estado == Documento.Estado.ASSINADO
    conteudo = default_storage.open(recibo.pdf_assinado_nome).read()
    from pyhanko.pdf_utils.reader import PdfFileReader

    assinaturas = PdfFileReader(io.BytesIO(conteudo)).embedded_signatures
    assert len(assinaturas) == 1
    from pyhanko.sign.validation import validate_pdf_signature

    situacao = validate_pdf_signature(assinaturas[0])
    assert (
        situacao.intact
        and situacao.signing_cert.sha256_fingerprint.replace(" ", "").lower() == selo.impressao_sha256
    )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [externo.email]
    assert mailoutbox[0].attachments[0][0] == f"recibo-{recibo.numero_sei}.pdf"
    assert processo.andamentos.filter(tipo="peticao").exists()
    # What the receipt says: who, which process, each document with its hash, its own number.
    from pypdf import PdfReader

    texto = PdfReader(io.BytesIO(conteudo)).pages[0].extract_text()
    assert f"Usuário externo: {externo.get_full_name()}" in texto and processo.nup_formatado in texto
    assert all(f"Nº SEI {d.numero_sei}" in texto and d.arquivo_sha256 in texto for d in docs)
    assert f"Recibo (nº SEI): {recibo.numero_sei}" in texto and externo.cpf not in texto  # CPF masked


@pytest.mark.parametrize(
    "caso",
    ["javascript", "sem_essencial", "tipo_errado", "senha_de_outro"],
)
def test_tudo_ou_nada(externo, criar_externo, tipo_peticao, caso):
    antes = arquivos_guardados()
    kwargs = {}
    if caso == "javascript":
        kwargs["anexos"] = [
            *anexos_validos()[:1],
            peticoes.Anexo(
                tipo=_tipo_doc("Comprovante"),
                arquivo=arquivo("mau.pdf", pdf_com_javascript()),
                nome="mau.pdf",
            ),
        ]
    elif caso == "sem_essencial":
        kwargs["anexos"] = anexos_validos()[1:]
    elif caso == "tipo_errado":
        kwargs["anexos"] = [
            *anexos_validos(),
            peticoes.Anexo(tipo=_tipo_doc("Outro"), arquivo=arquivo(), nome="x.pdf"),
        ]
    else:
        kwargs["confirmacao"] = SenhaConfirmada(usuario_id=externo.pk + 999)
    with pytest.raises(Exception) as erro:
        nova(externo, tipo_peticao, **kwargs)
    assert erro.value.__class__.__name__ in {"EntradaInvalida", "AcessoNegado", "TipoRecusado"} or isinstance(
        erro.value, EntradaInvalida
    )
    assert not Processo.objects.exists() and not Peticao.objects.exists()
    assert not ContadorNUP.objects.filter(ultimo__gt=0).exists()
    assert arquivos_guardados() == antes


def test_falha_depois_dos_arquivos_nao_deixa_orfao(externo, tipo_peticao):
    """No seal: the transaction fails after every file was stored; they are all deleted."""
    from assinaturas.models import CertificadoOrgao

    CertificadoOrgao.objects.filter(tipo="selo").update(ativo=False)
    antes = arquivos_guardados()
    with pytest.raises(Exception, match="certificado"):
        nova(externo, tipo_peticao)
    assert not Processo.objects.exists() and not Documento.objects.exists()
    assert not ContadorNUP.objects.filter(ultimo__gt=0).exists()
    assert arquivos_guardados() == antes


def test_intercorrente_do_interessado_e_recusa_de_outro(externo, criar_externo, tipo_peticao):
    peticao = nova(externo, tipo_peticao)
    nup = peticao.processo.nup
    segunda = peticoes.peticao_intercorrente(
        usuario=externo, confirmacao=SenhaConfirmada(usuario_id=externo.pk), nup=nup,
        anexos=[peticoes.Anexo(tipo=_tipo_doc("Comprovante"), arquivo=arquivo(), nome="novo.pdf")],
    )  # fmt: skip
    assert segunda.processo_id == peticao.processo_id and segunda.recibo_id != peticao.recibo_id
    maria = criar_externo(cpf="11144477735", nome="Maria Cidadã").usuario
    with pytest.raises(NaoEncontrado):
        peticoes.peticao_intercorrente(
            usuario=maria, confirmacao=SenhaConfirmada(usuario_id=maria.pk), nup=nup,
            anexos=[peticoes.Anexo(tipo=_tipo_doc("Comprovante"), arquivo=arquivo(), nome="novo.pdf")],
        )  # fmt: skip


def test_principal_escrito_no_portal_e_sanitizado(externo, tipo_peticao):
    tipo_peticao.principal = TipoPeticionamento.Principal.FORMULARIO
    tipo_peticao.save()
    peticao = nova(
        externo,
        tipo_peticao,
        principal=None,
        texto_principal="<p>Peço a licença.</p><script>alert(1)</script>",
    )
    principal = peticao.documentos.get(tipo=tipo_peticao.tipo_principal)
    assert principal.arquivo_mime == "application/pdf"
    with pytest.raises(EntradaInvalida):
        nova(externo, tipo_peticao, principal=None, texto_principal="<script>alert(1)</script>")


def test_recibo_por_email_uma_vez_e_reenviado_pelo_varredor_quando_o_servidor_falhou(
    externo, tipo_peticao, selo, django_capture_on_commit_callbacks, mailoutbox, settings
):
    """The receipt's e-mail goes by a task after the commit; a mail server that fails leaves the
    petition standing and the e-mail pending; the beat's sweeper sends it later, once."""
    from datetime import timedelta

    from django.utils import timezone

    from externo import tasks

    settings.EMAIL_BACKEND = "tests.externo.test_peticoes_servicos.ServidorForaDoAr"
    with django_capture_on_commit_callbacks(execute=True):
        peticao = nova(externo, tipo_peticao)
    peticao.refresh_from_db()
    assert peticao.recibo_enviado_em is None and Processo.objects.count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.reenviar_recibos_pendentes() == 0  # too recent: the first message may still come
    Peticao.objects.filter(pk=peticao.pk).update(criada_em=timezone.now() - timedelta(minutes=10))
    assert tasks.reenviar_recibos_pendentes() == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].attachments[0][0] == f"recibo-{peticao.recibo.numero_sei}.pdf"
    peticao.refresh_from_db()
    assert peticao.recibo_enviado_em is not None
    assert tasks.reenviar_recibos_pendentes() == 0
    assert tasks.enviar_recibo(peticao.pk) == "ignorado" and len(mailoutbox) == 1


class ServidorForaDoAr:
    """An e-mail backend whose server refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, mensagens):
        raise ConnectionRefusedError("servidor de e-mail fora do ar")
