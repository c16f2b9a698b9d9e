"""Signing: the only code that signs. Every signature, at every level, is a PAdES signature in
the document's PDF, appended as a new revision, so each earlier signature stays valid and any
reader checks it without trusting this server.

The first signature takes the document's rendered PDF (the cached one: ``documentos.services
.pdfs``) as it is; the código CRC is the keyed code of those bytes (``codigos``). Its appearance
fills the signature area the PDF keeps blank (``documentos.renderizacao``): the tarja in the
first slot and the validation block at the bottom. Each later signature adds its tarja in the
next slot. Past the slots a signature is still made (invisible on the page) and listed on the
public page."""

import contextlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from documentos import arquivos, pdf, renderizacao
from documentos.models import Documento
from documentos.services import pdfs
from documentos.services.internos import travar_documento
from processos.models import Andamento
from processos.services.historico import registrar, travar
from sei import acesso
from sei.acesso import Ator
from sei.acoes import Acao
from sei.exceptions import AcessoNegado, EntradaInvalida, ErroDominio, RegraDeNegocio
from sei.models import Usuario
from sei.senhas import SenhaConfirmada

from . import aparencia, carimbo, chaves, codigos
from .models import AparenciaPreparada, Assinante, Assinatura, Bloco, BlocoUnidade, FundamentoLegal, ItemBloco


@dataclass(frozen=True)
class PedidoAssinatura:
    """Who signs, with which cargo, and the public address printed under the signatures."""

    ator: Ator
    cargo: str
    senha: SenhaConfirmada
    url_publica: str


def cargos_do_ator(ator: Ator):
    """The cargos ``ator`` may sign with in the acting unit (SEI's assinantes)."""
    return (
        Assinante.objects.filter(usuario=ator.usuario, orgao_id=ator.unidade.orgao_id, ativo=True)
        .filter(Q(unidades__isnull=True) | Q(unidades=ator.unidade))
        .distinct()
        .order_by("cargo")
    )


def _disponibilizados_em_bloco(ids: list[int]) -> set[int]:
    """Of these documents, those in a bloco de assinatura made available to other units (and
    not yet returned by all of them): SEI's generating unit does not sign them meanwhile."""
    itens = ItemBloco.objects.filter(documento_id__in=ids, bloco__estado=Bloco.Estado.DISPONIBILIZADO)
    return set(itens.values_list("documento_id", flat=True))


def _recebidos_em_bloco(ids: list[int], unidade) -> set[int]:
    """Of these documents, those ``unidade`` has now in a bloco de assinatura made available to it."""
    destinos = BlocoUnidade.objects.filter(
        bloco_id=OuterRef("bloco_id"), unidade=unidade, disponibilizado_em__isnull=False, devolvido_em__isnull=True
    )
    itens = ItemBloco.objects.filter(documento_id__in=ids, bloco__estado=Bloco.Estado.DISPONIBILIZADO).filter(
        Exists(destinos)
    )
    return set(itens.values_list("documento_id", flat=True))


def impedimentos_de_assinatura(ator: Ator, documentos: list[Documento]) -> dict[int, ErroDominio | None]:
    """``impedimento_de_assinatura`` of many documents (by id) in a fixed number of queries (the
    bloco page asks it of every item)."""
    ids = [d.pk for d in documentos]
    proprios = [d.pk for d in documentos if d.unidade_geradora_id == ator.unidade.pk]
    alheios = [d.pk for d in documentos if d.unidade_geradora_id != ator.unidade.pk]
    disponibilizados = _disponibilizados_em_bloco(proprios) if proprios else set()
    recebidos = _recebidos_em_bloco(alheios, ator.unidade) if alheios else set()
    ja_assinados = set(
        Assinatura.objects.filter(documento_id__in=ids, usuario=ator.usuario, descartada_em__isnull=True).values_list(
            "documento_id", flat=True
        )
    )
    resultado: dict[int, ErroDominio | None] = {}
    for documento in documentos:
        resultado[documento.pk] = _impedimento(ator, documento, disponibilizados, recebidos, ja_assinados)
    return resultado


