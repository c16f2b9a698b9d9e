"""Mescla dos PDFs dos documentos num PDF do processo (pikepdf/qpdf), com capa e marcadores.

As páginas são copiadas de cada PDF de origem sem decodificar o conteúdo; o qpdf só lê os dados
dos streams na hora de gravar a saída, por isso as origens ficam abertas até o fim (partes dadas
como caminho ocupam um descritor de arquivo cada até lá; bytes e streams não).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import BinaryIO

import pikepdf

from .carimbo import Carimbador, Carimbo
from .erros import PDFInvalido, PDFProtegido

FontePDF = bytes | bytearray | memoryview | str | os.PathLike | BinaryIO


@dataclass(frozen=True)
class ParteMesclagem:
    """Um documento a mesclar: ``titulo`` vira o marcador (ex.: ``"Ofício 12 (0000123)"``);
    ``carimbo`` (``carimbo.Carimbo``), posto sobre cada página dele: nível de acesso, MINUTA."""

    titulo: str
    conteudo: FontePDF
    carimbo: Carimbo | None = None


@dataclass(frozen=True)
class ResultadoMesclagem:
    """``pdf``: os bytes (None quando gravado em ``destino``); ``paginas``: total, com a capa;
    ``inicios``: página inicial (1-based, no PDF final) de cada parte; ``paginas_capa``."""

    pdf: bytes | None
    paginas: int
    inicios: list[int]
    paginas_capa: int


def abrir_pdf(fonte: FontePDF) -> pikepdf.Pdf:
    """Abre um PDF de bytes, caminho ou stream binário; erros viram ``PDFInvalido``."""
    try:
        if isinstance(fonte, bytes | bytearray | memoryview):
            return pikepdf.open(io.BytesIO(bytes(fonte)))
        return pikepdf.open(fonte)
    except pikepdf.PasswordError as erro:
        raise PDFProtegido() from erro
    except (pikepdf.PdfError, ValueError) as erro:
        # (arquivo inexistente ou ilegível no disco não é "PDF inválido": o OSError segue)
        raise PDFInvalido() from erro


def paginas_de(fonte: FontePDF) -> int:
    """Número de páginas de um PDF (bytes, caminho ou stream)."""
    with abrir_pdf(fonte) as pdf:
        return len(pdf.pages)


CapaFn = Callable[[list[int]], str]
RenderizarCapaFn = Callable[[str], bytes]


def _renderizar_capa_padrao(titulo: str) -> RenderizarCapaFn:
    def renderizar(html: str) -> bytes:
        from .render import renderizar_html  # WeasyPrint loads only when a cover is rendered

        return renderizar_html(html, titulo=titulo, rodape=titulo)

    return renderizar


def _capa_estavel(
    capa: CapaFn, paginas: Sequence[int], renderizar: RenderizarCapaFn, estimativa: int = 1
) -> tuple[bytes, list[int]]:
    """Renderiza a capa até o número de páginas dela bater com o suposto nos ``inicios``; uma boa
    ``estimativa`` inicial evita a segunda renderização (a capa de 500 documentos custa ~1 s)."""
    supostas = max(1, estimativa)
    for _ in range(5):
        inicios, proxima = [], supostas + 1
        for n in paginas:
            inicios.append(proxima)
            proxima += n
        pdf_capa = renderizar(capa(inicios))
        reais = paginas_de(pdf_capa)
        if reais == supostas:
            return pdf_capa, inicios
        supostas = reais
    raise RuntimeError("A capa não estabilizou o número de páginas.")


def mesclar(
    partes: Sequence[ParteMesclagem],
    *,
    titulo: str,
    capa_html: str | None = None,
    capa: CapaFn | None = None,
    progresso: Callable[[int, int], None] | None = None,
    destino: str | os.PathLike | BinaryIO | None = None,
    renderizar_capa: RenderizarCapaFn | None = None,
    paginas_capa_estimadas: int = 1,
    carimbo_capa: Carimbo | None = None,
) -> ResultadoMesclagem:
    """Junta os PDFs das ``partes``, na ordem, num só PDF com capa e marcadores.

    A capa vem de ``capa_html`` (pronta) ou de ``capa(inicios)``, chamada depois de contadas as
    páginas de todas as partes, com a página inicial de cada uma no PDF final (já contando as
    páginas da própria capa). Marcadores: "Capa" e um por parte, com o título dela.
    ``progresso(feitas, total)`` é chamado depois de cada parte anexada. ``carimbo_capa`` e o
    ``carimbo`` de cada parte são sobrepostos às páginas delas (``carimbo.Carimbador``). Grava em ``destino``
    (caminho ou stream) quando dado; senão devolve os bytes. Uma parte ilegível levanta
    ``PDFInvalido`` (com ``parte`` = índice) e nada é gravado.
    """
    if capa_html is not None and capa is not None:
        raise ValueError("Use capa_html ou capa, não os dois.")
    renderizar = renderizar_capa or _renderizar_capa_padrao(titulo)
    total = len(partes)
    with ExitStack() as pilha:
        saida = pilha.enter_context(pikepdf.new())
        carimbador = Carimbador(saida, pilha)
        paginas_partes: list[int] = []
        for indice, parte in enumerate(partes):
            try:
                origem = pilha.enter_context(abrir_pdf(parte.conteudo))
            except PDFInvalido as erro:
                erro.parte = indice
                erro.mensagem = f"{erro.mensagem} (documento {parte.titulo})"
                raise
            paginas_partes.append(len(origem.pages))
            inicio = len(saida.pages)
            saida.pages.extend(origem.pages)
            if parte.carimbo:
                for pagina in saida.pages[inicio:]:
                    carimbador.aplicar(pagina, parte.carimbo)
            if progresso is not None:
                progresso(indice + 1, total)

        pdf_capa = None
        if capa is not None:
            pdf_capa, inicios = _capa_estavel(capa, paginas_partes, renderizar, paginas_capa_estimadas)
        elif capa_html is not None:
            pdf_capa = renderizar(capa_html)
        paginas_capa = 0
        if pdf_capa is not None:
            origem_capa = pilha.enter_context(abrir_pdf(pdf_capa))
            paginas_capa = len(origem_capa.pages)
            for i, pagina in enumerate(origem_capa.pages):
                saida.pages.insert(i, pagina)
                carimbador.aplicar(saida.pages[i], carimbo_capa)

        inicios, proxima = [], paginas_capa + 1
        for n in paginas_partes:
            inicios.append(proxima)
            proxima += n

        with saida.open_outline() as sumario:
            sumario.root.clear()
            if paginas_capa:
                sumario.root.append(pikepdf.OutlineItem("Capa", 0))
            for parte, inicio, n in zip(partes, inicios, paginas_partes, strict=True):
                if n:
                    sumario.root.append(pikepdf.OutlineItem(parte.titulo, inicio - 1))
        saida.Root.PageMode = pikepdf.Name.UseOutlines
        saida.docinfo["/Title"] = titulo
        saida.docinfo["/Producer"] = "SEI Livre"

        total_paginas = len(saida.pages)
        opcoes = {"compress_streams": True, "object_stream_mode": pikepdf.ObjectStreamMode.generate}
        if destino is None:
            buffer = io.BytesIO()
            saida.save(buffer, **opcoes)
            return ResultadoMesclagem(buffer.getvalue(), total_paginas, inicios, paginas_capa)
        if isinstance(destino, str | os.PathLike):
            # Grava ao lado e renomeia: uma falha no meio não deixa um PDF pela metade.
            parcial = f"{os.fspath(destino)}.parcial"
            try:
                saida.save(parcial, **opcoes)
                os.replace(parcial, destino)
            finally:
                if os.path.exists(parcial):
                    os.unlink(parcial)
        else:
            saida.save(destino, **opcoes)
        return ResultadoMesclagem(None, total_paginas, inicios, paginas_capa)


def tem_assinaturas(fonte: FontePDF) -> bool:
    """Whether the PDF already carries digital signatures (rewriting it would break them)."""
    with abrir_pdf(fonte) as pdf:
        formulario = pdf.Root.get("/AcroForm")
        return formulario is not None and int(formulario.get("/SigFlags", 0)) & 1 == 1


def acrescentar_paginas(base: FontePDF, extra: FontePDF) -> bytes:
    """``base`` with ``extra``'s pages appended, ``extra``'s named destinations kept (pointing at
    the appended pages): an authentication sheet after an uploaded PDF, its signature area still
    found by name."""
    with abrir_pdf(base) as destino, abrir_pdf(extra) as origem:
        inicio = len(destino.pages)
        destino.pages.extend(origem.pages)
        nomes = origem.Root.get("/Names")
        if nomes is not None and nomes.get("/Dests") is not None:
            paginas_origem = {p.objgen: i for i, p in enumerate(origem.pages)}
            if "/Names" not in destino.Root:
                destino.Root.Names = pikepdf.Dictionary()
            if "/Dests" not in destino.Root.Names:
                destino.Root.Names.Dests = pikepdf.NameTree.new(destino).obj
            arvore = pikepdf.NameTree(destino.Root.Names.Dests)
            for nome, alvo in pikepdf.NameTree(nomes.Dests).items():
                indice = paginas_origem.get(alvo[0].objgen)
                if indice is None:
                    continue
                arvore[nome] = pikepdf.Array([destino.pages[inicio + indice].obj, *list(alvo)[1:]])
        saida = io.BytesIO()
        destino.save(saida)
        return saida.getvalue()
