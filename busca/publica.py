"""Pesquisa pública (issue 12, §5): anybody, without login, searches the público processes of
the types the órgão opened (``TipoProcesso.pesquisa_publica``) and reads their metadata, summary
history and signed público documents. One read path for the pages.

What the public sees is decided in ``sei.acesso`` (``filtrar_*_publicos``, ``PRINCIPAL_PUBLICO``):
database lookups go through those querysets and the full-text search asks the backend with the
public principal as the only reader, so the access filter is inside the engine's query, never
applied afterwards. Every field and snippet shown passes through ``sei.lgpd.mascarar_cpf_cnpj``.
Each request is limited per address (``limitar``, the shared cache: Redis in production); a
read of a document's content is logged with the reader's address (``sei.publico``), since there
is no user to put in ``LeituraAuditada`` and público reads are not recorded there for anybody.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from documentos.models import Documento
from documentos.renderizacao import pagina_html
from processos.models import Andamento, Processo, TipoProcesso
from processos.nup import normalizar_nup
from sei import acesso
from sei.exceptions import EntradaInvalida, ErroDominio, NaoEncontrado
from sei.lgpd import contem_cpf_cnpj, mascarar_cpf_cnpj

from . import backends, consulta, trechos
from .backends.base import Filtro

logger = logging.getLogger("sei.publico")

LIMITE_POR_MINUTO = 30
POR_PAGINA = 20
TIPOS_DO_HISTORICO = (
    Andamento.Tipo.GERACAO,
    Andamento.Tipo.REMESSA,
    Andamento.Tipo.RECEBIMENTO,
    Andamento.Tipo.CONCLUSAO,
    Andamento.Tipo.REABERTURA,
)


class MuitasPesquisas(ErroDominio):
    status = 429
    code = "muitas_pesquisas"


def limitar(endereco: str) -> None:
    """At most ``LIMITE_POR_MINUTO`` public requests a minute from one address (429 beyond),
    counted in the shared cache (atomic ``incr``), as ``assinaturas.conferencia.limitar``."""
    chave = f"sei:publico:{endereco}"
    cache.add(chave, 0, timeout=60)
    try:
        quantos = cache.incr(chave)
    except ValueError:  # expired between add and incr
        cache.set(chave, 1, timeout=60)
        quantos = 1
    if quantos > LIMITE_POR_MINUTO:
        raise MuitasPesquisas("Muitas pesquisas deste endereço. Aguarde um minuto e tente de novo.")


@dataclass(frozen=True)
class FiltrosPublicos:
    texto: str = ""
    nup: str = ""
    numero_sei: str = ""
    interessado: str = ""
    tipo_processo_id: int | None = None
    de: date | None = None
    ate: date | None = None

    @property
    def vazio(self) -> bool:
        return not (self.texto or self.nup or self.numero_sei or self.interessado or self.tipo_processo_id)


@dataclass(frozen=True)
class ItemPublico:
    tipo: str  # "processo" | "documento"
    nup: str
    numero_sei: int | None
    titulo: str
    trecho: str  # HTML: escaped, CPF/CNPJ masked, matches in <mark>
    data: datetime


MENSAGEM_CPF_CNPJ = (
    "A pesquisa pública não aceita CPF nem CNPJ (LGPD). Pesquise por palavras, pelo nome do "
    "interessado, pelo NUP ou pelo número SEI."
)


def recusar_cpf_cnpj(**campos: str) -> None:
    """``EntradaInvalida`` (400) naming each field that holds a CPF or CNPJ."""
    erros = {campo: [MENSAGEM_CPF_CNPJ] for campo, valor in campos.items() if contem_cpf_cnpj(valor)}
    if erros:
        raise EntradaInvalida(MENSAGEM_CPF_CNPJ, errors=erros, code="cpf_cnpj_na_pesquisa")


def tipos_publicos():
    return TipoProcesso.objects.filter(pesquisa_publica=True, ativo=True).order_by("nome")


def _momento(dia: date | None, *, fim: bool = False) -> datetime | None:
    if dia is None:
        return None
    if fim:
        dia = dia + timedelta(days=1)
    return timezone.make_aware(datetime.combine(dia, time.min))


def _processos_publicos():
    return acesso.filtrar_processos_publicos(Processo.objects.all()).select_related("tipo")


def _item_processo(processo: Processo) -> ItemPublico:
    texto = mascarar_cpf_cnpj(processo.especificacao or "")
    return ItemPublico(
        tipo="processo",
        nup=processo.nup,
        numero_sei=None,
        titulo=processo.tipo.nome,
        trecho=str(escape(texto)),
        data=processo.criado_em,
    )


def pesquisar(
    *, filtros: FiltrosPublicos, backend=None, inicio: int = 0, quantidade: int = POR_PAGINA
) -> list[ItemPublico]:
    """The first page of what the public may find: by NUP or número SEI (exact, through the
    public querysets), by words (the search engine, the public principal as the only reader),
    or by interessado, type and period over the public processes. ``inicio``/``quantidade``: the
    page the API's cursor asks for (the page shows the first)."""
    if filtros.de and filtros.ate and filtros.de > filtros.ate:
        mensagem = "A data inicial do período é posterior à final."
        raise EntradaInvalida(mensagem, errors={"ate": [mensagem]})
    if filtros.vazio:
        raise EntradaInvalida("Informe ao menos um critério de pesquisa.", code="pesquisa_vazia")
    recusar_cpf_cnpj(texto=filtros.texto, interessado=filtros.interessado)
    if inicio and (filtros.nup or filtros.numero_sei):
        return []  # one item at most
    if filtros.nup:
        digitos = normalizar_nup(filtros.nup)
        processo = _processos_publicos().filter(nup=digitos).first() if len(digitos) == 17 else None
        return [_item_processo(processo)] if processo else []
    if filtros.numero_sei:
        documento = _documento(filtros.numero_sei)
        if documento is None:
            return []
        return [
            ItemPublico(
                tipo="documento",
                nup=documento.processo.nup,
                numero_sei=documento.numero_sei,
                titulo=documento.rotulo,
                trecho=str(escape(documento.rotulo)),
                data=documento.criado_em,
            )
        ]
    if filtros.texto:
        return _pesquisar_texto(filtros, backend or backends.obter(), inicio, quantidade)
    qs = _processos_publicos()
    if filtros.interessado:
        qs = qs.filter(interessados__nome__icontains=filtros.interessado.strip()).distinct()
    if filtros.tipo_processo_id:
        qs = qs.filter(tipo_id=filtros.tipo_processo_id)
    if filtros.de:
        qs = qs.filter(criado_em__gte=_momento(filtros.de))
    if filtros.ate:
        qs = qs.filter(criado_em__lt=_momento(filtros.ate, fim=True))
    return [_item_processo(p) for p in qs.order_by("-criado_em", "-id")[inicio : inicio + quantidade]]


