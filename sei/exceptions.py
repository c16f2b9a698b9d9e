"""Domain errors raised by services; one API handler and one view helper turn them into
pt-BR messages and status codes."""


class ErroDominio(Exception):
    status = 400
    code = "erro"

    def __init__(self, mensagem: str, *, code: str | None = None, errors: dict | None = None):
        super().__init__(mensagem)
        self.mensagem = mensagem
        if code:
            self.code = code
        self.errors = errors or {}


class EntradaInvalida(ErroDominio):
    """Bad input (400), optionally with field errors."""

    status = 400
    code = "entrada_invalida"


class AcessoNegado(ErroDominio):
    """The caller is known but may not do this (403)."""

    status = 403
    code = "acesso_negado"


class NaoEncontrado(ErroDominio):
    """Does not exist, or the caller may not know it exists (404)."""

    status = 404
    code = "nao_encontrado"


class RegraDeNegocio(ErroDominio):
    """The operation conflicts with the current state (409): already concluded, sobrestado..."""

    status = 409
    code = "conflito"


class ReautenticacaoNecessaria(AcessoNegado):
    """A browser asked for a sigiloso whose password was not typed again recently (SEI's rule).
    Web requests turn it into the password page (``sei.middleware.ReautenticacaoMiddleware``)."""

    code = "reautenticacao_necessaria"

    def __init__(self, nup: str):
        super().__init__("Processo sigiloso: digite sua senha novamente para abri-lo.")
        self.nup = nup
