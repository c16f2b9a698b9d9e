"""Internal pages of acessos externos (outside ``/externo/``, which is the portal's)."""

from django.urls import path

from . import views_acessos, views_intimacoes

app_name = "acessos_externos"

urlpatterns = [
    path("processos/<str:nup>/acessos-externos/", views_acessos.acessos_do_processo, name="processo"),
    path(
        "processos/<str:nup>/acessos-externos/<int:acesso_id>/cancelar/",
        views_acessos.acesso_cancelar,
        name="cancelar",
    ),
    path("acessos-externos/", views_acessos.acessos_da_unidade, name="unidade"),
    path("processos/<str:nup>/intimacoes/", views_intimacoes.intimacoes_do_processo, name="intimacoes"),
    path(
        "processos/<str:nup>/intimacoes/<int:intimacao_id>/cancelar/",
        views_intimacoes.intimacao_cancelar,
        name="intimacao_cancelar",
    ),
    path("intimacoes/", views_intimacoes.intimacoes_da_unidade, name="intimacoes_unidade"),
    path(
        "documentos/<str:numero_sei>/assinatura-externa/",
        views_acessos.assinatura_externa,
        name="assinatura_externa",
    ),
    path(
        "documentos/<str:numero_sei>/assinatura-externa/<int:liberacao_id>/cancelar/",
        views_acessos.assinatura_externa_cancelar,
        name="assinatura_externa_cancelar",
    ),
]
