"""The toolbars' vocabulary: one ``Acao`` per button of the process or document toolbar.

Which actions appear is decided in one place per object — ``processos.acoes`` for the process,
``documentos.acoes`` for the document — from the access policy's answers and the services' own
impediments; the apps above add theirs through the registries there. Templates only draw them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Acao:
    """One button. ``dialogo``: the id of the page's dialog that holds its form (the button opens
    it; without JavaScript the link targets it); otherwise ``url`` is followed."""

    chave: str  # stable name, used by tests and as the dialog's suffix
    rotulo: str  # what a screen reader says and the tooltip shows
    icone: str  # the lucide icon name (static/vendor/lucide-*/icones.svg)
    url: str = ""
    dialogo: str = ""
    nova_aba: bool = False
    ordem: int = 50  # position in the toolbar, SEI's order
