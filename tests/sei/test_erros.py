def test_caminho_desconhecido_da_api_responde_json(client):
    resposta = client.get("/api/v1/nao-existe/")
    assert resposta.status_code == 404
    assert resposta.json() == {"detail": "Não encontrado.", "code": "nao_encontrado"}


def test_pagina_de_documentacao_da_api_usa_arquivos_locais(client, atores):
    client.force_login(atores["A"].usuario, backend="django.contrib.auth.backends.ModelBackend")
    resposta = client.get("/api/v1/docs/")
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "swagger-ui" in html and "cdn.jsdelivr" not in html and "unpkg" not in html
