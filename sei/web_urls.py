from django.urls import path

from . import views

urlpatterns = [
    path("entrar/", views.LoginView.as_view(), name="login"),
    path("sair/", views.LogoutView.as_view(), name="logout"),
    path("unidade/", views.trocar_unidade, name="trocar_unidade"),
    path("senha/esqueci/", views.EsqueciSenhaView.as_view(), name="senha_esqueci"),
    path("senha/esqueci/enviado/", views.SenhaEnviadaView.as_view(), name="senha_enviada"),
    path("senha/nova/<uidb64>/<token>/", views.NovaSenhaView.as_view(), name="senha_nova"),
    path("senha/redefinida/", views.SenhaRedefinidaView.as_view(), name="senha_redefinida"),
]
