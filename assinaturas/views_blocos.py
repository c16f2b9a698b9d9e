"""Pages of the blocos de assinatura: the unit's list (with "Gerar bloco"), a bloco (its documents,
the actions allowed now, "Assinar selecionados / Assinar todos" with one password, disponibilizar
to units chosen by checkboxes), and "Incluir em bloco" from a document. Every change goes through
``assinaturas.blocos``; every POST is CSRF-protected and redirects (or re-renders with errors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from documentos import selectors as documentos_selectors
from sei.exceptions import AcessoNegado, EntradaInvalida, ErroDominio, NaoEncontrado
from sei.models import Unidade
from sei.web import aplicar_erros, ator_web, avisar_erro

from . import blocos, selectors, services
from .api import pedido_de_assinatura, url_publica
from .api_blocos import dados_do_bloco
from .forms import AssinarBlocoForm, BlocoForm, DisponibilizarForm, IncluirEmBlocoForm
from .models import Bloco


def _bloco_ou_404(ator, numero) -> Bloco:
    try:
        return selectors.bloco_por_numero(ator=ator, numero=numero)
    except NaoEncontrado:
        raise Http404("Bloco não encontrado.") from None


def _unidades_para_disponibilizar(ator):
    """Active units the bloco may be made available to (the acting one excluded), órgão first."""
    return (
        Unidade.objects.filter(ativa=True)
        .exclude(pk=ator.unidade.pk)
        .select_related("orgao")
        .order_by("orgao__sigla", "sigla")
    )


@never_cache
@login_required
def lista(request):
    """Blocos de assinatura: the unit's and those made available to it, with "Gerar bloco"."""
    ator = ator_web(request)
    form = BlocoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bloco = blocos.bloco_criar(ator=ator, descricao=form.cleaned_data["descricao"])
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            messages.success(request, f"Bloco {bloco.pk} gerado.")
            return redirect("assinaturas:bloco", numero_bloco=bloco.pk)
    estado = request.GET.get("estado") or ""
    if estado not in Bloco.Estado.values:
        estado = ""
    contexto = {
        "blocos": list(selectors.blocos_da_unidade(ator=ator, estado=estado or None)[:200]),
        "form": form,
        "estado": estado,
        "estados": Bloco.Estado.choices,
        "unidade": ator.unidade,
    }
    return render(request, "assinaturas/blocos.html", contexto, status=400 if form.errors else 200)


def _contexto_bloco(request, ator, bloco, *, form_assinar=None, form_disponibilizar=None) -> dict:
    dados = dados_do_bloco(bloco, ator)
    origem = bloco.unidade_id == ator.unidade.pk
    cargos = list(services.cargos_do_ator(ator).values_list("cargo", flat=True))
    assinaveis = [d for d in dados["documentos"] if d["pode_assinar"]]
    escolhidas = {d["sigla"] for d in dados["unidades"]}
    E = Bloco.Estado
    return {
        "bloco": bloco,
        "dados": dados,
        "origem": origem,
        "cargos": cargos,
        "assinaveis": assinaveis,
        "form_assinar": form_assinar or AssinarBlocoForm(cargos=cargos),
        "form_descricao": BlocoForm(initial={"descricao": bloco.descricao}, prefix="alterar"),
        "form_disponibilizar": form_disponibilizar
        or DisponibilizarForm(unidades=_unidades_para_disponibilizar(ator), initial_siglas=escolhidas),
        "pode": {
            "alterar": origem and bloco.estado != E.CONCLUIDO,
            "disponibilizar": origem and bloco.estado in (E.ABERTO, E.RETORNADO) and dados["documentos"],
            "cancelar": origem and bloco.estado == E.DISPONIBILIZADO,
            "devolver": not origem and bloco.estado == E.DISPONIBILIZADO,
            "concluir": origem and bloco.estado in (E.ABERTO, E.RETORNADO),
            "reabrir": origem and bloco.estado == E.CONCLUIDO,
            "excluir": origem and bloco.estado == E.ABERTO,
            "retirar": origem and bloco.estado != E.CONCLUIDO,
        },
    }


@never_cache
@login_required
def detalhe(request, numero_bloco):
    """A bloco: its documents (process, state, who signed, note) and the actions allowed now."""
    ator = ator_web(request)
    bloco = _bloco_ou_404(ator, numero_bloco)
    return render(request, "assinaturas/bloco.html", _contexto_bloco(request, ator, bloco))


@never_cache
@login_required
@require_POST
def assinar(request, numero_bloco):
    """Assinar selecionados / Assinar todos: one cargo and one password for the documents."""
    ator = ator_web(request)
    bloco = _bloco_ou_404(ator, numero_bloco)
    cargos = list(services.cargos_do_ator(ator).values_list("cargo", flat=True))
    form = AssinarBlocoForm(request.POST, cargos=cargos)
    todos = "todos" in request.POST
    escolhidos = None if todos else request.POST.getlist("documentos")
    if form.is_valid():
        try:
            if not todos and not escolhidos:
                raise EntradaInvalida("Marque os documentos a assinar, ou use Assinar todos.")
            dados = form.cleaned_data
            pedido = pedido_de_assinatura(request, ator, cargo=dados["cargo"], senha=dados["senha"])
            resultado = blocos.bloco_assinar(pedido=pedido, bloco=bloco, documentos=escolhidos)
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            if resultado.assinados:
                messages.success(
                    request,
                    f"{len(resultado.assinados)} documento(s) assinado(s): "
                    + ", ".join(d.rotulo for d in resultado.assinados) + ".",
                )
            for falha in resultado.falhas:
                messages.error(request, f"{falha.rotulo} não foi assinado: {falha.erro.mensagem}")
            if not resultado.assinados and not resultado.falhas:
                messages.warning(request, "Nenhum documento do bloco está para você assinar agora.")
            return redirect("assinaturas:bloco", numero_bloco=bloco.pk)
    contexto = _contexto_bloco(request, ator, bloco, form_assinar=form)
    return render(request, "assinaturas/bloco.html", contexto, status=400)


