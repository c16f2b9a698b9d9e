"""Operations on a process through the API: enviar, receber, concluir, reabrir, sobrestar,
anexar, relacionar, atribuir, andamentos."""

from datetime import timedelta

from django.utils import timezone

from processos import services
from processos.models import NivelAcesso
from sei.models import Unidade
from tests.factories import hipotese, lotar
from tests.processos.api.conftest import url_processo


def _abertas(detalhe: dict) -> set[str]:
    return {u["sigla"] for u in detalhe["unidades_abertas"]}


def test_tramitacao_completa_pela_api(atores, cliente, corpo_criacao):
    a, b, c = cliente(atores["A"]), cliente(atores["B"]), cliente(atores["C"])
    r = a.post("/api/v1/processos/", corpo_criacao("restrito"), format="json")
    assert r.status_code == 201
    nup = r.json()["nup"]

    # enviar para duas unidades mantendo aberto (NUP com pontuação no caminho)
    r = a.post(
        url_processo(r.json()["nup_formatado"], "enviar"),
        {"unidades": ["B", "c"], "manter_aberto": True},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert _abertas(r.json()) == {"A", "B", "C"}

    # na caixa de B: recebido, não lido, remetente A, sem atribuição
    caixa = b.get("/api/v1/controle-processos/").json()
    assert caixa["count"] == 1
    item = caixa["results"][0]
    assert (item["nup"], item["origem"], item["nao_lida"], item["remetente"], item["atribuido_a"]) == (
        nup,
        "recebido",
        True,
        "A",
        None,
    )
    # o destino passou a ver o conteúdo do restrito
    assert b.get(url_processo(nup)).json()["especificacao"] == "Aquisição de material"

    r = b.post(url_processo(nup, "receber"))
    assert r.status_code == 200
    assert b.get("/api/v1/controle-processos/").json()["results"][0]["nao_lida"] is False
    assert b.post(url_processo(nup, "receber")).status_code == 200  # segunda vez: nada muda

    r = b.post(url_processo(nup, "concluir"))
    assert r.status_code == 200
    assert _abertas(r.json()) == {"A", "C"}
    assert b.get("/api/v1/controle-processos/").json()["count"] == 0

    r = b.post(url_processo(nup, "concluir"))
    assert r.status_code == 409
    assert r.json()["code"] == "processo_nao_aberto" and r.json()["detail"]

    r = b.post(url_processo(nup, "reabrir"))
    assert r.status_code == 200
    assert _abertas(r.json()) == {"A", "B", "C"}
    assert b.post(url_processo(nup, "reabrir")).status_code == 409

    historico = a.get(url_processo(nup, "andamentos")).json()
    assert historico["count"] == 5
    assert [h["tipo"] for h in historico["results"]] == [
        "reabertura",
        "conclusao",
        "recebimento",
        "remessa",
        "geracao",
    ]
    assert [h["unidade"] for h in historico["results"]] == ["B", "B", "B", "A", "A"]
    assert historico["results"][3]["atributos"] == {"unidades": ["B", "C"], "manter_aberto": True}
    assert c.get("/api/v1/controle-processos/").json()["results"][0]["nao_lida"] is True


def test_enviar_sem_manter_aberto_fecha_na_origem(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    r = cliente(atores["A"]).post(url_processo(p, "enviar"), {"unidades": ["B"]}, format="json")
    assert _abertas(r.json()) == {"B"}
    assert r.json()["aberto_na_unidade_atual"] is False


def test_enviar_erros_de_entrada(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    c = cliente(atores["A"])
    r = c.post(url_processo(p, "enviar"), {"unidades": ["B", "NAOEXISTE"]}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"]["unidades"] == ["NAOEXISTE: unidade não encontrada."]
    r = c.post(url_processo(p, "enviar"), {"unidades": []}, format="json")
    assert r.status_code == 400 and "unidades" in r.json()["errors"]
    r = c.post(url_processo(p, "enviar"), {"unidades": ["A"]}, format="json")
    assert r.status_code == 400 and "unidades" in r.json()["errors"]
    Unidade.objects.filter(sigla="C").update(recebe_processos=False)
    r = c.post(url_processo(p, "enviar"), {"unidades": ["C"]}, format="json")
    assert r.status_code == 400 and "C" in r.json()["errors"]["unidades"][0]
    ontem = (timezone.localdate() - timedelta(days=1)).isoformat()
    r = c.post(url_processo(p, "enviar"), {"unidades": ["B"], "retorno_programado": ontem}, format="json")
    assert r.status_code == 400 and "retorno_programado" in r.json()["errors"]
    assert [h["tipo"] for h in c.get(url_processo(p, "andamentos")).json()["results"]] == ["geracao"]


def test_enviar_para_outro_orgao_com_orgao_sigla(atores, ator_x, cliente, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    c = cliente(atores["A"])
    assert c.post(url_processo(p, "enviar"), {"unidades": ["X"]}, format="json").status_code == 400
    r = c.post(url_processo(p, "enviar"), {"unidades": ["MUN:X"], "manter_aberto": True}, format="json")
    assert r.status_code == 200
    assert _abertas(r.json()) == {"A", "X"}
    d = cliente(ator_x).get(url_processo(p)).json()
    assert d["acesso_conteudo"] is True and d["especificacao"] == "Especificação de teste"


def test_enviar_sigiloso_conflito_409(atores, cliente, criar_processo):
    p = criar_processo(atores["A"], nivel=NivelAcesso.SIGILOSO)
    r = cliente(atores["A"]).post(url_processo(p, "enviar"), {"unidades": ["B"]}, format="json")
    assert r.status_code == 409
    assert r.json()["code"] == "processo_sigiloso"


def test_operar_onde_nao_esta_aberto_409_restrito_alheio_403(atores, cliente, criar_processo):
    publico = criar_processo(atores["A"])
    restrito = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    b = cliente(atores["B"])
    for acao in ("enviar", "concluir"):
        r = b.post(url_processo(publico, acao), {"unidades": ["C"]}, format="json")
        assert r.status_code == 409, acao
        assert r.json()["code"] == "processo_nao_aberto"
        r = b.post(url_processo(restrito, acao), {"unidades": ["C"]}, format="json")
        assert r.status_code == 403, acao
        assert r.json()["code"] == "acesso_restrito"
    assert b.post(url_processo(publico, "reabrir")).status_code == 409  # nunca tramitou por B


def test_retorno_programado_aparece_na_caixa_e_impede_concluir(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    data = (timezone.localdate() + timedelta(days=5)).isoformat()
    r = cliente(atores["A"]).post(
        url_processo(p, "enviar"),
        {"unidades": ["B"], "retorno_programado": data, "manter_aberto": True},
        format="json",
    )
    assert r.status_code == 200
    b = cliente(atores["B"])
    assert b.get("/api/v1/controle-processos/").json()["results"][0]["retorno_programado"] == data
    assert (
        cliente(atores["A"]).get("/api/v1/controle-processos/").json()["results"][0]["aguardando_retorno"]
        == data
    )
    r = b.post(url_processo(p, "concluir"))
    assert r.status_code == 409 and r.json()["code"] == "retorno_programado_pendente"
    r = b.post(url_processo(p, "enviar"), {"unidades": ["A"]}, format="json")
    assert r.status_code == 200
    assert b.post(url_processo(p, "reabrir")).status_code == 200
    assert b.post(url_processo(p, "concluir")).status_code == 200


def test_sobrestar_e_remover_sobrestamento(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    a = cliente(atores["A"])
    r = a.post(url_processo(p, "sobrestar"), {"motivo": ""}, format="json")
    assert r.status_code == 400 and "motivo" in r.json()["errors"]
    assert a.post(url_processo(p, "sobrestar"), {}, format="json").status_code == 400
    r = a.post(url_processo(p, "sobrestar"), {"motivo": "Aguardando parecer"}, format="json")
    assert r.status_code == 200
    assert r.json()["estado"] == "sobrestado" and r.json()["sobrestamento_motivo"] == "Aguardando parecer"
    assert a.get("/api/v1/controle-processos/").json()["count"] == 0
    assert a.post(url_processo(p, "concluir")).status_code == 409
    assert a.post(url_processo(p, "enviar"), {"unidades": ["B"]}, format="json").status_code == 409
    assert a.post(url_processo(p, "sobrestar"), {"motivo": "de novo"}, format="json").status_code == 409
    assert cliente(atores["B"]).post(url_processo(p, "remover-sobrestamento")).status_code == 409
    r = a.post(url_processo(p, "remover-sobrestamento"))
    assert r.status_code == 200 and r.json()["estado"] == "normal"
    assert a.post(url_processo(p, "remover-sobrestamento")).status_code == 409
    assert a.get("/api/v1/controle-processos/").json()["count"] == 1


def test_sobrestar_aberto_em_outra_unidade_409(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    a = cliente(atores["A"])
    a.post(url_processo(p, "enviar"), {"unidades": ["B"], "manter_aberto": True}, format="json")
    r = a.post(url_processo(p, "sobrestar"), {"motivo": "x"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "aberto_em_outras_unidades"


def test_anexar(atores, cliente, criar_processo):
    principal = criar_processo(atores["A"])
    acessorio = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    a = cliente(atores["A"])
    r = a.post(url_processo(principal, "anexar"), {"processo": "52402.999999/2026-00"}, format="json")
    assert r.status_code == 400 and r.json()["errors"]["processo"] == ["Processo não encontrado."]
    r = a.post(url_processo(principal, "anexar"), {"processo": principal.nup}, format="json")
    assert r.status_code == 400
    r = a.post(url_processo(principal, "anexar"), {"processo": acessorio.nup_formatado}, format="json")
    assert r.status_code == 200, r.json()
    assert [x["nup"] for x in r.json()["anexados"]] == [acessorio.nup]
    assert r.json()["nivel_acesso_global"] == "restrito"  # o principal herda o nível mais restritivo
    d = a.get(url_processo(acessorio)).json()
    assert d["estado"] == "anexado"
    assert d["processo_principal"]["nup"] == principal.nup
    assert d["unidades_abertas"] == []
    r = a.post(url_processo(principal, "anexar"), {"processo": acessorio.nup}, format="json")
    assert r.status_code == 409


def test_relacionar_e_remover_relacionamento(atores, cliente, criar_processo):
    p1 = criar_processo(atores["A"])
    p2 = criar_processo(atores["B"])
    a = cliente(atores["A"])
    r = a.post(url_processo(p1, "relacionar"), {"processo": p2.nup_formatado}, format="json")
    assert r.status_code == 201, r.json()
    assert [x["nup"] for x in r.json()["relacionados"]] == [p2.nup]
    assert [x["nup"] for x in cliente(atores["B"]).get(url_processo(p2)).json()["relacionados"]] == [p1.nup]
    r = a.post(url_processo(p1, "relacionar"), {"processo": p2.nup}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "ja_relacionados"
    r = a.post(url_processo(p1, "relacionar"), {}, format="json")
    assert r.status_code == 400 and "processo" in r.json()["errors"]
    # só a unidade que relacionou remove
    r = cliente(atores["B"]).delete(f"/api/v1/processos/{p2.nup}/relacionamentos/{p1.nup}/")
    assert r.status_code == 409
    r = a.delete(f"/api/v1/processos/{p1.nup_formatado}/relacionamentos/{p2.nup_formatado}/")
    assert r.status_code == 200 and r.json()["relacionados"] == []
    assert a.delete(f"/api/v1/processos/{p1.nup}/relacionamentos/{p2.nup}/").status_code == 404
    assert cliente().delete(f"/api/v1/processos/{p1.nup}/relacionamentos/{p2.nup}/").status_code == 401


def test_so_relaciona_a_processo_cujo_conteudo_pode_ver(atores, cliente, criar_processo):
    restrito = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    proprio = criar_processo(atores["B"])
    b = cliente(atores["B"])
    r = b.post(url_processo(proprio, "relacionar"), {"processo": restrito.nup}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "acesso_restrito"
    assert cliente(atores["A"]).get(url_processo(restrito)).json()["relacionados"] == []
    # A unit the restrito passed through may relate it.
    services.processo_enviar(ator=atores["A"], processo=restrito, destinos=[atores["B"].unidade])
    assert b.post(url_processo(proprio, "relacionar"), {"processo": restrito.nup}, format="json").status_code == 201


def test_relacionado_que_se_torna_sigiloso_some_da_lista(atores, unidades, cliente, criar_processo):
    p1 = criar_processo(atores["A"])
    p2 = criar_processo(atores["B"])
    cliente(atores["A"]).post(url_processo(p1, "relacionar"), {"processo": p2.nup}, format="json")
    r = cliente(atores["B"]).patch(
        url_processo(p2),
        {"nivel_acesso": "sigiloso", "hipotese_legal": hipotese(NivelAcesso.SIGILOSO).pk},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert cliente(atores["A"]).get(url_processo(p1)).json()["relacionados"] == []


def test_atribuir(atores, unidades, cliente, criar_processo):
    p = criar_processo(atores["A"])
    colega = lotar(atores["B"].usuario, unidades["A"])  # user_b também em A
    a = cliente(atores["A"])
    r = a.post(url_processo(p, "atribuir"), {"usuario": colega.usuario.username}, format="json")
    assert r.status_code == 200
    assert r.json()["unidades_abertas"][0]["atribuido_a"] == "user_b"
    assert a.get("/api/v1/controle-processos/").json()["results"][0]["atribuido_a"] == "user_b"
    assert a.get("/api/v1/controle-processos/", {"meus": "1"}).json()["count"] == 0
    r = a.post(url_processo(p, "atribuir"), {"usuario": "user_c"}, format="json")
    assert r.status_code == 400 and "usuario" in r.json()["errors"]
    r = a.post(url_processo(p, "atribuir"), {"usuario": "ninguem"}, format="json")
    assert r.status_code == 400
    r = a.post(url_processo(p, "atribuir"), {"usuario": None}, format="json")
    assert r.status_code == 200 and r.json()["unidades_abertas"][0]["atribuido_a"] is None
    assert [h["tipo"] for h in a.get(url_processo(p, "andamentos")).json()["results"][:2]] == [
        "atribuicao",
        "atribuicao",
    ]
    assert (
        cliente(atores["C"]).post(url_processo(p, "atribuir"), {"usuario": None}, format="json").status_code
        == 409
    )


def test_atualizar_andamento(atores, ator_x, cliente, criar_processo):
    p = criar_processo(atores["A"])
    restrito = criar_processo(atores["A"], nivel=NivelAcesso.RESTRITO)
    a = cliente(atores["A"])
    r = a.post(url_processo(p, "andamentos"), {"texto": "Aguardando assinatura do diretor"}, format="json")
    assert r.status_code == 201
    assert (
        r.json()["tipo"] == "atualizacao" and r.json()["unidade"] == "A" and r.json()["usuario"] == "user_a"
    )
    primeiro = a.get(url_processo(p, "andamentos")).json()["results"][0]
    assert primeiro["descricao"] == "Aguardando assinatura do diretor"
    assert a.post(url_processo(p, "andamentos"), {"texto": "  "}, format="json").status_code == 400
    assert a.post(url_processo(p, "andamentos"), {"texto": "x" * 2001}, format="json").status_code == 400
    assert (
        cliente(atores["B"]).post(url_processo(p, "andamentos"), {"texto": "oi"}, format="json").status_code
        == 409
    )
    b_restrito = cliente(atores["B"]).post(
        url_processo(restrito, "andamentos"), {"texto": "oi"}, format="json"
    )
    assert b_restrito.status_code == 403
    assert (
        cliente(ator_x).post(url_processo(p, "andamentos"), {"texto": "oi"}, format="json").status_code == 404
    )
    assert cliente().post(url_processo(p, "andamentos"), {"texto": "oi"}, format="json").status_code == 401


def test_andamentos_mais_recentes_primeiro_e_paginados(atores, cliente, criar_processo):
    p = criar_processo(atores["A"])
    for i in range(4):
        services.processo_atualizar_andamento(ator=atores["A"], processo=p, texto=f"nota {i}")
    r = cliente(atores["A"]).get(url_processo(p, "andamentos"), {"page_size": 2})
    assert r.json()["count"] == 5
    assert [h["descricao"] for h in r.json()["results"]] == ["nota 3", "nota 2"]
    r = cliente(atores["A"]).get(r.json()["next"])
    assert [h["descricao"] for h in r.json()["results"]] == ["nota 1", "nota 0"]
