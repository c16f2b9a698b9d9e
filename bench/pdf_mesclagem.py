#!/usr/bin/env python
"""Benchmark da mescla do PDF do processo (issue 3, seção 5): 500 documentos de 1–2 páginas.

Renderiza uma vez, com o WeasyPrint, alguns documentos de 1 e 2 páginas, grava ``--partes``
cópias (500 por padrão) numa pasta temporária, como ficam os PDFs em cache no storage, e mede
``documentos.pdf.mesclar``: partes lidas de arquivo e de bytes, com a capa que lista a página
inicial de cada documento (renderizada depois de contadas as páginas) e os marcadores.

    .venv/bin/python bench/pdf_mesclagem.py [--partes 500] [--repeticoes 3] [--fumaca]

Não usa banco nem Django. Imprime a mediana e o pior tempo de cada modo e o tamanho do PDF; a
última linha, sem capa, separa a mescla em si da renderização da capa (uma capa de mais de uma
página é renderizada duas vezes: a segunda com as páginas iniciais já deslocadas por ela).
``--fumaca``: o mesmo caminho com 6 partes e 1 repetição, em segundos (a CI roda assim).
"""

import argparse
import html
import statistics
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

from documentos.pdf import ParteMesclagem, mesclar, paginas_de, renderizar_html  # noqa: E402

NUP = "52402.000001/2026-72"
TIPOS = ["Ofício", "Despacho", "Nota Técnica", "Memorando", "Parecer"]
FUMACA = {"partes": 6, "repeticoes": 1}


def documento(i: int) -> tuple[str, bytes]:
    tipo = TIPOS[i % len(TIPOS)]
    titulo = f"{tipo} {i + 1} ({i + 123:07d})"
    paragrafos = 4 if i % 2 == 0 else 8  # 1 ou 2 páginas
    corpo = f'<h1 class="text-center">{html.escape(tipo.upper())} Nº {i + 1}/2026/DIRAD/SE-ORG</h1>' + "".join(
        f'<p class="text-justify">Parágrafo {p}. ' + "Trata-se de solicitação encaminhada a esta unidade. " * 12 + "</p>"
        for p in range(paragrafos)
    ) + "<table><tr><th>Item</th><th>Valor</th></tr><tr><td>Diárias</td><td>R$ 1.234,56</td></tr></table>"
    return titulo, renderizar_html(corpo, titulo=titulo, rodape=f"{titulo} · SEI {NUP}")


def capa(partes):
    def montar(inicios):
        linhas = "".join(
            f"<tr><td>{html.escape(p.titulo)}</td><td class='text-right'>{inicio}</td></tr>"
            for p, inicio in zip(partes, inicios, strict=True)
        )
        return (
            f"<h1>Processo nº {NUP}</h1><p>Tipo: Aquisição de material</p><p>Interessados: Fulano de Tal</p>"
            f"<table><thead><tr><th>Documento</th><th>Página</th></tr></thead><tbody>{linhas}</tbody></table>"
        )

    return montar


def medir(rotulo, partes, repeticoes, com_capa=True):
    tempos, resultado = [], None
    for _ in range(repeticoes):
        progresso = []
        inicio = time.perf_counter()
        resultado = mesclar(partes, titulo=f"Processo {NUP}", capa=capa(partes) if com_capa else None,
                            progresso=lambda feitas, total, p=progresso: p.append(feitas))
        tempos.append(time.perf_counter() - inicio)
        assert progresso == list(range(1, len(partes) + 1))
    print(f"{rotulo}: mediana {statistics.median(tempos):.2f} s, pior {max(tempos):.2f} s "
          f"({resultado.paginas} páginas, capa com {resultado.paginas_capa}, {len(resultado.pdf) / 1e6:.1f} MB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partes", type=int, default=500)
    parser.add_argument("--repeticoes", type=int, default=3)
    parser.add_argument("--fumaca", action="store_true", help="teste de fumaça: 6 partes, 1 repetição")
    args = parser.parse_args()
    if args.fumaca:
        vars(args).update(FUMACA)

    inicio = time.perf_counter()
    modelos = [documento(i) for i in range(min(10, args.partes))]
    print(f"{len(modelos)} documentos renderizados (WeasyPrint) em {time.perf_counter() - inicio:.2f} s; "
          f"páginas: {[paginas_de(pdf) for _, pdf in modelos]}")

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as pasta:
        em_arquivo, em_bytes = [], []
        for i in range(args.partes):
            titulo, pdf = modelos[i % len(modelos)]
            caminho = Path(pasta) / f"{i:05d}.pdf"
            caminho.write_bytes(pdf)
            em_arquivo.append(ParteMesclagem(titulo, caminho))
            em_bytes.append(ParteMesclagem(titulo, pdf))
        medir(f"{args.partes} partes lidas de arquivo", em_arquivo, args.repeticoes)
        medir(f"{args.partes} partes em bytes", em_bytes, args.repeticoes)
        medir(f"{args.partes} partes lidas de arquivo, sem capa (só a mescla)", em_arquivo, args.repeticoes, com_capa=False)


if __name__ == "__main__":
    main()