@never_cache
@login_required
@require_POST
def disponibilizar(request, numero_bloco):
    ator = ator_web(request)
    bloco = _bloco_ou_404(ator, numero_bloco)
    form = DisponibilizarForm(request.POST, unidades=_unidades_para_disponibilizar(ator))
    if form.is_valid():
        try:
            blocos.bloco_disponibilizar(ator=ator, bloco=bloco, unidades=list(form.cleaned_data["unidades"]))
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            siglas = ", ".join(u.sigla for u in form.cleaned_data["unidades"])
            messages.success(request, f"Bloco {bloco.pk} disponibilizado para {siglas}.")
            return redirect("assinaturas:bloco", numero_bloco=bloco.pk)
    contexto = _contexto_bloco(request, ator, bloco, form_disponibilizar=form)
    return render(request, "assinaturas/bloco.html", contexto, status=400)


_ACOES = {
    "cancelar-disponibilizacao": (blocos.bloco_cancelar_disponibilizacao, "Disponibilização do bloco {n} cancelada."),
    "devolver": (blocos.bloco_devolver, "Bloco {n} devolvido."),
    "concluir": (blocos.bloco_concluir, "Bloco {n} concluído."),
    "reabrir": (blocos.bloco_reabrir, "Bloco {n} reaberto."),
    "excluir": (blocos.bloco_excluir, "Bloco {n} excluído."),
}


@never_cache
@login_required
@require_POST
def acao(request, numero_bloco, acao):
    """The bloco's one-button actions; the list afterwards when the unit no longer has the bloco."""
    ator = ator_web(request)
    bloco = _bloco_ou_404(ator, numero_bloco)
    if acao not in _ACOES:
        raise Http404("Ação desconhecida.")
    servico, mensagem = _ACOES[acao]
    try:
        servico(ator=ator, bloco=bloco)
    except ErroDominio as erro:
        avisar_erro(request, erro)
        return redirect("assinaturas:bloco", numero_bloco=bloco.pk)
    messages.success(request, mensagem.format(n=bloco.pk))
    if acao in ("devolver", "excluir"):
        return redirect("assinaturas:blocos")
    return redirect("assinaturas:bloco", numero_bloco=bloco.pk)


@never_cache
@login_required
@require_POST
def alterar(request, numero_bloco):
    ator = ator_web(request)
    bloco = _bloco_ou_404(ator, numero_bloco)
    try:
        blocos.bloco_alterar(ator=ator, bloco=bloco, descricao=request.POST.get("alterar-descricao", ""))
    except ErroDominio as erro:
        avisar_erro(request, erro)
    else:
        messages.success(request, "Descrição alterada.")
    return redirect("assinaturas:bloco", numero_bloco=bloco.pk)


@never_cache
@login_required
@require_POST
def retirar(request, numero_bloco, numero_sei):
    ator = ator_web(request)
    bloco = _bloco_ou_404(ator, numero_bloco)
    try:
        documento = documentos_selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
        blocos.bloco_retirar_documento(ator=ator, bloco=bloco, documento=documento)
    except ErroDominio as erro:
        avisar_erro(request, erro)
    else:
        messages.success(request, f"{documento.rotulo} retirado do bloco.")
    return redirect("assinaturas:bloco", numero_bloco=bloco.pk)


@never_cache
@login_required
def incluir_em_bloco(request, numero_sei):
    """Incluir em bloco (from the document page): an open bloco of the unit, or a new one."""
    ator = ator_web(request)
    try:
        documento = documentos_selectors.documento_por_numero(ator=ator, numero_sei=numero_sei)
    except NaoEncontrado:
        raise Http404("Documento não encontrado.") from None
    impedimento = blocos.impedimento_de_inclusao(ator, documento)
    disponiveis = list(
        selectors.blocos_da_unidade(ator=ator)
        .filter(unidade=ator.unidade)
        .exclude(estado=Bloco.Estado.CONCLUIDO)
        .exclude(itens__documento=documento)
    )
    form = IncluirEmBlocoForm(request.POST or None, blocos=disponiveis)
    if request.method == "POST" and impedimento is None and form.is_valid():
        dados = form.cleaned_data
        try:
            if dados["bloco"] == "novo":
                bloco = blocos.bloco_criar(
                    ator=ator, descricao=dados["descricao"], documentos=[documento.numero_sei],
                    anotacao=dados["anotacao"], url_publica=url_publica(request),
                )  # fmt: skip
            else:
                bloco = next(b for b in disponiveis if str(b.pk) == dados["bloco"])
                blocos.bloco_incluir_documentos(
                    ator=ator, bloco=bloco, documentos=[documento], anotacao=dados["anotacao"],
                    url_publica=url_publica(request),
                )  # fmt: skip
        except ErroDominio as erro:
            aplicar_erros(form, erro)
        else:
            messages.success(request, f"{documento.rotulo} incluído no bloco {bloco.pk}.")
            return redirect("assinaturas:bloco", numero_bloco=bloco.pk)
    contexto = {"documento": documento, "form": form, "impedimento": impedimento}
    # As the Assinar page: 403 for a document the unit may not put in its blocos, the notice otherwise.
    status_code = 403 if isinstance(impedimento, AcessoNegado) else 400 if form.errors else 200
    return render(request, "assinaturas/incluir_em_bloco.html", contexto, status=status_code)
