"""The process pages: Iniciar, the action forms of the process page (the page itself shows the
document tree and lives in ``mesa.views``), Alterar, and the password re-entry for sigilosos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sei import acesso
from sei.contexto import liberar_sigiloso
from sei.exceptions import ErroDominio, NaoEncontrado
from sei.senhas import confirmar_senha
from sei.web import aplicar_erros, ator_web, avisar_erro, exigir_form

from .. import selectors, services
from ..forms import (
    AndamentoForm,
    AtribuirForm,
    CredencialForm,
    EnviarForm,
    NupForm,
    ProcessoForm,
    SenhaForm,
    SobrestarForm,
    escrever_interessados,
)
from ..models import LeituraAuditada, NivelAcesso
from .comum import processo_ou_404


@never_cache
@login_required
def processo_iniciar(request):
    """Iniciar Processo; ``?relacionado=<NUP>``: Iniciar Processo Relacionado (from the process
    toolbar), the new process born related to that one."""
    ator = ator_web(request)
    relacionado = None
    if nup_relacionado := (request.POST.get("relacionado") or request.GET.get("relacionado", "")).strip():
        relacionado = processo_ou_404(ator, nup_relacionado)
    form = ProcessoForm(request.POST or None, initial={"nivel_acesso": "publico"})
    if request.method == "POST" and form.is_valid():
        try:
            processo = services.processo_criar(ator=ator, relacionado_a=relacionado, **form.dados_servico())
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            mensagem = f"Processo {processo.nup_formatado} gerado"
            if relacionado:
                mensagem += f", relacionado ao processo {relacionado.nup_formatado}"
            messages.success(request, mensagem + ".")
            return redirect("processos:detalhe", nup=processo.nup)
    contexto = {"form": form, "relacionado": relacionado}
    return render(request, "processos/iniciar.html", contexto, status=400 if form.errors else 200)


# --- Actions (POST): parse, call the service, report ------------------------------------------


def _outro_processo(ator, nup: str):
    return selectors.processo_por_nup(ator=ator, nup=nup)


def _enviar(request, ator, processo):
    d = exigir_form(EnviarForm(request.POST, unidade=ator.unidade, prefix="enviar"))
    services.processo_enviar(
        ator=ator,
        processo=processo,
        destinos=list(d["unidades"]),
        manter_aberto=d["manter_aberto"],
        retorno_programado=d["retorno_programado"],
    )
    siglas = ", ".join(u.sigla for u in d["unidades"])
    return f"Processo enviado para {siglas}."


def _concluir(request, ator, processo):
    services.processo_concluir(ator=ator, processo=processo)
    return f"Processo {processo.nup_formatado} concluído nesta unidade."


def _reabrir(request, ator, processo):
    services.processo_reabrir(ator=ator, processo=processo)
    return "Processo reaberto nesta unidade."


def _atribuir(request, ator, processo):
    d = exigir_form(AtribuirForm(request.POST, unidade=ator.unidade, prefix="atribuir"))
    services.processo_atribuir(ator=ator, processo=processo, usuario=d["usuario"])
    return f"Processo atribuído a {d['usuario'].username}." if d["usuario"] else "Atribuição removida."


def _sobrestar(request, ator, processo):
    d = exigir_form(SobrestarForm(request.POST, prefix="sobrestar"))
    services.processo_sobrestar(ator=ator, processo=processo, motivo=d["motivo"])
    return "Processo sobrestado."


def _remover_sobrestamento(request, ator, processo):
    services.processo_remover_sobrestamento(ator=ator, processo=processo)
    return "Sobrestamento removido."


def _anexar(request, ator, processo):
    d = exigir_form(NupForm(request.POST, prefix="anexar"))
    anexado = _outro_processo(ator, d["nup"])
    services.processo_anexar(ator=ator, processo=processo, anexado=anexado)
    return f"Processo {anexado.nup_formatado} anexado a este processo."


def _relacionar(request, ator, processo):
    d = exigir_form(NupForm(request.POST, prefix="relacionar"))
    outro = _outro_processo(ator, d["nup"])
    services.processo_relacionar(ator=ator, processo=processo, outro=outro)
    return f"Processo relacionado a {outro.nup_formatado}."


def _remover_relacionamento(request, ator, processo):
    outro = _outro_processo(ator, request.POST.get("nup", ""))
    services.processo_remover_relacionamento(ator=ator, processo=processo, outro=outro)
    return f"Relacionamento com {outro.nup_formatado} removido."


def _atualizar_andamento(request, ator, processo):
    d = exigir_form(AndamentoForm(request.POST, prefix="andamento"))
    services.processo_atualizar_andamento(ator=ator, processo=processo, texto=d["texto"])
    return "Andamento registrado."


def _conceder_credencial(request, ator, processo):
    d = exigir_form(CredencialForm(request.POST, unidade=ator.unidade, prefix="credencial"))
    services.credencial_conceder(ator=ator, processo=processo, usuario=d["usuario"], unidade=d["unidade"])
    return f"Credencial concedida a {d['usuario'].username} na unidade {d['unidade'].sigla}."


def _cassar_credencial(request, ator, processo):
    try:
        credencial_id = int(request.POST.get("credencial", ""))
    except ValueError:
        raise NaoEncontrado("Credencial não encontrada.") from None
    credencial = services.credencial_cassar(ator=ator, processo=processo, credencial_id=credencial_id)
    return f"Credencial de {credencial.usuario.username} cassada."


ACOES = {
    "enviar": _enviar,
    "concluir": _concluir,
    "reabrir": _reabrir,
    "atribuir": _atribuir,
    "sobrestar": _sobrestar,
    "remover-sobrestamento": _remover_sobrestamento,
    "anexar": _anexar,
    "relacionar": _relacionar,
    "remover-relacionamento": _remover_relacionamento,
    "andamento": _atualizar_andamento,
    "conceder-credencial": _conceder_credencial,
    "cassar-credencial": _cassar_credencial,
}


@login_required
@require_POST
def processo_acao(request, nup, acao):
    """One action form of the process page; the service decides and its message is shown."""
    executar = ACOES.get(acao)
    if executar is None:
        raise Http404("Ação desconhecida.")
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    try:
        mensagem = executar(request, ator, processo)
    except ErroDominio as erro:
        avisar_erro(request, erro)
    else:
        messages.success(request, mensagem)
        if acao == "concluir":
            return redirect("processos:controle")
    return redirect("processos:detalhe", nup=processo.nup)


@never_cache
@login_required
def processo_alterar(request, nup):
    """Alterar Processo: while open in the current unit (the service refuses otherwise)."""
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    if not acesso.pode_operar(ator, processo):
        messages.error(request, "O processo não está aberto nesta unidade; não pode ser alterado.")
        return redirect("processos:detalhe", nup=processo.nup)
    aqui = next(a for a in selectors.unidades_abertas(processo=processo) if a.unidade_id == ator.unidade.pk)
    inicial = {
        "tipo": processo.tipo_id,
        "especificacao": processo.especificacao,
        "interessados": escrever_interessados(processo.interessados.order_by("ordem", "id")),
        "observacao": aqui.observacao,
        "nivel_acesso": NivelAcesso(processo.nivel_acesso).chave,
        "hipotese_legal": str(processo.hipotese_legal_id or ""),
    }
    form = ProcessoForm(request.POST or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        try:
            services.processo_alterar(ator=ator, processo=processo, **form.dados_servico())
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            messages.success(request, "Processo alterado.")
            return redirect("processos:detalhe", nup=processo.nup)
    if request.method == "GET":  # the form shows the process's content
        services.registrar_leitura(
            ator=ator, processo=processo, objeto=LeituraAuditada.Objeto.PROCESSO, canal=LeituraAuditada.Canal.WEB
        )
    contexto = {"form": form, "processo": processo}
    return render(request, "processos/alterar.html", contexto, status=400 if form.errors else 200)


@never_cache
@login_required
def processo_reautenticar(request, nup):
    """A sigiloso asks for the password again; failures are counted by django-axes."""
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup, exigir_senha=False)  # 404 before asking anything of an outsider
    if not processo.sigiloso:
        return redirect("processos:detalhe", nup=processo.nup)
    form = SenhaForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            confirmar_senha(request, form.cleaned_data["senha"])
        except ErroDominio as erro:  # wrong (counted by axes) or locked out
            aplicar_erros(form, erro)
            status = erro.status
        else:
            liberar_sigiloso(request.session, processo.nup)
            destino = request.POST.get("next") or reverse("processos:detalhe", args=[processo.nup])
            if not url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}):
                destino = reverse("processos:detalhe", args=[processo.nup])
            return redirect(destino)
    elif form.errors:
        status = 400
    return render(
        request,
        "processos/reautenticar.html",
        {"form": form, "processo": processo, "proximo": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )
