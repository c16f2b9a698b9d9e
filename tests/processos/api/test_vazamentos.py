"""What the first black-box attack found leaking through the API, held closed: free text of a
restrito process, content of a process annexed to a restrito one, restrito JSON kept by caches,
and an export task that outlived the credential to its sigiloso."""

from processos import services
from processos.models import Credencial, NivelAcesso
from tests.conftest import CANARIOS
from tests.factories import ator_em, lotar
from tests.processos.api.conftest import url_processo


def _respostas(c, p, documento) -> str:
    urls = [
        url_processo(p),
        url_processo(p, "andamentos"),
        "/api/v1/processos/",
        f"/api/v1/documentos/{documento.numero_sei_formatado}/",
    ]
    textos = []
    for url in urls:
        resposta = c.get(url)
        assert resposta.status_code == 200, url
        textos.append(resposta.content.decode())
    return "\n".join(textos)


def test_texto_livre_de_restrito_nao_chega_a_quem_so_sabe_que_ele_existe(
    atores, cliente, restrito_com_texto_livre
):
    p, documento = restrito_com_texto_livre
    de_fora = _respostas(cliente(atores["B"]), p, documento)
    for canario in CANARIOS:
        assert canario not in de_fora

    # The outsider's history shows each event, its unit, user and date, not the free text.
    historico = cliente(atores["B"]).get(url_processo(p, "andamentos")).json()["results"]
    resumo = {h["tipo"]: h["descricao"] for h in historico}
    assert resumo["atualizacao"] == "Andamento atualizado"
    assert resumo["sobrestamento"] == "Processo sobrestado"
    assert resumo["documento_cancelado"] == f"Documento {documento.numero_sei_formatado} cancelado"
    assert all(h["unidade"] == "A" and h["usuario"] and h["criado_em"] for h in historico)
    detalhe = cliente(atores["B"]).get(url_processo(p)).json()
    assert detalhe["estado"] == "sobrestado" and detalhe["sobrestamento_motivo"] is None
    metadados = cliente(atores["B"]).get(f"/api/v1/documentos/{documento.numero_sei_formatado}/").json()
    assert (
        metadados["estado"] == "cancelado" and metadados["motivo"] is None and metadados["descricao"] is None
    )

    # The units the process passed through read all of it.
    de_dentro = _respostas(cliente(atores["A"]), p, documento)
    for canario in CANARIOS:
        assert canario in de_dentro


def test_anexado_a_restrito_e_lido_pela_regra_do_principal(atores, cliente, anexado_a_restrito):
    principal, anexado, externo = anexado_a_restrito
    b = cliente(atores["B"])

    detalhe = b.get(url_processo(anexado)).json()
    assert detalhe["acesso_conteudo"] is False
    assert detalhe["especificacao"] is None and detalhe["interessados"] is None
    linha = next(i for i in b.get("/api/v1/processos/").json()["results"] if i["nup"] == anexado.nup)
    assert linha["especificacao"] is None and linha["acesso_conteudo"] is False
    assert b.get("/api/v1/processos/", {"interessado": "Zuleica"}).json()["count"] == 0
    exportar = b.post(url_processo(anexado, "exportar"), {"formato": "zip"}, format="json")
    assert exportar.status_code == 403
    assert b.get(f"/api/v1/documentos/{externo.numero_sei_formatado}/conteudo").status_code == 403
    assert "CANARIO" not in b.get(url_processo(anexado)).content.decode()

    a = cliente(atores["A"])
    assert a.get(url_processo(anexado)).json()["especificacao"] == "CANARIO-ESPEC"
    assert a.get(f"/api/v1/documentos/{externo.numero_sei_formatado}/conteudo").status_code == 200
    assert a.get("/api/v1/processos/", {"interessado": "Zuleica"}).json()["count"] == 1


def test_documentos_do_anexado_seguem_o_principal(atores, cliente, anexado_a_restrito, criar_processo):
    principal, anexado, _ = anexado_a_restrito
    # Unit A sends the main process to B: B may now read both, as the main process passed there.
    services.processo_enviar(ator=atores["A"], processo=principal, destinos=[atores["B"].unidade])
    b = cliente(atores["B"])
    assert b.get(url_processo(anexado)).json()["especificacao"] == "CANARIO-ESPEC"
    assert b.get("/api/v1/processos/", {"interessado": "Zuleica"}).json()["count"] == 1


def test_json_com_conteudo_restrito_nao_fica_em_cache(atores, cliente, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    a = cliente(atores["A"])
    for url in (
        url_processo(p),
        url_processo(p, "andamentos"),
        "/api/v1/processos/",
        "/api/v1/controle-processos/",
    ):
        resposta = a.get(url)
        assert resposta.status_code == 200
        assert "no-store" in resposta["Cache-Control"], url


def test_tarefa_de_exportacao_some_quando_a_credencial_e_cassada(
    atores, cliente, criar_processo, criar_documento, django_capture_on_commit_callbacks
):
    a = atores["A"]
    colega = lotar(ator_em(a.unidade, username="colega").usuario, a.unidade)
    p = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    criar_documento(a, p, conteudo="<p>Segredo</p>")
    credencial = services.credencial_conceder(ator=a, processo=p, usuario=colega.usuario, unidade=a.unidade)
    c = cliente(colega)
    with django_capture_on_commit_callbacks(execute=True):
        tarefa = c.post(url_processo(p, "exportar"), {"formato": "zip"}, format="json").json()["tarefa"]
    assert c.get(tarefa).json()["processo"] == p.nup

    services.credencial_cassar(ator=a, processo=p, credencial_id=credencial.pk)
    assert not Credencial.objects.filter(pk=credencial.pk, cassada_em__isnull=True).exists()
    for url in (tarefa, tarefa + "arquivo"):
        resposta = c.get(url)
        assert resposta.status_code == 404
        assert p.nup not in resposta.content.decode()
