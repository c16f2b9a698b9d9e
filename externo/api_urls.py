"""The external users' API (``/api/v1/externo/``): token auth, answers only approved external
users (``externo.api.SomenteExterno``); nothing else in the API answers them."""

urlpatterns: list = []
