"""The unit a request acts in: ``X-Unidade`` header (API) or the unit chosen in the session;
and, for a browser session, the sigilosos whose password was typed again."""

import time

from django.conf import settings

from sei.acesso import Ator, ator_da_lotacao
from sei.exceptions import AcessoNegado
from sei.models import Lotacao, Unidade
from sei.unidades import filtro_referencia_unidade

SESSAO_UNIDADE = "unidade_id"
SESSAO_SIGILOSO = "sigiloso_reautenticado"


def lotacoes_do_usuario(usuario):
    return (
        Lotacao.objects.filter(usuario=usuario, ativa=True, unidade__ativa=True)
        .select_related("unidade", "unidade__orgao")
        .order_by("unidade__orgao__sigla", "unidade__sigla")
    )


def _unidade_por_sigla(usuario, sigla: str) -> Unidade:
    """A sigla among the user's own units; ``ORGAO:SIGLA`` disambiguates between órgãos."""
    filtro = filtro_referencia_unidade(sigla, caminho="unidade")
    lotacoes = list(lotacoes_do_usuario(usuario).filter(filtro)[:2]) if filtro is not None else []
    if len(lotacoes) != 1:
        raise AcessoNegado(f"Você não pertence à unidade {sigla}.", code="unidade_nao_permitida")
    return lotacoes[0].unidade


def _lotacoes_da_requisicao(request) -> list[Lotacao]:
    """The user's active lotações, read once per request (the unit and the switcher share them)."""
    if not hasattr(request, "_sei_lotacoes"):
        request._sei_lotacoes = list(lotacoes_do_usuario(request.user))
    return request._sei_lotacoes


def _unidade_da_sessao(request) -> Unidade | None:
    """The unit chosen in the session among the user's units, or their first unit."""
    lotacoes = _lotacoes_da_requisicao(request)
    unidade_id = request.session.get(SESSAO_UNIDADE) if hasattr(request, "session") else None
    escolhida = next((lot for lot in lotacoes if lot.unidade_id == unidade_id), None) if unidade_id else None
    escolhida = escolhida or (lotacoes[0] if lotacoes else None)
    return escolhida.unidade if escolhida else None


def unidade_da_requisicao(request) -> Unidade | None:
    """None when no unit is chosen; AcessoNegado for a unit the user does not belong to."""
    usuario = request.user
    if not usuario.is_authenticated:
        return None
    sigla = request.headers.get("X-Unidade")
    if sigla:
        return _unidade_por_sigla(usuario, sigla)
    return _unidade_da_sessao(request)


def ator_da_requisicao(request, *, navegador: bool = True) -> Ator:
    """The acting user and unit; AcessoNegado when the user has no unit to act in.

    ``navegador``: the request comes with the browser session (pages, and API calls made with
    the session cookie), so a sigiloso opens only after the password is typed again; False for
    API calls authenticated by token."""
    unidade = unidade_da_requisicao(request)
    if unidade is None:
        raise AcessoNegado("Usuário sem unidade. Informe o cabeçalho X-Unidade.", code="sem_unidade")
    # The unit came from the user's active lotações, read just now: the policy's check needs
    # no second read of the same row.
    ator = ator_da_lotacao(request.user, unidade)
    if navegador:
        ator = ator.no_navegador(sigilosos_liberados(request.session))
    return ator


# --- Sigiloso: the password typed again opens it for a while ------------------------------------


def sigilosos_liberados(sessao) -> set[str]:
    """NUPs of the sigilosos whose password was typed again less than
    ``SEI_SIGILOSO_REAUTENTICACAO_MINUTOS`` ago in this session."""
    validade = settings.SEI_SIGILOSO_REAUTENTICACAO_MINUTOS * 60
    agora = time.time()
    marcas = sessao.get(SESSAO_SIGILOSO) or {}
    return {nup for nup, quando in marcas.items() if 0 <= agora - quando < validade}


def liberar_sigiloso(sessao, nup: str) -> None:
    """Record that the password was typed again for the sigiloso ``nup`` (expired marks go)."""
    validade = settings.SEI_SIGILOSO_REAUTENTICACAO_MINUTOS * 60
    agora = time.time()
    marcas = {n: t for n, t in (sessao.get(SESSAO_SIGILOSO) or {}).items() if 0 <= agora - t < validade}
    marcas[nup] = agora
    sessao[SESSAO_SIGILOSO] = marcas


def unidade_context(request):
    """Template context: the current unit and the user's units for the switcher.

    One query on every page, shared with the acting unit (``_lotacoes_da_requisicao``)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    lotacoes = _lotacoes_da_requisicao(request)
    if request.headers.get("X-Unidade"):
        try:
            unidade = unidade_da_requisicao(request)
        except AcessoNegado:
            unidade = None
    else:
        unidade = _unidade_da_sessao(request)
    return {"unidade_atual": unidade, "lotacoes_usuario": lotacoes}
