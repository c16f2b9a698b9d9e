"""sei-assinador: the reference external signer of the assinatura qualificada.

Signs the digest that SEI's "preparar" returns with the key of a local PKCS#12 file (.p12/.pfx,
e.g. an ICP-Brasil A1 certificate) and prints the CMS (SignedData, DER, in base64) that
"concluir" accepts: PAdES signed attributes (content type, message digest, ESS
signing-certificate-v2; no signing time, as PAdES asks), with the signer's certificate and the
chain found in the file.

Standalone on purpose: it imports neither Django nor the project (only pyHanko, cryptography and
the standard library), so it runs on the signer's machine with just ``pip install pyHanko``::

    sei-assinador --pfx certificado.p12 --digest <base64> [--senha-env VAR] [--saida assinatura.p7s.b64]
"""

import argparse
import asyncio
import base64
import binascii
import getpass
import os
import sys

TAMANHO_SHA256 = 32


class ErroAssinador(Exception):
    """A pt-BR message for the user; exit status 1 (2 for bad arguments, as argparse does)."""


class _Formatador(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "uso: ")


class _Analisador(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"sei-assinador: erro: {message}\n")


def _argumentos(argv: list[str] | None) -> argparse.Namespace:
    analisador = _Analisador(
        prog="sei-assinador",
        description=(
            "Assina com um certificado digital (arquivo .p12/.pfx) o resumo (digest) dado pelo SEI ao "
            "preparar uma assinatura qualificada, e escreve o CMS em base64 para colar ou enviar em Concluir."
        ),
        epilog="Exemplo: sei-assinador --pfx meu-certificado.p12 --digest 3q2+7w== --saida assinatura.txt",
        add_help=False,
        formatter_class=_Formatador,
    )
    analisador._optionals.title = "opções"
    analisador.add_argument("-h", "--help", action="help", help="mostra esta ajuda e sai")
    analisador.add_argument("--pfx", metavar="ARQUIVO", help="arquivo PKCS#12 (.p12/.pfx) com a chave e o certificado")
    analisador.add_argument("--digest", metavar="BASE64", help="o resumo SHA-256 mostrado pelo SEI, em base64")
    analisador.add_argument(
        "--senha-env",
        metavar="VARIAVEL",
        help="nome da variável de ambiente com a senha do arquivo (sem ela, a senha é pedida no terminal)",
    )
    analisador.add_argument("--saida", metavar="ARQUIVO", help="grava o CMS (base64) neste arquivo em vez de mostrá-lo")
    argumentos = analisador.parse_args(argv)
    faltam = [opcao for opcao, valor in (("--pfx", argumentos.pfx), ("--digest", argumentos.digest)) if not valor]
    if faltam:
        analisador.error(f"informe {' e '.join(faltam)}")
    return argumentos


def _digest(texto: str) -> bytes:
    try:
        digest = base64.b64decode(texto.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ErroAssinador("O digest não é base64 válido: copie-o exatamente como o SEI mostrou.") from None
    if len(digest) != TAMANHO_SHA256:
        raise ErroAssinador(f"O digest deve ser um SHA-256 (32 bytes); este tem {len(digest)}.")
    return digest


def _senha(nome_variavel: str | None) -> bytes:
    if nome_variavel:
        senha = os.environ.get(nome_variavel)
        if senha is None:
            raise ErroAssinador(f"A variável de ambiente {nome_variavel} não está definida.")
    else:
        senha = getpass.getpass("Senha do certificado: ")
    return senha.encode()


def _assinante(caminho: str, senha: bytes):
    from pyhanko.sign import signers

    try:
        with open(caminho, "rb") as arquivo:
            dados = arquivo.read()
    except OSError as erro:
        raise ErroAssinador(f"Não foi possível ler o arquivo {caminho}: {erro.strerror or erro}.") from None
    try:
        assinante = signers.SimpleSigner.load_pkcs12_data(dados, other_certs=[], passphrase=senha or None)
    except (ValueError, TypeError):
        raise ErroAssinador(
            f"Não foi possível abrir {caminho}: senha errada ou o arquivo não é um PKCS#12 (.p12/.pfx) com chave e certificado."
        ) from None
    if assinante.signing_cert is None or assinante.signing_key is None:
        raise ErroAssinador(f"O arquivo {caminho} não traz a chave privada e o certificado.")
    return assinante


def assinar_digest(assinante, digest: bytes) -> bytes:
    """The CMS (DER) over ``digest``, as a PAdES signer makes it."""
    conteudo = asyncio.run(assinante.async_sign(digest, "sha256", use_pades=True))
    return conteudo.dump()


def main(argv: list[str] | None = None) -> int:
    argumentos = _argumentos(argv)
    try:
        digest = _digest(argumentos.digest)
        assinante = _assinante(argumentos.pfx, _senha(argumentos.senha_env))
        cms = base64.b64encode(assinar_digest(assinante, digest)).decode("ascii")
        if argumentos.saida:
            try:
                with open(argumentos.saida, "w", encoding="ascii") as arquivo:
                    arquivo.write(cms + "\n")
            except OSError as erro:
                raise ErroAssinador(f"Não foi possível gravar {argumentos.saida}: {erro.strerror or erro}.") from None
            print(f"CMS gravado em {argumentos.saida}. Envie-o (ou cole o conteúdo) em Concluir no SEI.", file=sys.stderr)
        else:
            print(cms)
    except ErroAssinador as erro:
        print(f"sei-assinador: erro: {erro}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\nsei-assinador: cancelado.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
