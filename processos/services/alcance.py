"""Who may know of and who may read a process: the access rule, written once, as the principals
of each process (``sei.models.Alcance``). Every decision elsewhere — ``sei.acesso``'s single
checks and querysets, the inbox's SQL, a search index's filter — tests membership in this set.

The rule (SEI's, on the level of the *governing* process: its main process once annexed, whose
global level already carries the most restrictive of the process, its documents and annexes):

- público: every internal user of the órgão reads it (``o:<órgão>``, LE); units of other órgãos
  it passed through read it too (``u:<unidade>``, LE);
- restrito: users of the órgão know it exists (``o:<órgão>``, CONHECE); the units it passed
  through read it (``u:<unidade>``, LE);
- sigiloso: only the holders of an active credential, each in the unit it was granted for
  (``c:<usuário>:<unidade>``, LE); nobody else knows it exists.
- external users (``e:<usuário>``): only by an explicit grant in force, never on a sigiloso nor
  on an annexed process (whose rule is its main process's): LE for an integral grant, CONHECE
  for a parcial one (its documents are the policy's part, ``sei.acesso.AtorExterno``). The grants
  live in an app above; it registers the source of these principals (``registrar_fonte``).

``atualizar`` re-derives the rows from the state and is called by ``historico.registrar``, so
every service that changes a process — level, units, credentials, annexation — refreshes them
in the same transaction, before it commits. ``divergencias`` compares what is stored with what
the rule says (``manage.py verificar_alcance``, and the test suite after every test).
"""

from collections.abc import Callable, Iterable, Iterator

from sei import indexacao
from sei.models import Alcance, NivelAcesso

from ..models import Atividade, Credencial, Processo

CONHECE, LE = Alcance.Grau.CONHECE, Alcance.Grau.LE

# Principals granted by the apps above (externo: ``e:<usuário>`` from its grants), {principal:
# grau} of one process, from the database's state. Registered in AppConfig.ready, so this rule
# includes them without importing those apps; asked only for a process that is neither sigiloso
# nor annexed.
FonteDePrincipais = Callable[[int], dict[str, int]]
_fontes: list[FonteDePrincipais] = []


def registrar_fonte(fonte: FonteDePrincipais) -> None:
    if fonte not in _fontes:
        _fontes.append(fonte)


def principais_de(processo: Processo) -> dict[str, int]:
    """{principal: grau} of ``processo`` as the rule says, from the database's current state."""
    regente_id = processo.processo_principal_id or processo.pk
    nivel, orgao_id = Processo.objects.values_list("nivel_acesso_global", "orgao_id").get(pk=regente_id)
    if nivel == NivelAcesso.SIGILOSO:
        credenciais = Credencial.objects.filter(processo_id=regente_id, cassada_em__isnull=True)
        return {f"c:{u}:{un}": LE for u, un in credenciais.values_list("usuario_id", "unidade_id")}
    principais = {f"o:{orgao_id}": LE if nivel == NivelAcesso.PUBLICO else CONHECE}
    for unidade_id in Atividade.objects.filter(processo_id=regente_id).values_list("unidade_id", flat=True):
        principais[f"u:{unidade_id}"] = LE
    if not processo.processo_principal_id:
        for fonte in _fontes:
            for principal, grau in fonte(processo.pk).items():
                principais[principal] = max(grau, principais.get(principal, 0))
    return principais


def _gravar(processo_id: int, principais: dict[str, int]) -> None:
    guardados = dict(Alcance.objects.filter(processo_id=processo_id).values_list("principal", "grau"))
    if guardados == principais:
        return
    # Who may read the process and its documents changed: so do their search-index entries.
    indexacao.marcar_processo(processo_id, documentos=True)
    sobrando = [p for p, g in guardados.items() if principais.get(p) != g]
    if sobrando:
        Alcance.objects.filter(processo_id=processo_id, principal__in=sobrando).delete()
    Alcance.objects.bulk_create(
        [
            Alcance(processo_id=processo_id, principal=p, grau=g)
            for p, g in principais.items()
            if guardados.get(p) != g
        ]
    )


def atualizar(processo: Processo) -> None:
    """Store the principals of ``processo`` (and of the processes annexed to it, which follow its
    rule). Call it inside the transaction that changed the process, with its row locked."""
    _gravar(processo.pk, principais_de(processo))
    for anexado in Processo.objects.filter(processo_principal_id=processo.pk):
        _gravar(anexado.pk, principais_de(anexado))


def divergencias(processos: Iterable[Processo] | None = None) -> Iterator[tuple[str, dict, dict]]:
    """(NUP, stored, expected) for every process whose stored principals differ from the rule."""
    for processo in processos if processos is not None else Processo.objects.order_by("pk").iterator():
        esperado = principais_de(processo)
        guardado = dict(Alcance.objects.filter(processo_id=processo.pk).values_list("principal", "grau"))
        if guardado != esperado:
            yield processo.nup, guardado, esperado
