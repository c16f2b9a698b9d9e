"""Test-only URLconf: one page with a form using the rich-text editor widget, served by the
live server through the project's middleware (and so under its Content-Security-Policy), and an
endpoint that collects the browser's CSP violation reports."""

import json

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from documentos.widgets import EditorHTML

# Initial contents the test can ask for with ?inicial=<name>.
INICIAIS = {
    "hostil": (
        '<p style="color: red" onclick="window.atacado = 1">Olá <span style="text-decoration: underline;">'
        'sublinhado</span> <a href="javascript:window.atacado = 2">clique</a></p>'
        '<script>window.atacado = 3</script><img src="/x.png" onerror="window.atacado = 4">'
        '<p style="text-align: center;">meio</p><h2 class="text-right outra">direita</h2>'
    ),
}

# Reports received by `relatorio_csp`, read by the test (same process as the live server).
RELATORIOS_CSP: list[dict] = []


class FormDocumento(forms.Form):
    conteudo = forms.CharField(label="Texto do documento", widget=EditorHTML)


def editor(request):
    form = FormDocumento(
        request.POST or None, initial={"conteudo": INICIAIS.get(request.GET.get("inicial"), "")}
    )
    enviado = form.cleaned_data["conteudo"] if request.method == "POST" and form.is_valid() else None
    # ?rascunho=<key>: the field inside data-rascunho, as on the Editar page (browser draft).
    contexto = {"form": form, "enviado": enviado, "rascunho": request.GET.get("rascunho", "")}
    resposta = render(request, "e2e/editor.html", contexto)
    csp = request.GET.get("csp")
    if csp:
        # The policy under test, with a report-uri added so that violations inside the editor's
        # iframe (which inherits the page's policy) are reported too.
        resposta["Content-Security-Policy"] = (
            f"{csp}; report-uri {request.build_absolute_uri('/csp-relatorio/')}"
        )
    return resposta


@csrf_exempt
def relatorio_csp(request):
    try:
        RELATORIOS_CSP.append(json.loads(request.body or b"{}"))
    except ValueError:
        RELATORIOS_CSP.append({"invalido": request.body.decode(errors="replace")})
    return HttpResponse(status=204)


urlpatterns = [
    path("editor/", editor, name="editor"),
    path("csp-relatorio/", relatorio_csp),
]
