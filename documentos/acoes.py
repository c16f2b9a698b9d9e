"""The document toolbar, and this app's buttons on the process toolbar: which actions the actor
may take right now, decided here (the policy and the services' own impediments asked) and only
drawn by the pages. The apps above (assinaturas: Assinar, Incluir em bloco) add theirs through
``registrar_acoes_do_documento``."""

from collections.abc import Callable

from django.urls import reverse

from processos.acoes import Situacao
from processos.models import Processo
from sei import acesso
from sei.acesso import Ator
from sei.acoes import Acao

from . import arquivos
from .models import Documento
from .services.ciclo import impedimento_de_cancelamento, impedimento_de_exclusao
from .services.internos import pode_editar

FonteDeAcoes = Callable[[Ator, Documento], list[Acao]]
_fontes: list[FonteDeAcoes] = []


def registrar_acoes_do_documento(fonte: FonteDeAcoes) -> None:
    if fonte not in _fontes:
        _fontes.append(fonte)


def acoes_no_processo(ator: Ator, processo: Processo, situacao: Situacao) -> list[Acao]:
    """Incluir documento (while open here), Gerar PDF / ZIP (whoever reads the content)."""
    acoes = []
    if situacao.aberto_aqui and processo.estado != Processo.Estado.ANEXADO:
        acoes += [
            Acao(
                "incluir-documento",
                "Incluir documento",
                "file-plus",
                url=reverse("documentos:incluir", args=[processo.nup]),
                ordem=10,
            ),
            Acao(
                "incluir-externo",
                "Incluir documento externo",
                "file-up",
                url=reverse("documentos:incluir_externo", args=[processo.nup]),
                ordem=12,
            ),
        ]
    exportar = reverse("documentos:exportar", args=[processo.nup])
    acoes += [
        Acao("gerar-pdf", "Gerar PDF do processo", "file-down", url=exportar, ordem=60),
        Acao("gerar-zip", "Gerar ZIP do processo", "file-archive", url=exportar + "?formato=zip", ordem=62),
    ]
    return acoes


def acoes_do_documento(ator: Ator, documento: Documento) -> list[Acao]:
    """The toolbar of the document, in SEI's order; empty for whoever does not read its content."""
    if not acesso.pode_ver_conteudo_documento(ator, documento):
        return []
    numero = documento.numero_sei_formatado
    acoes = []
    if pode_editar(ator, documento):
        acoes.append(
            Acao(
                "editar",
                "Editar conteúdo",
                "square-pen",
                url=reverse("documentos:editar", args=[numero]),
                ordem=10,
            )
        )
    for fonte in _fontes:
        acoes.extend(fonte(ator, documento))
    if documento.interno:
        url = reverse("documentos:versoes", args=[numero])
        acoes.append(Acao("versoes", "Versões do documento", "history", url=url, ordem=40))
    acoes.append(
        Acao(
            "pdf",
            "Imprimir / gerar PDF do documento",
            "printer",
            url=reverse("documentos:pdf", args=[numero]),
            nova_aba=True,
            ordem=50,
        )
    )
    if not documento.interno:
        url = reverse("documentos:arquivo", args=[numero])
        if documento.arquivo_mime in arquivos.leitura.MIMES_INLINE:
            acoes.append(Acao("ver-arquivo", "Ver arquivo", "eye", url=url, nova_aba=True, ordem=52))
        acoes.append(Acao("baixar", "Baixar arquivo", "download", url=url + "?baixar=1", ordem=54))
    if impedimento_de_cancelamento(ator, documento) is None:
        acoes.append(Acao("cancelar", "Cancelar documento", "ban", dialogo="dlg-cancelar", ordem=90))
    if impedimento_de_exclusao(ator, documento) is None:
        acoes.append(Acao("excluir", "Excluir documento", "trash-2", dialogo="dlg-excluir", ordem=92))
    return sorted(acoes, key=lambda a: a.ordem)
