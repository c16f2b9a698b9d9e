"""The process detail: one read path for the process screen and for the API's detail."""

from dataclasses import dataclass, field

from documentos import selectors as documentos_selectors
from documentos.models import Documento
from documentos.selectors import Arvore
from processos import selectors as processos_selectors
from processos import services as processos_services
from processos.acoes import Situacao, acoes_do_processo
from processos.models import Atividade, Credencial, Interessado, LeituraAuditada, Processo
from sei import acesso
from sei.acesso import Ator
from sei.acoes import Acao


@dataclass
class DetalheProcesso:
    """What the actor may see of a process, each part already decided by the access policy:
    without content access (a restrito seen from a unit it did not pass through) the content
    parts are None or empty."""

    processo: Processo
    acesso_conteudo: bool
    unidades_abertas: list[Atividade]
    atividade_aqui: Atividade | None  # open in the actor's unit
    principal: Processo | None  # the main process of an annexed one, when visible
    arvore_completa: Arvore  # the tree's entries (shown to whoever knows of the process), annexed ones
    interessados: list[Interessado] | None = None
    observacao: str | None = None  # the actor's unit's own note
    relacionados: tuple[Processo, ...] = ()
    anexados: tuple[Processo, ...] = ()
    pode_reabrir: bool = False
    credenciais: tuple[Credencial, ...] | None = None  # a sigiloso's active credentials
    acoes: list[Acao] = field(default_factory=list)  # the toolbar (processos.acoes decides)

    @property
    def aberto_aqui(self) -> bool:
        return self.atividade_aqui is not None

    @property
    def arvore(self) -> list[Documento]:
        """This process's own documents, in inclusion order."""
        return self.arvore_completa.documentos

    def __getattr__(self, nome):
        # The process's own fields (nup, tipo, estado...), read through the detail.
        if nome.startswith("__"):
            raise AttributeError(nome)
        return getattr(self.processo, nome)


def detalhe_do_processo(*, ator: Ator, processo: Processo, canal: str) -> DetalheProcesso:
    """The process screen / ``GET /api/v1/processos/{nup}/``. ``processo`` comes from
    ``processos.selectors.processo_por_nup`` (visible, sigiloso gate passed). A read of a
    restrito or sigiloso content is recorded here (``canal``: ``LeituraAuditada.Canal``)."""
    conteudo = acesso.pode_ver_conteudo(ator, processo)
    abertas = processos_selectors.unidades_abertas(processo=processo)
    aqui = next((a for a in abertas if a.unidade_id == ator.unidade.pk), None)
    principal = None
    if processo.processo_principal_id:
        principal = processos_selectors.processos_visiveis(ator=ator).filter(pk=processo.processo_principal_id).first()
    detalhe = DetalheProcesso(
        processo=processo,
        acesso_conteudo=conteudo,
        unidades_abertas=abertas,
        atividade_aqui=aqui,
        principal=principal,
        arvore_completa=documentos_selectors.arvore_do_processo(ator=ator, processo=processo),
    )
    if not conteudo:
        return detalhe
    detalhe.interessados = list(processo.interessados.order_by("ordem", "id"))
    detalhe.observacao = (
        Atividade.objects.filter(processo=processo, unidade=ator.unidade).values_list("observacao", flat=True).first()
    )
    detalhe.relacionados = tuple(processos_selectors.processos_relacionados(ator=ator, processo=processo).order_by("nup"))
    detalhe.anexados = tuple(processos_selectors.processos_anexados(ator=ator, processo=processo).order_by("nup"))
    detalhe.pode_reabrir = aqui is None and acesso.pode_reabrir(ator, processo)
    if processo.sigiloso:
        detalhe.credenciais = tuple(processos_selectors.credenciais_ativas(ator=ator, processo=processo))
    detalhe.acoes = acoes_do_processo(
        ator, processo, Situacao(conteudo=True, aberto_aqui=aqui is not None, pode_reabrir=detalhe.pode_reabrir)
    )
    processos_services.registrar_leitura(ator=ator, processo=processo, objeto=LeituraAuditada.Objeto.PROCESSO, canal=canal)
    return detalhe
