"""Erros do pacote de PDF (sem dependência de Django: quem chama traduz para o erro de domínio)."""


class PDFInvalido(Exception):
    """O arquivo não é um PDF legível (corrompido, truncado, não é PDF)."""

    mensagem = "O arquivo não é um PDF válido."
    parte: int | None = None  # na mescla: índice da parte ilegível

    def __init__(self, mensagem: str | None = None):
        super().__init__(mensagem or self.mensagem)
        self.mensagem = mensagem or self.mensagem


class PDFProtegido(PDFInvalido):
    """PDF cifrado que exige senha para abrir: não dá para verificar nem mesclar."""

    mensagem = "O PDF está protegido por senha."


class ImagemInvalida(Exception):
    """A imagem não pode ser convertida (formato desconhecido, corrompida ou grande demais)."""

    def __init__(self, mensagem: str = "A imagem não é válida."):
        super().__init__(mensagem)
        self.mensagem = mensagem


class ImagemGrandeDemais(ImagemInvalida):
    """Imagem com mais pixels que o limite (proteção contra 'decompression bomb')."""
