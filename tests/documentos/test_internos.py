import pytest
from django.utils import timezone

from documentos import services
from documentos.models import Documento, NumeroSEI, TipoDocumento
from processos import services as processos_services
from processos.models import Andamento, NivelAcesso
from sei.exceptions import EntradaInvalida, NaoEncontrado, RegraDeNegocio
from tests.documentos.conftest import tipo_documento
from tests.factories import UnidadeFactory, ator_em, bloquear, hipotese


def test_oficio_nasce_numerado_do_modelo_com_titulo_e_rodape(atores, processo, criar_documento):
    ator = atores["A"]
    doc = criar_documento(ator, processo, destinatarios=["Secretaria de Fazenda"])
    ano = timezone.localdate().year
    assert doc.numero == "1" and doc.versao_atual == 1 and doc.estado == "minuta"
    assert doc.rotulo == f"Ofício 1 ({doc.numero_sei:07d})"
    assert f"OFÍCIO Nº 1/{ano}/A" in doc.titulo_html
    assert f"Processo nº {processo.nup_formatado}" in doc.rodape_html
    assert f"SEI nº {doc.numero_sei:07d}" in doc.rodape_html
    corpo = doc.versoes.get(numero=1).conteudo
    assert "Secretaria de Fazenda" in corpo and str(ano) in corpo  # variables replaced
    ultimo = Andamento.objects.filter(processo=processo).order_by("-id").first()
    assert ultimo.tipo == "documento_gerado" and doc.rotulo in ultimo.descricao


def test_numeracao_por_regra_e_numeros_queimados(atores, unidades, processo, criar_documento):
    a = atores["A"]
    o1 = criar_documento(a, processo)
    o2 = criar_documento(a, processo)
    assert (o1.numero, o2.numero) == ("1", "2")
    services.documento_excluir(ator=a, documento=o2)
    o3 = criar_documento(a, processo)
    assert o3.numero == "3"  # a deleted document never frees its number
    assert criar_documento(a, processo, tipo="Despacho").numero == ""  # sem numeração
    # Anual na unidade: another unit counts on its own.
    p_b = processos_services.processo_criar(
        ator=atores["B"], tipo=processo.tipo, nivel_acesso=NivelAcesso.PUBLICO
    )
    assert criar_documento(atores["B"], p_b).numero == "1"
    # Anual no órgão: one counter for the órgão's units.
    assert criar_documento(a, processo, tipo="Portaria").numero == "1"
    assert criar_documento(atores["B"], p_b, tipo="Portaria").numero == "2"


def test_numero_informado_e_obrigatorio(atores, processo, criar_documento):
    tipo = TipoDocumento.objects.create(nome="Certidão", aplicabilidade="interno", numeracao="informada")
    with pytest.raises(EntradaInvalida) as erro:
        criar_documento(atores["A"], processo, tipo=tipo)
    assert "numero" in erro.value.errors
    assert criar_documento(atores["A"], processo, tipo=tipo, numero="123/2026-X").numero == "123/2026-X"


def test_numero_sei_global_e_nunca_reusado(atores, unidades, processo, criar_documento):
    outro_orgao = UnidadeFactory(orgao__sigla="OUTRO", orgao__codigo_protocolo="19957")
    x = ator_em(outro_orgao)
    p_x = processos_services.processo_criar(ator=x, tipo=processo.tipo, nivel_acesso=NivelAcesso.PUBLICO)
    d1 = criar_documento(atores["A"], processo)
    d2 = criar_documento(x, p_x)
    services.documento_excluir(ator=x, documento=d2)
    d3 = criar_documento(atores["A"], processo)
    assert d1.numero_sei < d2.numero_sei < d3.numero_sei
    assert NumeroSEI.objects.count() == 3


def test_html_do_usuario_e_sanitizado(atores, processo, criar_documento):
    doc = criar_documento(
        atores["A"],
        processo,
        conteudo='<p onclick="x()">ok</p><script>alert(1)</script><a href="javascript:alert(1)">l</a>'
        '<p style="display:none">oculto</p><img src=x onerror=alert(1)>',
    )
    corpo = doc.versoes.get(numero=1).conteudo
    assert "script" not in corpo and "onclick" not in corpo and "javascript" not in corpo
    assert "display" not in corpo and "onerror" not in corpo and "<p>ok</p>" in corpo