def _impedimento(ator: Ator, documento: Documento, disponibilizados, recebidos, ja_assinados) -> ErroDominio | None:
    if not documento.interno:
        return RegraDeNegocio("Documento externo não é assinado; use Autenticar.", code="documento_externo")
    if documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        return RegraDeNegocio("Documento cancelado ou excluído não pode ser assinado.", code="documento_cancelado")
    if documento.unidade_geradora_id == ator.unidade.pk:
        if documento.pk in disponibilizados:
            return RegraDeNegocio(
                "A unidade geradora não assina enquanto o documento está disponibilizado em bloco de assinatura.",
                code="documento_disponibilizado_em_bloco",
            )
    elif documento.pk not in recebidos:
        return AcessoNegado(
            "Só usuários da unidade geradora (ou de uma unidade que o recebeu em bloco de assinatura) assinam o documento.",
            code="assinatura_fora_da_unidade",
        )
    if documento.pk in ja_assinados:
        return RegraDeNegocio("Você já assinou este documento.", code="ja_assinado")
    return None


def impedimento_de_assinatura(ator: Ator, documento: Documento) -> ErroDominio | None:
    """Why ``ator`` may not sign ``documento`` now, or None (the pages offer Assinar only then).
    Users of the generating unit sign, except while the document is made available in a bloco
    de assinatura; users of a unit that has it in a bloco made available to it sign too."""
    return impedimentos_de_assinatura(ator, [documento])[documento.pk]


def impedimento_de_autenticacao(ator: Ator, documento: Documento) -> RegraDeNegocio | AcessoNegado | None:
    """Why ``ator`` may not authenticate ``documento`` now, or None: a digitised external
    document with its conference registered and a PDF form, by its unit, once per user."""
    if documento.interno:
        return RegraDeNegocio("Documento interno é assinado, não autenticado.", code="documento_interno")
    if documento.estado in (Documento.Estado.CANCELADO, Documento.Estado.EXCLUIDO):
        return RegraDeNegocio("Documento cancelado ou excluído não pode ser autenticado.", code="documento_cancelado")
    if documento.formato != Documento.Formato.DIGITALIZADO or not documento.tipo_conferencia:
        return RegraDeNegocio(
            "Só documento digitalizado, com o tipo de conferência registrado, é autenticado.",
            code="autenticacao_nao_cabe",
        )
    if not renderizacao.tem_pdf(documento):
        return RegraDeNegocio("Só documento em PDF ou imagem é autenticado.", code="autenticacao_nao_cabe")
    if documento.unidade_geradora_id != ator.unidade.pk:
        return AcessoNegado("Só usuários da unidade que incluiu o documento o autenticam.", code="assinatura_fora_da_unidade")
    if documento.assinaturas.filter(usuario=ator.usuario, descartada_em__isnull=True).exists():
        return RegraDeNegocio("Você já autenticou este documento.", code="ja_assinado")
    return None


def acoes(ator: Ator, documento: Documento) -> list[Acao]:
    """What the document toolbar offers from this app (Assinar, Autenticar), each only when the
    service would accept it."""
    numero = documento.numero_sei_formatado
    if documento.interno:
        if impedimento_de_assinatura(ator, documento) is None and cargos_do_ator(ator).exists():
            url = reverse("assinaturas:assinar", args=[numero])
            return [Acao("assinar", "Assinar documento", "signature", url=url, ordem=30)]
    elif impedimento_de_autenticacao(ator, documento) is None and cargos_do_ator(ator).exists():
        url = reverse("assinaturas:autenticar", args=[numero])
        return [Acao("autenticar", "Autenticar documento", "badge-check", url=url, ordem=30)]
    return []


