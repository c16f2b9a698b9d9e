"""Blocos in the Django admin: looked at, never changed there (the services keep the access they give)."""

from django.urls import reverse

from tests.assinaturas.cenario_blocos import *  # noqa: F403
from tests.factories import UsuarioFactory


def test_blocos_somente_leitura_no_admin(cena, client):
    bloco = cena.disponibilizado()
    client.force_login(UsuarioFactory(username="root", is_staff=True, is_superuser=True))
    lista = client.get(reverse("admin:assinaturas_bloco_changelist"))
    assert lista.status_code == 200 and "Ofícios para assinatura do diretor" in lista.content.decode()
    pagina = client.get(reverse("admin:assinaturas_bloco_change", args=[bloco.pk])).content.decode()
    assert cena.d1.numero_sei_formatado in pagina and "Disponibilizado" in pagina
    assert 'name="_save"' not in pagina
    assert client.get(reverse("admin:assinaturas_bloco_add")).status_code == 403
    assert client.post(reverse("admin:assinaturas_bloco_delete", args=[bloco.pk]), {"post": "yes"}).status_code == 403
