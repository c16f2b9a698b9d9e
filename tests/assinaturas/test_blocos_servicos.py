"""Blocos de assinatura through the services: what goes in, who gets access when it is made
available, who signs, and the lifecycle (devolver, cancelar, concluir, reabrir, excluir)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assinaturas import blocos, selectors, services
from assinaturas.models import Assinatura, Bloco
from documentos import selectors as documentos_selectors
from documentos import services as documentos_services
from documentos.models import Compartilhamento, Documento
from processos.models import Andamento, NivelAcesso
from sei import acesso
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado, RegraDeNegocio
from tests.assinaturas import verificacao
from tests.assinaturas.cenario_blocos import *  # noqa: F403
from tests.assinaturas.cenario_blocos import pedido
from tests.factories import pdf_simples, tipo_documento


def test_criar_com_documentos_de_dois_processos(cena):
    bloco = cena.bloco()
    assert bloco.estado == Bloco.Estado.ABERTO and bloco.unidade == cena.a.unidade
    itens = selectors.itens_do_bloco(bloco=bloco)
    assert [i.documento for i in itens] == [cena.d1, cena.d2]
    assert {i.documento.processo for i in itens} == {cena.p1, cena.p2}
    # SEI does not write bloco operations into the processes' history.
    assert not Andamento.objects.filter(descricao__icontains="bloco").exists()


def test_documento_pode_estar_em_varios_blocos_mas_nao_duas_vezes_no_mesmo(cena):
    primeiro = cena.bloco(cena.d1)
    segundo = cena.bloco(cena.d1)
    assert primeiro.pk != segundo.pk
    with pytest.raises(RegraDeNegocio) as erro:
        blocos.bloco_incluir_documentos(ator=cena.a, bloco=primeiro, documentos=[cena.d1.numero_sei])
    assert erro.value.code == "documento_ja_no_bloco"


def test_recusa_externo_sigiloso_cancelado_e_de_outra_unidade(cena, criar_processo, criar_documento):
    a, b = cena.a, cena.b
    bloco = cena.bloco(cena.d1)
    externo = documentos_services.documento_externo_criar(
        ator=a, processo=cena.p1, tipo=tipo_documento("Nota Fiscal"), numero="1",
        arquivo=SimpleUploadedFile("nota.pdf", pdf_simples()), nome_arquivo="nota.pdf", nivel_acesso=NivelAcesso.PUBLICO,
    )  # fmt: skip
    sigiloso = criar_documento(a, criar_processo(a, nivel=NivelAcesso.SIGILOSO), conteudo="<p>Segredo</p>")
    cancelado = criar_documento(a, cena.p1, conteudo="<p>Cancelado</p>")
    Documento.objects.filter(pk=cancelado.pk).update(estado=Documento.Estado.CANCELADO)
    de_b = criar_documento(b, criar_processo(b), conteudo="<p>De B</p>")
    casos = {
        externo: ("documento_externo", "Documento externo não pode ser incluído"),
        cancelado: ("documento_cancelado", "cancelado ou excluído"),
        sigiloso: ("documento_sigiloso", "sigiloso"),
    }
    for documento, (code, trecho) in casos.items():
        with pytest.raises(RegraDeNegocio) as erro:
            blocos.bloco_incluir_documentos(ator=a, bloco=bloco, documentos=[documento.numero_sei])
        assert erro.value.code == code and trecho in erro.value.mensagem
        assert documento.rotulo in erro.value.mensagem
    # B's público minuta: A sees its entry but it is not A's document.
    with pytest.raises(AcessoNegado) as erro:
        blocos.bloco_incluir_documentos(ator=a, bloco=bloco, documentos=[de_b.numero_sei])
    assert erro.value.code == "documento_de_outra_unidade"
    with pytest.raises(NaoEncontrado):
        blocos.bloco_incluir_documentos(ator=a, bloco=bloco, documentos=[9999999])
    # Nothing went in; one bad document refuses the whole inclusion.
    with pytest.raises(RegraDeNegocio):
        blocos.bloco_incluir_documentos(ator=a, bloco=bloco, documentos=[cena.d2.numero_sei, externo.numero_sei])
    assert [i.documento for i in selectors.itens_do_bloco(bloco=bloco)] == [cena.d1]


def test_disponibilizado_a_outra_unidade_ela_ve_le_edita_e_assina(cena, raiz_pem):
    b = cena.b
    # Before: B sees the entries only (a restrito process of A, A's minuta), never the content.
    assert acesso.pode_ver_documento(b, cena.d2) and not acesso.pode_ver_conteudo_documento(b, cena.d2)
    with pytest.raises(AcessoNegado) as erro:
        acesso.exigir_conteudo_documento(b, cena.d1)
    assert erro.value.code == "minuta_de_outra_unidade"
    with pytest.raises(AcessoNegado) as erro:
        services.assinar(pedido=pedido(b, "Diretor"), documento=cena.d1)
    assert erro.value.code == "assinatura_fora_da_unidade"

    bloco = cena.disponibilizado()
    assert bloco.estado == Bloco.Estado.DISPONIBILIZADO
    assert set(Compartilhamento.objects.filter(origem=f"bloco:{bloco.pk}").values_list("documento", "unidade")) == {
        (cena.d1.pk, cena.unidades["B"].pk),
        (cena.d2.pk, cena.unidades["B"].pk),
    }
    # B sees and reads both (the minuta of A, the restrito process it never had).
    for documento in (cena.d1, cena.d2):
        visto = documentos_selectors.documento_por_numero(ator=b, numero_sei=documento.numero_sei)
        assert "Ofício da contratação" in documentos_selectors.versao(ator=b, documento=visto).conteudo or (
            "Despacho restrito" in documentos_selectors.versao(ator=b, documento=visto).conteudo
        )
    # ...edits one (a new version)...
    versao = documentos_services.documento_editar(
        ator=b, documento=cena.d2, conteudo="<p>Despacho restrito, revisto por B.</p>", versao_base=1
    )
    assert versao.numero == 2 and versao.criado_por == b.usuario
    # ...but not the process: making the bloco available does not open it in B.
    assert not acesso.pode_ver_conteudo(b, cena.p2)
    # A may not sign meanwhile; B signs.
    with pytest.raises(RegraDeNegocio) as erro:
        services.assinar(pedido=pedido(cena.a), documento=cena.d1)
    assert erro.value.code == "documento_disponibilizado_em_bloco"
    assert "não assina enquanto o documento está disponibilizado em bloco" in erro.value.mensagem
    resultado = blocos.bloco_assinar(pedido=pedido(b, "Diretor"), bloco=bloco)
    assert [d.pk for d in resultado.assinados] == [cena.d1.pk, cena.d2.pk] and not resultado.falhas
    for documento in (cena.d1, cena.d2):
        documento.refresh_from_db()
        assert documento.estado == Documento.Estado.ASSINADO
        assinatura = Assinatura.objects.get(documento=documento)
        assert (assinatura.unidade, assinatura.cargo) == (cena.unidades["B"], "Diretor")
        pdf = verificacao.verificar_pyhanko(_pdf(documento), raiz_pem)
        assert len(pdf) == 1 and pdf[0].bottom_line, pdf
    # The signed version is B's revision.
    assert "revisto por B" in documentos_selectors.versao(ator=b, documento=cena.d2).conteudo
    # One history entry per signature, in each process, in B's name.
    assert Andamento.objects.filter(tipo=Andamento.Tipo.ASSINATURA, unidade=cena.unidades["B"]).count() == 2
    # B reads what it has in the bloco: not another unit's read, the document is not bloqueado.
    from processos.models import LeituraAuditada

    documentos_selectors.versao(ator=b, documento=cena.d1, canal=LeituraAuditada.Canal.API)
    cena.d1.refresh_from_db()
    assert not cena.d1.bloqueado


def _pdf(documento) -> bytes:
    from documentos.services import pdfs

    leitor = pdfs.abrir_pdf(documento)
    try:
        return leitor.read()
    finally:
        leitor.close()


def test_devolver_tira_o_acesso_e_retorna_quando_todas_devolvem(cena):
    bloco = cena.disponibilizado(para=("B", "C"))
    b, c = cena.b, cena.c
    blocos.bloco_devolver(ator=b, bloco=bloco)
    bloco.refresh_from_db()
    assert bloco.estado == Bloco.Estado.DISPONIBILIZADO  # C still has it
    for documento in (cena.d1, cena.d2):
        with pytest.raises(AcessoNegado):
            documentos_selectors.versao(ator=b, documento=documento)
    with pytest.raises(NaoEncontrado):
        selectors.bloco_por_numero(ator=b, numero=bloco.pk)
    assert acesso.pode_ver_conteudo_documento(c, cena.d2)
    with pytest.raises(RegraDeNegocio) as erro:  # A still may not sign
        services.assinar(pedido=pedido(cena.a), documento=cena.d1)
    assert erro.value.code == "documento_disponibilizado_em_bloco"
    blocos.bloco_devolver(ator=c, bloco=bloco)
    bloco.refresh_from_db()
    assert bloco.estado == Bloco.Estado.RETORNADO
    assert not Compartilhamento.objects.exists()
    # Back with A: its users sign again.
    services.assinar(pedido=pedido(cena.a), documento=cena.d1)


def test_cancelar_disponibilizacao_tira_o_acesso(cena):
    bloco = cena.disponibilizado()
    with pytest.raises(AcessoNegado) as erro:
        blocos.bloco_cancelar_disponibilizacao(ator=cena.b, bloco=bloco)
    assert erro.value.code == "bloco_de_outra_unidade"
    blocos.bloco_cancelar_disponibilizacao(ator=cena.a, bloco=bloco)
    bloco.refresh_from_db()
    assert bloco.estado == Bloco.Estado.ABERTO
    assert not acesso.pode_ver_conteudo_documento(cena.b, cena.d2)
    with pytest.raises(NaoEncontrado):
        blocos.bloco_devolver(ator=cena.b, bloco=bloco)
    with pytest.raises(AcessoNegado):
        services.assinar(pedido=pedido(cena.b, "Diretor"), documento=cena.d1)
    # The units chosen stay for the next disponibilização.
    blocos.bloco_disponibilizar(ator=cena.a, bloco=bloco)
    assert acesso.pode_ver_conteudo_documento(cena.b, cena.d2)


def test_incluir_e_retirar_com_o_bloco_disponibilizado(cena, criar_documento):
    bloco = cena.disponibilizado(cena.d1)
    novo = criar_documento(cena.a, cena.p2, conteudo="<p>Novo</p>", nivel=NivelAcesso.RESTRITO)
    assert not acesso.pode_ver_conteudo_documento(cena.b, novo)
    blocos.bloco_incluir_documentos(ator=cena.a, bloco=bloco, documentos=[novo], anotacao="Urgente")
    assert acesso.pode_ver_conteudo_documento(cena.b, novo)
    blocos.bloco_retirar_documento(ator=cena.a, bloco=bloco, documento=novo)
    assert not acesso.pode_ver_conteudo_documento(cena.b, novo)
    # A's users sign what left the bloco.
    services.assinar(pedido=pedido(cena.a), documento=novo)


def test_acesso_por_dois_blocos_so_acaba_com_o_ultimo(cena):
    primeiro = cena.disponibilizado(cena.d2)
    segundo = cena.disponibilizado(cena.d2)
    blocos.bloco_devolver(ator=cena.b, bloco=primeiro)
    assert acesso.pode_ver_conteudo_documento(cena.b, cena.d2)
    blocos.bloco_devolver(ator=cena.b, bloco=segundo)
    assert not acesso.pode_ver_conteudo_documento(cena.b, cena.d2)


def test_disponibilizar_exige_outras_unidades_ativas_e_documentos(cena):
    bloco = cena.bloco()
    with pytest.raises(EntradaInvalida) as erro:
        blocos.bloco_disponibilizar(ator=cena.a, bloco=bloco)
    assert "unidades" in erro.value.errors
    with pytest.raises(EntradaInvalida) as erro:
        blocos.bloco_disponibilizar(ator=cena.a, bloco=bloco, unidades=[cena.unidades["A"]])
    assert erro.value.code == "disponibilizar_para_propria_unidade"
    cena.unidades["C"].ativa = False
    cena.unidades["C"].save()
    with pytest.raises(EntradaInvalida) as erro:
        blocos.bloco_disponibilizar(ator=cena.a, bloco=bloco, unidades=[cena.unidades["C"]])
    assert erro.value.code == "unidade_inativa"
    vazio = blocos.bloco_criar(ator=cena.a, descricao="Vazio")
    with pytest.raises(RegraDeNegocio) as erro:
        blocos.bloco_disponibilizar(ator=cena.a, bloco=vazio, unidades=[cena.unidades["B"]])
    assert erro.value.code == "bloco_vazio"


def test_concluir_reabrir_e_excluir(cena):
    bloco = cena.disponibilizado()
    with pytest.raises(RegraDeNegocio) as erro:
        blocos.bloco_concluir(ator=cena.a, bloco=bloco)
    assert erro.value.code == "bloco_disponibilizado"
    blocos.bloco_devolver(ator=cena.b, bloco=bloco)
    blocos.bloco_concluir(ator=cena.a, bloco=bloco)
    bloco.refresh_from_db()
    assert bloco.estado == Bloco.Estado.CONCLUIDO
    with pytest.raises(RegraDeNegocio) as erro:
        blocos.bloco_incluir_documentos(ator=cena.a, bloco=bloco, documentos=[cena.d1])
    assert erro.value.code == "bloco_concluido"
    with pytest.raises(RegraDeNegocio):
        blocos.bloco_excluir(ator=cena.a, bloco=bloco)
    blocos.bloco_reabrir(ator=cena.a, bloco=bloco)
    bloco.refresh_from_db()
    assert bloco.estado == Bloco.Estado.ABERTO
    blocos.bloco_excluir(ator=cena.a, bloco=bloco)
    assert not Bloco.objects.filter(pk=bloco.pk).exists()
    # The documents stay as they were.
    assert Documento.objects.filter(pk__in=[cena.d1.pk, cena.d2.pk], estado=Documento.Estado.MINUTA).count() == 2


def test_assinar_todos_uma_falha_nao_para_as_outras(cena, criar_documento):
    terceiro = criar_documento(cena.a, cena.p1, conteudo="<p>Terceiro</p>")
    bloco = cena.bloco(cena.d1, cena.d2, terceiro)
    # d2 no longer signable by A: cancelled meanwhile.
    Documento.objects.filter(pk=cena.d2.pk).update(estado=Documento.Estado.CANCELADO)
    numeros = [cena.d1.numero_sei, cena.d2.numero_sei, terceiro.numero_sei, 7777777]
    resultado = blocos.bloco_assinar(pedido=pedido(cena.a), bloco=bloco, documentos=numeros)
    assert [d.pk for d in resultado.assinados] == [cena.d1.pk, terceiro.pk]
    falhas = {f.numero_sei: f.erro.code for f in resultado.falhas}
    assert falhas == {7777777: "documento_fora_do_bloco", cena.d2.numero_sei: "documento_cancelado"}
    # Again: already signed is a reason, not a crash; by default nothing is left to sign.
    de_novo = blocos.bloco_assinar(pedido=pedido(cena.a), bloco=bloco, documentos=[cena.d1.numero_sei])
    assert [f.erro.code for f in de_novo.falhas] == ["ja_assinado"]
    assert blocos.bloco_assinar(pedido=pedido(cena.a), bloco=bloco).assinados == []


def test_assinar_todos_com_cargo_errado_nao_assina_nada(cena):
    bloco = cena.bloco()
    with pytest.raises(EntradaInvalida):
        blocos.bloco_assinar(pedido=pedido(cena.a, "Ministro"), bloco=bloco)
    assert not Assinatura.objects.exists()


def test_unidade_de_fora_nao_encontra_o_bloco(cena):
    bloco = cena.disponibilizado()
    for operacao in (blocos.bloco_devolver, blocos.bloco_concluir, blocos.bloco_cancelar_disponibilizacao):
        with pytest.raises(NaoEncontrado):
            operacao(ator=cena.c, bloco=bloco)
    with pytest.raises(NaoEncontrado):
        blocos.bloco_assinar(pedido=pedido(cena.c), bloco=bloco)
    with pytest.raises(NaoEncontrado):
        selectors.bloco_por_numero(ator=cena.c, numero=bloco.pk)


def test_contagem_do_menu(cena):
    a, b = cena.unidades["A"], cena.unidades["B"]
    aberto = cena.bloco(cena.d1)
    disponibilizado = cena.disponibilizado(cena.d2)
    assert selectors.blocos_aguardando(a) == 1  # the open one; the one with B is not awaiting A
    assert selectors.blocos_aguardando(b) == 1
    blocos.bloco_devolver(ator=cena.b, bloco=disponibilizado)
    assert selectors.blocos_aguardando(a) == 2  # returned: back with A
    assert selectors.blocos_aguardando(b) == 0
    blocos.bloco_concluir(ator=cena.a, bloco=aberto)
    assert selectors.blocos_aguardando(a) == 1


def test_aparencia_composta_do_lote_imprime_o_mesmo_que_a_inteira(db):
    """"Assinar todos" renders the tarja once and puts it over each validation block: the page
    looks exactly like the appearance rendered whole (the same pixels, rasterised by poppler)."""
    import subprocess
    import tempfile

    from django.utils import timezone

    from assinaturas import aparencia

    tarja = aparencia.Tarja(
        nome="Fulana de Tal", cargo="Diretora", cpf_mascarado="***.456.789-**", unidade="A/ORG",
        em=timezone.now(), fundamento="art. 6º, § 1º, do Decreto nº 8.539, de 8 de outubro de 2015",
    )  # fmt: skip
    area = aparencia.Area(pagina=0, x=56.7, y_base=60, largura=480, altura=210)
    codigos = {"base_url": "https://sei.exemplo.gov.br", "numero_sei": 123, "codigo_crc": "4F2A-91C0-77E3-B0D5"}
    inteira = aparencia.aparencia_primeira(tarja, area, **codigos)
    composta = aparencia.compor_primeira(
        aparencia.aparencia_validacao(area, **codigos), aparencia.aparencia_tarja(tarja, area.largura), area
    )

    def pixels(pdf: bytes) -> bytes:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as arquivo:
            arquivo.write(pdf)
            arquivo.flush()
            return subprocess.run(
                ["pdftoppm", "-r", "150", "-gray", arquivo.name], capture_output=True, check=True, timeout=60
            ).stdout

    imagem = pixels(inteira)
    assert len(imagem) > 100_000 and pixels(composta) == imagem


def test_blocos_de_conferencia_preparados_ao_incluir_e_usados_na_assinatura(
    cena, raiz_pem, django_capture_on_commit_callbacks
):
    """Including documents in a bloco renders their validation blocks ahead (a task, after the
    commit); signing puts the tarja over them, and the block is gone once embedded."""
    from assinaturas.models import AparenciaPreparada

    with django_capture_on_commit_callbacks(execute=True):
        bloco = blocos.bloco_criar(
            ator=cena.a, descricao="Com preparo", documentos=[cena.d1.numero_sei, cena.d2.numero_sei],
            url_publica="https://sei.exemplo.gov.br",
        )  # fmt: skip
    assert set(AparenciaPreparada.objects.values_list("documento", flat=True)) == {cena.d1.pk, cena.d2.pk}
    # Run again: nothing new (the task is idempotent).
    assert services.preparar_aparencias([cena.d1.pk, cena.d2.pk], "https://sei.exemplo.gov.br") == 0
    resultado = blocos.bloco_assinar(pedido=pedido(cena.a), bloco=bloco)
    assert len(resultado.assinados) == 2 and not resultado.falhas
    assert not AparenciaPreparada.objects.exists()
    for documento in (cena.d1, cena.d2):
        documento.refresh_from_db()
        verificado = verificacao.verificar_pyhanko(_pdf(documento), raiz_pem)
        assert len(verificado) == 1 and verificado[0].bottom_line


def test_bloco_preparado_so_serve_ao_mesmo_endereco(cena, monkeypatch):
    """A block made for another public address (or other bytes) is not found: the signature is
    rendered whole, with the address of the request that signs. The right one is used as is."""
    from assinaturas import aparencia
    from assinaturas.models import AparenciaPreparada

    chamadas = []
    for nome in ("aparencia_primeira", "compor_primeira"):
        original = getattr(aparencia, nome)
        monkeypatch.setattr(aparencia, nome, lambda *a, _o=original, _n=nome, **k: chamadas.append(_n) or _o(*a, **k))
    services.preparar_aparencias([cena.d1.pk, cena.d2.pk], "https://outro.exemplo.gov.br")
    services.assinar(pedido=pedido(cena.a), documento=cena.d1)  # https://sei.exemplo.gov.br
    assert chamadas == ["aparencia_primeira"]
    chamadas.clear()
    services.preparar_aparencias([cena.d2.pk], "https://sei.exemplo.gov.br")
    services.assinar(pedido=pedido(cena.a), documento=cena.d2)
    assert chamadas == ["compor_primeira"]
    assert not AparenciaPreparada.objects.exists()  # signed: no longer needed


def test_cms_do_selo_pelo_modelo_e_o_mesmo_que_o_pyhanko_monta(selo):
    """The seal's signer reuses one CMS model (only the digest and the signature change): for
    any digest it gives the very bytes pyHanko's own signer builds."""
    import asyncio
    import hashlib

    from pyhanko.sign import signers
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    from assinaturas import chaves

    nosso = chaves.assinador(selo)
    referencia = signers.SimpleSigner(
        signing_cert=nosso.signing_cert, signing_key=nosso.signing_key, cert_registry=nosso.cert_registry
    )
    for texto in (b"primeiro", b"segundo"):
        resumo = hashlib.sha256(texto).digest()

        async def cms(assinador, resumo=resumo):
            return await assinador.async_sign(resumo, "sha256", use_pades=True, signed_attr_settings=PdfCMSSignedAttributes())

        assert asyncio.run(cms(nosso)).dump() == asyncio.run(cms(referencia)).dump()