def fundamento_de(orgao, nivel: str) -> str:
    """The legal basis the tarja cites: the órgão's own (``FundamentoLegal``), else the general
    row, else the installation's setting."""
    textos = dict(
        FundamentoLegal.objects.filter(Q(orgao=orgao) | Q(orgao__isnull=True), nivel=nivel)
        .order_by("orgao_id")
        .values_list("orgao_id", "texto")
    )
    if orgao.pk in textos:
        return textos[orgao.pk]
    if None in textos:
        return textos[None]
    return {
        FundamentoLegal.Nivel.QUALIFICADA: settings.SEI_ASSINATURA_FUNDAMENTO_QUALIFICADA,
        FundamentoLegal.Nivel.AUTENTICACAO: settings.SEI_AUTENTICACAO_FUNDAMENTO,
    }.get(nivel, settings.SEI_ASSINATURA_FUNDAMENTO)


def exigir_cargo(ator: Ator, cargo: str) -> str:
    """The cargo, stripped, when ``ator`` may sign with it here; 400 otherwise."""
    cargo = (cargo or "").strip()
    if not cargo:
        raise EntradaInvalida("Escolha o cargo/função da assinatura.", errors={"cargo": ["Obrigatório."]})
    if not cargos_do_ator(ator).filter(cargo=cargo).exists():
        raise EntradaInvalida(
            "Cargo/função não disponível para você nesta unidade.", errors={"cargo": ["Cargo inválido."]}
        )
    return cargo


@dataclass(frozen=True)
class Revisao:
    """The next revision of a document's PDF, before its signature: the base it is appended to,
    the signature field and, when the signature area has room, its box and appearance (a small
    PDF: the first signature's whole area with the validation block, or a later tarja)."""

    base: bytes
    primeira: bool
    ordem: int
    pagina: int
    caixa: tuple[float, float, float, float] | None
    aparencia_pdf: bytes | None
    codigo_crc: str
    codigo_crc_chave: str

    @property
    def campo(self) -> str:
        return f"Assinatura{self.ordem}"


def travar_para_assinar(ator: Ator, documento: Documento, cargo: str | None, *, autenticacao: bool = False):
    """Lock the process and the document (in this order, as every service does) and check that
    ``ator`` may sign (or authenticate) it now with ``cargo`` (None: already checked, a batch's):
    (process, document freshly read, cargo)."""
    processo = travar(documento.processo)
    documento = travar_documento(documento)
    acesso.exigir_documento_visivel(ator, documento)  # 404 for who may not know it exists
    regra = impedimento_de_autenticacao if autenticacao else impedimento_de_assinatura
    impedimento = regra(ator, documento)
    if impedimento is not None:
        raise impedimento
    if not acesso.pode_ver_conteudo_documento(ator, documento):
        acesso.exigir_conteudo_documento(ator, documento)  # raises, with the reason
    return processo, documento, cargo if cargo is None else exigir_cargo(ator, cargo)


def tarja_de(
    ator: Ator, *, cargo: str, em, nivel: str, conferencia: str = "", fundamento: str | None = None
) -> aparencia.Tarja:
    """What the tarja prints; ``conferencia`` (the digitised document's tipo de conferência)
    makes it an autenticação. ``fundamento``: already looked up (a batch's), else read here."""
    usuario = ator.usuario
    if fundamento is None:
        fundamento = fundamento_de(ator.unidade.orgao, FundamentoLegal.Nivel.AUTENTICACAO if conferencia else nivel)
    return aparencia.Tarja(
        nome=usuario.nome or usuario.get_username(),
        cargo=cargo,
        cpf_mascarado=aparencia.mascarar_cpf(usuario.cpf),
        unidade=f"{ator.unidade.sigla}/{ator.unidade.orgao.sigla}",
        em=em,
        fundamento=fundamento,
        nivel=str(nivel),
        autenticacao=bool(conferencia),
        conferencia=conferencia,
    )


