"""Ouvidoria pages (no login, under ``/publico/ouvidoria/``): the form, the confirmation link
(GET shows a button, POST confirms) and the recibo by a signed link. Thin: ``externo.ouvidoria``
decides; each request counts against the address's limit of the pesquisa pública."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from busca import publica
from sei.exceptions import EntradaInvalida, ErroDominio, NaoEncontrado
from sei.web import excedeu_limite

from . import ouvidoria
from .forms_ouvidoria import ManifestacaoForm


def _limite(request):
    try:
        publica.limitar(get_client_ip_address(request) or "?")
    except publica.MuitasPesquisas as erro:
        return render(
            request, "externo/ouvidoria/limite.html", {"mensagem": "Muitos pedidos deste endereço. Aguarde um minuto e tente de novo."},
            status=erro.status,
        )  # fmt: skip
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def formulario(request):
    excesso = _limite(request)
    if excesso is not None:
        return excesso
    form = ManifestacaoForm(request.POST or None)
    contexto = {"form": form, "tipos": list(ouvidoria.tipos_ativos().order_by("nome")), "erro": None}
    status = 200
    if request.method == "POST" and excedeu_limite(
        "sei-ouvidoria:ip:" + (get_client_ip_address(request) or "?"), settings.SEI_OUVIDORIA_PEDIDOS, 3600
    ):
        contexto["erro"] = "Muitas manifestações enviadas deste endereço. Tente de novo mais tarde."
        return render(request, "externo/ouvidoria/formulario.html", contexto, status=429)
    if request.method == "POST":
        if form.is_valid():
            dados = form.cleaned_data
            anexos = [
                ouvidoria.ArquivoEnviado(arquivo=f, nome=f.name) for f in request.FILES.getlist("anexos")
            ]
            try:
                ouvidoria.manifestacao_enviar(
                    tipo=dados["tipo"], nome=dados["nome"], email=dados["email"], cpf=dados["cpf"],
                    telefone=dados["telefone"], assunto=dados["assunto"], texto=dados["texto"], anexos=anexos,
                    url_base=request.build_absolute_uri("/"),
                )  # fmt: skip
                return redirect("ouvidoria:enviada")
            except EntradaInvalida as erro:
                for campo, mensagens in erro.errors.items():
                    for mensagem in mensagens:
                        form.add_error(campo if campo in form.fields else None, mensagem)
                contexto["erro"], status = erro.mensagem, erro.status
            except ErroDominio as erro:  # a refused file: 415, too large: 413
                contexto["erro"], status = erro.mensagem, erro.status
        else:
            status = 400
    return render(request, "externo/ouvidoria/formulario.html", contexto, status=status)


@never_cache
@require_GET
def enviada(request):
    return render(request, "externo/ouvidoria/enviada.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirmar(request, token):
    excesso = _limite(request)
    if excesso is not None:
        return excesso
    try:
        manifestacao = ouvidoria.manifestacao_do_token(token)
        if request.method == "POST":
            manifestacao = ouvidoria.manifestacao_confirmar(
                token=token, url_base=request.build_absolute_uri("/")
            )
    except NaoEncontrado:
        raise Http404("Link inválido.") from None
    except ErroDominio as erro:
        return render(
            request, "externo/ouvidoria/confirmar.html", {"erro": erro.mensagem}, status=erro.status
        )
    contexto = {"m": manifestacao}
    if manifestacao.confirmada_em is not None:
        contexto["token_recibo"] = ouvidoria.token_recibo(manifestacao)
    return render(request, "externo/ouvidoria/confirmar.html", contexto)


@never_cache
@require_GET
def recibo(request, token):
    excesso = _limite(request)
    if excesso is not None:
        return excesso
    try:
        _, documento, arquivo = ouvidoria.recibo_do_token(
            token, endereco=get_client_ip_address(request) or "?"
        )
    except NaoEncontrado:
        raise Http404("Recibo não encontrado.") from None
    resposta = FileResponse(
        arquivo,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"recibo-{documento.numero_sei}.pdf",
    )
    resposta["X-Content-Type-Options"] = "nosniff"
    resposta["Cache-Control"] = "no-store"
    return resposta
