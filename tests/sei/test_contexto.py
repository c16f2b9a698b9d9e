"""sei.contexto.unidade_context: the unit switcher's list and the acting unit in one query
together, and the same current unit ``unidade_da_requisicao`` chooses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from sei.contexto import SESSAO_UNIDADE, unidade_context, unidade_da_requisicao
from sei.models import Lotacao
from tests.factories import UnidadeFactory, lotar


def _requisicao(usuario, unidade_id=None, **cabecalhos):
    request = RequestFactory().get("/", **cabecalhos)
    request.user = usuario
    request.session = SessionStore()
    if unidade_id is not None:
        request.session[SESSAO_UNIDADE] = unidade_id
    return request


@pytest.fixture
def usuario(atores, unidades):
    """user_a, member of A and B; a former member of C (inactive); C is the session's unit below."""
    usuario = atores["A"].usuario
    lotar(usuario, unidades["B"])
    lotar(usuario, unidades["C"])
    Lotacao.objects.filter(usuario=usuario, unidade=unidades["C"]).update(ativa=False)
    return usuario


@pytest.mark.parametrize("escolhida", ["A", "B", "C", "outra", None])
def test_unidade_atual_e_a_de_unidade_da_requisicao(usuario, unidades, escolhida, django_assert_num_queries):
    unidade_id = {"outra": UnidadeFactory().pk, None: None}.get(escolhida) or (
        unidades[escolhida].pk if escolhida else None
    )
    request = _requisicao(usuario, unidade_id)
    with django_assert_num_queries(1):  # the acting unit and the switcher share one read
        esperada = unidade_da_requisicao(request)
        contexto = unidade_context(request)
        siglas = [lot.unidade.sigla for lot in contexto["lotacoes_usuario"]]
    assert contexto["unidade_atual"] == esperada
    assert esperada.sigla == (escolhida if escolhida in ("A", "B") else "A")  # C is inactive: the first
    assert siglas == ["A", "B"]


def test_cabecalho_x_unidade_vale_como_na_api(usuario, unidades):
    request = _requisicao(usuario, unidades["A"].pk, HTTP_X_UNIDADE="B")
    assert unidade_context(request)["unidade_atual"] == unidades["B"]
    assert unidade_context(_requisicao(usuario, HTTP_X_UNIDADE="C"))["unidade_atual"] is None  # not a member


def test_sem_usuario_autenticado_nada(db):
    assert unidade_context(_requisicao(AnonymousUser())) == {}
