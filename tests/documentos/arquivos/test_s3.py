"""The S3 path against a real S3-compatible server (moto_server) started on loopback."""

import contextlib
import hashlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from documentos.arquivos import ArmazenamentoIndisponivel, ArquivoCorrompido, abrir_verificado, gravar

from . import amostras

pytestmark = pytest.mark.integracao

boto3 = pytest.importorskip("boto3")
from botocore.config import Config  # noqa: E402
from storages.backends.s3 import S3Storage  # noqa: E402

CHAVE = "teste"
SEGREDO = "teste-segredo"
REGIAO = "us-east-1"


def _porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServidorS3:
    def __init__(self, log: Path):
        self.porta = _porta_livre()
        self.url = f"http://127.0.0.1:{self.porta}"
        executavel = Path(sys.executable).with_name("moto_server")
        ambiente = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self._log = open(log, "wb")  # noqa: SIM115 - closed in parar()
        self.processo = subprocess.Popen(
            [str(executavel), "-H", "127.0.0.1", "-p", str(self.porta)],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=ambiente,
        )  # fmt: skip
        fim = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.porta), timeout=0.5).close()
                break
            if self.processo.poll() is not None or time.monotonic() > fim:
                self.parar()
                pytest.fail(
                    f"moto_server não subiu: {log.read_text(errors='replace')[-2000:]}", pytrace=False
                )
            time.sleep(0.1)

    def cliente(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=CHAVE,
            aws_secret_access_key=SEGREDO,
            region_name=REGIAO,
        )

    def storage(self, bucket: str, classe=S3Storage) -> S3Storage:
        return classe(
            bucket_name=bucket,
            endpoint_url=self.url,
            access_key=CHAVE,
            secret_key=SEGREDO,
            region_name=REGIAO,
            client_config=Config(
                retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=2, read_timeout=5
            ),
        )

    def parar(self):
        if self.processo.poll() is None:
            self.processo.terminate()
            try:
                self.processo.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.processo.kill()
                self.processo.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="module")
def servidor(tmp_path_factory):
    s = ServidorS3(tmp_path_factory.mktemp("moto") / "moto.log")
    yield s
    s.parar()


@pytest.fixture
def bucket(servidor):
    nome = f"sei-{uuid.uuid4().hex[:12]}"
    servidor.cliente().create_bucket(Bucket=nome)
    return nome


def _objetos(servidor, bucket) -> list[str]:
    return [o["Key"] for o in servidor.cliente().list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_ida_e_volta_no_s3(servidor, bucket, verificado):
    storage = servidor.storage(bucket)
    conteudo = amostras.pdf("Processo no bucket")
    gravado = gravar(verificado(conteudo), storage=storage)
    assert _objetos(servidor, bucket) == [gravado.nome_storage]
    corpo = servidor.cliente().get_object(Bucket=bucket, Key=gravado.nome_storage)["Body"].read()
    assert corpo == conteudo
    assert gravado.sha256 == hashlib.sha256(conteudo).hexdigest()
    assert abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage).read() == conteudo


def test_ida_e_volta_de_arquivo_grande_verificado_em_fluxo(servidor, bucket, verificado):
    storage = servidor.storage(bucket)
    conteudo = ("linha do relatório\n" * 50_000).encode()  # ~1 MB, several blocks
    gravado = gravar(verificado(conteudo, "relatorio.txt"), storage=storage)
    leitor = abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage, limite_previo=1024)
    assert b"".join(leitor) == conteudo


@pytest.mark.parametrize("limite_previo", [16 * 1024 * 1024, 1024])
def test_objeto_adulterado_no_bucket_e_detectado(servidor, bucket, verificado, limite_previo):
    storage = servidor.storage(bucket)
    conteudo = ("linha do relatório\n" * 20_000).encode()
    gravado = gravar(verificado(conteudo, "relatorio.txt"), storage=storage)
    servidor.cliente().put_object(
        Bucket=bucket, Key=gravado.nome_storage, Body=conteudo.replace(b"linha", b"LINHA", 1)
    )
    with pytest.raises(ArquivoCorrompido):
        b"".join(
            abrir_verificado(
                gravado.nome_storage, gravado.sha256, storage=storage, limite_previo=limite_previo
            )
        )


def test_objeto_ausente_e_detectado(servidor, bucket):
    with pytest.raises(ArquivoCorrompido):
        abrir_verificado("documentos/aa/bb/sumiu.pdf", "0" * 64, storage=servidor.storage(bucket))


class _FalhaDepoisDeEnviar(S3Storage):
    """The object reaches the bucket but the call fails (a lost response)."""

    def _save(self, name, content):
        super()._save(name, content)
        from botocore.exceptions import EndpointConnectionError

        raise EndpointConnectionError(endpoint_url=self.endpoint_url)


def test_falha_depois_do_envio_nao_deixa_objeto(servidor, bucket, verificado):
    storage = servidor.storage(bucket, classe=_FalhaDepoisDeEnviar)
    with pytest.raises(ArmazenamentoIndisponivel):
        gravar(verificado(amostras.pdf()), storage=storage)
    assert _objetos(servidor, bucket) == []


def test_bucket_inexistente_503(servidor, verificado):
    with pytest.raises(ArmazenamentoIndisponivel):
        gravar(verificado(amostras.pdf()), storage=servidor.storage("nao-existe-" + uuid.uuid4().hex[:8]))


def test_servidor_fora_do_ar_503_e_nada_fica(tmp_path, verificado):
    proprio = ServidorS3(tmp_path / "moto.log")
    try:
        proprio.cliente().create_bucket(Bucket="sei")
        storage = proprio.storage("sei")
        gravado = gravar(verificado(b"antes da queda\n", "a.txt"), storage=storage)
    finally:
        proprio.parar()
    with pytest.raises(ArmazenamentoIndisponivel) as erro:
        gravar(verificado(amostras.pdf()), storage=storage)
    assert erro.value.status == 503
    # reading is refused with 503 too (not a false "corrupted")
    from documentos.arquivos import ArquivoCorrompido as Corrompido

    with pytest.raises(ArmazenamentoIndisponivel) as leitura:
        abrir_verificado(gravado.nome_storage, gravado.sha256, storage=storage)
    assert not isinstance(leitura.value, Corrompido)
