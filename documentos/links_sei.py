"""The "link SEI" of internal documents as a reader sees it (SEI's "Referenciar protocolo").

The stored form is ``<a class="link-sei" data-sei="0001234">0001234</a>`` (a document) or
``data-nup="<17 digits>"`` (a process), kept in that form only by ``documentos.html.sanitizar``.
Rendered for a reader, it becomes a real link only where the access policy lets that reader see
the target (``sei.acesso``: the document's entry, the process); an unknown or forbidden target is
the plain text of its number, the same text either way, so the page never tells whether it exists.
Renderings shared by every reader (the PDF, the exported page) show the text only
(``documentos.html.links_sei_como_texto``)."""

import html

from django.urls import reverse

from processos.models import Processo
from sei import acesso
from sei.acesso import Ator

from .html import CLASSE_LINK_SEI, alvos_links_sei, numero_do_alvo, substituir_links_sei
from .models import Documento


def alvos_visiveis(*, ator: Ator, alvos: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The address of each target the actor may see, by target (two queries at most)."""
    numeros = {int(valor) for tipo, valor in alvos if tipo == "sei"}
    nups = {valor for tipo, valor in alvos if tipo == "nup"}
    enderecos = {}
    if numeros:
        documentos = acesso.filtrar_documentos_visiveis(
            Documento.objects.filter(numero_sei__in=numeros), ator
        )
        for numero in documentos.values_list("numero_sei", flat=True):
            formatado = f"{numero:07d}"
            enderecos[("sei", formatado)] = reverse("documentos:detalhe", args=[formatado])
    if nups:
        processos = acesso.filtrar_processos_visiveis(Processo.objects.filter(nup__in=nups), ator)
        for nup in processos.values_list("nup", flat=True):
            enderecos[("nup", nup)] = reverse("processos:detalhe", args=[nup])
    return enderecos


def resolver(conteudo: str, *, ator: Ator) -> str:
    """The sanitised body with each link SEI resolved for ``ator``. The link opens the target
    in the whole window (``target="_top"``: the body is shown in a sandboxed frame)."""
    alvos = {
        (tipo, numero_do_alvo("sei", valor) if tipo == "sei" else valor)
        for tipo, valor in alvos_links_sei(conteudo)
    }
    if not alvos:
        return conteudo
    enderecos = alvos_visiveis(ator=ator, alvos=alvos)

    def trocar(tipo: str, valor: str) -> str:
        texto = numero_do_alvo(tipo, valor)
        chave = (tipo, texto if tipo == "sei" else valor)
        if chave not in enderecos:
            return texto
        return (
            f'<a class="{CLASSE_LINK_SEI}" href="{html.escape(enderecos[chave])}" target="_top">{texto}</a>'
        )

    return substituir_links_sei(conteudo, trocar)
