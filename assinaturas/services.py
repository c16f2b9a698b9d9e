"""Signing: the only code that signs. Every signature, at every level, is a PAdES signature in
the document's PDF, appended as a new revision, so each earlier signature stays valid and any
reader checks it without trusting this server.

The first signature takes the document's rendered PDF (the cached one: ``documentos.services
.pdfs``) as it is; the código CRC is the keyed code of those bytes (``codigos``). Its appearance
fills the signature area the PDF keeps blank (``documentos.renderizacao``): the tarja in the
first slot and the validation block at the bottom. Each later signature adds its tarja in the
next slot. Past the slots a signature is still made (invisible on the page) and listed on the
public page."""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from documentos import arquivos
from documentos.models import Documento
from documentos.services import pdfs
from documentos.services.internos import travar_documento
from processos.models import Andamento
from processos.services.historico import registrar, travar
from sei import acesso
from sei.acesso import Ator
from sei.exceptions import AcessoNegado, EntradaInvalida, ErroDominio, RegraDeNegocio
from sei.senhas import SenhaConfirmada

from . import aparencia, chaves, codigos
from .models import AparenciaPreparada, Assinante, Assinatura, Bloco, BlocoUnidade, ItemBloco


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


def acoes(ator: Ator, documento: Documento) -> list[tuple[str, str]]:
    """What the document page offers from this app: Assinar, only when the service would accept it."""
    if impedimento_de_assinatura(ator, documento) is None and cargos_do_ator(ator).exists():
        return [("Assinar", "assinaturas:assinar")]
    return []


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