def test_modelo_nao_alcanca_nada_alem_das_variaveis(atores, processo, criar_documento):
    from documentos.models import Modelo

    tipo = TipoDocumento.objects.create(nome="Teste Modelo", aplicabilidade="interno", numeracao="sem")
    Modelo.objects.create(
        tipo=tipo,
        nome="m",
        corpo="<p>@processo@ {{ settings.SECRET_KEY }} {% debug %} @secret_key@ @usuario@</p>",
    )
    doc = criar_documento(atores["A"], processo, tipo=tipo)
    corpo = doc.versoes.get(numero=1).conteudo
    assert processo.nup_formatado in corpo and atores["A"].usuario.nome in corpo
    assert "{{ settings.SECRET_KEY }}" in corpo and "@secret_key@" in corpo  # left as typed


def test_documento_modelo_e_texto_padrao(atores, unidades, processo, criar_documento):
    from documentos.models import TextoPadrao

    a = atores["A"]
    base = criar_documento(a, processo, conteudo="<p>Texto base reaproveitado</p>")
    novo = criar_documento(a, processo, documento_modelo=base.numero_sei)
    assert novo.versoes.get(numero=1).conteudo == "<p>Texto base reaproveitado</p>"
    texto = TextoPadrao.objects.create(
        unidade=unidades["A"], nome="Saudação", conteudo="<p>Prezado(a) @interessados@</p>"
    )
    assert "Prezado" in criar_documento(a, processo, texto_padrao=texto).versoes.get(numero=1).conteudo
    # Another unit's minuta cannot serve as a model; another unit's texto padrão does not exist for it.
    p_b = processos_services.processo_criar(
        ator=atores["B"], tipo=processo.tipo, nivel_acesso=NivelAcesso.PUBLICO
    )
    with pytest.raises(EntradaInvalida):
        criar_documento(atores["B"], p_b, documento_modelo=base.numero_sei)
    with pytest.raises(NaoEncontrado):
        criar_documento(atores["B"], p_b, texto_padrao=texto)


def test_versoes_concorrencia_otimista_e_restauracao(atores, unidades, processo, criar_documento):
    a = atores["A"]
    colega = ator_em(unidades["A"], nome="Carla Colega")
    doc = criar_documento(a, processo, conteudo="<p>v1</p>")
    v2 = services.documento_editar(ator=colega, documento=doc, conteudo="<p>v2</p>", versao_base=1)
    assert v2.numero == 2
    with pytest.raises(RegraDeNegocio) as erro:  # A still edits version 1
        services.documento_editar(ator=a, documento=doc, conteudo="<p>minha</p>", versao_base=1)
    assert erro.value.code == "versao_desatualizada" and "Carla Colega" in erro.value.mensagem
    doc.refresh_from_db()
    assert doc.versao_atual == 2
    # Saving unchanged content makes no new version.
    assert services.documento_editar(ator=a, documento=doc, conteudo="<p>v2</p>", versao_base=2).numero == 2
    v3 = services.documento_restaurar_versao(ator=a, documento=doc, numero=1, versao_base=2)
    assert (v3.numero, v3.conteudo, v3.restaurada_de) == (3, "<p>v1</p>", 1)
    assert list(doc.versoes.values_list("numero", flat=True)) == [3, 2, 1]


def test_so_a_unidade_geradora_edita_com_o_processo_aberto(atores, unidades, processo, criar_documento):
    a, b = atores["A"], atores["B"]
    doc = criar_documento(a, processo)
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    with pytest.raises(RegraDeNegocio):  # another unit sees the minuta's entry, never edits it
        services.documento_editar(ator=b, documento=doc, conteudo="<p>x</p>", versao_base=1)
    processos_services.processo_concluir(ator=a, processo=processo)
    with pytest.raises(RegraDeNegocio):
        services.documento_editar(ator=a, documento=doc, conteudo="<p>x</p>", versao_base=1)


def test_documento_mais_restrito_torna_o_processo_restrito(atores, unidades, processo, criar_documento):
    from sei import acesso

    a, c = atores["A"], atores["C"]
    assert acesso.pode_ver_conteudo(c, processo)
    doc = criar_documento(a, processo, nivel=NivelAcesso.RESTRITO)
    processo.refresh_from_db()
    assert processo.nivel_acesso_global == NivelAcesso.RESTRITO
    assert not acesso.pode_ver_conteudo(c, processo)  # C never had it
    services.documento_excluir(ator=a, documento=doc)
    processo.refresh_from_db()
    assert processo.nivel_acesso_global == NivelAcesso.PUBLICO