def proxima_revisao(
    documento: Documento, tarja: aparencia.Tarja, *, url_publica: str, lote: "LoteDeAssinaturas | None" = None
) -> Revisao:
    """What the next signature appends: the first one takes the rendered PDF (its código CRC
    is computed here), the area's whole appearance and the validation block; a later one the
    stored signed PDF and the next tarja slot (none past the slots: an invisible signature)."""
    ordem = documento.assinaturas.count() + 1  # unique over every row, dropped ones included
    posicao = documento.assinaturas.filter(descartada_em__isnull=True).count() + 1  # in this PDF
    primeira = not documento.pdf_assinado_nome
    codigo_crc, chave_id = documento.codigo_crc, documento.codigo_crc_chave
    if primeira:
        base = pdfs.ler_pdf(documento, pdfs.pdf_para_servir(documento))
        if not documento.interno and not pdf.tem_assinaturas(base):
            # A digitised document gets SEI's authentication sheet, with the signature area, after
            # its pages (a PDF signed elsewhere is kept intact: the signature is then invisible).
            base = pdf.acrescentar_paginas(base, renderizacao.folha_de_autenticacao(documento))
        chave_id, codigo_crc = codigos.gerar(documento.numero_sei, base)
    else:
        base = arquivos.ler_tudo(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)
    area = aparencia.localizar_area(base)
    caixa, imagem = None, None
    if area is not None and primeira:
        caixa = area.inteira()
        if lote is not None:
            imagem = lote.aparencia_primeira(tarja, area, documento.numero_sei, codigo_crc)
        else:
            imagem = _aparencia_primeira(url_publica, tarja, area, documento.numero_sei, codigo_crc)
    elif area is not None and area.vaga(posicao) is not None:
        caixa = area.vaga(posicao)
        imagem = (lote.aparencia_tarja if lote is not None else aparencia.aparencia_tarja)(tarja, area.largura)
    return Revisao(
        base=base,
        primeira=primeira,
        ordem=ordem,
        pagina=area.pagina if area else -1,
        caixa=caixa,
        aparencia_pdf=imagem,
        codigo_crc=codigo_crc,
        codigo_crc_chave=chave_id,
    )


def _metadados(campo: str, tarja: aparencia.Tarja):
    from pyhanko.sign import fields, signers

    acao = "Autenticação" if tarja.autenticacao else "Assinatura"
    nivel = "qualificada (ICP-Brasil)" if tarja.qualificada else "eletrônica"
    return signers.PdfSignatureMetadata(
        field_name=campo,
        name=f"{tarja.nome} ({tarja.cpf_mascarado})" if tarja.cpf_mascarado else tarja.nome,
        reason=f"{acao} {nivel} — {tarja.cargo}",
        location=tarja.unidade,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )


def _estilo(aparencia_pdf: bytes, *, fundo=None):
    """pyHanko's stamp style for the appearance: the page as it is, made to the box's size (no
    margin, no rescaling). ``fundo``: how the page gets in (default: read by pikepdf,
    ``importacao.PaginaImportada``; the tests pass pyHanko's own reader to compare)."""
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.stamp import StaticStampStyle

    from . import importacao  # pyHanko too: only where signing happens

    return StaticStampStyle(
        background=fundo if fundo is not None else importacao.PaginaImportada(aparencia_pdf),
        border_width=0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MAX, margins=Margins()
        ),
    )


@contextlib.contextmanager
def _escritor_e_estilo(revisao: Revisao):
    """The incremental writer over the base, with the signature field added, and the stamp
    style of the revision's appearance (None: invisible signature)."""
    # pyHanko loads its PDF stack: imported only where signing happens.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    escritor = IncrementalPdfFileWriter(io.BytesIO(revisao.base), strict=False)
    fields.append_signature_field(
        escritor,
        fields.SigFieldSpec(sig_field_name=revisao.campo, on_page=revisao.pagina, box=revisao.caixa or (0, 0, 0, 0)),
    )
    estilo = None
    if revisao.aparencia_pdf is not None and revisao.caixa is not None:
        estilo = _estilo(revisao.aparencia_pdf)
    yield escritor, estilo