def _assinar_pdf(
    dados: bytes, *, campo: str, pagina: int, caixa, aparencia_pdf: bytes | None, selo, tarja: aparencia.Tarja
) -> bytes:
    # pyHanko loads its PDF stack: imported only where signing happens.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    escritor = IncrementalPdfFileWriter(io.BytesIO(dados), strict=False)
    fields.append_signature_field(
        escritor, fields.SigFieldSpec(sig_field_name=campo, on_page=pagina, box=caixa or (0, 0, 0, 0))
    )
    metadados = signers.PdfSignatureMetadata(
        field_name=campo,
        name=f"{tarja.nome} ({tarja.cpf_mascarado})" if tarja.cpf_mascarado else tarja.nome,
        reason=f"{'Autenticação' if tarja.autenticacao else 'Assinatura'} eletrônica — {tarja.cargo}",
        location=tarja.unidade,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    estilo = _estilo(aparencia_pdf) if aparencia_pdf is not None and caixa is not None else None
    assinador = chaves.assinador(selo)
    saida = io.BytesIO()
    signers.PdfSigner(metadados, signer=assinador, stamp_style=estilo).sign_pdf(
        escritor, output=saida, bytes_reserved=getattr(assinador, "reserva_cms", None)
    )
    return saida.getvalue()


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


@contextmanager
def lote_de_assinaturas(pedido: PedidoAssinatura, documentos: list[Documento]):
    """The shared part of a batch of signatures by ``pedido`` (``blocos.bloco_assinar``); a wrong
    cargo refuses the batch before anything is signed."""
    yield LoteDeAssinaturas(pedido, documentos)


def _aparencia_primeira(pedido: PedidoAssinatura, tarja, area, documento: Documento) -> bytes:
    """The first signature's appearance: over the validation block rendered ahead, if there is
    one for these very bytes (``preparar_aparencias``), else rendered whole."""
    codigos_ = {"base_url": pedido.url_publica, "numero_sei": documento.numero_sei, "codigo_crc": documento.codigo_crc}
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
        return _assinar(pedido, documento, nome_arquivo, lote)


@transaction.atomic(durable=True)
def _assinar(
    pedido: PedidoAssinatura, documento: Documento, nome_arquivo: str, lote: LoteDeAssinaturas | None = None
) -> Assinatura:
    ator = pedido.ator
    if pedido.senha.usuario_id != ator.usuario.pk:
        raise AcessoNegado("A senha confirmada não é a de quem assina.", code="senha_de_outro")
    processo = travar(documento.processo)
    documento = travar_documento(documento)
    acesso.exigir_documento_visivel(ator, documento)  # 404 for who may not know it exists
    impedimento = impedimento_de_assinatura(ator, documento)
    if impedimento is not None:
        raise impedimento
    if not acesso.pode_ver_conteudo_documento(ator, documento):
        acesso.exigir_conteudo_documento(ator, documento)  # raises, with the reason
    cargo = lote.cargo if lote is not None else exigir_cargo(ator, pedido.cargo)
    selo = lote.selo if lote is not None else chaves.selo_em_uso(ator.unidade.orgao)
    agora = timezone.now()
    ordem = documento.assinaturas.count() + 1
    usuario = ator.usuario
    tarja = aparencia.Tarja(
        nome=usuario.nome or usuario.get_username(),
        cargo=cargo,
        cpf_mascarado=aparencia.mascarar_cpf(usuario.cpf),
        unidade=f"{ator.unidade.sigla}/{ator.unidade.orgao.sigla}",
        em=agora,
        fundamento=settings.SEI_ASSINATURA_FUNDAMENTO,
    )
    primeira = not documento.pdf_assinado_nome
    if primeira:
        base = pdfs.ler_pdf(documento, pdfs.pdf_para_servir(documento))
        chave_id, codigo_crc = codigos.gerar(documento.numero_sei, base)
        documento.codigo_crc, documento.codigo_crc_chave = codigo_crc, chave_id
    else:
        base = arquivos.ler_tudo(documento.pdf_assinado_nome, documento.pdf_assinado_sha256)
    area = aparencia.localizar_area(base)
    caixa, imagem = None, None
    if area is not None and primeira:
        caixa = area.inteira()
        if lote is not None:
            imagem = lote.aparencia_primeira(tarja, area, documento.numero_sei, documento.codigo_crc)
        else:
            imagem = _aparencia_primeira(pedido, tarja, area, documento)
    elif area is not None and area.vaga(ordem) is not None:
        caixa = area.vaga(ordem)
        imagem = (lote.aparencia_tarja if lote is not None else aparencia.aparencia_tarja)(tarja, area.largura)
    assinado = _assinar_pdf(
        base,
        campo=f"Assinatura{ordem}",
        pagina=area.pagina if area else -1,
        caixa=caixa,
        aparencia_pdf=imagem,
        selo=selo,
        tarja=tarja,
    )
    nome_arquivo, sha256 = arquivos.gravar_bytes(nome_arquivo, assinado)
    try:
        with transaction.atomic():
            assinatura = Assinatura.objects.create(
                documento=documento,
                ordem=ordem,
                nivel=Assinatura.Nivel.ELETRONICA,
                usuario=usuario,
                unidade=ator.unidade,
                nome=tarja.nome,
                cpf_mascarado=tarja.cpf_mascarado,
                cargo=cargo,
                criada_em=agora,
                certificado=selo,
                campo=f"Assinatura{ordem}",
                arquivo_nome=nome_arquivo,
                arquivo_sha256=sha256,
            )
    except IntegrityError:  # a concurrent request of the same user won the race
        raise RegraDeNegocio("Você já assinou este documento.", code="ja_assinado") from None
    documento.estado = Documento.Estado.ASSINADO
    documento.pdf_assinado_nome, documento.pdf_assinado_sha256 = nome_arquivo, sha256
    documento.save(
        update_fields=["estado", "codigo_crc", "codigo_crc_chave", "pdf_assinado_nome", "pdf_assinado_sha256"]
    )
    if primeira:
        AparenciaPreparada.objects.filter(documento=documento).delete()  # embedded now
    registrar(
        processo,
        ator,
        Andamento.Tipo.ASSINATURA,
        f"Documento {documento.rotulo} assinado por {tarja.nome} ({cargo})",
        {"numero_sei": documento.numero_sei, "cargo": cargo, "nivel": Assinatura.Nivel.ELETRONICA},
        em=agora,
    )
    return assinatura


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
