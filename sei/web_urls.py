from django.urls import path

from . import views

urlpatterns = [
    path("entrar/", views.LoginView.as_view(), name="login"),
    path("sair/", views.LogoutView.as_view(), name="logout"),
    path("unidade/", views.trocar_unidade, name="trocar_unidade"),
]