def _assinar_pdf(revisao: Revisao, *, selo, tarja: aparencia.Tarja) -> bytes:
    from pyhanko.sign import signers

    saida = io.BytesIO()
    assinador = chaves.assinador(selo)
    carimbador = carimbo.carimbador()
    # The seal's CMS size is known (``chaves``); with a timestamp token, pyHanko measures it.
    reserva = None if carimbador is not None else getattr(assinador, "reserva_cms", None)
    with _escritor_e_estilo(revisao) as (escritor, estilo):
        signer = signers.PdfSigner(
            _metadados(revisao.campo, tarja), signer=assinador, stamp_style=estilo, timestamper=carimbador
        )
        with carimbo.falha_do_carimbo():
            signer.sign_pdf(escritor, output=saida, bytes_reserved=reserva)
    return saida.getvalue()


@dataclass(frozen=True)
class PdfPreparado:
    """A revision ready for an external signature: the PDF with room for the CMS, the digest of
    its byte ranges (the CMS's messageDigest) and where the CMS goes."""

    pdf: bytes
    digest: bytes
    regiao_inicio: int
    regiao_fim: int


# Hex digits kept for the external CMS in /Contents: an ICP-Brasil chain (signer and two or
# three ACs, RSA 4096) and a timestamp token with its TSA chain fit in a fraction of it.
RESERVA_CMS = 65536


def preparar_pdf(revisao: Revisao, *, tarja: aparencia.Tarja) -> PdfPreparado:
    """The revision with its signature dictionary and a zeroed /Contents (pyHanko's interrupted
    signing: the signer's certificate is not known here, so the room is fixed)."""
    from pyhanko.sign import signers

    saida = io.BytesIO()
    with _escritor_e_estilo(revisao) as (escritor, estilo):
        # No key here: pyHanko only needs a Signer to set the signature up.
        signer = signers.PdfSigner(
            _metadados(revisao.campo, tarja),
            signer=signers.ExternalSigner(signing_cert=None, cert_registry=None, signature_value=256),
            stamp_style=estilo,
        )
        sessao = signer.init_signing_session(escritor)
        tbs = sessao.prepare_tbs_document(validation_info=None, bytes_reserved=RESERVA_CMS)
        preparado, _ = tbs.digest_tbs_document(output=saida)
    return PdfPreparado(
        pdf=saida.getvalue(),
        digest=preparado.document_digest,
        regiao_inicio=preparado.reserved_region_start,
        regiao_fim=preparado.reserved_region_end,
    )


def registrar_assinatura(
    *,
    processo,
    documento: Documento,
    ator: Ator,
    tarja: aparencia.Tarja,
    revisao: Revisao,
    nome_arquivo: str,
    sha256: str,
    **campos,
) -> Assinatura:
    """The rows a signature writes, in the caller's transaction: the ``Assinatura`` (the unique
    constraint turns a concurrent second signature of the same user into ``ja_assinado``), the
    document's state, signed PDF and código CRC, and its ``Andamento``."""
    try:
        with transaction.atomic():
            assinatura = Assinatura.objects.create(
                documento=documento,
                ordem=revisao.ordem,
                tipo=Assinatura.Tipo.AUTENTICACAO if tarja.autenticacao else Assinatura.Tipo.ASSINATURA,
                nivel=tarja.nivel,
                usuario=ator.usuario,
                unidade=ator.unidade,
                nome=tarja.nome,
                cpf_mascarado=tarja.cpf_mascarado,
                cargo=tarja.cargo,
                criada_em=tarja.em,
                campo=revisao.campo,
                arquivo_nome=nome_arquivo,
                arquivo_sha256=sha256,
                **campos,
            )
    except IntegrityError:  # a concurrent request of the same user won the race
        raise RegraDeNegocio("Você já assinou este documento.", code="ja_assinado") from None
    documento.estado = Documento.Estado.ASSINADO
    documento.codigo_crc, documento.codigo_crc_chave = revisao.codigo_crc, revisao.codigo_crc_chave
    documento.pdf_assinado_nome, documento.pdf_assinado_sha256 = nome_arquivo, sha256
    documento.save(
        update_fields=["estado", "codigo_crc", "codigo_crc_chave", "pdf_assinado_nome", "pdf_assinado_sha256"]
    )
    tipo, acao = (
        (Andamento.Tipo.AUTENTICACAO, "autenticado") if tarja.autenticacao else (Andamento.Tipo.ASSINATURA, "assinado")
    )
    registrar(
        processo,
        ator,
        tipo,
        f"Documento {documento.rotulo} {acao} por {tarja.nome} ({tarja.cargo})",
        {"numero_sei": documento.numero_sei, "cargo": tarja.cargo, "nivel": tarja.nivel},
        em=tarja.em,
    )
    return assinatura


