"""Builds the icon sprite of the toolbars and the tree from the lucide-static package.

    curl -sO https://registry.npmjs.org/lucide-static/-/lucide-static-1.62.0.tgz
    tar xzf lucide-static-1.62.0.tgz
    python scripts/gerar_icones.py package/icons static/vendor/lucide-1.62.0/icones.svg

Each icon becomes a ``<symbol id="i-NAME">`` (NAME: the lucide name), used as
``<svg><use href=".../icones.svg#i-NAME"/></svg>`` (template tag ``{% icone "NAME" %}``).
To add an icon, add its lucide name to ICONES and run again."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ICONES = """
ban badge-check chevron-down chevron-right circle-check circle-pause circle-play download eye
file file-archive file-down file-plus file-text file-up folder folder-closed folder-open
folder-plus history key-round link list-plus menu notebook-pen panel-left paperclip pencil
printer search send signature square-pen trash-2 unlink user-check x
""".split()

SVG = "http://www.w3.org/2000/svg"


def main(origem: str, destino: str) -> None:
    ET.register_namespace("", SVG)
    simbolos = []
    for nome in ICONES:
        raiz = ET.parse(Path(origem) / f"{nome}.svg").getroot()
        filhos = "".join(ET.tostring(f, encoding="unicode").replace(f' xmlns="{SVG}"', "") for f in raiz)
        simbolos.append(f'<symbol id="i-{nome}" viewBox="{raiz.get("viewBox")}">{filhos}</symbol>')
    Path(destino).write_text(
        "<!-- lucide-static 1.62.0, ISC (LICENSE ao lado); gerado por scripts/gerar_icones.py -->\n"
        f'<svg xmlns="{SVG}" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round">\n' + "\n".join(simbolos) + "\n</svg>\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
