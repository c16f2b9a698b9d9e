"""Petitions at the same instant (PostgreSQL, each thread on its own connection): citizens filing
new petitions of the same type all get their own process, NUP and signed receipt; two
intercorrentes on one process both land; a petition refused in the middle leaves nothing while
the good ones around it land."""

import io

import pytest
from django.core.files.storage import default_storage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from documentos.models import Documento
from externo import peticoes
from externo.models import Peticao
from processos.models import ContadorNUP, Processo
from sei.senhas import SenhaConfirmada
from tests.concorrencia import em_paralelo, requer_postgresql  # noqa: F401
from tests.externo.peticoes_apoio import _tipo_doc, arquivo, arquivos_guardados, pdf_com_javascript

pytestmark = [
    pytest.mark.integracao,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("requer_postgresql"),
]


def _cpf(base: str) -> str:
    """A valid CPF from its first nine digits."""
    digitos = [int(c) for c in base]
    for _ in range(2):
        soma = sum(d * p for d, p in zip(digitos, range(len(digitos) + 1, 1, -1), strict=True))
        digitos.append(0 if soma % 11 < 2 else 11 - soma % 11)
    return "".join(map(str, digitos))


CPFS = [_cpf(f"{i}{i}{i + 1}456789") for i in range(1, 9)]


def _nova(usuario, tipo, essencial=None):
    def peticionar():
        return peticoes.peticao_nova(
            usuario=usuario,
            confirmacao=SenhaConfirmada(usuario_id=usuario.pk),
            tipo=tipo,
            especificacao=f"Licença de {usuario.get_full_name()}",
            principal=peticoes.Anexo(tipo=tipo.tipo_principal, arquivo=arquivo("req.pdf"), nome="req.pdf"),
            anexos=[
                peticoes.Anexo(
                    tipo=_tipo_doc("Documento de identidade"),
                    arquivo=arquivo("rg.pdf", essencial),
                    nome="rg.pdf",
                    essencial=True,
                )
            ],
        )

    return peticionar


def _recibo_assinado(recibo: Documento) -> bool:
    conteudo = default_storage.open(recibo.pdf_assinado_nome).read()
    (assinatura,) = PdfFileReader(io.BytesIO(conteudo)).embedded_signatures
    return validate_pdf_signature(assinatura).intact


@pytest.fixture
def cidadaos(criar_externo):
    return [criar_externo(cpf=cpf, nome=f"Cidadão {i}").usuario for i, cpf in enumerate(CPFS)]


def test_oito_peticoes_novas_ao_mesmo_tempo(cidadaos, tipo_peticao):
    resultados = em_paralelo([_nova(u, tipo_peticao) for u in cidadaos])

    assert all(isinstance(r, Peticao) for r in resultados), resultados
    peticoes_gravadas = list(Peticao.objects.select_related("processo", "recibo"))
    assert len(peticoes_gravadas) == len(cidadaos) == Processo.objects.count()
    assert {p.usuario_id for p in peticoes_gravadas} == {u.pk for u in cidadaos}
    assert len({p.processo.nup for p in peticoes_gravadas}) == len(cidadaos)
    assert len({p.recibo.numero_sei for p in peticoes_gravadas}) == len(cidadaos)
    assert len({p.recibo.pdf_assinado_nome for p in peticoes_gravadas}) == len(cidadaos)
    assert all(_recibo_assinado(p.recibo) for p in peticoes_gravadas)
    # Each citizen is the interessado of their own process, nobody else's.
    for p in peticoes_gravadas:
        assert list(p.processo.interessados.values_list("cpf_cnpj", flat=True)) == [p.usuario.username]


def test_duas_intercorrentes_no_mesmo_processo_ao_mesmo_tempo(externo, tipo_peticao):
    primeira = _nova(externo, tipo_peticao)()
    nup = primeira.processo.nup

    def intercorrente(nome):
        return lambda: peticoes.peticao_intercorrente(
            usuario=externo, confirmacao=SenhaConfirmada(usuario_id=externo.pk), nup=nup,
            anexos=[peticoes.Anexo(tipo=_tipo_doc("Comprovante"), arquivo=arquivo(nome), nome=nome)],
        )  # fmt: skip

    resultados = em_paralelo([intercorrente("conta-de-luz.pdf"), intercorrente("conta-de-agua.pdf")])

    assert all(isinstance(r, Peticao) for r in resultados), resultados
    assert Processo.objects.count() == 1
    docs = Documento.objects.filter(processo=primeira.processo)
    nomes = set(docs.values_list("arquivo_nome_original", flat=True))
    assert {"conta-de-luz.pdf", "conta-de-agua.pdf"} <= nomes
    numeros = list(docs.values_list("numero_sei", flat=True))
    assert (
        len(numeros) == len(set(numeros)) == 3 + 2 * 2
    )  # first: main, essential, receipt; each: 1 + receipt
    recibos = {r.recibo_id for r in resultados}
    assert len(recibos) == 2 and primeira.recibo_id not in recibos
    assert all(_recibo_assinado(Documento.objects.get(pk=pk)) for pk in recibos)


def test_peticao_recusada_no_meio_nao_deixa_nada_e_as_outras_entram(cidadaos, tipo_peticao):
    antes = arquivos_guardados()
    mau, *bons = cidadaos[:4]

    resultados = em_paralelo(
        [_nova(mau, tipo_peticao, essencial=pdf_com_javascript()), *(_nova(u, tipo_peticao) for u in bons)]
    )

    assert "JavaScript" in str(resultados[0]) and not isinstance(resultados[0], Peticao), resultados[0]
    assert all(isinstance(r, Peticao) for r in resultados[1:]), resultados
    assert not Peticao.objects.filter(usuario=mau).exists()
    assert not Processo.objects.filter(interessados__cpf_cnpj=mau.username).exists()
    assert Processo.objects.count() == len(bons)
    # The refused one took no NUP (the counter went as far as the good ones) and left no file.
    assert ContadorNUP.objects.get().ultimo == len(bons)
    esperados = set()
    for p in Peticao.objects.prefetch_related("documentos").select_related("recibo"):
        esperados |= {d.arquivo_nome for d in p.documentos.all()} | {p.recibo.pdf_assinado_nome}
    assert arquivos_guardados() - antes == esperados