class LoteDeAssinaturas:
    """What the signatures of one "assinar todos" share, worked out once: the cargo checked, the
    seal (its key opened once per process by ``chaves.assinador``), and the tarja (the same
    signer, cargo and minute print the same tarja on every document: rendered once, and put over
    each document's own validation block, ``aparencia.compor_primeira``). Each
    document is still signed in its own transaction under every rule and prints exactly what it
    would print alone."""

    def __init__(self, pedido: PedidoAssinatura, documentos: list[Documento]):
        self.pedido = pedido
        self.cargo = exigir_cargo(pedido.ator, pedido.cargo)
        self.selo = chaves.selo_em_uso(pedido.ator.unidade.orgao) if documentos else None
        self.fundamento = fundamento_de(pedido.ator.unidade.orgao, FundamentoLegal.Nivel.ELETRONICA)
        self._tarjas: dict[tuple[str, float], bytes] = {}
        # The validation blocks rendered ahead for these documents (one query for the batch).
        self._preparadas = {
            chave: bytes(pdf)
            for chave, pdf in AparenciaPreparada.objects.filter(documento__in=documentos).values_list("chave", "pdf")
        }

    def aparencia_primeira(self, tarja: aparencia.Tarja, area: aparencia.Area, numero_sei: int, codigo_crc: str) -> bytes:
        """The document's validation block (rendered ahead, or now) under the batch's tarja
        (rendered once)."""
        codigos_ = {"base_url": self.pedido.url_publica, "numero_sei": numero_sei, "codigo_crc": codigo_crc}
        validacao = self._preparadas.get(aparencia.chave_validacao(area, **codigos_))
        if validacao is None:
            validacao = aparencia.aparencia_validacao(area, **codigos_)
        return aparencia.compor_primeira(validacao, self.aparencia_tarja(tarja, area.largura), area)

    def aparencia_tarja(self, tarja: aparencia.Tarja, largura: float) -> bytes:
        chave = (aparencia.html_tarja(tarja), largura)
        if chave not in self._tarjas:
            self._tarjas[chave] = aparencia.aparencia_tarja(tarja, largura)
        return self._tarjas[chave]


@contextlib.contextmanager
def lote_de_assinaturas(pedido: PedidoAssinatura, documentos: list[Documento]):
    """The shared part of a batch of signatures by ``pedido`` (``blocos.bloco_assinar``); a wrong
    cargo refuses the batch before anything is signed."""
    yield LoteDeAssinaturas(pedido, documentos)


def _aparencia_primeira(url_publica: str, tarja, area, numero_sei: int, codigo_crc: str) -> bytes:
    """The first signature's appearance: over the validation block rendered ahead, if there is
    one for these very bytes (``preparar_aparencias``), else rendered whole."""
    codigos_ = {"base_url": url_publica, "numero_sei": numero_sei, "codigo_crc": codigo_crc}
    preparada = AparenciaPreparada.objects.filter(chave=aparencia.chave_validacao(area, **codigos_)).first()
    if preparada is None:
        return aparencia.aparencia_primeira(tarja, area, **codigos_)
    return aparencia.compor_primeira(bytes(preparada.pdf), aparencia.aparencia_tarja(tarja, area.largura), area)


def assinar(*, pedido: PedidoAssinatura, documento: Documento, lote: LoteDeAssinaturas | None = None) -> Assinatura:
    """Assinatura eletrônica (login and password, Decreto 8.539/2015 art. 6 §1): signed with the
    órgão's seal certificate, the signer's name, masked CPF, cargo and unit in the signature and
    in its tarja. The signed PDF is stored before the rows that name it commit (and deleted if
    they do not)."""
    nome_arquivo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with arquivos.apagar_se_falhar(nome_arquivo):
        return _assinar(pedido, documento, nome_arquivo, lote=lote)