def test_documento_sigiloso_so_com_processo_apenas_aqui(atores, unidades, processo, criar_documento):
    from processos.models import Credencial

    a = atores["A"]
    tipo_sig = processo.tipo  # the test type permits sigiloso
    assert tipo_sig.permite_sigiloso
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    with pytest.raises(RegraDeNegocio):
        criar_documento(a, processo, nivel=NivelAcesso.SIGILOSO)
    processos_services.processo_concluir(ator=atores["B"], processo=processo)
    criar_documento(a, processo, nivel=NivelAcesso.SIGILOSO)
    processo.refresh_from_db()
    assert processo.sigiloso
    assert Credencial.objects.filter(processo=processo, usuario=a.usuario, cassada_em=None).exists()


def test_nivel_do_documento_respeita_o_tipo_do_processo(atores, criar_processo, criar_documento):
    from tests.factories import tipo_processo

    tipo = tipo_processo(nome="Só público e restrito", permite_sigiloso=False)
    p = criar_processo(atores["A"], tipo=tipo)
    with pytest.raises(EntradaInvalida):
        criar_documento(
            atores["A"], p, nivel=NivelAcesso.SIGILOSO, hipotese_legal=hipotese(NivelAcesso.SIGILOSO)
        )
    with pytest.raises(EntradaInvalida):  # restrito without hipótese
        services.documento_interno_criar(
            ator=atores["A"], processo=p, tipo=tipo_documento("Ofício"), nivel_acesso=NivelAcesso.RESTRITO
        )
    assert not Documento.objects.exists()


def test_tipo_externo_nao_e_gerado_no_editor(atores, processo, criar_documento):
    with pytest.raises(EntradaInvalida):
        criar_documento(atores["A"], processo, tipo="Nota Fiscal")


def test_nao_inclui_em_processo_fechado_ou_anexado(
    atores, unidades, processo, criar_documento, criar_processo
):
    a = atores["A"]
    with pytest.raises(RegraDeNegocio):
        criar_documento(atores["B"], processo)
    acessorio = criar_processo(a)
    processos_services.processo_anexar(ator=a, processo=processo, anexado=acessorio)
    with pytest.raises(RegraDeNegocio):
        criar_documento(a, acessorio)


def test_excluir_e_cancelar(atores, unidades, processo, criar_documento):
    from sei import acesso

    a, b = atores["A"], atores["B"]
    d1 = criar_documento(a, processo)
    d2 = criar_documento(a, processo)
    services.documento_excluir(ator=a, documento=d1)
    d1.refresh_from_db()
    assert d1.estado == "excluido" and not acesso.pode_ver_documento(a, d1)
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    with pytest.raises(RegraDeNegocio):  # a minuta is not cancelled: it is excluded
        services.documento_cancelar(ator=a, documento=d2, motivo="erro")
    bloquear(d2)
    with pytest.raises(RegraDeNegocio):  # bloqueado: only cancel
        services.documento_excluir(ator=a, documento=d2)
    with pytest.raises(EntradaInvalida):
        services.documento_cancelar(ator=a, documento=d2, motivo=" ")
    with pytest.raises(RegraDeNegocio):  # only the generating unit cancels
        services.documento_cancelar(ator=b, documento=d2, motivo="erro")
    services.documento_cancelar(ator=a, documento=d2, motivo="Emitido por engano")
    d2.refresh_from_db()
    assert d2.cancelado and acesso.pode_ver_documento(a, d2) and not acesso.pode_ver_conteudo_documento(a, d2)
    with pytest.raises(RegraDeNegocio):
        services.documento_cancelar(ator=a, documento=d2, motivo="de novo")
    tipos = list(Andamento.objects.filter(processo=processo).order_by("id").values_list("tipo", flat=True))
    assert tipos[-2:] == ["remessa", "documento_cancelado"] and "documento_excluido" in tipos


def test_minuta_de_outra_unidade_so_a_entrada(atores, unidades, processo, criar_documento):
    from documentos.models import Documento
    from sei import acesso

    a, b = atores["A"], atores["B"]
    doc = criar_documento(a, processo)
    processos_services.processo_enviar(
        ator=a, processo=processo, destinos=[unidades["B"]], manter_aberto=True
    )
    assert acesso.pode_ver_documento(a, doc) and acesso.pode_ver_documento(b, doc)
    assert acesso.pode_ver_conteudo_documento(a, doc) and not acesso.pode_ver_conteudo_documento(b, doc)
    assert acesso.filtrar_documentos_visiveis(Documento.objects.all(), b).filter(pk=doc.pk).exists()
    assert not acesso.filtrar_documentos_conteudo(Documento.objects.all(), b).filter(pk=doc.pk).exists()
    assert acesso.filtrar_documentos_conteudo(Documento.objects.all(), a).filter(pk=doc.pk).exists()
    assert acesso.filtrar_documentos_visiveis(Documento.objects.all(), a).filter(pk=doc.pk).exists()
