from django.urls import path

from . import views, views_assinaturas, views_inclusoes, views_intimacoes, views_peticoes, views_processos

app_name = "externo"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("entrar/", views.EntrarView.as_view(), name="entrar"),
    path("entrar/codigo/", views.entrar_codigo, name="entrar_codigo"),
    path("sair/", views.SairView.as_view(), name="sair"),
    path("cadastro/", views.cadastro, name="cadastro"),
    path("cadastro/enviado/", views.cadastro_enviado, name="cadastro_enviado"),
    path("cadastro/confirmar/<str:token>/", views.confirmar_email, name="confirmar_email"),
    path("cadastro/reenviar/", views.reenviar_confirmacao, name="reenviar_confirmacao"),
    path("senha/esqueci/", views.EsqueciSenhaView.as_view(), name="senha_esqueci"),
    path("senha/esqueci/enviado/", views.SenhaEnviadaView.as_view(), name="senha_enviada"),
    path("senha/nova/<uidb64>/<token>/", views.NovaSenhaView.as_view(), name="senha_nova"),
    path("senha/redefinida/", views.SenhaRedefinidaView.as_view(), name="senha_redefinida"),
    path("conta/", views.conta, name="conta"),
    path("conta/senha/", views.conta_senha, name="conta_senha"),
    path("conta/dois-fatores/ativar/", views.segundo_fator_ativar, name="segundo_fator_ativar"),
    path("conta/dois-fatores/confirmar/", views.segundo_fator_confirmar, name="segundo_fator_confirmar"),
    path("conta/dois-fatores/desativar/", views.segundo_fator_desativar, name="segundo_fator_desativar"),
    path("peticoes/", views_peticoes.lista, name="peticoes"),
    path("peticoes/nova/", views_peticoes.nova, name="peticao_nova"),
    path("peticoes/<int:peticao_id>/recibo.pdf", views_peticoes.recibo, name="peticao_recibo"),
    path("processos/<str:nup>/peticionar/", views_peticoes.intercorrente, name="peticao_intercorrente"),
    path("processos/<str:nup>/incluir/", views_inclusoes.incluir, name="incluir_documento"),
    path("intimacoes/<int:intimacao_id>/", views_intimacoes.intimacao, name="intimacao"),
    path("intimacoes/<int:intimacao_id>/ciencia/", views_intimacoes.intimacao_ciencia, name="intimacao_ciencia"),
    path("processos/<str:nup>/", views_processos.processo, name="processo"),
    path("processos/<str:nup>/<str:formato>", views_processos.processo_arquivo, name="processo_arquivo"),
    path(
        "documentos/<str:numero_sei>/conteudo", views_processos.documento_conteudo, name="documento_conteudo"
    ),
    path("documentos/<str:numero_sei>/pdf", views_processos.documento_pdf, name="documento_pdf"),
    path("assinaturas/<str:numero_sei>/", views_assinaturas.assinatura, name="assinatura"),
    path(
        "assinaturas/<str:numero_sei>/conteudo",
        views_assinaturas.assinatura_conteudo,
        name="assinatura_conteudo",
    ),
]
