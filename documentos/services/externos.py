"""Incluir Documento externo (recebido): an uploaded file, checked, stored, then registered."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from processos.models import Andamento
from processos.services.historico import registrar, travar
from sei.acesso import Ator
from sei.exceptions import EntradaInvalida
from sei.tarefas import publicar_apos_commit

from .. import arquivos
from ..models import Documento, TipoDocumento
from .internos import aplicar_nivel_do_documento, atualizar_nivel_global, exigir_inclusao
from .numeracao import alocar_numero, alocar_numero_sei


def verificar_e_gravar(arquivo, nome_arquivo: str, *, prefixo: str = "documentos"):
    """(ArquivoVerificado, ArquivoGravado): the upload checked with the installation's limits
    (size, extension, content) and stored under a generated name. The caller deletes the stored
    file if what it registers fails (``arquivos.apagar_se_falhar``)."""
    verificado = arquivos.verificar_upload(
        arquivo,
        nome_arquivo,
        tamanho_maximo=settings.SEI_UPLOAD_MAX_BYTES,
        extensoes_permitidas=settings.SEI_UPLOAD_EXTENSOES,
    )
    try:
        return verificado, arquivos.gravar(verificado, prefixo=prefixo)
    finally:
        verificado.fechar()

def documento_externo_criar(
    *,
    ator: Ator,
    processo,
    tipo: TipoDocumento,
    arquivo,
    nome_arquivo: str,
    nivel_acesso: int,
    hipotese_legal=None,
    data_documento: date | None = None,
    numero: str = "",
    descricao: str = "",
    formato: str = Documento.Formato.NATO_DIGITAL,
    tipo_conferencia: str = "",
    remetente: str = "",
) -> Documento:
    """Incluir Documento externo: the file is checked (size, extension, content) and stored under a
    generated name before the database row exists; if registering fails, the stored file is
    removed — no row without file, no file without row."""
    _validar_metadados(tipo, formato, tipo_conferencia, data_documento, descricao, remetente)
    exigir_inclusao(ator, processo)  # before touching storage; checked again under the lock
    verificado, gravado = verificar_e_gravar(arquivo, nome_arquivo)
    try:
        documento = _registrar(
            ator=ator,
            processo=processo,
            tipo=tipo,
            gravado=gravado,
            nome_original=verificado.nome_cliente,
            nivel_acesso=nivel_acesso,
            hipotese_legal=hipotese_legal,
            data_documento=data_documento,
            numero=numero,
            descricao=descricao,
            formato=formato,
            tipo_conferencia=tipo_conferencia,
            remetente=remetente,
        )
    except BaseException:
        arquivos.apagar(gravado.nome_storage)
        raise
    return documento


def _validar_metadados(tipo, formato, tipo_conferencia, data_documento, descricao, remetente) -> None:
    erros = {}
    if not (tipo.ativo and tipo.permite_externo):
        erros["tipo"] = [f"O tipo {tipo.nome} não pode ser usado em documento externo."]
    if formato not in Documento.Formato.values:
        erros["formato"] = ["Informe nato-digital ou digitalizado."]
    elif formato == Documento.Formato.DIGITALIZADO and tipo_conferencia not in Documento.Conferencia.values:
        erros["tipo_conferencia"] = ["Documento digitalizado exige o tipo de conferência."]
    if data_documento is not None and data_documento > timezone.localdate():
        erros["data"] = ["A data do documento não pode estar no futuro."]
    if len(descricao or "") > 200:
        erros["descricao"] = ["No máximo 200 caracteres."]
    if len(remetente or "") > 200:
        erros["remetente"] = ["No máximo 200 caracteres."]
    if erros:
        raise EntradaInvalida("Dados do documento externo inválidos.", errors=erros)


@transaction.atomic(durable=True)
def _registrar(*, ator, processo, tipo, gravado, nome_original, nivel_acesso, hipotese_legal, data_documento,
               numero, descricao, formato, tipo_conferencia, remetente) -> Documento:  # fmt: skip
    processo = travar(processo)
    exigir_inclusao(ator, processo)
    aplicar_nivel_do_documento(ator, processo, nivel_acesso, hipotese_legal)
    agora = timezone.now()
    ano = timezone.localtime(agora).year
    documento = Documento.objects.create(
        processo=processo,
        numero_sei=alocar_numero_sei(),
        tipo=tipo,
        natureza=Documento.Natureza.EXTERNO,
        numero=alocar_numero(tipo=tipo, unidade=ator.unidade, ano=ano, informado=numero),
        ano=ano,
        descricao=(descricao or "").strip(),
        unidade_geradora=ator.unidade,
        criado_por=ator.usuario,
        criado_em=agora,
        nivel_acesso=nivel_acesso,
        hipotese_legal=hipotese_legal,
        data_documento=data_documento or timezone.localdate(agora),
        formato=formato,
        tipo_conferencia=tipo_conferencia if formato == Documento.Formato.DIGITALIZADO else "",
        remetente=(remetente or "").strip(),
        arquivo_nome=gravado.nome_storage,
        arquivo_nome_original=nome_original,
        arquivo_mime=gravado.mime,
        arquivo_tamanho=gravado.tamanho,
        arquivo_sha256=gravado.sha256,
    )
    atualizar_nivel_global(processo)
    registrar(
        processo,
        ator,
        Andamento.Tipo.DOCUMENTO_INCLUIDO,
        f"Documento externo {documento.rotulo} incluído",
        {"numero_sei": documento.numero_sei},
        em=agora,
    )
    publicar_apos_commit("documentos.tasks.extrair_texto", documento.pk)
    publicar_apos_commit("documentos.tasks.renderizar_documento", documento.pk, 0)
    return documento