def autenticar(*, pedido: PedidoAssinatura, documento: Documento) -> Assinatura:
    """Autenticação of a digitised external document (Decreto 8.539/2015 art. 12): the same
    signing, with SEI's wording and the conference registered; the uploaded file stays as it
    was, the PDF served becomes the authenticated one (its pages and the authentication sheet)."""
    nome_arquivo = arquivos.gerar_nome("pdf", prefixo="assinados")
    with arquivos.apagar_se_falhar(nome_arquivo):
        return _assinar(pedido, documento, nome_arquivo, autenticacao=True)


@transaction.atomic(durable=True)
def _assinar(
    pedido: PedidoAssinatura,
    documento: Documento,
    nome_arquivo: str,
    *,
    autenticacao: bool = False,
    lote: LoteDeAssinaturas | None = None,
) -> Assinatura:
    ator = pedido.ator
    if pedido.senha.usuario_id != ator.usuario.pk:
        raise AcessoNegado("A senha confirmada não é a de quem assina.", code="senha_de_outro")
    cargo_pedido = None if lote is not None else pedido.cargo  # a batch checked it once
    processo, documento, cargo = travar_para_assinar(ator, documento, cargo_pedido, autenticacao=autenticacao)
    cargo = lote.cargo if lote is not None else cargo
    selo = lote.selo if lote is not None else chaves.selo_em_uso(ator.unidade.orgao)
    conferencia = documento.get_tipo_conferencia_display() if autenticacao else ""
    tarja = tarja_de(
        ator,
        cargo=cargo,
        em=timezone.now(),
        nivel=Assinatura.Nivel.ELETRONICA,
        conferencia=conferencia,
        fundamento=lote.fundamento if lote is not None else None,  # a batch never authenticates
    )
    revisao = proxima_revisao(documento, tarja, url_publica=pedido.url_publica, lote=lote)
    assinado = _assinar_pdf(revisao, selo=selo, tarja=tarja)
    nome_arquivo, sha256 = arquivos.gravar_bytes(nome_arquivo, assinado)
    assinatura = registrar_assinatura(
        processo=processo,
        documento=documento,
        ator=ator,
        tarja=tarja,
        revisao=revisao,
        nome_arquivo=nome_arquivo,
        sha256=sha256,
        certificado=selo,
        carimbo_tempo=carimbo.carimbador() is not None,
    )
    if revisao.primeira:
        AparenciaPreparada.objects.filter(documento=documento).delete()  # embedded now
    return assinatura


def assinar_travado(
    *, ator: Ator, processo, documento: Documento, cargo: str, url_publica: str, nome_arquivo: str
) -> Assinatura:
    """An assinatura eletrônica by a signer the caller has already checked, in the caller's
    transaction, the process and the document locked (``externo``'s assinatura externa: the
    citizen signs under the unit that released the document, with the seal of its órgão, like
    an internal signature)."""
    selo = chaves.selo_em_uso(ator.unidade.orgao)
    tarja = tarja_de(ator, cargo=cargo, em=timezone.now(), nivel=Assinatura.Nivel.ELETRONICA)
    revisao = proxima_revisao(documento, tarja, url_publica=url_publica)
    assinado = _assinar_pdf(revisao, selo=selo, tarja=tarja)
    nome_arquivo, sha256 = arquivos.gravar_bytes(nome_arquivo, assinado)
    assinatura = registrar_assinatura(
        processo=processo,
        documento=documento,
        ator=ator,
        tarja=tarja,
        revisao=revisao,
        nome_arquivo=nome_arquivo,
        sha256=sha256,
        certificado=selo,
        carimbo_tempo=carimbo.carimbador() is not None,
    )
    if revisao.primeira:
        AparenciaPreparada.objects.filter(documento=documento).delete()
    return assinatura


