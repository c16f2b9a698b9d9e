"""The process pages of this app. The process page itself (its tree of documents) is composed
above, in ``mesa.urls``, which includes these under the same ``processos:`` names."""

from django.urls import path

from . import views

app_name = "processos"

urlpatterns = [
    path("", views.controle, name="controle"),
    path("processos/lote/", views.controle_lote, name="lote"),
    path("processos/pesquisa/", views.pesquisa_rapida, name="pesquisa"),
    path("processos/iniciar/", views.processo_iniciar, name="iniciar"),
    path("processos/<str:nup>/alterar/", views.processo_alterar, name="alterar"),
    path("processos/<str:nup>/senha/", views.processo_reautenticar, name="reautenticar"),
    path("processos/<str:nup>/<slug:acao>/", views.processo_acao, name="acao"),
]