def test_aparencia_lida_pelo_pikepdf_assina_o_mesmo_desenho_que_pelo_leitor_do_pyhanko(cena, raiz_pem, tmp_path):
    """The appearance goes into the signed PDF read by pikepdf (``importacao``): the signed page
    looks exactly as with pyHanko's own reader (``ImportedPdfPage``), and the signature checks."""
    import subprocess

    from django.utils import timezone
    from pyhanko.pdf_utils.content import ImportedPdfPage

    from assinaturas import aparencia, chaves
    from documentos.services import pdfs

    base = pdfs.ler_pdf(cena.d1, pdfs.obter_pdf(cena.d1))
    area = aparencia.localizar_area(base)
    tarja = aparencia.Tarja(
        nome="Fulana de Tal", cargo="Diretora", cpf_mascarado="***.456.789-**", unidade="A/ORG", em=timezone.now(),
        fundamento="art. 6º, § 1º, do Decreto nº 8.539, de 8 de outubro de 2015",
    )  # fmt: skip
    imagem = aparencia.aparencia_primeira(tarja, area, base_url="https://sei.x", numero_sei=1, codigo_crc="4F2A-91C0-77E3-B0D5")
    arquivo = tmp_path / "aparencia.pdf"
    arquivo.write_bytes(imagem)
    original = services._estilo
    assinados = []
    for fundo in (None, ImportedPdfPage(str(arquivo))):
        services._estilo = lambda pdf, _f=fundo: original(pdf, fundo=_f)
        try:
            assinados.append(
                services._assinar_pdf(
                    services.Revisao(
                        base=base, primeira=True, ordem=1, pagina=area.pagina, caixa=area.inteira(),
                        aparencia_pdf=imagem, codigo_crc="", codigo_crc_chave="",
                    ),
                    selo=chaves.selo_em_uso(cena.a.unidade.orgao), tarja=tarja,
                )  # fmt: skip
            )
        finally:
            services._estilo = original

    def pixels(pdf: bytes, nome: str) -> bytes:
        caminho = tmp_path / nome
        caminho.write_bytes(pdf)
        return subprocess.run(
            ["pdftoppm", "-r", "100", "-gray", "-f", str(area.pagina + 1), "-l", str(area.pagina + 1), str(caminho)],
            capture_output=True, check=True, timeout=60,
        ).stdout  # fmt: skip

    desenho = pixels(assinados[0], "pikepdf.pdf")
    assert desenho == pixels(assinados[1], "pyhanko.pdf")
    assert desenho != pixels(base, "sem-assinatura.pdf")  # the appearance is drawn on the page
    verificado = verificacao.verificar_pyhanko(assinados[0], raiz_pem)
    assert len(verificado) == 1 and verificado[0].bottom_line