def _pesquisar_texto(filtros: FiltrosPublicos, backend, inicio: int, quantidade: int) -> list[ItemPublico]:
    arvore = consulta.interpretar(filtros.texto)
    interessado = None
    if filtros.interessado.strip():
        try:
            interessado = consulta.interpretar(filtros.interessado)
        except consulta.ConsultaInvalida as erro:
            raise EntradaInvalida(erro.mensagem, errors={"interessado": [erro.mensagem]}) from None
    filtro = Filtro(
        leitores=(acesso.PRINCIPAL_PUBLICO,),
        tipo_processo_id=filtros.tipo_processo_id,
        de=_momento(filtros.de),
        ate=_momento(filtros.ate, fim=True),
        interessado=interessado,
    )
    pagina = backend.buscar(arvore, filtro, inicio=inicio, quantidade=quantidade)
    return [
        ItemPublico(
            tipo=a.tipo,
            nup=a.nup,
            numero_sei=a.numero_sei,
            titulo=mascarar_cpf_cnpj(a.titulo),
            trecho=trechos.destacar(mascarar_cpf_cnpj(a.texto), arvore),
            data=a.data,
        )
        for a in pagina.acertos
    ]


@dataclass
class ProcessoPublico:
    processo: Processo
    especificacao: str
    interessados: list[str]
    unidade: str
    documentos: list[Documento]
    andamentos: list[Andamento]


def detalhe_do_processo(*, nup: str) -> ProcessoPublico:
    """The public process page: metadata (CPF/CNPJ masked), signed público documents, summary
    history. 404 for anything the public may not see, existence included."""
    digitos = normalizar_nup(nup)
    processo = (
        _processos_publicos().select_related("unidade_geradora").filter(nup=digitos).first()
        if len(digitos) == 17
        else None
    )
    if processo is None:
        raise NaoEncontrado("Processo não encontrado.")
    interessados = [
        mascarar_cpf_cnpj(f"{i.nome} ({i.cpf_cnpj})" if i.cpf_cnpj else i.nome)
        for i in processo.interessados.all()
    ]
    documentos = acesso.filtrar_documentos_publicos(
        Documento.objects.filter(processo=processo).select_related("tipo")
    ).order_by("id")
    andamentos = (
        Andamento.objects.filter(processo=processo, tipo__in=TIPOS_DO_HISTORICO)
        .select_related("unidade")
        .order_by("-criado_em", "-id")[:200]
    )
    return ProcessoPublico(
        processo=processo,
        especificacao=mascarar_cpf_cnpj(processo.especificacao or ""),
        interessados=interessados,
        unidade=str(processo.unidade_geradora),
        documentos=list(documentos),
        andamentos=list(andamentos),
    )


def _documento(numero_sei) -> Documento | None:
    numero = str(numero_sei or "").strip()
    if not (numero.isascii() and numero.isdigit() and len(numero) <= 12):
        return None
    qs = Documento.objects.select_related("processo__tipo", "tipo").filter(numero_sei=int(numero))
    return acesso.filtrar_documentos_publicos(qs).first()


def conteudo_do_documento(*, numero_sei, endereco: str) -> tuple[Documento, str]:
    """A signed público document's page, CPF/CNPJ masked in its text; the read logged with the
    reader's address. 404 for anything else (minuta, restrito, cancelled, guessed numbers)."""
    documento = _documento(numero_sei)
    if documento is None:
        raise NaoEncontrado("Documento não encontrado.")
    versao = documento.versoes.filter(numero=documento.versao_atual).first()
    if versao is None or not versao.conteudo_confere():
        raise NaoEncontrado("Documento não encontrado.")
    html = mascarar_cpf_cnpj(pagina_html(documento, versao.conteudo))
    logger.info(
        "leitura pública",
        extra={"numero_sei": documento.numero_sei, "nup": documento.processo.nup, "ip": endereco},
    )
    return documento, html
