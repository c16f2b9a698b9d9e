from processos import services
from processos.models import Atividade


def test_fluxo_basico(atores, unidades, criar_processo):
    p = criar_processo(atores["A"], interessados=["Maria da Silva", "529.982.247-25"])
    assert p.nup.startswith("52402")
    services.processo_enviar(ator=atores["A"], processo=p, destinos=[unidades["B"], unidades["C"]])
    assert set(Atividade.objects.filter(processo=p, aberta=True).values_list("unidade__sigla", flat=True)) == {"B", "C"}
    assert services.processo_receber(ator=atores["B"], processo=p)
    services.processo_concluir(ator=atores["B"], processo=p)
    services.processo_reabrir(ator=atores["B"], processo=p)
    services.processo_reabrir(ator=atores["A"], processo=p)
    assert p.andamentos.count() == 6
