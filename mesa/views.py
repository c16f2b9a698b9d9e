"""The process page: data, the document tree, history and the actions the unit may take."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from processos import selectors as processos_selectors
from processos import services as processos_services
from processos.forms import AndamentoForm, AtribuirForm, CredencialForm, EnviarForm, NupForm, SobrestarForm
from processos.models import LeituraAuditada
from processos.views import processo_ou_404
from sei.exceptions import ErroDominio
from sei.web import ator_web, avisar_erro

from .selectors import detalhe_do_processo

HISTORICO_NA_TELA = 30  # andamentos shown on the process screen before "Ver o histórico completo"


@never_cache
@login_required
def processo_detalhe(request, nup):
    """The process page. The first access by a user of a unit where it arrived receives it."""
    ator = ator_web(request)
    processo = processo_ou_404(ator, nup)
    try:
        processos_services.processo_receber(ator=ator, processo=processo)
    except ErroDominio as erro:
        avisar_erro(request, erro)
    detalhe = detalhe_do_processo(ator=ator, processo=processo, canal=LeituraAuditada.Canal.WEB)
    andamentos = processos_selectors.andamentos(ator=ator, processo=processo)
    completo = request.GET.get("historico") == "completo"
    if not completo:  # the latest ones; the whole history on asking (SEI: "Consultar Andamento")
        andamentos = list(andamentos[: HISTORICO_NA_TELA + 1])
        if len(andamentos) > HISTORICO_NA_TELA:
            andamentos = andamentos[:HISTORICO_NA_TELA]
        else:
            completo = True
    contexto = {
        "detalhe": detalhe,
        "processo": processo,
        "andamentos": andamentos,
        "historico_completo": completo,
        "arvore_completa": detalhe.arvore_completa,
        "dialogos": {a.chave for a in detalhe.acoes if a.dialogo},
    }
    if detalhe.acesso_conteudo and detalhe.aberto_aqui:
        contexto.update(
            form_enviar=EnviarForm(unidade=ator.unidade, prefix="enviar"),
            form_atribuir=AtribuirForm(
                unidade=ator.unidade, prefix="atribuir", initial={"usuario": detalhe.atividade_aqui.atribuida_a_id}
            ),
            form_sobrestar=SobrestarForm(prefix="sobrestar"),
            form_anexar=NupForm(prefix="anexar"),
            form_relacionar=NupForm(prefix="relacionar"),
            form_andamento=AndamentoForm(prefix="andamento"),
        )
    if detalhe.credenciais is not None:
        contexto["form_credencial"] = CredencialForm(unidade=ator.unidade, prefix="credencial")
    return render(request, "mesa/processo.html", contexto)
