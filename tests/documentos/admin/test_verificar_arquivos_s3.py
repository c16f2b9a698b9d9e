"""verificar_arquivos against an S3-compatible bucket (moto_server on loopback): the same report."""

import uuid

import pytest

from tests.documentos.admin.test_verificar_arquivos import rodar
from tests.documentos.arquivos.test_s3 import CHAVE, REGIAO, SEGREDO, ServidorS3

pytestmark = pytest.mark.django_db

boto3 = pytest.importorskip("boto3")


@pytest.fixture(scope="module")
def servidor(tmp_path_factory):
    s = ServidorS3(tmp_path_factory.mktemp("moto") / "moto.log")
    yield s
    s.parar()


@pytest.fixture
def bucket(servidor, settings):
    nome = f"sei-{uuid.uuid4().hex[:12]}"
    servidor.cliente().create_bucket(Bucket=nome)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": nome,
                "endpoint_url": servidor.url,
                "access_key": CHAVE,
                "secret_key": SEGREDO,
                "region_name": REGIAO,
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    return nome


def test_bucket_ausente_corrompido_e_orfao(atores, processo, servidor, bucket, incluir_externo):
    ausente = incluir_externo(atores["A"], processo, numero="1")
    adulterado = incluir_externo(atores["A"], processo, numero="2")
    intacto = incluir_externo(atores["A"], processo, numero="3")
    s3 = servidor.cliente()
    s3.delete_object(Bucket=bucket, Key=ausente.arquivo_nome)
    s3.put_object(Bucket=bucket, Key=adulterado.arquivo_nome, Body=b"%PDF-1.4 trocado")
    s3.put_object(Bucket=bucket, Key="documentos/ab/cd/orfao.pdf", Body=b"sobra")

    codigo, saida, erros = rodar("--apagar-orfaos")

    assert codigo == 1
    assert f"AUSENTE     SEI {ausente.numero_sei:07d}" in erros
    assert f"CORROMPIDO  SEI {adulterado.numero_sei:07d}" in erros
    assert f"{intacto.numero_sei:07d}" not in erros
    assert "ÓRFÃO: documentos/ab/cd/orfao.pdf (mais novo que 24 h: mantido)" in saida

    rodar("--apagar-orfaos", "--horas", "0")
    chaves = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert "documentos/ab/cd/orfao.pdf" not in chaves
    assert intacto.arquivo_nome in chaves and adulterado.arquivo_nome in chaves