def impedimento_de_edicao(documento: Documento) -> RegraDeNegocio | None:
    """A document signed by an external user is not edited any more (SEI): the citizen signed
    outside the unit and would have to be asked again (``documentos`` asks this before every
    edit, and its pages hide Editar)."""
    if not documento.assinado:
        return None
    externa = (
        documento.assinaturas.filter(descartada_em__isnull=True, usuario__tipo=Usuario.Tipo.EXTERNO)
        .values_list("nome", flat=True)
        .first()
    )
    if externa is None:
        return None
    return RegraDeNegocio(
        f"Documento assinado por usuário externo ({externa}): não pode mais ser editado.",
        code="documento_assinado_externamente",
    )


def descartar(documento: Documento) -> list[str]:
    """The document's unit edited it before it was bloqueado (``documentos.services.internos``,
    in its transaction, the document locked): its signatures in force are marked dropped (the
    rows and their signed PDFs stay, for the record). Returns the signers' names.

    A signature by an external user is never dropped (the citizen signed outside the unit and
    would have to be asked again): the edit is refused, and the document stays as signed."""
    impedimento = impedimento_de_edicao(documento)
    if impedimento is not None:
        raise impedimento
    em_vigor = documento.assinaturas.filter(descartada_em__isnull=True)
    nomes = list(em_vigor.order_by("ordem").values_list("nome", flat=True))
    em_vigor.update(descartada_em=timezone.now())
    return nomes


def preparar_aparencias(documento_ids: list[int], url_publica: str) -> int:
    """Render ahead the validation block of the first signature of these documents (unsigned
    internal ones; their PDF rendered now if it was not), so that signing them — "assinar todos"
    above all — only puts each signer's tarja over it. Idempotent: a block already there is kept.
    Returns how many were rendered. Run by a task when documents go into a bloco."""
    if not url_publica:
        return 0
    feitas = 0
    documentos = Documento.objects.filter(
        pk__in=documento_ids, natureza=Documento.Natureza.INTERNO, estado=Documento.Estado.MINUTA, pdf_assinado_nome=""
    ).select_related("tipo", "processo")
    cache = pdfs.pdfs_em_cache(list(documentos))
    for documento in documentos:
        try:
            base = pdfs.ler_pdf(documento, cache.get(documento.pk))
        except ErroDominio:
            continue  # signing will say why
        area = aparencia.localizar_area(base) if base is not None else None
        if area is None:
            continue
        _, codigo_crc = codigos.gerar(documento.numero_sei, base)
        entrada = {"base_url": url_publica, "numero_sei": documento.numero_sei, "codigo_crc": codigo_crc}
        chave = aparencia.chave_validacao(area, **entrada)
        if AparenciaPreparada.objects.filter(chave=chave).exists():
            continue
        pdf = aparencia.aparencia_validacao(area, **entrada)
        AparenciaPreparada.objects.bulk_create(
            [AparenciaPreparada(chave=chave, documento=documento, pdf=pdf)], ignore_conflicts=True
        )
        feitas += 1
    return feitas


def assinar_pelo_sistema(*, orgao, pdf: bytes, motivo: str) -> bytes:
    """The system's signature (no internal user): ``pdf`` signed, invisibly, with the órgão's seal
    certificate — what the product itself attests, such as the Recibo Eletrônico de Protocolo of
    a petition. Raises ``sem_certificado`` when the órgão has no seal."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    selo = chaves.selo_em_uso(orgao)
    assinador = chaves.assinador(selo)
    carimbador = carimbo.carimbador()
    reserva = None if carimbador is not None else getattr(assinador, "reserva_cms", None)
    metadados = signers.PdfSignatureMetadata(
        field_name="SeloOrgao",
        name=orgao.sigla,
        reason=motivo,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    saida = io.BytesIO()
    escritor = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    with carimbo.falha_do_carimbo():
        signers.PdfSigner(metadados, signer=assinador, timestamper=carimbador).sign_pdf(
            escritor, output=saida, bytes_reserved=reserva
        )
    return saida.getvalue()
